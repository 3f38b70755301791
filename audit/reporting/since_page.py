"""The report's "Since last time" page: this audit set against the client's earlier audits of
the same questionnaire, as plain data for reports/since.html, and its trend charts as SVG.

The comparison itself is the domain's (audit/domain/compare.py); this module only words it for
the page. Each column is one audit, oldest first; "change" is since the audit just before this
one, which is what "since last time" asks. Trend charts are drawn like charts.py draws its own:
every title escaped, the numbers in the chart's <title>, which becomes the PDF's alt text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from audit.domain.compare import (
    STEADY_WITHIN,
    ActionResult,
    Comparison,
    QuestionChange,
    SectionChange,
    compare,
)
from audit.domain.scoring import Verdict
from audit.domain.view import AuditView
from audit.reporting.charts import CHAR, FONT, GRID, INK, LINE, MUTED, VERDICT_COLOURS, wrap

# One trend chart: a small line of the section's scores, two to a row on the page.
CHART_WIDTH = 300
PLOT_TOP, PLOT_HEIGHT = 8, 70  # the 0-100 scale, in user units
LEFT, RIGHT = 26, 4  # room for the scale's numbers on the left
INSET = 30  # the first and last points stand this far inside the plot, so their dates fit


def since_context(
    view: AuditView, earlier: Sequence[AuditView], colour: str, charts: bool = True
) -> dict[str, Any] | None:
    """The page's data, or None when there is no earlier audit to compare with."""
    if not earlier:
        return None
    result = compare([*earlier, view])
    dates = [d[:10] for d in result.dates]
    rows = [_row("Overall score", result.overall, "")]
    rows += [
        _row(s.title, s.scores, _trend(s))
        for s in result.sections
        if any(score is not None for score in s.scores)  # the business profile has no score
    ]
    trend = len(dates) >= 3
    return {
        "dates": dates,
        "last": dates[-2],
        "trend": trend,
        "rows": rows,
        "phases": [
            {"title": p.title, "verdicts": [_verdict(v) for v in p.verdicts]} for p in result.phases
        ],
        "done": [_action(r) for r in result.done],
        "dropped": [_action(r) for r in result.dropped],
        "still_open": [_action(r) for r in result.still_open],
        "new_weak": [{"text": c.text, "change": _change(c)} for c in result.new_weak],
        "weak_below": f"{view.questionnaire.weak_below * 100:.0f}",
        "steady_within": f"{STEADY_WITHIN:.0f}",
        "charts": _charts(result, dates, colour, view.questionnaire.weak_below * 100)
        if trend and charts
        else [],
    }


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _row(title: str, scores: Sequence[float | None], trend: str) -> dict[str, Any]:
    then, now = scores[-2], scores[-1]
    change = "" if then is None or now is None else f"{now - then:+.0f}"
    scores_shown = [_number(s) for s in scores]
    return {"title": title, "scores": scores_shown, "change": change, "trend": trend}


def _verdict(verdict: Verdict | None) -> dict[str, str]:
    if verdict is None:
        return {"value": "", "label": "not scored"}
    return {"value": verdict.value, "label": verdict.label}


def _change(change: QuestionChange) -> str:
    if change.why_not:
        return f"not compared: {change.why_not}"
    return f"{_number(change.before)} then, {_number(change.after)} now"


def _action(result: ActionResult) -> dict[str, str]:
    return {
        "text": result.action.text,
        "section": result.action.section_title,
        "change": _change(result.change),
        "outcome": result.outcome.value,
        # "Not compared: ..." already says that it cannot tell.
        "outcome_label": "" if result.change.why_not else result.outcome.label,
    }


def _trend(section: SectionChange) -> str:
    return section.trend.value if section.trend else ""


