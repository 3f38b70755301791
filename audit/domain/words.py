"""The words for an audit's status, its mode and a level, beside `Verdict.label` and
`ActionStatus.label`: every screen, page and export reads them from here, so they cannot drift.
"""

from __future__ import annotations

from audit.domain.audit import Mode, Status
from audit.domain.questionnaire import Level

_STATUS_WORDS = {Status.IN_PROGRESS: "in progress", Status.COMPLETE: "complete"}
_MODE_WORDS = {Mode.SELF: "self-assessment", Mode.INTERVIEW: "guided interview"}


def audit_status_word(status: Status | str) -> str:
    """ "in progress" or "complete", lower case: capitalise it at the start of a sentence."""
    return _STATUS_WORDS[Status(status)]


def mode_word(mode: Mode | str) -> str:
    """ "self-assessment" or "guided interview": how the answers were given."""
    return _MODE_WORDS[Mode(mode)]


def level_words(level: Level) -> str:
    """ "very high", "low": a level of expectation or harm as read in a sentence."""
    return level.value.replace("-", " ")
