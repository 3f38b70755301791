"""What a client and an audit ARE, and the user's edits to an action (owner, due date, status)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from audit.domain.answers import Answer


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
    cohort: str = ""  # the workshop or programme this audit belongs to (docs/scoring.md, Cohorts)
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
