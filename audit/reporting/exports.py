"""Plain-text forms of an audit: JSON (everything, and re-importable) and Markdown (the report as
editable text). No template engine, no PDF library. The spreadsheet forms (CSV, xlsx) are in
spreadsheet.py, the calendar in ics.py and the stand-alone HTML in standalone.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

from audit.domain.answers import describe_value
from audit.domain.gaps import GapPicture, gap_lines
from audit.domain.plan import Action, PlanPart
from audit.domain.view import AuditView
from audit.domain.voices import gap_lines as team_gap_lines
from audit.domain.voices import team_summary, voices_data
from audit.domain.words import audit_status_word, level_words, mode_word
from audit.reporting import INTERNAL_MARK
from audit.reporting.customers import customers_data, customers_markdown
from audit.reporting.ics import plan_to_ics
from audit.reporting.spreadsheet import PLAN_COLUMNS, plan_to_csv, plan_to_xlsx
from audit.text import plain

__all__ = ["PLAN_COLUMNS", "plan_to_csv", "plan_to_ics", "plan_to_xlsx", "to_json", "to_markdown"]

EXPORT_FORMAT = "customer-care-audit"
EXPORT_VERSION = 1


TEAM_HEADING = "Where your team sees it differently"


def to_json(view: AuditView, *, include_private: bool = False) -> str:
    """The audit for the client; its "answers" list is an answers file `audit answer` reads.

    Private notes and flags for review are the consultant's: only with `include_private`, and
    then the file says at its top that it is internal.
    """
    audit, score = view.audit, view.score
    data: dict[str, Any] = {"internal": INTERNAL_MARK.split(": ", 1)[1]} if include_private else {}
    data |= {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "questionnaire": audit.questionnaire_id,
        # Read back by `audit answer`, which puts the audit in this cohort (none: left as is).
        **({"cohort": audit.cohort} if audit.cohort else {}),
        "audit": {
            "id": audit.id,
            "client": {"name": view.client.name, "sector": view.client.sector},
            "questionnaire_version": audit.questionnaire_version,
            "questionnaire_hash": audit.questionnaire_hash,
            "mode": audit.mode.value,
            "auditor": audit.auditor,
            "cohort": audit.cohort,
            "status": audit.status.value,
            "created_at": audit.created_at,
            "updated_at": audit.updated_at,
            "finished_at": audit.finished_at,
            # The earlier audit this one repeats, so a re-audit's file says what it follows.
            "follows": audit.follows,
        },
        "answers": [
            item
            for q in view.questionnaire.questions
            if q.id in audit.answers and (item := _answer_item(view, q.id, include_private))
        ],
        "scores": {
            "overall": _rounded(score.overall),
            "band": score.band,
            "draft": score.draft,
            "standing": score.standing,
            "band_capped": score.band_capped,
            "answered": score.answered,
            "asked": score.asked,
            "sections": [
                {
                    "id": s.section_id,
                    "title": s.title,
                    "score": _rounded(s.score),
                    "answered": s.answered,
                    "applicable": s.applicable,
                    "not_applicable": s.not_applicable,
                    "skipped": s.skipped,
                }
                for s in score.sections
            ],
            "phases": [
                {
                    "id": p.section_id,
                    "title": p.title,
                    "expectation": p.expectation.value,
                    "positive": p.positive.value,
                    "negative": p.negative.value,
                    "expected": p.expected,
                    "delivered": _rounded(p.delivered),
                    "goodwill": _rounded(p.goodwill),
                    "extras": p.extras,
                    "terrible": list(p.terrible),
                    "verdict": p.verdict.value,
                    "reasons": list(p.reasons),
                }
                for p in score.phases
            ],
            **({"gaps": _gaps_item(view.gaps)} if view.gaps is not None else {}),
        },
        "plan": [_action_item(action) for action in view.plan],
    }
    if view.voices is not None:  # several respondents (docs/scoring.md)
        data["voices"] = voices_data(view.voices)
    if view.customers is not None:
        data["customers"] = customers_data(view.customers)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _gaps_item(gaps: GapPicture) -> dict[str, Any]:
    return {
        "overall": _rounded(gaps.overall),
        "weighted": gaps.weighted,
        "weak_beyond": gaps.weak_beyond,
        "sections": [
            {
                "id": s.section_id,
                "title": s.title,
                "gap": _rounded(s.gap),
                "points": s.points,
                "weak": s.weak,
            }
            for s in gaps.sections
        ],
        "questions": [
            {"id": g.question_id, "expected": g.expected, "received": g.received, "gap": g.gap}
            for g in gaps.questions
        ],
    }


def _answer_item(view: AuditView, question_id: str, include_private: bool) -> dict[str, Any]:
    """The answer as an answers-file item; empty when nothing of it is for this copy (a private
    note alone on an unanswered question)."""
    answer = view.audit.answers[question_id]
    public_note = bool(answer.note) and not answer.note_private
    if answer.value is None and answer.na_reason is None and not (include_private or public_note):
        return {}
    value: Any = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    item: dict[str, Any] = {"question": question_id, "value": value}
    if answer.note and (include_private or not answer.note_private):
        item["note"] = answer.note
        if answer.note_private:
            item["private_note"] = True
    if answer.na_reason is not None:
        item["na"] = answer.na_reason
    if answer.flagged and include_private:
        item["flagged"] = True
    return item


def _action_item(action: Action) -> dict[str, Any]:
    return {
        "rank": action.rank,
        "id": action.id,
        "action": action.text,
        "next_steps": list(action.next_steps),
        "part": action.part.value,
        "priority": action.category.label,
        "horizon_days": action.horizon_days,
        "section": action.section_title,
        "question": action.question_id,
        "reason": action.reason,
        "owner": action.owner,
        "due": action.due,
        "status": action.status.value,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def to_markdown(view: AuditView, *, include_private: bool = False) -> str:
    """The report as Markdown; user text is escaped so it cannot become markup or links."""
    audit, score = view.audit, view.score
    lines = [f"**{INTERNAL_MARK}**", ""] if include_private else []
    lines += [
        f"# {_md(view.questionnaire.title)}: {_md(view.client.name)}",
        "",
        f"- Questionnaire: {_md(view.questionnaire.id)}, "
        f"version {_md(audit.questionnaire_version)}",
        f"- Mode: {mode_word(audit.mode)}"
        + (f", auditor {_md(audit.auditor)}" if audit.auditor else ""),
        f"- Status: {audit_status_word(audit.status)}, "
        f"{score.answered} of {score.asked} questions answered",
        f"- Overall score: {_score(score.overall)} ({score.standing})",
        "",
        *_top_actions(view),
        "## Section scores",
        "",
        "| Section | Score | Answered |",
        "| --- | ---: | ---: |",
    ]
    for s in score.sections:
        if s.applicable:
            lines.append(f"| {_md(s.title)} | {_score(s.score)} | {s.answered} of {s.applicable} |")
    if score.phases:
        lines += [
            "",
            "## The phases" if len(score.phases) != 3 else "## The three phases",
            "",
            "| Phase | Customers expect | Basics delivered | Extras | Verdict |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for p in score.phases:
            extras = _score(p.goodwill) if p.extras else "none asked"
            lines.append(
                f"| {_md(p.title)} | {p.expected:.0f} ({level_words(p.expectation)}) | "
                f"{_score(p.delivered)} | {extras} | {p.verdict.label} |"
            )
    if view.gaps is not None:
        first, *rest = gap_lines(view.gaps)
        lines += ["", "## Service gaps", "", _md(first), "", *(f"- {_md(line)}" for line in rest)]
    if view.voices is not None:
        lines += ["", f"## {TEAM_HEADING}", "", _md(team_summary(view.voices)), ""]
        lines += [
            f"- {_md(text)}  \n  {_md(said)}"
            for text, said in team_gap_lines(view.voices, view.questionnaire)
        ] or ["No question where you are half the scale apart."]
    lines += customers_markdown(view.customers, _md)
    lines += ["", "## Action plan", ""]
    if score.answered == 0:
        lines.append("Nothing answered yet: the plan appears as questions are answered.")
    elif not view.plan:
        lines.append("No weak answers: nothing to fix. Keep doing what works.")
    groups: dict[str, list[Action]] = {}
    for a in view.plan:
        title = f"Within {a.horizon_days} days" if a.part is PlanPart.MAIN else a.part.heading
        groups.setdefault(title, []).append(a)
    for title, actions in groups.items():
        lines += [f"### {title}", ""]
        for a in actions:
            owner = _md(a.owner) if a.owner else "not yet assigned"
            due = f", due {_md(a.due)}" if a.due else ""
            status = a.status.label
            lines.append(
                f"{a.rank}. **{a.category.label}** ({_md(a.section_title)}): "
                f"{_md(a.text)}  \n"
                + "".join(f"   Next step: {_md(step)}  \n" for step in a.next_steps)
                + f"   _{_md(a.reason)}_  \n"
                f"   Owner: {owner}{due}; status: {status}"
            )
        lines.append("")
    lines += ["## Answers", ""]
    asked = {q.id for q in view.asked}
    for section in view.questionnaire.sections:
        lines += [f"### {_md(section.title)}", ""]
        for q in section.questions:
            answer = audit.answers.get(q.id)
            if q.id not in asked:
                shown = "_not asked (does not apply after earlier answers)_"
            elif answer is None or not answer.is_answered:
                shown = "_unanswered_"
            elif answer.is_na:
                shown = "N/A" + (f": {_md(answer.na_reason)}" if answer.na_reason else "")
            else:
                shown = _md(describe_value(q, answer.value))
            flagged = include_private and answer is not None and answer.flagged
            flag = " (flagged for review)" if flagged else ""
            lines.append(f"- {_md(q.text)}  \n  **{shown}**{flag}")
            if answer is not None and answer.note and (include_private or not answer.note_private):
                label = "Private note" if answer.note_private else "Note"
                lines.append(f"  \n  {label}: {_md(answer.note)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _top_actions(view: AuditView) -> list[str]:
    """The plan's first five open actions, near the top: what an owner reads first."""
    top = [a for a in view.plan if a.part is PlanPart.MAIN][:TOP_ACTIONS]
    if not top:
        return []
    lines = ["## Do these first", ""]
    for a in top:
        who = f"owner {_md(a.owner)}" if a.owner else "owner not yet assigned"
        when = f"due {_md(a.due)}" if a.due else f"within {a.horizon_days} days"
        lines.append(f"{a.rank}. {_md(a.text)} ({who}, {when})")
    return [*lines, ""]


TOP_ACTIONS = 5

# Only what can start markup in the middle of a line: emphasis, code, links, HTML, tables,
# strikethrough and entities. Every user text here follows a prefix, so line-start markers
# (#, -, 1.) cannot take effect.

_MD_SPECIAL = "\\`*_[]<>|~"
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would show as "&": keep it literal


def _md(text: str | None) -> str:
    """Escape Markdown and HTML so user text shows literally; newlines become spaces, and
    control characters code points (the file may well be printed in a terminal)."""
    flat = plain(" ".join((text or "").split()))
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)
    return _ENTITY.sub(r"\\&", escaped)


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"
