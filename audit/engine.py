"""What every front end does with an audit: look at it whole, and answer its questions.

The CLI, the TUI and the interview all go through here, so an answer given in one is checked,
stored and scored exactly as in the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.domain.answers import (
    Answer,
    AnswerError,
    asked_questions,
    na_reason_problem,
    parse_value,
)
from audit.domain.audit import ActionEdit, ActionStatus, Audit, Client
from audit.domain.dates import DateError, parse_date
from audit.domain.plan import Action, PlanPart, build_plan
from audit.domain.questionnaire import OWN_IDEA_TAG, Question, Questionnaire
from audit.domain.scoring import AuditScore, score_audit
from audit.storage.store import Store


@dataclass(frozen=True)
class AuditView:
    """One audit with everything derived from it, as of one moment."""

    audit: Audit
    client: Client
    questionnaire: Questionnaire
    score: AuditScore
    plan: tuple[Action, ...]
    asked: tuple[Question, ...]

    def unanswered(self) -> list[Question]:
        return [q for q in self.asked if not self._answered(q)]

    def _answered(self, question: Question) -> bool:
        answer = self.audit.answers.get(question.id)
        return answer is not None and answer.is_answered


def view_of(store: Store, audit_id: str) -> AuditView:
    audit = store.load_audit(audit_id)
    questionnaire = store.questionnaire_of(audit)
    score = score_audit(questionnaire, audit.answers)
    return AuditView(
        audit=audit,
        client=store.client(audit.client_id),
        questionnaire=questionnaire,
        score=score,
        plan=build_plan(questionnaire, audit.answers, score, audit.action_edits),
        asked=asked_questions(questionnaire, audit.answers),
    )


def load_view(folder: Path, audit_id: str) -> AuditView:
    """The view of one audit of the store in `folder`: the loader a report batch is handed
    (a module-level function, so a new worker process can unpickle it)."""
    return view_of(Store(folder, create=False), audit_id)


@dataclass(frozen=True)
class RawAnswer:
    """An answer as it arrives from a file or a prompt, before it is checked."""

    where: str  # "answers.json: answers[3]" or "answers.csv: line 4", for error messages
    question: str
    value: Any = None
    note: str = ""
    note_private: bool = False
    na_reason: str | None = None
    flagged: bool = False


def check_answer(questionnaire: Questionnaire, raw: RawAnswer) -> Answer:
    """The stored form of `raw`, or AnswerError whose message says where and what is wrong."""
    question = questionnaire.question(raw.question)
    if question is None:
        raise AnswerError(
            f"{raw.where}: no question {raw.question!r} in questionnaire {questionnaire.id!r}"
        )
    if raw.na_reason is not None:
        if problem := na_reason_problem(raw.na_reason):
            raise AnswerError(f"{raw.where}: question {question.id!r}: {problem}")
        if not question.allow_na:
            raise AnswerError(f"{raw.where}: question {question.id!r} cannot be marked N/A")
        return Answer(question.id, None, raw.note, raw.note_private, raw.na_reason, raw.flagged)
    if raw.value is None or raw.value == "":
        if raw.note or raw.flagged:  # a note or a flag on a question not answered yet
            return Answer(question.id, None, raw.note, raw.note_private, None, raw.flagged)
        raise AnswerError(f"{raw.where}: question {question.id!r}: no value given")
    try:
        value = parse_value(question, raw.value)
    except AnswerError as error:
        raise AnswerError(f"{raw.where}: question {question.id!r}: {error}") from None
    return Answer(question.id, value, raw.note, raw.note_private, None, raw.flagged)


def apply_answers(store: Store, audit_id: str, raws: list[RawAnswer]) -> int:
    """Check every answer first; store all of them in one write, or none and say why.

    Raises AnswerError with one line per problem, so a file is fixed in one pass.
    """
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
    store.save_answers(audit_id, answers)
    return len(answers)


@dataclass(frozen=True)
class PlanEdit:
    """A change to one plan row as it arrives from the command line or a file, unchecked.

    None leaves a field as it is; "" clears the owner or the due date.
    """

    where: str  # for error messages: "plan #3" or "answers.json: plan item #2"
    action: str  # a rank number as `audit plan` lists it, or an action id ("website/1")
    owner: str | None = None
    due: str | None = None
    status: str | None = None


def apply_plan_edits(store: Store, audit_id: str, edits: list[PlanEdit]) -> list[Action]:
    """Check every edit first; save all of them, or none and say why (one line each).

    Returns the plan rows as they read after the edits.
    """
    checked = check_plan_edits(view_of(store, audit_id), edits)
    save_plan_edits(store, audit_id, checked)
    plan = view_of(store, audit_id).plan
    return [a for a in plan if a.id in checked]


def check_plan_edits(view: AuditView, edits: list[PlanEdit]) -> dict[str, ActionEdit]:
    """The stored form of every edit by action id, or AnswerError with one line per problem."""
    checked: dict[str, ActionEdit] = {}
    problems: list[str] = []
    for edit in edits:
        try:
            action_id = _action_id(view, edit)
            base = checked.get(action_id) or view.audit.action_edits.get(action_id, ActionEdit())
            checked[action_id] = _edited(base, edit)
        except AnswerError as error:
            problems.append(str(error))
    if problems:
        raise AnswerError("\n".join(problems))
    return checked


def save_plan_edits(store: Store, audit_id: str, checked: dict[str, ActionEdit]) -> None:
    for action_id, action_edit in checked.items():
        store.save_action_edit(audit_id, action_id, action_edit)


def schedule_plan(store: Store, audit_id: str, start: dt.date) -> list[Action]:
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


def _action_id(view: AuditView, edit: PlanEdit) -> str:
    ref = edit.action.strip()
    if ref.isdigit():
        found = next((a for a in view.plan if a.rank == int(ref)), None)
        if found is None:
            raise AnswerError(
                f"{edit.where}: the plan has no row {ref}; `audit plan {view.audit.id}` lists "
                f"rows 1 to {len(view.plan)}"
            )
        return found.id
    question_id, _, number = ref.partition("/")
    question = view.questionnaire.question(question_id)
    if question is None or number != "1" or not (question.actions or OWN_IDEA_TAG in question.tags):
        raise AnswerError(
            f"{edit.where}: {ref!r} is not a row of this plan; give its number from "
            f"`audit plan {view.audit.id}` or an id like {question_id or 'website'}/1"
        )
    return ref


def _edited(base: ActionEdit, edit: PlanEdit) -> ActionEdit:
    owner, due, status = base.owner, base.due, base.status
    if edit.owner is not None:
        owner = " ".join(edit.owner.split())
    if edit.due is not None:
        try:
            due = parse_date(edit.due).isoformat() if edit.due.strip() else ""
        except DateError as error:
            raise AnswerError(f"{edit.where}: due date {error}") from None
    if edit.status is not None:
        status = _status(edit.where, edit.status)
    return ActionEdit(owner=owner, due=due, status=status)


def _status(where: str, text: str) -> ActionStatus:
    wanted = text.strip().casefold()
    for status in ActionStatus:
        if wanted in (status.value, status.label.casefold()):
            return status
    names = "|".join(status.value for status in ActionStatus)
    raise AnswerError(f"{where}: status {text!r} is not one of {names}")
