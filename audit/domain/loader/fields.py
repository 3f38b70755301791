"""Small typed getters over the parsed TOML: each records a problem instead of raising."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

from audit.domain.loader.rules import (
    ID_PATTERN,
    MAX_TEXT_CHARS,
    Problems,
)

T = TypeVar("T")


class FieldReader:
    """Walks the parsed TOML, records problems, and builds what it can."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.question_ids: set[str] = set()  # every id in the file, for "did you mean"
        self.first_at: dict[str, str] = {}  # where each question id first appears
        # Questions with a problem of their own: a condition naming one is not checked
        # against it, so one mistake is reported once, not again at every condition.
        self.broken: set[str] = set()

    # -- small typed getters -------------------------------------------------------------
    def _get(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        check: Callable[[Any], bool],
        expected: str,
        default: T | None = None,
        required: bool = False,
    ) -> Any:
        if key not in table:
            if required:
                self.problems.add(where, f'"{key}" is missing')
            return default
        value = table[key]
        if not check(value):
            self.problems.add(where, f'"{key}" must be {expected}, not {show(value)}')
            return default
        return value

    def _text(
        self, table: dict[str, Any], key: str, where: str, required: bool = True, default: str = ""
    ) -> str:
        value = self._get(table, key, where, is_str, "text", default, required)
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                self.problems.add(where, f'"{key}" is longer than {MAX_TEXT_CHARS} characters')
            elif required and not value.strip() and key in table:  # a missing key is said once
                self.problems.add(where, f'"{key}" is empty')
        return value if isinstance(value, str) else default

    def _number(
        self, table: dict[str, Any], key: str, where: str, default: float | None
    ) -> float | None:
        value = self._get(table, key, where, is_number, "a number", default)
        return float(value) if value is not None else None

    def _identifier(self, table: dict[str, Any], where: str) -> str:
        value = self._text(table, "id", where)
        if value and not ID_PATTERN.match(value):
            self.problems.add(
                where, f"id {show(value)} must be lower-case letters, digits and dashes"
            )
        return value

    def _unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                # A misspelt key is the usual cause: name the likely one, not the whole list.
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.6)
                hint = (
                    f'did you mean "{close[0]}"?'
                    if close
                    else f"known keys: {', '.join(sorted(allowed))}"
                )
                self.problems.add(where, f'unknown key "{key}" ({hint})')

    def _tables(self, table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problems.add(where, f'"{key}" must be a list of tables ([[{key}]])')
            return []
        return value

    # -- structure ------------------------------------------------------------------------


def is_str(value: Any) -> bool:
    return isinstance(value, str)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def show(value: Any) -> str:
    """A value as it would appear in the file, shortened so one problem stays one line."""
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= 60 else text[:57] + "..."
