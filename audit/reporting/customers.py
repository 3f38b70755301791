"""What the client's customers say, as plain data: the JSON export's "customers" block and the
report's "What customers say" table (docs/scoring.md, "What customers say")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audit.domain.customers import CustomersView, heading_text, measures_text, side_by_side_text
from audit.domain.pulse import signed


def customers_data(customers: CustomersView | None) -> dict[str, Any] | None:
    """Numbers rounded to one decimal; None when the client has no customer pulse."""
    if customers is None:
        return None
    pulse = customers.pulse
    return {
        "pulse_audit": customers.pulse_audit_id,
        "pulse_started": customers.pulse_started,
        "customers": pulse.customers,
        "nps": _rounded(pulse.nps),
        "promoters": pulse.promoters,
        "passives": pulse.passives,
        "detractors": pulse.detractors,
        "csat": _rounded(pulse.csat),
        "satisfaction_answers": pulse.satisfaction_answers,
        "ces": _rounded(pulse.ces),
        "ces_scale": "1-7, higher is easier",
        "effort_answers": pulse.effort_answers,
        "sections": [
            {
                "id": v.section_id,
                "title": v.title,
                "score": _rounded(v.score),
                "customers": v.customers,
            }
            for v in pulse.phases
        ],
        "beside_this_audit": [
            {
                "id": row.section_id,
                "title": row.title,
                "you": _rounded(row.you),
                "customers": _rounded(row.customers),
                "customer_count": row.customer_count,
                "gap": _rounded(row.gap),
                "finding": row.finding,
            }
            for row in customers.rows
        ],
    }


def customers_context(customers: CustomersView | None) -> dict[str, Any] | None:
    """The report's table: words already made, so the template only lays them out."""
    if customers is None:
        return None
    pulse = customers.pulse
    return {
        "heading": heading_text(customers),
        "source": _source(customers),
        "measures": measures_text(pulse),
        "nps": "-" if pulse.nps is None else signed(pulse.nps),
        "csat": "-" if pulse.csat is None else f"{pulse.csat:.0f}%",
        "ces": "-" if pulse.ces is None else f"{pulse.ces:.1f}",
        "nps_count": pulse.recommend_answers,
        "csat_count": pulse.satisfaction_answers,
        "ces_count": pulse.effort_answers,
        "rows": [
            {
                "title": row.title,
                "you": "-" if row.you is None else f"{row.you:.0f}",
                "customers": "-" if row.customers is None else f"{row.customers:.0f}",
                "count": row.customer_count,
                "gap": "-" if row.gap is None else f"{row.gap:+.0f}",
                "finding": row.finding,
                "text": side_by_side_text(row),
            }
            for row in customers.rows
        ],
        "sections": [
            {
                "title": v.title,
                "customers": "-" if v.score is None else f"{v.score:.0f}",
                "count": v.customers,
            }
            for v in (pulse.phases if not customers.rows else ())
        ],
    }


def customers_markdown(customers: CustomersView | None, escape: Callable[[str], str]) -> list[str]:
    """The Markdown export's "What customers say" section; `escape` makes user text plain."""
    if customers is None:
        return []
    lines = ["", "## What customers say", "", escape(_source(customers)), ""]
    lines += [escape(measures_text(customers.pulse)), ""]
    if customers.rows:
        lines += [
            "| | You say | Customers say | Customers | Gap |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for row in customers.rows:
            gap = (
                "-"
                if row.gap is None
                else f"{row.gap:+.0f}" + (" (in the plan)" if row.finding else "")
            )
            lines.append(
                f"| {escape(row.title)} | {_whole(row.you)} | {_whole(row.customers)} | "
                f"{row.customer_count} | {gap} |"
            )
    for voice in customers.pulse.phases if not customers.rows else ():
        lines.append(
            f"- {escape(voice.title)}: {_whole(voice.score)} ({voice.customers} customers)"
        )
    return lines


def _whole(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _source(customers: CustomersView) -> str:
    """ "From 10 customers (customer pulse 1a2b, started 2026-11-30)." """
    count = customers.pulse.customers
    started = f", started {customers.pulse_started[:10]}" if customers.pulse_started else ""
    pulse = (
        f" (customer pulse {customers.pulse_audit_id}{started})" if customers.pulse_audit_id else ""
    )
    return f"From {count} customer{'s' * (count != 1)}{pulse}."


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
