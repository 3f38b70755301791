"""What every audit store offers, whatever keeps it: the folder of TinyDB files (store.py) or a
PostgreSQL database (postgres.py). Everything above the store sees only this interface.

The rules both must keep: each change is saved whole or not at all before the method returns;
a read-modify-write of one audit never loses another writer's change; names are compared the
same way (`name_key`); and each problem reaches the user as one StoreError line.
"""

from __future__ import annotations

import abc
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, Audit, Client, Mode, Status
from audit.domain.cohort import cohort_key
from audit.domain.questionnaire import Questionnaire
from audit.domain.respondents import OWNER_ID, Respondent, Role, next_respondent_id
from audit.domain.summary import SUMMARY_FORMAT, AuditSummary
from audit.storage.erasure import SAFE_ID, Erasure
from audit.storage.files import StoreError
from audit.storage.transfer import ClientExport

MAX_NAME_CHARS = 200  # client names, sectors, contacts, auditors, action owners

Clock = Callable[[], datetime]
IdMaker = Callable[[], str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def random_id() -> str:
    return secrets.token_hex(4)


class NotFound(StoreError):
    """No client or audit with that name or id; the message says which."""


class AuditStore(abc.ABC):
    """The store's operations. Subclasses implement the abstract ones; the rest are shared."""

    damaged: list[str]  # problems met by the last `each_summary()`, one line each
    _clock: Clock
    _new_id: IdMaker

    @property
    @abc.abstractmethod
    def location(self) -> str | Path:
        """Where the store is, as the user gave it (a folder, or a URL without its password)."""

    @property
    @abc.abstractmethod
    def opened_from(self) -> str | Path:
        """What `open_store` takes to open this store again (for report workers): a URL with
        its password, so never shown."""

    def erasure_text(self, erasure: Erasure) -> str:
        """The one line that tells the user what an erasure removed."""
        return erasure.describe(Path())

    # -- clients -------------------------------------------------------------------------------

    @abc.abstractmethod
    def clients(self) -> list[Client]:
        """Every client, by name."""

    @abc.abstractmethod
    def client(self, client_id: str) -> Client: ...

    @abc.abstractmethod
    def add_client(self, name: str, sector: str = "", contact: str = "") -> Client:
        """A new client, or the one that already has this name (see `name_key`)."""

    @abc.abstractmethod
    def update_client(
        self, client_id: str, *, sector: str | None = None, contact: str | None = None
    ) -> Client: ...

    @abc.abstractmethod
    def rename_client(self, client_id: str, new_name: str) -> Client: ...

    def find_client(self, name: str) -> Client | None:
        """The client with this name (case, surrounding spaces and Unicode form ignored)."""
        wanted = name_key(name)
        return next((c for c in self.clients() if name_key(c.name) == wanted), None)

    # -- audits --------------------------------------------------------------------------------

    @abc.abstractmethod
    def create_audit(
        self,
        client: Client,
        questionnaire: Questionnaire,
        questionnaire_text: str,
        *,
        mode: Mode = Mode.SELF,
        auditor: str = "",
        cohort: str = "",
        follows: str = "",
        carried: Mapping[str, ActionEdit] | None = None,
    ) -> Audit: ...

    @abc.abstractmethod
    def audit_ids(self, client_id: str | None = None) -> list[str]:
        """Every audit's id, or only this client's."""

    @abc.abstractmethod
    def load_audit(self, audit_id: str) -> Audit: ...

    @abc.abstractmethod
    def questionnaire_of(self, audit: Audit) -> Questionnaire:
        """The questionnaire exactly as it was when the audit began."""

    @abc.abstractmethod
    def questionnaire_text(self, audit: Audit) -> str:
        """The text of that questionnaire, as the audit was started with it."""

    def resolve_audit_id(self, given: str) -> str:
        """The full id of the audit `given` names: its id, or a prefix only one audit has."""
        given = given.strip()
        ids = self.audit_ids()
        if given in ids:
            return given
        matches = [audit_id for audit_id in ids if given and audit_id.startswith(given)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise NotFound(f"{given!r} fits several audits ({', '.join(sorted(matches))})")
        raise NotFound(f"no audit with id {given!r}; `audit list` shows the ids")

    # -- changing an audit ---------------------------------------------------------------------

    def save_answer(self, audit_id: str, answer: Answer, respondent_id: str | None = None) -> Audit:
        """Store one answer of a respondent (None: the owner, r1); the audit resumes on its
        question next time."""
        return self.save_answers(
            audit_id, [answer], cursor=answer.question_id, respondent_id=respondent_id
        )

    def save_answers(
        self,
        audit_id: str,
        answers: Iterable[Answer],
        cursor: str | None = None,
        respondent_id: str | None = None,
    ) -> Audit:
        """Store a respondent's answers (replacing their earlier ones to the same questions,
        never anyone else's) in one atomic write."""
        now = self._now()
        stamped = [a if a.answered_at else replace(a, answered_at=now) for a in answers]
        return self._put_answers(audit_id, stamped, now, cursor, respondent_id or OWNER_ID)

    @abc.abstractmethod
    def _put_answers(
        self, audit_id: str, answers: list[Answer], now: str, cursor: str | None, respondent: str
    ) -> Audit:
        """Store the answers; NotFound if the audit has no respondent with that id."""

    # -- respondents ---------------------------------------------------------------------------

    def find_respondent(self, audit_id: str, name: str) -> Respondent | None:
        """The audit's respondent with this name (compared as client names are)."""
        wanted = name_key(name)
        audit = self.load_audit(audit_id)
        return next((r for r in audit.respondents if name_key(r.name) == wanted), None)

    def add_respondent(
        self,
        audit_id: str,
        name: str,
        role: Role,
        answers: Iterable[Answer] | None = None,
    ) -> Respondent:
        """Add a respondent to the audit and, if given, their answers, in one write. A name
        the audit already has is that respondent (their role stays as it was)."""
        return self.add_respondents(audit_id, [(name, role, answers or [])])[0]

    def add_respondents(
        self, audit_id: str, people: Iterable[tuple[str, Role, Iterable[Answer]]]
    ) -> list[Respondent]:
        """Several respondents, each with their answers, as `add_respondent` adds one, stored
        together or not at all (`audit import-responses` lands a CSV whole). Every name is
        checked before anything is written."""
        now = self._now()
        checked = []
        for name, role, answers in people:
            clean, stamped = checked_respondent(name, answers, now)
            checked.append((clean, role, stamped))
        return self._put_respondents(audit_id, checked, now)

    @abc.abstractmethod
    def _put_respondents(
        self, audit_id: str, people: list[tuple[str, Role, list[Answer]]], now: str
    ) -> list[Respondent]:
        """Under the audit's lock and in one write: each person found among its respondents
        by name, or added with the next id (`with_respondents`), and their answers stored as
        theirs, replacing their earlier ones to the same questions."""

    @abc.abstractmethod
    def add_time(self, audit_id: str, section_id: str, seconds: float) -> Audit:
        """Add `seconds` to the time spent on a section (a consultant sees it in the summary)."""

    @abc.abstractmethod
    def set_cursor(self, audit_id: str, question_id: str) -> Audit:
        """Remember where the user is, so leaving (or a crash) resumes on the same question."""

    @abc.abstractmethod
    def clear_answer(
        self, audit_id: str, question_id: str, respondent_id: str | None = None
    ) -> Audit: ...

    @abc.abstractmethod
    def save_action_edit(self, audit_id: str, action_id: str, edit: ActionEdit) -> Audit: ...

    @abc.abstractmethod
    def set_status(self, audit_id: str, status: Status) -> Audit: ...

    @abc.abstractmethod
    def set_cohort(self, audit_id: str, cohort: str) -> Audit:
        """Put the audit in this cohort ("" takes it out of any)."""

    # -- erasing, merging, moving -------------------------------------------------------------

    @abc.abstractmethod
    def delete_audit(self, audit_id: str) -> Erasure: ...

    @abc.abstractmethod
    def delete_client(self, client_id: str) -> Erasure: ...

    @abc.abstractmethod
    def merge_clients(self, duplicate_id: str, into_id: str) -> tuple[int, Erasure]: ...

    @abc.abstractmethod
    def export_client(self, client_id: str) -> tuple[str, int]: ...

    @abc.abstractmethod
    def import_client(self, export: ClientExport) -> tuple[Client, dict[str, str]]: ...

    @abc.abstractmethod
    def copy_in(
        self, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
    ) -> bool:
        """Put a client and their audits in this store exactly as they are, ids and times
        included (for `audit store copy`); False, changing nothing, if the client's id is
        already here."""

    # -- lists ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def each_summary(self, client_id: str | None = None) -> Iterator[AuditSummary]:
        """Every audit's progress and score (only the client's, when given), one at a time and
        in no set order, so a caller that keeps a few figures of each (a cohort's report) never
        holds 10,000 of them. Consume it whole before using the store again; what could not be
        read is in `damaged` once it ends."""

    def summaries(self, client_id: str | None = None) -> list[AuditSummary]:
        """Every audit's progress and score, newest change first."""
        result = list(self.each_summary(client_id))
        result.sort(key=lambda s: s.updated_at, reverse=True)
        return result

    def cohort_summaries(self, name: str) -> Iterator[AuditSummary]:
        """The summaries of the audits in cohort `name` (as `cohort_key` compares names), one
        at a time as `each_summary` gives them."""
        key = cohort_key(name)
        return (s for s in self.each_summary() if s.cohort and cohort_key(s.cohort) == key)

    # -- shared helpers ------------------------------------------------------------------------

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _unused_id(self, taken: Iterable[str]) -> str:
        used = set(taken)
        while (candidate := self._new_id()) in used:
            pass
        return candidate

    def _with_new_ids(
        self, export: ClientExport, clients: Iterable[str], taken: set[str]
    ) -> tuple[Client, list[Audit], dict[str, str]]:
        """An imported client under a new id, and its audits with an id of their own where
        theirs is taken or unsafe: (client, audits, old id -> new id). `taken` grows."""
        client = replace(export.client, id=self._unused_id(clients))
        renamed: dict[str, str] = {}
        audits = []
        for audit in export.audits:
            audit_id = audit.id
            if audit_id in taken or not SAFE_ID.fullmatch(audit_id):
                audit_id = renamed[audit.id] = self._unused_id(taken)
            taken.add(audit_id)
            audits.append(replace(audit, id=audit_id, client_id=client.id))
        # A renamed audit is still the one its repeat follows and its actions came from.
        audits = [_renamed_links(audit, renamed) for audit in audits] if renamed else audits
        return client, audits, renamed


def _renamed_links(audit: Audit, renamed: Mapping[str, str]) -> Audit:
    edits = {
        key: replace(edit, carried_from=renamed.get(edit.carried_from, edit.carried_from))
        for key, edit in audit.action_edits.items()
    }
    return replace(audit, follows=renamed.get(audit.follows, audit.follows), action_edits=edits)


def with_respondents(
    respondents: tuple[Respondent, ...], people: Iterable[tuple[str, Role]]
) -> tuple[list[Respondent], tuple[Respondent, ...]]:
    """Each person as a respondent (the one already there by that name, else a new one with
    the next id), and the respondents with them all in it: one pass, so 1,000 customers of a
    pulse cost 1,000 lookups, not a million."""
    everyone = list(respondents)
    by_name = {name_key(r.name): r for r in everyone}
    number = int(next_respondent_id(respondents)[1:])
    found = []
    for name, role in people:
        respondent = by_name.get(name_key(name))
        if respondent is None:
            respondent = Respondent(f"r{number}", name, role)
            number += 1
            by_name[name_key(name)] = respondent
            everyone.append(respondent)
        found.append(respondent)
    return found, tuple(everyone)


def checked_respondent(name: str, answers: Iterable[Answer], now: str) -> tuple[str, list[Answer]]:
    """A respondent's name as stored (trimmed, composed, within the limit) and their answers
    stamped with `now`: what `add_respondent` checks, for a backend adding many at once."""
    name = nfc(name.strip())
    if not name:
        raise StoreError("a respondent needs a name")
    check_names(("the respondent's name", name))
    return name, [a if a.answered_at else replace(a, answered_at=now) for a in answers]


def unknown_respondent(audit_id: str, respondent_id: str) -> NotFound:
    return NotFound(f"audit {audit_id} has no respondent {respondent_id!r}")


def nfc(text: str) -> str:
    """`text` in composed form (NFC): a name pasted on macOS arrives decomposed ("e" and a
    combining accent) and must be the same name as the one typed elsewhere."""
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """What two client names must share to be the same client."""
    return nfc(nfc(name).strip().casefold())


def check_names(*named: tuple[str, str]) -> None:
    for what, value in named:
        if len(value.strip()) > MAX_NAME_CHARS:
            raise StoreError(f"{what} is longer than {MAX_NAME_CHARS} characters")


def status_fields(status: Status, now: str) -> dict[str, str]:
    """The audit fields a change of status sets: finishing keeps the time, reopening clears it."""
    return {"status": status.value, "finished_at": now if status is Status.COMPLETE else ""}


def summary_to_doc(summary: AuditSummary) -> dict[str, Any]:
    return {
        "audit_id": summary.audit_id,
        "client_id": summary.client_id,
        "questionnaire_id": summary.questionnaire_id,
        "status": summary.status,
        "mode": summary.mode,
        "answered": summary.answered,
        "asked": summary.asked,
        "score": summary.score,
        "band": summary.band,
        "standing": summary.standing,
        "draft": summary.draft,
        "updated_at": summary.updated_at,
        "started_at": summary.started_at,
        "finished_at": summary.finished_at,
        "cohort": summary.cohort,
        "section_scores": [list(pair) for pair in summary.section_scores],
        "weak_questions": list(summary.weak_questions),
        "top_actions": list(summary.top_actions),
        "customers": summary.customers,
        "nps": summary.nps,
        "format": SUMMARY_FORMAT,
    }


def summary_from_doc(doc: Mapping[str, Any]) -> AuditSummary:
    """TypeError or ValueError for a document of another format or shape (then recomputed)."""
    fields = dict(doc)
    if fields.pop("format", None) != SUMMARY_FORMAT:
        raise TypeError("a summary of another format")
    pairs = tuple((str(key), _score(value)) for key, value in fields.pop("section_scores"))
    weak = tuple(str(q) for q in fields.pop("weak_questions"))
    top = tuple(str(q) for q in fields.pop("top_actions"))
    customers, nps = int(fields.pop("customers")), _score(fields.pop("nps"))
    return AuditSummary(
        **fields,
        section_scores=pairs,
        weak_questions=weak,
        top_actions=top,
        customers=customers,
        nps=nps,
    )


def _score(value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float):
        raise ValueError(f"not a score: {value!r}")
    return float(value)
