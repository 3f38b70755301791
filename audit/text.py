"""User text made safe to show, for every output (terminal, TUI, interview, exports, PDF).

Standard library only, so any layer may use it. Control characters and direction overrides are
shown as code points: text typed into a note cannot move the cursor, retitle the terminal or
reorder the words around it.
"""

from __future__ import annotations

# Text shown on a screen or a printed page is cut here; the store and the exports keep it whole.
SHOWN_MAX_CHARS = 3_000


def printable(ch: str) -> bool:
    """False for C0/C1 controls and the bidi embeddings, overrides, isolates and marks."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return False
    return not (0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F))


def plain(text: str, *, keep: str = "") -> str:
    """`text` with control characters (escape sequences, bidi overrides) shown as code points;
    the characters in `keep` (say "\\n\\t" for a page that wraps lines) pass as they are."""
    return "".join(ch if ch in keep or printable(ch) else f"<U+{ord(ch):04X}>" for ch in text)


def clipped(text: str, limit: int = SHOWN_MAX_CHARS) -> str:
    """`text`, cut to `limit` characters with a word on what was left out: a megabyte note must
    not become three hundred pages of PDF or a screen that takes seconds to draw."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters: see audit export]"
