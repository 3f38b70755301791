"""The list of keys (F1), built from each screen's own `BINDINGS` and `KEY_HELP`, so a binding
added to a screen and left out of the help is caught by a test, and the key shown is the one
the binding uses.

A row names the actions it explains; its keys are those actions' keys unless it says what to
show instead: keys a widget handles itself (digits, Space in a list), or a shorter form.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType

_KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": "Space",
}


@dataclass(frozen=True)
class KeyRow:
    does: str
    actions: tuple[str, ...] = ()  # the bindings this row explains
    keys: str = ""  # shown in place of the actions' keys


@dataclass(frozen=True)
class KeySection:
    title: str
    bindings: Sequence[BindingType]
    rows: Sequence[KeyRow]


def key_name(key: str) -> str:
    """ "ctrl+q" -> "Ctrl+Q", "f1" -> "F1", "escape" -> "Esc"; a letter stays as it is."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if "+" in key:
        return "+".join(part.capitalize() for part in key.split("+")[:-1]) + (
            "+" + key.split("+")[-1].upper()
        )
    return key.upper() if key[:1] == "f" and key[1:].isdigit() else key


def bindings_of(bindings: Iterable[BindingType]) -> list[Binding]:
    """Every binding, written as a Binding or as a (key, action, description) tuple."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in bindings]


def keys_of(bindings: Sequence[BindingType], actions: tuple[str, ...]) -> str:
    names: list[str] = []
    for binding in bindings_of(bindings):
        if binding.action in actions:
            names += [key_name(key.strip()) for key in binding.key.split(",")]
    return " or ".join(dict.fromkeys(names))


# The help dialog's text width at 80 columns, its border and padding taken off.
HELP_WIDTH = 66


def help_text(sections: Sequence[KeySection], closing: str) -> str:
    blocks = []
    for section in sections:
        lines = [section.title]
        for row in section.rows:
            keys = row.keys or keys_of(section.bindings, row.actions)
            # Wrapped here, under its own column, not by the dialog from its left edge.
            lines += textwrap.wrap(
                f"  {keys:<12} {row.does}", HELP_WIDTH, subsequent_indent=" " * 15
            )
        blocks.append("\n".join(lines))
    return "\n\n".join([*blocks, closing]) + "\n"
