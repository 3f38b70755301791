"""Turn questionnaire TOML text into a `Questionnaire`, reporting every problem at once.

Each problem reads `file: location: what is wrong`, so a consultant editing a file by hand can fix
them all in one pass. Nothing here touches the disk: callers pass the text and a name for it.

    rules.py       the limits and the keys each table may use
    fields.py      typed getters that record a problem instead of raising
    conditions.py  `asked_if` conditions and the values they compare with
    bounds.py      a number question's other best and worst values, chosen by a condition
    tables.py      the questionnaire, sections, profiles, questions and choices
    lines.py       the line in the file each problem's location starts on
"""

from __future__ import annotations

import hashlib
import re
import tomllib

from audit.domain.loader.rules import (
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_KEY_PARTS,
    MAX_NESTING,
    MAX_QUESTIONS,
    MAX_TEXT_CHARS,
    Problems,
)
from audit.domain.loader.tables import Reader
from audit.domain.questionnaire import Questionnaire

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_QUESTIONS",
    "MAX_TEXT_CHARS",
    "QuestionnaireError",
    "content_hash",
    "load_questionnaire",
]


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_questionnaire(text: str, source: str) -> Questionnaire:
    """Parse and validate; raise `QuestionnaireError` listing every problem found."""
    problems = Problems(source, [])
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        problems.add("", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        raise QuestionnaireError(problems.lines)
    shape = _shape_problem(text)
    if shape:
        problems.add(*shape)
        raise QuestionnaireError(problems.lines)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(*_describe_toml_error(error))
        raise QuestionnaireError(problems.lines) from None
    except (RecursionError, ValueError):  # a number of thousands of digits, say
        problems.add("", "the file cannot be read as TOML (a number too large or nesting too deep)")
        raise QuestionnaireError(problems.lines) from None
    problems.text = text
    questionnaire = Reader(problems).questionnaire(data)
    if problems.lines or questionnaire is None:
        raise QuestionnaireError(
            problems.lines or [f"{source}: top level: the questionnaire is not usable"]
        )
    return Questionnaire(
        id=questionnaire.id,
        title=questionnaire.title,
        version=questionnaire.version,
        description=questionnaire.description,
        sections=questionnaire.sections,
        weak_below=questionnaire.weak_below,
        gap_weak_beyond=questionnaire.gap_weak_beyond,
        content_hash=content_hash(text),
    )


# What the shape check looks at: strings and comments are skipped whole, so brackets, dots and
# equals signs inside them count for nothing.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\']|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}=,.\n]'
)


def _shape_problem(text: str) -> tuple[str, str] | None:
    """Nesting deeper or dotted keys longer than the format needs, as (where, what)."""
    depth = parts = 0
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return f"line {line}", f"nested more than {MAX_NESTING} levels deep"
        elif token in "]}":
            depth -= 1
        elif token == ".":
            parts += 1
            if parts >= MAX_KEY_PARTS:
                return f"line {line}", f"a dotted key of more than {MAX_KEY_PARTS} parts"
        line += token.count("\n")
        if token in "[]{}=,\n" or token.startswith("#"):
            parts = 0  # a quoted part of a key ("a"."b") keeps counting
    return None


def _describe_toml_error(error: tomllib.TOMLDecodeError) -> tuple[str, str]:
    message = str(error)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        return f"line {match.group(1)}", f"TOML syntax: {detail}"
    return "end of file", f"TOML syntax: {detail}"
