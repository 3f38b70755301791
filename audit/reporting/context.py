"""An audit as plain data for the report templates: strings, numbers, lists and dicts only.

Templates see nothing else (no store, no domain objects), so a template written by a consultant
can only show what is here, and everything here is escaped by Jinja2 when shown, except the
charts, which this module draws itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from audit.domain.answers import describe_value
from audit.domain.audit import Status
from audit.domain.gaps import signed
from audit.domain.plan import FIX_NOW_MAX, HORIZON_DAYS, MAIN_PLAN_MAX, Action, PlanPart
from audit.domain.questionnaire import Kind
from audit.domain.scoring import (
    BANDS,
    CORE_FAILING_BAND_CAP,
    DRAFT_ANSWERED_SHARE,
    EXPECTED_SCORE,
)
from audit.domain.view import AuditView
from audit.domain.words import audit_status_word, level_words, mode_word
from audit.reporting import INTERNAL_MARK
from audit.reporting.brand import Brand
from audit.reporting.contrast import readable_on_white, text_on
from audit.text import clipped

# The plan on a page: the main-plan rows due within 30 days, at most five of them, or the
# first three main rows where fewer than three are that urgent.
WALL_DAYS, WALL_MIN, WALL_MAX = 30, 3, 5
# Delight actions shown on the plan page under the fixes (which then number four at most, the
# first alone with its next step), so the page stays one page on A4 and on letter.
WALL_DELIGHTS = 2
# Client names longer than these get smaller type on the cover, so any name fits on it.
NAME_SIZES = ((110, "longest"), (60, "long"))
RUNNING_NAME_CHARS = 45
# CSS page size and the cover's height (the cover fills its page with the margins at 0).
PAPER = {
    "a4": {"name": "a4", "size": "A4", "height": "297mm"},
    "letter": {"name": "letter", "size": "letter", "height": "279.4mm"},
}
# A horizon's table of this many rows or fewer is kept on one page (report.css, class "whole").
WHOLE_TABLE_ROWS = 5
HORIZON_TITLES = {
    30: "Within 30 days: fix first",
    60: "Within 60 days: delight your customers",
    90: "Within 90 days: improve",
}


def report_context(
    view: AuditView,
    brand: Brand,
    *,
    today: dt.date,
    include_private: bool = False,
    charts: bool = True,
    earlier: Sequence[AuditView] = (),
) -> dict[str, Any]:
    """`earlier`: the client's earlier audits of the questionnaire, oldest first, for the
    "Since last time" page (none: no such page)."""
    from audit.reporting.customers import customers_context
    from audit.reporting.since_page import since_context
    from audit.reporting.team_page import team_context

    audit, score = view.audit, view.score
    scored_sections = [s for s in score.sections if s.applicable > 0]
    plan = [_action(a) for a in view.plan if a.part is PlanPart.MAIN]
    later = [_action(a) for a in view.plan if a.part is PlanPart.LATER]
    closed = [_action(a) for a in view.plan if a.part is PlanPart.CLOSED]
    title = f"Customer care action plan: {view.client.name}"
    return {
        "lang": "en",
        # A copy with the consultant's private notes and flags says so on every page.
        "internal": INTERNAL_MARK if include_private else "",
        "title": title,
        "subject": f"{view.questionnaire.title}, version {audit.questionnaire_version}",
        "brand": {
            "name": brand.name,
            "colour": brand.colour,
            # Text on the brand colour, dark or light, chosen for WCAG AA contrast (4.5:1).
            "text": text_on(brand.colour).colour,
            # The brand colour where it reads as text on white paper, else the dark text.
            "ink": readable_on_white(brand.colour),
            "footer": brand.footer,
            # Built by brand.py from a checked image file: base64 in a data: URI, nothing a
            # template must alter (a text filter would break a long token like this one).
            "logo": Markup(brand.logo_data_uri),
            "contact": [(key.capitalize(), value) for key, value in brand.contact.items()],
            "cover": brand.cover,  # "colour" (full page) or "white" (for printing)
        },
        "paper": PAPER[brand.paper],
        "client": {
            "name": view.client.name,
            "sector": view.client.sector,
            "name_size": _name_size(view.client.name),
            # The name in the running header of every page, cut to fit its one line.
            "running_name": _running_name(view.client.name),
        },
        "audit": {
            "id": audit.id,
            "questionnaire": view.questionnaire.title,
            "questionnaire_id": audit.questionnaire_id,
            "version": audit.questionnaire_version,
            "description": view.questionnaire.description,
            "mode": mode_word(audit.mode).capitalize(),
            "auditor": audit.auditor,
            "status": audit_status_word(audit.status).capitalize(),
            "status_line": _status_line(audit.status, score.answered, score.asked),
            "started": audit.created_at[:10],
            "date": today.isoformat(),
            "date_words": f"{today.day} {today:%B %Y}",
        },
        "overall": _number(score.overall),
        "band": score.standing,
        "draft": score.draft_label if score.draft else "",
        # What a draft stamp says after "DRAFT: ".
        "draft_detail": f"{score.answered} of {score.asked} answered" if score.draft else "",
        "band_capped": score.band_capped,
        "answered": score.answered,
        "asked": score.asked,
        "sections": [
            {
                "title": s.title,
                "score": _number(s.score),
                "width": 0 if s.score is None else round(s.score),
                "answered": s.answered,
                "applicable": s.applicable,
            }
            for s in scored_sections
        ],
        "phases": [
            {
                "title": p.title,
                "expected": f"{p.expected:.0f}",
                "delivered": _number(p.delivered),
                "goodwill": _number(p.goodwill) if p.extras else "",
                "expectation": level_words(p.expectation),
                "positive": level_words(p.positive),
                "negative": level_words(p.negative),
                "verdict": p.verdict.value,
                "verdict_label": p.verdict.label,
                "reasons": list(p.reasons),
            }
            for p in score.phases
        ],
        "gaps": _gaps(view),
        "top_actions": plan[:3],
        "wall_actions": (wall := _wall_actions(plan)),
        "wall_delights": _wall_delights(plan, wall),
        "action_count": len(plan),
        # The kinds of action in this plan, so the report explains only those.
        "categories": sorted({a["category"] for a in plan}),
        "category_labels": {a["category"]: a["category_label"] for a in plan},
        "later": later,
        "closed": closed,
        "horizons": _horizons(plan),
        "details": _details(view, include_private),
        "charts": _charts(view, readable_on_white(brand.colour)) if charts else {},
        "since": since_context(view, earlier, readable_on_white(brand.colour), charts),
        "group": None,  # "You and the group", set by render_html with --cohort-compare
        "team": team_context(view),
        "customers": customers_context(view.customers),
        "method": {
            "min_answered": f"{DRAFT_ANSWERED_SHARE * 100:.0f}",
            "fix_now_max": FIX_NOW_MAX,
            "main_max": MAIN_PLAN_MAX,
            "capped_band": CORE_FAILING_BAND_CAP,
            "bands": [(f"{floor:.0f}", name) for floor, name in BANDS],
            "expected": [
                (level_words(level), f"{value:.0f}") for level, value in EXPECTED_SCORE.items()
            ],
            "weak_below": f"{view.questionnaire.weak_below * 100:.0f}",
        },
    }


def _status_line(status: Status, answered: int, asked: int) -> str:
    """The cover's status: "in progress" beside "20 of 20" reads as a contradiction, so an
    audit answered in full but not finished says that it only awaits being marked complete."""
    if Status(status) is Status.IN_PROGRESS and asked and answered >= asked:
        return f"Every question answered ({answered} of {asked}), not yet marked complete"
    return f"{audit_status_word(status).capitalize()}: {answered} of {asked} questions answered"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _name_size(name: str) -> str:
    return next((size for length, size in NAME_SIZES if len(name) > length), "")


def _running_name(name: str) -> str:
    if len(name) <= RUNNING_NAME_CHARS:
        return name
    return name[: RUNNING_NAME_CHARS - 1].rstrip() + "…"


def _wall_actions(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first urgent actions; one fewer when delights share the page, so it stays one."""
    delights = any(a["category"] == "delight" for a in plan)
    urgent = [a for a in plan if a["horizon_days"] <= WALL_DAYS][: WALL_MAX - delights]
    return urgent if len(urgent) >= WALL_MIN else plan[:WALL_MIN]


