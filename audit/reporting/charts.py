"""The report's charts as SVG text, drawn by matplotlib (imported only when a report is made).

Only numbers and questionnaire titles go in, and matplotlib writes titles as escaped XML text,
so nothing in a chart can become markup. Every chart has a table of the same numbers beside it in
the report, for readers who cannot see it.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

# Text stays text (selectable, and far quicker for the PDF renderer than glyph outlines);
# matplotlib escapes it as XML. "$" in a title is a dollar sign, never mathtext to parse.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["text.parse_math"] = False
matplotlib.rcParams["svg.hashsalt"] = "audit"  # the same chart gives the same SVG bytes
matplotlib.rcParams["font.family"] = "DejaVu Sans"

INK = "#1f2933"
MUTED = "#9aa5b1"
GRID = "#e4e7eb"
VERDICT_COLOURS = {
    "fix-first": "#c0392b",
    "delight": "#2e86c1",
    "improve": "#d68910",
    "keep-doing": "#229954",
    "stand-out": "#117a65",
    "unknown": "#9aa5b1",
}


@dataclass(frozen=True)
class PhaseBar:
    title: str
    expected: float
    delivered: float | None
    verdict: str  # a Verdict value
    label: str  # the verdict in words


def _svg(figure: Figure, prefix: str) -> str:
    """The figure as SVG, its ids prefixed so that several charts can share one page."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)


def _figure(width_cm: float, height_cm: float) -> Figure:
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
    figure.patch.set_alpha(0)
    return figure


def _short(title: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(title, width)[:2])


def section_bars(titles: list[str], scores: list[float | None], colour: str) -> str:
    """Horizontal bars, one per section, 0-100."""
    figure = _figure(16, 1.2 + 0.9 * len(titles))
    axes = figure.add_subplot()
    positions = list(range(len(titles)))[::-1]
    values = [score or 0.0 for score in scores]
    axes.barh(positions, [100] * len(values), color=GRID, height=0.6)
    axes.barh(positions, values, color=colour, height=0.6)
    for y, score in zip(positions, scores, strict=True):
        text = "not answered" if score is None else f"{score:.0f}"
        axes.text(min((score or 0) + 2, 92), y, text, va="center", fontsize=9, color=INK)
    axes.set_yticks(positions, [_short(t, 32) for t in titles], fontsize=9, color=INK)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.tick_params(axis="x", labelsize=8, colors=MUTED)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(MUTED)
    return _svg(figure, "sections")


def radar(titles: list[str], scores: list[float | None], colour: str) -> str:
    """A radar of the section scores: the five steps at a glance.

    Drawn on plain axes (polygons and lines) rather than matplotlib's polar projection, whose
    clipped arcs the PDF renderer's SVG support does not draw faithfully.
    """
    count = len(titles)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    figure = _figure(13, 10)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")

    def ring(radius: float) -> tuple[list[float], list[float]]:
        xs = [radius * math.cos(a) for a in angles]
        ys = [radius * math.sin(a) for a in angles]
        return [*xs, xs[0]], [*ys, ys[0]]

    between = math.pi / 2 - math.pi / count  # ring numbers sit between two spokes
    for radius in (20, 40, 60, 80, 100):
        axes.plot(*ring(radius), color=GRID, linewidth=0.8)
        axes.text(
            radius * math.cos(between) * 0.82,
            radius * math.sin(between) * 0.82,
            str(radius),
            fontsize=6.5,
            color=MUTED,
            ha="center",
            va="center",
        )
    for angle in angles:
        axes.plot([0, 100 * math.cos(angle)], [0, 100 * math.sin(angle)], color=GRID, linewidth=0.8)
    values = [score or 0.0 for score in scores]
    xs = [v * math.cos(a) for v, a in zip(values, angles, strict=True)]
    ys = [v * math.sin(a) for v, a in zip(values, angles, strict=True)]
    axes.fill([*xs, xs[0]], [*ys, ys[0]], color=colour, alpha=0.18, linewidth=0)
    axes.plot([*xs, xs[0]], [*ys, ys[0]], color=colour, linewidth=2)
    for angle, title, score in zip(angles, titles, scores, strict=True):
        x, y = 118 * math.cos(angle), 118 * math.sin(angle)
        align = "center" if abs(x) < 10 else ("left" if x > 0 else "right")
        label = _short(title) + ("" if score is None else f"\n{score:.0f}")
        axes.text(x, y, label, ha=align, va="center", fontsize=8, color=INK)
    axes.set_xlim(-165, 165)
    axes.set_ylim(-135, 135)
    return _svg(figure, "radar")


def phases(bars: list[PhaseBar], colour: str) -> str:
    """Per phase: what customers expect against what the business delivers, with the verdict."""
    figure = _figure(16, 8)
    axes = figure.add_subplot()
    xs = list(range(len(bars)))
    width = 0.36
    axes.bar(
        [x - width / 2 for x in xs],
        [b.expected for b in bars],
        width,
        color=MUTED,
        label="Customers expect",
    )
    axes.bar(
        [x + width / 2 for x in xs],
        [b.delivered or 0 for b in bars],
        width,
        color=colour,
        label="You deliver",
    )
    for x, bar in zip(xs, bars, strict=True):
        axes.text(
            x - width / 2,
            bar.expected + 2,
            f"{bar.expected:.0f}",
            ha="center",
            fontsize=8,
            color=INK,
        )
        delivered = "-" if bar.delivered is None else f"{bar.delivered:.0f}"
        axes.text(
            x + width / 2, (bar.delivered or 0) + 2, delivered, ha="center", fontsize=8, color=INK
        )
        axes.text(
            x,
            -27,
            bar.label,
            ha="center",
            fontsize=9,
            fontweight="bold",
            color=VERDICT_COLOURS.get(bar.verdict, INK),
        )
    axes.set_xticks(xs, [_short(b.title, 22) for b in bars], fontsize=9, color=INK)
    axes.set_ylim(0, 105)
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.tick_params(axis="y", labelsize=8, colors=MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.spines["bottom"].set_color(MUTED)
    axes.legend(loc="upper right", fontsize=8, frameon=False, ncols=2, bbox_to_anchor=(1, 1.12))
    figure.subplots_adjust(bottom=0.25)
    return _svg(figure, "phases")
