"""What a client and an audit ARE, and the user's edits to an action (owner, due date, status)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from audit.domain.answers import Answer
from audit.domain.respondents import OWNER, OWNER_ID, Respondent


class Mode(StrEnum):
    SELF = "self"  # the business assesses itself
    INTERVIEW = "interview"  # an auditor asks and types


class Status(StrEnum):
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"


class ActionStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The one word every screen, page and export uses for this status."""
        return _ACTION_STATUS_LABELS[self]


# "Doing", not "In progress": that names an unfinished audit, a different thing.
_ACTION_STATUS_LABELS = {
    ActionStatus.TODO: "To do",
    ActionStatus.DOING: "Doing",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


@dataclass(frozen=True)
class Client:
    id: str
    name: str
    sector: str = ""
    contact: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class ActionEdit:
    """What a user set on one action of the plan; everything else about an action is derived."""

    owner: str = ""
    due: str = ""  # an ISO date, or empty
    status: ActionStatus = ActionStatus.TODO
    # The audit this action was carried over from by `audit repeat` (empty when it began here).
    carried_from: str = ""


def _empty_answers() -> Mapping[str, Answer]:
    return MappingProxyType({})


def _empty_edits() -> Mapping[str, ActionEdit]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Audit:
    id: str
    client_id: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str  # names the exact copy of the questionnaire this audit uses
    mode: Mode = Mode.SELF
    auditor: str = ""
    status: Status = Status.IN_PROGRESS
    created_at: str = ""
    updated_at: str = ""
    finished_at: str = ""  # when it was marked complete; empty while it is not (or from before)
    follows: str = ""  # the earlier audit this one repeats (`audit repeat`); empty for a first
    cursor: str = ""  # the question the user was last on, so a session resumes there
    # Seconds spent per section id, summed over every session (shown to consultants).
    time_spent: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    answers: Mapping[str, Answer] = field(default_factory=_empty_answers)
    action_edits: Mapping[str, ActionEdit] = field(default_factory=_empty_edits)
    # Who answers: r1 (the owner, whose answers are `answers`) first, then any others.
    respondents: tuple[Respondent, ...] = (OWNER,)
    # Respondent id -> that respondent's answers, for everyone but r1.
    other_answers: Mapping[str, Mapping[str, Answer]] = field(
        default_factory=lambda: MappingProxyType({})
    )


def answers_of(audit: Audit, respondent_id: str | None) -> Mapping[str, Answer]:
    """One respondent's answers (None or r1: the owner's, `audit.answers`)."""
    if respondent_id is None or respondent_id == OWNER_ID:
        return audit.answers
    return audit.other_answers.get(respondent_id, MappingProxyType({}))


def respondent_of(audit: Audit, respondent_id: str | None) -> Respondent | None:
    wanted = respondent_id or OWNER_ID
    return next((r for r in audit.respondents if r.id == wanted), None)


def every_answer(audit: Audit) -> list[tuple[str, Answer]]:
    """(respondent id, answer) for every answer of the audit, respondent by respondent."""
    pairs = [(OWNER_ID, answer) for answer in audit.answers.values()]
    for respondent in audit.respondents:
        if respondent.id != OWNER_ID:
            answers = audit.other_answers.get(respondent.id, {})
            pairs += [(respondent.id, answer) for answer in answers.values()]
    return pairs
