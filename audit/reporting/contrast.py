"""Text that can be read on a brand colour: WCAG 2 contrast, and the choice of dark or light text.

WCAG AA asks 4.5:1 for body text. The report's own dark text (#1f2933) or white is chosen,
whichever contrasts more; a mid tone where neither reaches 4.5:1 gets black or white (one of
them always does) and a warning that the colour is hard to read text on.
"""

from __future__ import annotations

from dataclasses import dataclass

AA_RATIO = 4.5
DARK_TEXT = "#1f2933"  # the report's body text colour
LIGHT_TEXT = "#ffffff"
BLACK = "#000000"


@dataclass(frozen=True)
class TextChoice:
    colour: str  # the text colour to put on the background
    ratio: float  # its contrast with the background
    warning: str  # empty, or why the brand colour is a poor background for text


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a colour written #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> TextChoice:
    dark, light = contrast_ratio(DARK_TEXT, background), contrast_ratio(LIGHT_TEXT, background)
    best, ratio = (DARK_TEXT, dark) if dark >= light else (LIGHT_TEXT, light)
    if ratio >= AA_RATIO:
        return TextChoice(best, ratio, "")
    # Black or white always reaches 4.58:1 at least; the mid tone still deserves a word.
    black = contrast_ratio(BLACK, background)
    colour, ratio = (BLACK, black) if black >= light else (LIGHT_TEXT, light)
    warning = (
        f"{background} is a mid tone: neither dark nor white text reaches {AA_RATIO}:1 contrast "
        f"(WCAG AA) on it, so the report uses {'black' if colour == BLACK else 'white'} "
        f"text ({ratio:.2f}:1); a darker or lighter colour reads better"
    )
    return TextChoice(colour, ratio, warning)


def readable_on_white(colour: str) -> str:
    """The colour itself where it reads as text on white paper (4.5:1), else the dark text."""
    return colour if contrast_ratio(colour, LIGHT_TEXT) >= AA_RATIO else DARK_TEXT
