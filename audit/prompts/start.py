"""Which audit an interview is about, and the PDF it may write at the end.

A client with an unfinished audit of the same questionnaire is offered it back first, so a call
cut short resumes instead of starting over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audit.domain.audit import Mode, Status
from audit.domain.questionnaire import Questionnaire
from audit.prompts.lines import LineReader, confirm, say_wrapped
from audit.storage.base import AuditStore


def audit_to_interview(
    store: AuditStore,
    prompts: LineReader,
    client_name: str,
    questionnaire: Questionnaire,
    text: str,
    auditor: str = "",
    new: bool = False,
    say: Callable[[str], None] = say_wrapped,
    cohort: str = "",
) -> str:
    """The id of the audit to interview: the client's unfinished audit of this questionnaire if
    the user says to resume it, else a new one (at once with `new`)."""
    client = store.find_client(client_name)
    earlier = None if client is None or new else unfinished_audit(store, client.id, questionnaire)
    if client is not None and earlier is not None:
        say(
            f"{client.name} already has an unfinished {questionnaire.title} audit: "
            f"{earlier.id}, {earlier.answered} of {earlier.asked} answered, "
            f"last changed {earlier.changed}."
        )
        if confirm(prompts, say, "Resume it? (n starts a new one)", default=True):
            return earlier.id
        say(f"Starting a new audit; audit interview {earlier.id} still resumes the other one.")
    client = client or store.add_client(client_name)
    audit = store.create_audit(
        client, questionnaire, text, mode=Mode.INTERVIEW, auditor=auditor, cohort=cohort
    )
    return audit.id


@dataclass(frozen=True)
class Unfinished:
    id: str
    answered: int
    asked: int
    changed: str  # the date of the last change


def unfinished_audit(
    store: AuditStore, client_id: str, questionnaire: Questionnaire
) -> Unfinished | None:
    """The client's most recently changed audit of `questionnaire` that is not finished."""
    for summary in store.summaries(client_id):  # newest change first
        if summary.questionnaire_id == questionnaire.id and summary.status != Status.COMPLETE:
            changed = summary.updated_at[:10]
            return Unfinished(summary.audit_id, summary.answered, summary.asked, changed)
    return None


def pdf_writer(
    store_folder: str | Path, audit_id: str, target: Path, include_private: bool
) -> Callable[[], Path]:
    def write() -> Path:
        import functools

        from audit.engine import load_view
        from audit.locations import report_templates
        from audit.reporting.batch import Job, Settings, write_report
        from audit.reporting.brand import Brand
        from audit.storage.files import write_atomically_bytes

        settings = Settings(
            functools.partial(load_view, store_folder),
            functools.partial(write_atomically_bytes, shared=not include_private),
            report_templates(),
            Brand(),
            dt.date.today(),
            include_private,
        )
        write_report(settings, Job(audit_id, target))
        return target

    return write
