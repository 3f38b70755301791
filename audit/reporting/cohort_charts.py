"""The cohort report's charts as SVG, drawn here (no plotting library), big enough to read from
the back of a room when projected: per section the range from lowest to highest, the median as
a dot with its number, the mean as a tick; and the spread of bands as one bar each.

Every label is XML-escaped; each chart's <title> states its numbers (the PDF's /Alt text).
"""

from __future__ import annotations

from audit.domain.cohort import SectionStanding, Spread
from audit.reporting.charts import GRID, INK, MUTED, svg_chart, svg_text, wrap

WIDTH = 640
FONT = 14  # larger than the audit report's 11: this one is shown on a wall
LINE = 18
NUMBER_COLUMN = 60
TRACK = WIDTH - NUMBER_COLUMN - 10
BAR = 24  # thick enough to read from the back of a room


def _x(score: float) -> float:
    return TRACK * max(0.0, min(100.0, score)) / 100


def _axis(y: float) -> str:
    marks = [f'<line x1="0" y1="{y:.1f}" x2="{TRACK}" y2="{y:.1f}" stroke="{MUTED}"/>']
    for value in range(0, 101, 20):
        x = _x(value)
        marks.append(
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y + 4:.1f}" stroke="{MUTED}"/>'
        )
        anchor = "start" if value == 0 else "end" if value == 100 else "middle"
        marks.append(
            svg_text(x, y + 17, str(value), text_anchor=anchor, fill=MUTED, font_size="12")
        )
    return "".join(marks)


def _weak_mark(weak_below: float, y: float) -> str:
    """The weak mark across one bar only, never through a title: white-edged, so it shows on the
    coloured range too."""
    x = _x(weak_below)
    mark = f'x1="{x:.1f}" y1="{y - 2:.1f}" x2="{x:.1f}" y2="{y + BAR + 2:.1f}"'
    return (
        f'<line {mark} stroke="white" stroke-width="3.2"/>'
        f'<line {mark} stroke="{INK}" stroke-width="1.2" stroke-dasharray="4 3"/>'
    )


def section_ranges(spreads: list[Spread], colour: str, weak_below: float) -> str:
    """Per section: a pale bar from the lowest to the highest score, a dot at the median with
    its number on the right, and a dark tick at the mean."""
    weak_x = _x(weak_below)
    body = [svg_text(weak_x, 14, f"weak below {weak_below:.0f}", text_anchor="middle", fill=MUTED)]
    y = 20.0
    for spread in spreads:
        for line in wrap(spread.title, TRACK, FONT):
            y += LINE
            body.append(svg_text(0, y - 4, line, font_weight="bold"))
        y += 6  # room for the mean's tick below the title
        body.append(f'<rect x="0" y="{y:.1f}" width="{TRACK}" height="{BAR}" fill="{GRID}"/>')
        low, high = _x(spread.lowest), _x(spread.highest)
        body.append(
            f'<rect x="{low:.1f}" y="{y:.1f}" width="{max(high - low, 2):.1f}" height="{BAR}" '
            f'fill="{colour}" fill-opacity="0.35"/>'
        )
        body.append(_weak_mark(weak_below, y))
        mean = _x(spread.mean)
        body.append(
            f'<line x1="{mean:.1f}" y1="{y - 3:.1f}" x2="{mean:.1f}" y2="{y + BAR + 3:.1f}" '
            f'stroke="{INK}" stroke-width="3"/>'
        )
        body.append(
            f'<circle cx="{_x(spread.median):.1f}" cy="{y + BAR / 2:.1f}" r="7" fill="{colour}" '
            'stroke="white" stroke-width="2"/>'
        )
        body.append(
            svg_text(
                WIDTH,
                y + BAR / 2 + 5,
                f"{spread.median:.0f}",
                text_anchor="end",
                font_weight="bold",
            )
        )
        y += BAR + 12
    body.append(_axis(y))
    parts = [
        f"{s.title}: median {s.median:.0f}, mean {s.mean:.0f}, lowest {s.lowest:.0f}, "
        f"highest {s.highest:.0f}"
        for s in spreads
    ]
    alt = "Section scores of the group, out of 100. " + "; ".join(parts) + "."
    return svg_chart(y + 24, alt, body, font=FONT)


def band_bars(bands: list[tuple[str, int]], colour: str) -> str:
    """One bar per band, best first, as long as its share of the finished audits."""
    total = sum(count for _, count in bands) or 1
    label_width = 130
    track = WIDTH - label_width - NUMBER_COLUMN
    body: list[str] = []
    y = 0.0
    for band, count in bands:
        body.append(svg_text(0, y + BAR / 2 + 5, band, font_weight="bold"))
        body.append(
            f'<rect x="{label_width}" y="{y:.1f}" width="{track}" height="{BAR}" fill="{GRID}"/>'
        )
        if count:
            width = track * count / total
            body.append(
                f'<rect x="{label_width}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" '
                f'fill="{colour}"/>'
            )
        body.append(
            svg_text(WIDTH, y + BAR / 2 + 5, str(count), text_anchor="end", font_weight="bold")
        )
        y += BAR + 10
    alt = "Finished audits by band: " + "; ".join(f"{b} {n}" for b, n in bands) + "."
    return svg_chart(y, alt, body, font=FONT)


def you_and_the_group(standings: list[SectionStanding], colour: str) -> str:
    """Per section: this participant's score as a bar, the group's median as a marked line."""
    body: list[str] = []
    y = 0.0
    for row in standings:
        for line in wrap(row.title, TRACK, FONT):
            y += LINE
            body.append(svg_text(0, y - 4, line, font_weight="bold"))
        y += 6  # room for the median line's overshoot below the title
        body.append(f'<rect x="0" y="{y:.1f}" width="{TRACK}" height="{BAR}" fill="{GRID}"/>')
        if row.own:
            body.append(
                f'<rect x="0" y="{y:.1f}" width="{_x(row.own):.1f}" height="{BAR}" '
                f'fill="{colour}"/>'
            )
        median = _x(row.median)
        body.append(
            f'<line x1="{median:.1f}" y1="{y - 3:.1f}" x2="{median:.1f}" y2="{y + BAR + 3:.1f}" '
            'stroke="white" stroke-width="5"/>'
            f'<line x1="{median:.1f}" y1="{y - 3:.1f}" x2="{median:.1f}" y2="{y + BAR + 3:.1f}" '
            f'stroke="{INK}" stroke-width="2.5"/>'
        )
        own = "-" if row.own is None else f"{row.own:.0f}"
        body.append(svg_text(WIDTH, y + BAR / 2 + 5, own, text_anchor="end", font_weight="bold"))
        y += BAR + 12
    body.append(_axis(y))
    parts = [
        f"{r.title}: you {'not answered' if r.own is None else f'{r.own:.0f}'}, "
        f"group median {r.median:.0f}"
        for r in standings
    ]
    alt = "Your section scores against the group's median, out of 100. " + "; ".join(parts)
    return svg_chart(y + 24, alt + ".", body, font=FONT)
