"""User and questionnaire text on screen: always literal, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from audit.text import plain


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


def fit_line(parts: Sequence[str], width: int) -> Text:
    """`parts` joined by " · " in at most `width` cells, as a literal Text: leading parts are
    dropped while the line is too long (the last two stay), then its end is cut with "…"."""
    shown = [plain(part) for part in parts]
    while len(shown) > 2 and cell_len(" · ".join(shown)) > width:
        shown.pop(0)
    line = Text(" · ".join(shown))
    line.truncate(max(width, 1), overflow="ellipsis")
    return line