def _charts(result: Comparison, dates: list[str], colour: str, weak: float) -> list[Markup]:
    # Markup: trusted, drawn here with every title escaped.
    return [
        Markup(trend_chart(s.title, dates, list(s.scores), _trend(s), colour, weak))
        for s in result.sections
        if any(score is not None for score in s.scores)
    ]


def trend_chart(
    title: str,
    dates: list[str],
    scores: list[float | None],
    trend: str,
    colour: str,
    weak_below: float,
) -> str:
    """A section's score at each audit as a line of points, each labelled with its number, on
    a 0-100 scale with the weak mark dashed; the dates along the bottom."""
    body: list[str] = []
    y = 0.0
    for line in wrap(title, CHART_WIDTH - 60):  # the trend word sits on the right
        y += LINE
        body.append(_text(0, y - 3, line, font_weight="bold"))
    top = y + PLOT_TOP
    first_x = LEFT + INSET
    step = (CHART_WIDTH - RIGHT - INSET - first_x) / max(1, len(scores) - 1)

    def at(score: float) -> float:
        return top + PLOT_HEIGHT * (1 - score / 100)

    for tick in (0, 50, 100):
        body.append(
            f'<line x1="{LEFT}" y1="{at(tick):.1f}" x2="{CHART_WIDTH - RIGHT}" '
            f'y2="{at(tick):.1f}" stroke="{GRID}"/>'
            + _text(LEFT - 4, at(tick) + 3, str(tick), text_anchor="end", fill=MUTED, font_size="8")
        )
    body.append(
        f'<line x1="{LEFT}" y1="{at(weak_below):.1f}" x2="{CHART_WIDTH - RIGHT}" '
        f'y2="{at(weak_below):.1f}" stroke="{MUTED}" stroke-dasharray="3 2"/>'
    )
    points = [
        (first_x + step * index, at(score))
        for index, score in enumerate(scores)
        if score is not None
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{py:.1f}" for x, py in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    bottom = top + PLOT_HEIGHT
    for index, (date, score) in enumerate(zip(dates, scores, strict=True)):
        x = first_x + step * index
        body.append(_text(x, bottom + 12, date, text_anchor="middle", fill=MUTED, font_size="8"))
        if score is None:
            continue
        # The number sits above its point, or below it when the point is near the top.
        label_y = at(score) - 5 if score < 85 else at(score) + 13
        label = f"{score:.0f}"
        half = len(label) * FONT * CHAR / 2 + 1
        body.append(
            f'<circle cx="{x:.1f}" cy="{at(score):.1f}" r="3" fill="{colour}" '
            f'stroke="white" stroke-width="1"/>'
            # A pale ground under the number, so the weak mark's dashes never run through it.
            f'<rect x="{x - half:.1f}" y="{label_y - 9:.1f}" width="{2 * half:.1f}" height="11" '
            f'fill="white" fill-opacity="0.85"/>'
            + _text(x, label_y, label, text_anchor="middle", font_weight="bold")
        )
    height = bottom + 18
    if trend:
        body.append(
            _text(CHART_WIDTH, 11, trend, text_anchor="end", fill=_TREND_COLOURS.get(trend, INK))
        )
    parts = [
        f"{date} {'no score' if score is None else f'{score:.0f}'}"
        for date, score in zip(dates, scores, strict=True)
    ]
    alt = f"{title}, score out of 100 at each audit: {', '.join(parts)}"
    alt += f"; {trend}." if trend else "."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height:.0f}" '
        f'width="{CHART_WIDTH}" height="{height:.0f}" role="img" '
        f'font-family="DejaVu Sans, sans-serif" font-size="{FONT}" fill="{INK}">'
        f"<title>{escape(alt)}</title>{''.join(body)}</svg>"
    )


_TREND_COLOURS = {
    "rising": VERDICT_COLOURS["keep-doing"],
    "falling": VERDICT_COLOURS["fix-first"],
    "steady": MUTED,
}


def _text(x: float, y: float, words: str, **attributes: str) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(words)}</text>'
