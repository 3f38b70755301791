"""Answers and plan edits as they arrive from a file, a prompt or the command line, and the
checks that turn them into what is stored (or say, one line each, where and what is wrong).

Pure: the store is never touched here; `audit.engine` saves what these checks return.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from audit.domain.answers import Answer, AnswerError, na_reason_problem, parse_value
from audit.domain.audit import ActionEdit, ActionStatus
from audit.domain.customers import is_finding_id
from audit.domain.dates import DateError, parse_date
from audit.domain.questionnaire import OWN_IDEA_TAG, Questionnaire
from audit.domain.view import AuditView
from audit.domain.voices import GAP_ACTION


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
    # A row of what customers said keeps its edit even where the pulse is not (yet) there, as
    # when an export is read into another store: it attaches again once the finding returns.
    if any(action.id == ref for action in view.plan) or is_finding_id(ref):
        return ref
    question_id, _, number = ref.partition("/")
    question = view.questionnaire.question(question_id)
    # So does a perception gap's row ("website/gap") where the team's answers are not, as in
    # an export's combined answers read into another audit: it attaches if the gap returns.
    if question is not None and number == GAP_ACTION:
        return ref
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
    # `replace` keeps what the edit does not set (where a carried-over action came from).
    return replace(base, owner=owner, due=due, status=status)


def _status(where: str, text: str) -> ActionStatus:
    wanted = text.strip().casefold()
    for status in ActionStatus:
        if wanted in (status.value, status.label.casefold()):
            return status
    names = "|".join(status.value for status in ActionStatus)
    raise AnswerError(f"{where}: status {text!r} is not one of {names}")
