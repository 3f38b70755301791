"""The report's charts as SVG text, drawn here from numbers and titles (no plotting library).

Every title is XML-escaped before it goes in, so nothing typed into a questionnaire can become
markup. Each chart carries a <title> that states its numbers: WeasyPrint makes it the /Alt text
of the chart's /Figure in the tagged PDF, so a screen reader says what the picture shows.

Labels are wrapped at spaces from a width estimate that errs on the wide side (DejaVu Sans, the
report's font), and every row gets the height its label needs, so no label is cut mid-word or
runs into the next, however many sections there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
VERDICT_COLOURS = {
    "fix-first": "#c0392b",
    "delight": "#2e86c1",
    "improve": "#b9770e",
    "keep-doing": "#229954",
    "stand-out": "#117a65",
    "unknown": "#52606d",
}

WIDTH = 640  # user units; the SVG is scaled to the text column (about 174 mm on A4)
FONT = 11
LINE = 14  # one line of label text
CHAR = 0.62  # DejaVu Sans: the widest average advance of a character, in ems
NUMBER_COLUMN = 70  # room on the right for "100" or "not answered"
TRACK = WIDTH - NUMBER_COLUMN - 10
BAR = 12


@dataclass(frozen=True)
class PhaseBar:
    title: str
    expected: float  # the level's place on the 0-100 scale (a calibration, not a measurement)
    level: str  # the expectation in words: low, moderate, high, very high
    delivered: float | None
    verdict: str  # a Verdict value
    label: str  # the verdict in words


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Lines of `text` that each fit `width` units, broken at spaces only.

    A single word wider than the width keeps a line of its own (never cut); callers give labels
    the full chart width so that only an absurd word would do that."""
    most = max(1, int(width / (size * CHAR)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def svg_text(x: float, y: float, words: str, **attributes: str) -> str:
    """One escaped <text> element; attribute names are written with dashes (text_anchor)."""
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(words)}</text>'


def svg_chart(height: float, alt: str, body: list[str], font: int = FONT) -> str:
    """The chart's <svg> around `body`, its <title> (the PDF's alt text) stating `alt`."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'font-family="Audit Sans, DejaVu Sans, sans-serif" font-size="{font}" fill="{INK}">'
        f"<title>{escape(alt)}</title>{''.join(body)}</svg>"
    )


def _score(value: float | None) -> str:
    return "not answered" if value is None else f"{value:.0f}"


def section_bars(
    titles: list[str], scores: list[float | None], colour: str, weak_below: float
) -> str:
    """One bar per section, 0-100, its title above it, with the weak mark as a dashed line."""
    weak_x = TRACK * weak_below / 100
    body = [
        svg_text(weak_x, 10, f"weak below {weak_below:.0f}", text_anchor="middle", fill=MUTED),
    ]
    y = 16.0
    for title, score in zip(titles, scores, strict=True):
        for line in wrap(title, TRACK):
            y += LINE
            body.append(svg_text(0, y - 3, line))
        y += 3
        body.append(f'<rect x="0" y="{y:.1f}" width="{TRACK}" height="{BAR}" fill="{GRID}"/>')
        if score:
            width = TRACK * score / 100
            body.append(
                f'<rect x="0" y="{y:.1f}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'
            )
        # The weak mark crosses the bar only, never the title above it; a white edge keeps it
        # visible on a dark bar.
        mark = f'x1="{weak_x:.1f}" y1="{y - 2:.1f}" x2="{weak_x:.1f}" y2="{y + BAR + 2:.1f}"'
        body.append(
            f'<line {mark} stroke="white" stroke-width="3.2"/>'
            f'<line {mark} stroke="{INK}" stroke-width="1.2" stroke-dasharray="3 2"/>'
        )
        body.append(
            svg_text(WIDTH, y + BAR - 2, _score(score), text_anchor="end", font_weight="bold")
        )
        y += BAR + 8
    body.append(_axis(y, [(TRACK * t / 100, str(t)) for t in range(0, 101, 20)]))
    parts = [f"{title} {_score(score)}" for title, score in zip(titles, scores, strict=True)]
    alt = f"Section scores out of 100: {'; '.join(parts)}. The weak mark is {weak_below:.0f}."
    return svg_chart(y + 18, alt, body)


def _axis(y: float, ticks: list[tuple[float, str]]) -> str:
    marks = [f'<line x1="0" y1="{y:.1f}" x2="{TRACK}" y2="{y:.1f}" stroke="{MUTED}"/>']
    for x, label in ticks:
        tick = f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y + 3:.1f}" stroke="{MUTED}"/>'
        anchor = "start" if x == 0 else "middle"  # a label at the left edge is not cut in half
        marks.append(
            tick + svg_text(x, y + 14, label, text_anchor=anchor, fill=MUTED, font_size="9")
        )
    return "".join(marks)


def phases(bars: list[PhaseBar], colour: str, levels: list[tuple[str, float]]) -> str:
    """Per phase, what the business delivers on the basics as a bar, and what customers expect
    as a level marked on it: the scale under the bars is in levels, not numbers."""
    body: list[str] = []
    y = 0.0
    for bar in bars:
        verdict_width = len(bar.label) * FONT * CHAR + 12
        lines = wrap(f"{bar.title}: customers expect {bar.level}", WIDTH - verdict_width)
        for index, line in enumerate(lines):
            y += LINE
            body.append(svg_text(0, y - 3, line, font_weight="bold" if index == 0 else "normal"))
            if index == 0:
                body.append(
                    svg_text(
                        WIDTH,
                        y - 3,
                        bar.label,
                        text_anchor="end",
                        font_weight="bold",
                        fill=VERDICT_COLOURS.get(bar.verdict, INK),
                    )
                )
        y += 4
        body.append(f'<rect x="0" y="{y:.1f}" width="{TRACK}" height="{BAR}" fill="{GRID}"/>')
        if bar.delivered:
            width = TRACK * bar.delivered / 100
            body.append(
                f'<rect x="0" y="{y:.1f}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'
            )
        expected_x = TRACK * bar.expected / 100
        body.append(
            f'<path d="M{expected_x - 5:.1f},{y - 5:.1f} L{expected_x + 5:.1f},{y - 5:.1f} '
            f'L{expected_x:.1f},{y + 1:.1f} Z" fill="{INK}"/>'
            f'<line x1="{expected_x:.1f}" y1="{y:.1f}" x2="{expected_x:.1f}" '
            f'y2="{y + BAR + 3:.1f}" stroke="{INK}" stroke-width="2"/>'
        )
        delivered = "-" if bar.delivered is None else f"{bar.delivered:.0f}"
        body.append(svg_text(WIDTH, y + BAR - 2, delivered, text_anchor="end", font_weight="bold"))
        y += BAR + 10
    body.append(_axis(y, [(TRACK * value / 100, level) for level, value in levels]))
    parts = [
        f"{b.title}: customers expect {b.level}, you deliver "
        f"{'nothing answered yet' if b.delivered is None else f'{b.delivered:.0f} out of 100'}, "
        f"{b.label.lower()}"
        for b in bars
    ]
    alt = "What customers expect and what you deliver: " + "; ".join(parts) + "."
    return svg_chart(y + 18, alt, body)
