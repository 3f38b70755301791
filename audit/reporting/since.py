"""A comparison of audits as text for the terminal, as Markdown and as JSON ("Since last time")."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from audit.domain.compare import ActionResult, Comparison, QuestionChange, SectionChange
from audit.domain.scoring import Verdict

Clean = Callable[[str], str]  # makes user text safe for where it is shown


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f}"


def _verdict(value: Verdict | None) -> str:
    return "-" if value is None else value.short_label


def _change(change: QuestionChange) -> str:
    if change.why_not:
        return f"not compared: {change.why_not}"
    return f"{_number(change.before)} -> {_number(change.after)}"


def _scored(result: Comparison) -> list[SectionChange]:
    # A section with no score in any audit (the business profile) has nothing to compare.
    return [s for s in result.sections if any(score is not None for score in s.scores)]


def as_text(result: Comparison, client: str, clean: Clean, width: int = 80) -> str:
    dates = [d[:10] for d in result.dates]
    trend = len(dates) >= 3
    head = ["", *dates, "change"] + (["trend"] if trend else [])
    ids = ["", *(i[:8] for i in result.audit_ids), ""] + ([""] if trend else [])
    rows = [head, ids, ["Overall", *map(_number, result.overall), _delta(result.overall_delta)]]
    for section in _scored(result):
        row = [clean(section.title), *map(_number, section.scores), _delta(section.delta)]
        if trend:
            row.append(section.trend.value if section.trend else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(len(head))]
    lines = [f"Since last time: {clean(client)}", ""]
    lines += [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)).rstrip() for r in rows
    ]
    if result.phases:
        lines += ["", "Phases:"]
        lines += [
            f"  {clean(p.title)}: " + " -> ".join(_verdict(v) for v in p.verdicts)
            for p in result.phases
        ]
    for heading, results in _action_groups(result):
        lines += ["", heading]
        for item in results:
            lines += _wrapped(clean(item.action.text), width)
            lines.append(f"      {_result(item)}")
        if not results:
            lines.append("  (none)")
    lines += ["", "New weak spots"]
    for change in result.new_weak:
        lines += _wrapped(clean(change.text), width)
        lines.append(f"      {_change(change)}")
    if not result.new_weak:
        lines.append("  (none)")
    return "\n".join(lines)


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 40), initial_indent="  - ", subsequent_indent="    ")


def _result(item: ActionResult) -> str:
    if item.change.why_not:
        return _change(item.change)
    return f"{_change(item.change)}: {item.outcome.label}"


def _action_groups(result: Comparison) -> list[tuple[str, tuple[ActionResult, ...]]]:
    return [
        ("Done: did it work?", result.done),
        ("Dropped", result.dropped),
        ("Still open", result.still_open),
    ]


def _action_line(item: ActionResult, clean: Clean) -> str:
    return f"{clean(item.action.text)}: {_result(item)}"


def as_markdown(result: Comparison, client: str, clean: Clean) -> str:
    def cell(text: str) -> str:
        return clean(text).replace("|", "\\|")

    dates = [d[:10] for d in result.dates]
    lines = [f"# Since last time: {cell(client)}", ""]
    lines.append("| | " + " | ".join(dates) + " | change |")
    lines.append("|---" * (len(dates) + 2) + "|")
    lines.append(
        "| Overall | "
        + " | ".join(map(_number, result.overall))
        + f" | {_delta(result.overall_delta)} |"
    )
    for s in _scored(result):
        lines.append(
            f"| {cell(s.title)} | " + " | ".join(map(_number, s.scores)) + f" | {_delta(s.delta)} |"
        )
    for heading, results in _action_groups(result):
        lines += ["", f"## {heading}", ""]
        lines += [f"- {cell(_action_line(r, clean))}" for r in results] or ["- (none)"]
    lines += ["", "## New weak spots", ""]
    lines += [f"- {cell(c.text)}: {_change(c)}" for c in result.new_weak] or ["- (none)"]
    return "\n".join(lines) + "\n"


def as_json(result: Comparison, client: str) -> str:
    def change(c: QuestionChange) -> dict[str, Any]:
        return {
            "question": c.question_id,
            "before": c.before,
            "after": c.after,
            "change": c.delta,
            "not_compared": c.why_not or None,
        }

    def action(r: ActionResult) -> dict[str, Any]:
        return {
            "action": r.action.id,
            "text": r.action.text,
            "status": r.action.status.value,
            "outcome": r.outcome.value,
            **change(r.change),
        }

    data = {
        "client": client,
        "audits": [
            {"id": i, "started": d} for i, d in zip(result.audit_ids, result.dates, strict=True)
        ],
        "overall": list(result.overall),
        "sections": [
            {
                "id": s.section_id,
                "title": s.title,
                "scores": list(s.scores),
                "change": s.delta,
                "trend": s.trend.value if s.trend else None,
            }
            for s in result.sections
        ],
        "phases": [
            {"id": p.section_id, "verdicts": [v.value if v else None for v in p.verdicts]}
            for p in result.phases
        ],
        "done": [action(r) for r in result.done],
        "dropped": [action(r) for r in result.dropped],
        "still_open": [action(r) for r in result.still_open],
        "new_weak": [change(c) for c in result.new_weak],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
