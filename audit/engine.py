"""What every front end does with an audit through the store: read it whole, save answers
and plan edits. The checks themselves are pure and live in `audit.domain.incoming`.

The CLI, the TUI and the interview all go through here, so an answer given in one is checked,
stored and scored exactly as in the others.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from audit.domain.answers import Answer, AnswerError
from audit.domain.audit import ActionEdit, Audit
from audit.domain.carry import carried_edits, check_repeatable
from audit.domain.incoming import PlanEdit, RawAnswer, check_answer, check_plan_edits
from audit.domain.plan import Action, PlanPart
from audit.domain.pulse import PULSE_QUESTIONNAIRE, customer_answer_sets, measure_pulse
from audit.domain.questionnaire import Questionnaire
from audit.domain.view import AuditView, build_view
from audit.storage.base import AuditStore
from audit.storage.files import StoreError

__all__ = [  # the checks are re-exported: front ends call engine.check_... beside engine.apply_...
    "AuditView",
    "PlanEdit",
    "RawAnswer",
    "apply_answers",
    "apply_plan_edits",
    "audit_history",
    "check_answer",
    "check_plan_edits",
    "load_history",
    "load_view",
    "repeat_audit",
    "save_plan_edits",
    "schedule_plan",
    "view_of",
]


def view_of(store: AuditStore, audit_id: str) -> AuditView:
    """The audit whole, with what the client's customers say beside it when they have a pulse."""
    audit = store.load_audit(audit_id)
    client, questionnaire = store.client(audit.client_id), store.questionnaire_of(audit)
    pulse_audit = _latest_pulse(store, audit)
    if pulse_audit is None:
        return build_view(audit, client, questionnaire)
    pulse = measure_pulse(store.questionnaire_of(pulse_audit), customer_answer_sets(pulse_audit))
    return build_view(audit, client, questionnaire, pulse, pulse_audit.id, pulse_audit.created_at)


def _latest_pulse(store: AuditStore, audit: Audit) -> Audit | None:
    """The pulse audit itself, else the client's latest customer-pulse audit by its start; an
    unreadable one leaves the customers' view out (`audit list` names it) rather than the audit."""
    if audit.questionnaire_id == PULSE_QUESTIONNAIRE:
        return audit
    found = [
        (summary.started_at, summary.audit_id)
        for summary in store.summaries(audit.client_id)
        if summary.questionnaire_id == PULSE_QUESTIONNAIRE
    ]
    if not found:
        return None
    try:
        return store.load_audit(max(found)[1])
    except StoreError:
        return None


def load_view(location: str | Path, audit_id: str) -> AuditView:
    """The view of one audit of the store at `location` (a folder or a database URL): the loader
    a report batch is handed (a module-level function, so a new worker process can unpickle it)."""
    from audit.storage.opening import open_store

    return view_of(open_store(location, create=False), audit_id)


# The most audits "Since last time" sets side by side, this one included: the latest are kept.
# The TUI's lines and the report's table and trend charts have room for five.
HISTORY_MOST = 5


def audit_history(
    store: AuditStore, audit_id: str, most: int = HISTORY_MOST
) -> tuple[AuditView, ...]:
    """This audit's view, preceded by the client's earlier audits of the same questionnaire id
    (those started before it), oldest first: what "Since last time" compares. Only this view
    when there is no earlier audit. The store's summaries pick them, so only the audits that
    are compared are read whole; one that cannot be read is left out (`audit list` names it)."""
    view = view_of(store, audit_id)
    audit = view.audit
    earlier = sorted(
        (summary.started_at, summary.audit_id)
        for summary in store.summaries(audit.client_id)
        if summary.questionnaire_id == audit.questionnaire_id
        and summary.audit_id != audit.id
        and summary.started_at
        and summary.started_at < audit.created_at
    )
    kept = [earlier_id for _, earlier_id in earlier][max(0, len(earlier) - most + 1) :]
    views = []
    for earlier_id in kept:
        try:
            views.append(view_of(store, earlier_id))
        except StoreError:  # one unreadable earlier audit leaves the comparison, not the report
            continue
    return (*views, view)


def load_history(location: str | Path, audit_id: str) -> tuple[AuditView, ...]:
    """`audit_history` of the store at `location`, opened once: the loader a report batch is
    handed when its reports compare (module-level, for the worker processes)."""
    from audit.storage.opening import open_store

    return audit_history(open_store(location, create=False), audit_id)


def apply_answers(store: AuditStore, audit_id: str, raws: list[RawAnswer]) -> int:
    """Check every answer first; store all of them in one write, or none and say why.

    Raises AnswerError with one line per problem, so a file is fixed in one pass.
    """
    answers = check_answers(store, audit_id, raws)
    store.save_answers(audit_id, answers)
    return len(answers)


def check_answers(store: AuditStore, audit_id: str, raws: list[RawAnswer]) -> list[Answer]:
    """Every answer checked against the audit's questionnaire; AnswerError (one line per
    problem) if any is wrong."""
    audit = store.load_audit(audit_id)
    questionnaire = store.questionnaire_of(audit)
    answers: list[Answer] = []
    problems: list[str] = []
    for raw in raws:
        try:
            answers.append(check_answer(questionnaire, raw))
        except AnswerError as error:
            problems.append(str(error))
    if problems:
        raise AnswerError("\n".join(problems))
    return answers


def apply_plan_edits(store: AuditStore, audit_id: str, edits: list[PlanEdit]) -> list[Action]:
    """Check every edit first; save all of them, or none and say why (one line each).

    Returns the plan rows as they read after the edits.
    """
    checked = check_plan_edits(view_of(store, audit_id), edits)
    save_plan_edits(store, audit_id, checked)
    plan = view_of(store, audit_id).plan
    return [a for a in plan if a.id in checked]


def save_plan_edits(store: AuditStore, audit_id: str, checked: dict[str, ActionEdit]) -> None:
    for action_id, action_edit in checked.items():
        store.save_action_edit(audit_id, action_id, action_edit)


def schedule_plan(store: AuditStore, audit_id: str, start: dt.date) -> list[Action]:
    """Give every open row of the main plan without a due date one: start plus its horizon."""
    view = view_of(store, audit_id)
    edits = [
        PlanEdit(
            "schedule", action.id, due=(start + dt.timedelta(days=action.horizon_days)).isoformat()
        )
        for action in view.plan
        if action.part is PlanPart.MAIN and action.is_open and not action.due
    ]
    return apply_plan_edits(store, audit_id, edits) if edits else []


def repeat_audit(
    store: AuditStore,
    earlier_id: str,
    newest: Questionnaire,
    newest_text: str,
    *,
    anyway: bool = False,
) -> Audit:
    """Start the next audit of the earlier one's client and questionnaire, with `newest` (the
    questionnaire as the catalog has it now): same mode, auditor and cohort, its open actions
    carried over, no answers. RepeatRefused (one line) for a draft unless `anyway`."""
    earlier = view_of(store, earlier_id)
    check_repeatable(earlier.audit, anyway=anyway)
    return store.create_audit(
        earlier.client,
        newest,
        newest_text,
        mode=earlier.audit.mode,
        auditor=earlier.audit.auditor,
        cohort=earlier.audit.cohort,
        follows=earlier.audit.id,
        carried=carried_edits(earlier.audit, earlier.plan, newest),
    )
