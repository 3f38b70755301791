"""The audit store in a PostgreSQL database, for a team sharing one store (docs/teams.md).

The same operations as the folder store, each one transaction: a change to an audit locks its
row (SELECT ... FOR UPDATE) for the length of its read-modify-write, so two writers take turns
and neither loses the other's answer. Every statement is parameterised; the few identifiers
that vary are composed with psycopg.sql (pg_schema.py). The connection is opened again after it
was lost, so a server restarted under a running TUI is only one failed save.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, Audit, Client, Mode, Status
from audit.domain.loader import QuestionnaireError, content_hash, load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.domain.respondents import OWNER_ID, Respondent, Role
from audit.domain.summary import AuditSummary
from audit.storage import pg_moves, pg_rows, pg_schema
from audit.storage.base import (
    AuditStore,
    Clock,
    IdMaker,
    NotFound,
    check_names,
    name_key,
    nfc,
    random_id,
    status_fields,
    unknown_respondent,
    utc_now,
    with_respondents,
)
from audit.storage.converters import (
    audit_from_doc,
    respondent_to_doc,
    respondents_from_doc,
)
from audit.storage.erasure import Erasure
from audit.storage.files import StoreCorrupt, StoreError
from audit.storage.pg_moves import no_audit
from audit.storage.pg_rows import CLIENT_COLUMNS
from audit.storage.transfer import ClientExport

Cursor = psycopg.Cursor[Any]
Doc = dict[str, Any]
Answers = dict[str, Answer]
Edits = dict[str, ActionEdit]
Change = Callable[[Cursor, Doc, Answers, Edits], None]


class PostgresStore(AuditStore):
    def __init__(
        self,
        url: str,
        *,
        clock: Clock = utc_now,
        new_id: IdMaker = random_id,
        lock_timeout: float = 5.0,
        create: bool = True,
    ) -> None:
        self._url = url
        self._shown = pg_schema.redacted(url)
        self._clock = clock
        self._new_id = new_id
        self._lock_timeout = lock_timeout
        self._parsed: dict[str, Questionnaire] = {}
        self._known: dict[str, tuple[int, Audit]] = {}  # audit id -> (version, as last seen)
        self._connection: psycopg.Connection[Any] | None = None
        self.damaged = []
        try:
            pg_schema.prepare(self._connect(), self._shown, create)
        except psycopg.Error as error:
            raise pg_schema.lost(self._shown, error) from None

    @property
    def location(self) -> str:
        return self._shown

    @property
    def opened_from(self) -> str:
        return self._url

    def erasure_text(self, erasure: Erasure) -> str:
        # No file keeps a copy; the rows are gone once the transaction committed.
        return erasure.describe(Path()).replace("no copy was left", "deleted from the database")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # -- units of work -------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._connection = pg_schema.connect(self._url, self._shown, self._lock_timeout)
        return self._connection

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        """One transaction: committed when the block ends, rolled back on any error."""
        connection = self._connect()
        committing = False
        try:
            with connection.transaction(), connection.cursor() as cur:
                yield cur
                committing = True
        except psycopg.Error as error:
            if connection.broken:
                self.close()  # the next operation connects again
            # Lost during COMMIT, the server may have kept the change: say so, not "not saved".
            raise pg_schema.lost(self._shown, error, committing=committing) from None

    def row_counts(self) -> dict[str, int]:
        try:
            return pg_schema.row_counts(self._connect())
        except psycopg.Error as error:
            raise pg_schema.lost(self._shown, error) from None

    # -- clients -------------------------------------------------------------------------------

    def clients(self) -> list[Client]:
        with self._transaction() as cur:
            rows = cur.execute(f"SELECT {CLIENT_COLUMNS} FROM clients").fetchall()
        return sorted((pg_rows.client(row) for row in rows), key=lambda c: c.name.casefold())

    def client(self, client_id: str) -> Client:
        with self._transaction() as cur:
            return self._client_in(cur, client_id)

    def _client_in(self, cur: Cursor, client_id: str) -> Client:
        row = cur.execute(
            f"SELECT {CLIENT_COLUMNS} FROM clients WHERE id = %s", (client_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no client with id {client_id!r}")
        return pg_rows.client(row)

    def add_client(self, name: str, sector: str = "", contact: str = "") -> Client:
        name, sector, contact = nfc(name.strip()), nfc(sector), nfc(contact)
        if not name:
            raise StoreError("a client needs a name")
        check_names(("the client name", name), ("the sector", sector), ("the contact", contact))
        with self._transaction() as cur:
            while True:
                found = cur.execute(
                    f"SELECT {CLIENT_COLUMNS} FROM clients WHERE name_key = %s", (name_key(name),)
                ).fetchone()
                if found is not None:
                    return pg_rows.client(found)
                ids = [row[0] for row in cur.execute("SELECT id FROM clients")]
                client = Client(self._unused_id(ids), name, sector, contact, self._now())
                # Two programs adding the same name at once: one insert wins, the other
                # finds the winner's row on its next turn of the loop.
                if pg_rows.insert_client(cur, client):
                    return client

    def update_client(
        self, client_id: str, *, sector: str | None = None, contact: str | None = None
    ) -> Client:
        fields = {
            k: nfc(v.strip())
            for k, v in (("sector", sector), ("contact", contact))
            if v is not None
        }
        check_names(*((f"the {k}", v) for k, v in fields.items()))
        with self._transaction() as cur:
            client = self._client_in(cur, client_id)
            client = replace(client, **fields)
            cur.execute(
                "UPDATE clients SET sector = %s, contact = %s WHERE id = %s",
                (client.sector, client.contact, client_id),
            )
        return client

    def rename_client(self, client_id: str, new_name: str) -> Client:
        name = nfc(new_name.strip())
        if not name:
            raise StoreError("a client needs a name")
        check_names(("the client name", name))
        with self._transaction() as cur:
            client = self._client_in(cur, client_id)
            other = cur.execute(
                "SELECT name FROM clients WHERE name_key = %s AND id <> %s",
                (name_key(name), client_id),
            ).fetchone()
            if other is not None:
                raise StoreError(
                    f"a client named {other[0]!r} already exists; "
                    "`audit clients merge` joins two clients"
                )
            cur.execute(
                "UPDATE clients SET name = %s, name_key = %s WHERE id = %s",
                (name, name_key(name), client_id),
            )
        return replace(client, name=name)

    # -- audits --------------------------------------------------------------------------------

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
    ) -> Audit:
        check_names(("the auditor's name", auditor), ("the cohort's name", cohort))
        digest = content_hash(questionnaire_text)
        now = self._now()
        with self._transaction() as cur:
            self._client_in(cur, client.id)
            pg_rows.keep_copy(cur, digest, questionnaire_text)
            while True:
                ids = [row[0] for row in cur.execute("SELECT id FROM audits")]
                audit = Audit(
                    id=self._unused_id(ids),
                    client_id=client.id,
                    questionnaire_id=questionnaire.id,
                    questionnaire_version=questionnaire.version,
                    questionnaire_hash=digest,
                    mode=mode,
                    auditor=nfc(auditor.strip()),
                    cohort=nfc(cohort.strip()),
                    created_at=now,
                    updated_at=now,
                    follows=follows,
                    action_edits=dict(carried or {}),
                )
                if pg_rows.insert_audit(cur, audit):
                    break
        self._parsed[digest] = questionnaire
        return audit

    def audit_ids(self, client_id: str | None = None) -> list[str]:
        with self._transaction() as cur:
            if client_id is None:
                rows = cur.execute("SELECT id FROM audits ORDER BY id").fetchall()
            else:
                rows = cur.execute(
                    "SELECT id FROM audits WHERE client_id = %s ORDER BY id", (client_id,)
                ).fetchall()
        return [str(row[0]) for row in rows]

    def load_audit(self, audit_id: str) -> Audit:
        with self._transaction() as cur:
            return self._audit_in(cur, audit_id)

    def _audit_in(self, cur: Cursor, audit_id: str) -> Audit:
        version, audit = pg_rows.read_audit(cur, audit_id, self._shown)
        self._known[audit_id] = (version, audit)
        return audit

    def questionnaire_text(self, audit: Audit) -> str:
        with self._transaction() as cur:
            row = cur.execute(
                "SELECT body FROM questionnaires WHERE hash = %s", (audit.questionnaire_hash,)
            ).fetchone()
        if row is None:
            raise StoreError(
                f"{self._shown}: the copy of questionnaire {audit.questionnaire_id!r} used by "
                f"audit {audit.id} is missing"
            )
        return str(row[0])

    def questionnaire_of(self, audit: Audit) -> Questionnaire:
        digest = audit.questionnaire_hash
        if digest not in self._parsed:
            text = self.questionnaire_text(audit)
            try:
                self._parsed[digest] = load_questionnaire(text, f"questionnaire {digest[:12]}")
            except QuestionnaireError as error:
                raise StoreCorrupt(error.problems[0]) from None
        return self._parsed[digest]

    # -- changing an audit ---------------------------------------------------------------------

    def _change_audit(
        self,
        audit_id: str,
        change: Change,
        now: str | None,
        fields: Mapping[str, Any] | None = None,
        respondent: str = OWNER_ID,
    ) -> Audit:
        """Lock the audit's row, apply `change` and `fields`, and return the audit as saved;
        all in one transaction. `now` stamps it as changed.

        `change` alters the rows, the audit's own fields (`doc`) and, in step, the answers
        and edits as this program last saw them: when nobody else has changed the audit since
        (its version says so), the saved audit is built from those without reading it all
        back, so a save costs the same at 10 answers and at 1,000. The answers `change` gets
        are `respondent`'s (the owner's unless told)."""
        with self._transaction() as cur:
            row = cur.execute(
                "SELECT doc, version FROM audits WHERE id = %s FOR UPDATE", (audit_id,)
            ).fetchone()
            if row is None:
                raise no_audit(audit_id)
            known = self._known.get(audit_id)
            before = known[1] if known and known[0] == row[1] else self._audit_in(cur, audit_id)
            doc = dict(row[0])
            others = {k: dict(v) for k, v in before.other_answers.items()}
            if respondent != OWNER_ID and respondent not in {r.id for r in before.respondents}:
                raise unknown_respondent(audit_id, respondent)
            owner_answers, edits = dict(before.answers), dict(before.action_edits)
            answers = owner_answers if respondent == OWNER_ID else others.setdefault(respondent, {})
            change(cur, doc, answers, edits)
            doc.update(fields or {})
            if now is not None:
                doc["updated_at"] = now
            # Versions come from one sequence, so a number never means two states of an audit.
            version = cur.execute(
                "UPDATE audits SET doc = %s, version = nextval('audit_versions') WHERE id = %s "
                "RETURNING version",
                (Jsonb(doc), audit_id),
            ).fetchone()
        audit = audit_from_doc(
            {**doc, "client_id": before.client_id}, owner_answers, edits, other_answers=others
        )
        if version is not None:
            self._known[audit_id] = (int(version[0]), audit)
        return audit

    def _put_answers(
        self, audit_id: str, answers: list[Answer], now: str, cursor: str | None, respondent: str
    ) -> Audit:
        fields = {} if cursor is None else {"cursor": cursor}
        put = _replacing(audit_id, answers, lambda: respondent)
        return self._change_audit(audit_id, put, now, fields, respondent)

    def _put_respondents(
        self, audit_id: str, people: list[tuple[str, Role, list[Answer]]], now: str
    ) -> list[Respondent]:
        """One change of the audit for all of them: 1,000 customers of a pulse in one pass
        rather than an audit read and written each."""
        found: list[Respondent] = []

        def add(cur: Cursor, doc: Doc, _answers: Answers, _edits: Edits) -> None:
            known = respondents_from_doc(doc.get("respondents"))
            added, respondents = with_respondents(known, [(name, role) for name, role, _ in people])
            doc["respondents"] = [respondent_to_doc(r) for r in respondents]
            found.extend(added)
            for respondent, (_name, _role, answers) in zip(added, people, strict=True):
                latest = {answer.question_id: answer for answer in answers}
                cur.execute(
                    "DELETE FROM answers WHERE audit_id = %s AND respondent = %s "
                    "AND question = ANY(%s)",
                    (audit_id, respondent.id, list(latest)),
                )
                pg_rows.insert_answers(cur, audit_id, list(latest.values()), respondent.id)

        self._change_audit(audit_id, add, now)
        # The audit the change returns (and keeps) has only the owner's answers in step: the
        # next read builds it afresh with everyone's.
        self._known.pop(audit_id, None)
        return found

    def add_time(self, audit_id: str, section_id: str, seconds: float) -> Audit:
        def add(_cur: Cursor, doc: Doc, _answers: Answers, _edits: Edits) -> None:
            spent = dict(doc.get("time_spent") or {})
            spent[section_id] = round(float(spent.get(section_id, 0.0)) + seconds, 1)
            doc["time_spent"] = spent

        return self._change_audit(audit_id, add, None)

    def set_cursor(self, audit_id: str, question_id: str) -> Audit:
        return self._change_audit(audit_id, _nothing, None, {"cursor": question_id})

    def clear_answer(
        self, audit_id: str, question_id: str, respondent_id: str | None = None
    ) -> Audit:
        respondent = respondent_id or OWNER_ID

        def remove(cur: Cursor, _doc: Doc, answers: Answers, _edits: Edits) -> None:
            cur.execute(
                "DELETE FROM answers WHERE audit_id = %s AND respondent = %s AND question = %s",
                (audit_id, respondent, question_id),
            )
            answers.pop(question_id, None)

        return self._change_audit(audit_id, remove, self._now(), None, respondent)

    def save_action_edit(self, audit_id: str, action_id: str, edit: ActionEdit) -> Audit:
        check_names(("the owner", edit.owner))

        def put(cur: Cursor, _doc: Doc, _answers: Answers, edits: Edits) -> None:
            pg_rows.upsert_edit(cur, audit_id, action_id, edit)
            edits[action_id] = edit

        return self._change_audit(audit_id, put, self._now())

    def set_status(self, audit_id: str, status: Status) -> Audit:
        now = self._now()
        return self._change_audit(audit_id, _nothing, now, status_fields(status, now))

    def set_cohort(self, audit_id: str, cohort: str) -> Audit:
        check_names(("the cohort's name", cohort))
        fields = {"cohort": nfc(cohort.strip())}
        return self._change_audit(audit_id, _nothing, self._now(), fields)

    # -- erasing, merging, moving, lists (pg_moves.py) ----------------------------------------

    def delete_audit(self, audit_id: str) -> Erasure:
        return pg_moves.delete_audit(self, audit_id)

    def delete_client(self, client_id: str) -> Erasure:
        return pg_moves.delete_client(self, client_id)

    def merge_clients(self, duplicate_id: str, into_id: str) -> tuple[int, Erasure]:
        return pg_moves.merge_clients(self, duplicate_id, into_id)

    def export_client(self, client_id: str) -> tuple[str, int]:
        return pg_moves.export_client(self, client_id)

    def import_client(self, export: ClientExport) -> tuple[Client, dict[str, str]]:
        return pg_moves.import_client(self, export)

    def copy_in(
        self, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
    ) -> bool:
        return pg_moves.copy_in(self, client, audits, questionnaires)

    def each_summary(self, client_id: str | None = None) -> Iterator[AuditSummary]:
        """Cached in their own table, each with the version of the audit it was computed
        from, and computed again only for audits changed since."""
        return pg_moves.each_summary(self, client_id)


def _nothing(_cur: Cursor, _doc: Doc, _answers: Answers, _edits: Edits) -> None:
    pass


def _replacing(
    audit_id: str, latest_answers: list[Answer], respondent: Callable[[], str]
) -> Change:
    """The change that stores a respondent's answers, replacing theirs to the same questions."""
    latest = {answer.question_id: answer for answer in latest_answers}

    def put(cur: Cursor, _doc: Doc, answers: Answers, _edits: Edits) -> None:
        # Removed and added again, so the answer moves to the end as in the folder store.
        cur.execute(
            "DELETE FROM answers WHERE audit_id = %s AND respondent = %s AND question = ANY(%s)",
            (audit_id, respondent(), list(latest)),
        )
        pg_rows.insert_answers(cur, audit_id, list(latest.values()), respondent())
        for question in latest:
            answers.pop(question, None)
        answers.update(latest)

    return put
