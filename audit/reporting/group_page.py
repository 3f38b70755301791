""" "You and the group" (`audit report --cohort-compare`): this participant's section scores
beside the median of the others in their cohort who finished the same questionnaire.

Only this participant's own name appears; the others are one median per section, and only
when there are enough of them (COMPARE_MIN_OTHERS) that no one's scores can be told apart.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from audit.domain.cohort import COMPARE_MIN_OTHERS, GroupComparison
from audit.domain.view import AuditView

# Within this many points of the median a section is "about the same as the group": a
# self-rating cannot tell smaller differences apart (the same margin as scoring's CLOSE_MARGIN).
SAME_WITHIN = 5.0


def _standing(difference: float | None) -> str:
    if difference is None:
        return "not answered"
    if abs(difference) <= SAME_WITHIN:
        return "about the same"
    return "above" if difference > 0 else "below"


def group_context(
    view: AuditView, group: GroupComparison, colour: str, charts: bool = True
) -> dict[str, Any]:
    from audit.reporting.cohort_charts import you_and_the_group

    rows = [
        {
            "title": s.title,
            "own": "-" if s.own is None else f"{s.own:.0f}",
            "median": f"{s.median:.0f}",
            "difference": "" if s.difference is None else f"{s.difference:+.0f}",
            "standing": _standing(s.difference),
        }
        for s in group.sections
    ]
    chart = you_and_the_group(list(group.sections), colour) if charts and rows else ""
    return {
        "client": view.client.name,
        "cohort": group.cohort,
        "others": group.others,
        "too_small": group.too_small,
        "minimum": COMPARE_MIN_OTHERS,
        "same_within": f"{SAME_WITHIN:.0f}",
        "rows": rows,
        "chart": Markup(chart),
    }
