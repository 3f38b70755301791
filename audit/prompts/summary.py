"""The summary printed when an interview finishes: the score, each section and phase, and the
first actions of the plan, as plain lines."""

from __future__ import annotations

from audit.domain.gaps import gap_lines, gap_picture
from audit.domain.plan import build_plan
from audit.session import AuditSession

SHOWN_ACTIONS = 5  # the rest is one command away: `audit show`


def summary_lines(session: AuditSession) -> list[str]:
    score = session.score()
    plan = build_plan(
        session.questionnaire, session.audit.answers, score, session.audit.action_edits
    )
    overall = "-" if score.overall is None else f"{score.overall:.0f}"
    lines = ["", f"Overall score: {overall} out of 100, {score.standing}"]
    spent = session.audit.time_spent
    for section in score.sections:
        if section.applicable == 0 and section.section_id not in spent:
            continue
        value = "no score" if section.score is None else f"{section.score:.0f}"
        took = duration(spent.get(section.section_id, 0.0))
        lines.append(f"  {section.title}: {value} ({took} spent)")
    for phase in score.phases:
        basics = "-" if phase.delivered is None else f"{phase.delivered:.0f}"
        lines.append(
            f"  {phase.title}: customers expect {phase.expected:.0f}, your basics "
            f"{basics}: {phase.verdict.label}"
        )
    gaps = gap_picture(session.questionnaire, session.audit.answers)
    if gaps is not None:
        lines.extend(gap_lines(gaps))
    if not plan:
        return [*lines, "No weak answers: nothing needs fixing."]
    lines.append("The most important actions:")
    for action in plan[:SHOWN_ACTIONS]:
        lines.append(
            f"  {action.rank}. {action.category.label}, within "
            f"{action.horizon_days} days: {action.text}"
        )
    if len(plan) > SHOWN_ACTIONS:
        more = len(plan) - SHOWN_ACTIONS
        lines.append(f"  ... and {more} more: audit show {session.audit.id}")
    return lines


def duration(seconds: float) -> str:
    """'40 s', '3 min', '1 h 05 min': how long a section took, to the nearest sensible unit."""
    if round(seconds) < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
