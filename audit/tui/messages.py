"""What a screen asks the app to do: messages up, handled by `AuditApp`, so a screen names a
wish, not a method of the app (and needs no cast to reach it)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from audit.domain.audit import Mode
from audit.engine import AuditView
from audit.session import AuditSession


class NewAudit(Message):
    """Open the form for a new audit."""


class LoadDemo(Message):
    """Add the demo client and its finished audits."""


@dataclass
class OpenAudit(Message):
    """Resume the audit on its question, or show its results when it is finished."""

    audit_id: str


@dataclass
class OpenResults(Message):
    """Show the audit's scores and plan."""

    audit_id: str


@dataclass
class ChooseRespondent(Message):
    """Pick who answers the session's audit now (or add someone)."""

    session: AuditSession


@dataclass
class OpenReview(Message):
    """Review what is missing before finishing the session's audit."""

    session: AuditSession


@dataclass
class Finished(Message):
    """The audit was just finished in the review: leave the questions for its results."""

    audit_id: str


@dataclass
class BackToQuestions(Message):
    """From the results back to the audit's questions."""

    audit_id: str


@dataclass
class CreateAudit(Message):
    """Start an audit from the new-audit form, and open its first question."""

    client: str
    questionnaire_id: str
    mode: Mode
    auditor: str
    kind: str | None  # the kind of business the form chose, or None
    cohort: str = ""  # the workshop or programme it belongs to, or none


@dataclass
class RepeatAudit(Message):
    """Start the next audit of this one's client and questionnaire (`audit repeat`)."""

    audit_id: str


@dataclass
class WritePdf(Message):
    """Write the PDF action plan of the view, in a thread."""

    view: AuditView
    earlier: tuple[AuditView, ...] = ()  # for its "Since last time" page
