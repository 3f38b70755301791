"""User and questionnaire text on screen: always literal, never markup."""

from __future__ import annotations

from rich.text import Text

from audit.console import plain


def literal(text: str, style: str = "") -> Text:
    """A Rich Text that shows `text` exactly: `[bold]` stays four characters and a bracket.

    Control characters (escape sequences, bidi overrides) are shown as code points, so typed
    text cannot move the cursor or reorder what is around it.
    """
    return Text(plain(text), style=style)


def score_bar(score: float | None, width: int = 20) -> str:
    """A bar of block characters; the number beside it carries the meaning without colour."""
    if score is None:
        return "·" * width
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)