def _wall_delights(plan: list[dict[str, Any]], wall: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan's first delight actions not already on the wall: where the business can stand
    out, on the page it pins up beside what to fix."""
    shown = {a["rank"] for a in wall}
    delights = [a for a in plan if a["category"] == "delight" and a["rank"] not in shown]
    return delights[:WALL_DELIGHTS]


def _horizons(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    horizons = []
    for days in sorted(set(HORIZON_DAYS.values())):
        actions = [a for a in plan if a["horizon_days"] == days]
        if actions:
            horizons.append(
                {
                    "days": days,
                    "title": HORIZON_TITLES[days],
                    "actions": actions,
                    "whole": len(actions) <= WHOLE_TABLE_ROWS,
                }
            )
    return horizons


def _action(action: Action) -> dict[str, Any]:
    return {
        "rank": action.rank,
        "text": action.text,
        "next_steps": list(action.next_steps),
        "category": action.category.value,
        "category_label": action.category.label,
        "horizon_days": action.horizon_days,
        "section": action.section_title,
        "reason": action.reason,
        "owner": action.owner,
        "due": action.due,
        "status": action.status.label,
    }


def _details(view: AuditView, include_private: bool) -> list[dict[str, Any]]:
    asked = {q.id for q in view.asked}
    sections = []
    for section in view.questionnaire.sections:
        questions = []
        not_asked = 0
        for question in section.questions:
            answer = view.audit.answers.get(question.id)
            if question.id not in asked and not (answer and answer.note):
                # Not asked (it applies only after other answers): counted under the section,
                # not printed (a cafe's report listing questions on parcels told it nothing).
                not_asked += 1
                continue
            if question.id not in asked:
                state, shown = "skipped", "Not asked: does not apply after earlier answers"
            elif answer is None or not answer.is_answered:
                state, shown = "unanswered", "Not answered"
            elif answer.is_na:
                state = "na"
                shown = "Not applicable" + (
                    f": {clipped(answer.na_reason)}" if answer.na_reason else ""
                )
            else:
                state, shown = "answered", clipped(describe_value(question, answer.value))
            note, private = "", False
            if answer is not None and answer.note and (include_private or not answer.note_private):
                note, private = clipped(answer.note), answer.note_private
            questions.append(
                {
                    "text": question.text,
                    "answer": shown,
                    "state": state,
                    "note": note,
                    "note_private": private,
                    # Flags are the consultant's working marks, like private notes.
                    "flagged": bool(answer and answer.flagged and include_private),
                }
            )
        score = view.score.section(section.id)
        sections.append(
            {
                "title": section.title,
                "score": _number(score.score if score else None),
                "questions": questions,
                "not_asked": _not_asked_line(not_asked),
            }
        )
    return sections


def _not_asked_line(count: int) -> str:
    if not count:
        return ""
    if count == 1:
        return "1 question was not asked: it applies only after certain earlier answers."
    return f"{count} questions were not asked: they apply only after certain earlier answers."


def _charts(view: AuditView, colour: str) -> dict[str, Markup]:
    """`colour` is the brand colour where it stands out on white (bars of a pale yellow would
    vanish against their grey track), else the dark text colour.

    One chart per idea: for a phased questionnaire, expected against delivered per phase (its
    sections are the phases, so their bars would say the same again); else the section scores
    against the weak mark."""
    from audit.reporting import charts

    score = view.score
    # Markup: trusted because these SVGs are drawn by charts.py, which escapes every title.
    if score.phases:
        bars = [
            charts.PhaseBar(
                p.title,
                p.expected,
                level_words(p.expectation),
                p.delivered,
                p.verdict.value,
                p.verdict.label,
            )
            for p in score.phases
        ]
        levels = [(level_words(level), value) for level, value in EXPECTED_SCORE.items()]
        return {"phases": Markup(charts.phases(bars, colour, levels))}
    scored = [s for s in score.sections if s.applicable > 0]
    if not scored or _only_gaps(view):
        return {}  # paired questions are weak by their gap, not by the chart's weak mark
    weak = view.questionnaire.weak_below * 100
    titles, values = [s.title for s in scored], [s.score for s in scored]
    return {"sections": Markup(charts.section_bars(titles, values, colour, weak))}


def _only_gaps(view: AuditView) -> bool:
    scored = [q for q in view.questionnaire.questions if q.scored]
    return bool(scored) and all(q.kind is Kind.PAIRED for q in scored)


def _gaps(view: AuditView) -> dict[str, Any] | None:
    """The service-gap table: per section what customers get minus what they expect."""
    gaps = view.gaps
    if gaps is None:
        return None
    return {
        "weak_beyond": signed(-gaps.weak_beyond),
        "weighted": gaps.weighted,
        "total": gaps.total,
        "overall": "" if gaps.overall is None else signed(gaps.overall),
        "sections": [
            {
                "title": s.title,
                "gap": "not answered" if s.gap is None else signed(s.gap),
                "weak": s.weak,
                "points": "" if s.points is None else str(s.points),
            }
            for s in gaps.sections
        ],
    }
