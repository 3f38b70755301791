"""The audit store: a folder of small TinyDB files, so that saving an answer stays cheap.

    STORE/index.json              clients and audits (who, which questionnaire, mode, created)
    STORE/audits/<id>.json        one audit: its state, answers and action edits
    STORE/questionnaires/<h>.toml the exact questionnaire text each audit was started with
    STORE/summaries.json          a cache of each audit's progress and score, for lists
    STORE/lock                    held for the length of one read-modify-write
    STORE/pending.json            only while an erasure, merge or import is under way

Saving an answer rewrites only that audit's file, so it costs the same at 1 audit and at 1,000.
Every operation takes the lock, reads what it needs, and writes each changed file once,
atomically; only parsed questionnaires, named by content hash, are kept between operations.
docs/storage.md says what is kept where.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, Audit, Client, Mode, Status
from audit.domain.loader import QuestionnaireError, content_hash, load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.domain.respondents import OWNER_ID, Respondent, Role
from audit.domain.summary import AuditSummary
from audit.storage import folder_moves, folder_summaries
from audit.storage.base import (
    MAX_NAME_CHARS,
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
)
from audit.storage.converters import (
    answer_from_doc,
    answer_respondent,
    audit_from_doc,
    audit_to_doc,
    client_from_doc,
    client_to_doc,
    edit_from_doc,
    edit_to_doc,
    split_answers,
)
from audit.storage.erasure import SAFE_ID, Erasure, finish_pending
from audit.storage.files import (
    OneWriteStorage,
    StoreCorrupt,
    StoreError,
    StoreLock,
    damaged,
    read_json,
    write_atomically,
)
from audit.storage.folder_answers import (
    add_respondents,
    remove_answers,
    replace_answers,
    respondent_ids,
)
from audit.storage.folder_migration import SCHEMA_VERSION, check_schema, schema_is_current
from audit.storage.folder_opening import prepare_folder, remove_leftover_temporaries
from audit.storage.transfer import ClientExport

# Kept importable from here: callers and tests have always found them in this module.
__all__ = ["MAX_NAME_CHARS", "SCHEMA_VERSION", "NotFound", "Store", "name_key", "nfc"]

LOCK_TIMEOUT_SECONDS = 5.0


class Store(AuditStore):
    """The folder store (the default): see the module's docstring."""

    def __init__(
        self,
        folder: Path,
        *,
        clock: Clock = utc_now,
        new_id: IdMaker = random_id,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
        create: bool = True,
    ) -> None:
        """Open the store in `folder`; with `create`, start one there if there is none.
        Without it (commands that only read), a missing store is an error: a mistyped --db path
        must not quietly show an empty store."""
        self.folder = folder
        self._clock = clock
        self._new_id = new_id
        self._index_path = folder / "index.json"
        self._audits = folder / "audits"
        self._copies = folder / "questionnaires"
        self._summaries_path = folder / "summaries.json"
        self._parsed: dict[str, Questionnaire] = {}
        self.damaged: list[str] = []  # problems met by the last `each_summary()`
        prepare_folder(folder, create)
        self._lock = StoreLock(folder / "lock", lock_timeout)
        with self._lock.held():
            remove_leftover_temporaries(folder)
            self._check_schema()
            # An erasure a crash interrupted is finished before anything is read.
            finish_pending(self.folder)

    @property
    def location(self) -> Path:
        return self.folder

    @property
    def opened_from(self) -> Path:
        return self.folder

    def erasure_text(self, erasure: Erasure) -> str:
        return erasure.describe(self.folder)

    # -- opening -------------------------------------------------------------------------------

    def _check_schema(self) -> None:
        if schema_is_current(self._index_path):
            return  # the common case, read without TinyDB
        with self._index() as db:
            check_schema(db, self._index_path, self._audits, self._now())

    # -- units of work -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _open(self, path: Path) -> Iterator[TinyDB]:
        """A TinyDB on `path` whose changes are written once, when the block ends without error."""
        with self._lock.held():
            db = TinyDB(path, storage=OneWriteStorage)
            storage = db.storage
            assert isinstance(storage, OneWriteStorage)
            yield db
            storage.commit()

    def _index(self) -> contextlib.AbstractContextManager[TinyDB]:
        return self._open(self._index_path)

    def _audit_file(self, audit_id: str) -> Path:
        if not SAFE_ID.fullmatch(audit_id):  # "../../x" from an index written elsewhere
            raise damaged(
                self._index_path, f"an audit id is not of this store's form ({audit_id!r})"
            )
        return self._audits / f"{audit_id}.json"

    # -- clients -------------------------------------------------------------------------------

    def clients(self) -> list[Client]:
        with self._index() as db:
            docs = db.table("clients", cache_size=0).all()
        return sorted((client_from_doc(d) for d in docs), key=lambda c: c.name.casefold())

    def client(self, client_id: str) -> Client:
        with self._index() as db:
            doc = db.table("clients", cache_size=0).get(Query().id == client_id)
        if doc is None:
            raise NotFound(f"no client with id {client_id!r}")
        return client_from_doc(doc)

    def add_client(self, name: str, sector: str = "", contact: str = "") -> Client:
        name, sector, contact = nfc(name.strip()), nfc(sector), nfc(contact)
        if not name:
            raise StoreError("a client needs a name")
        check_names(("the client name", name), ("the sector", sector), ("the contact", contact))
        with self._index() as db:
            table = db.table("clients", cache_size=0)
            for doc in table.all():
                if name_key(str(doc.get("name", ""))) == name_key(name):
                    return client_from_doc(doc)
            client = Client(self._unused_id(d["id"] for d in table.all()), name, sector, contact)
            client = replace(client, created_at=self._now())
            table.insert(client_to_doc(client))
        return client

    def update_client(
        self, client_id: str, *, sector: str | None = None, contact: str | None = None
    ) -> Client:
        """Change a client's sector or contact; None leaves a field as it is."""
        fields = {
            k: nfc(v.strip())
            for k, v in (("sector", sector), ("contact", contact))
            if v is not None
        }
        check_names(*((f"the {k}", v) for k, v in fields.items()))
        with self._index() as db:
            table = db.table("clients", cache_size=0)
            if not table.update(fields, Query().id == client_id):
                raise NotFound(f"no client with id {client_id!r}")
            doc = table.get(Query().id == client_id)
        assert doc is not None
        return client_from_doc(doc)

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
        with self._index() as db:
            self._keep_copy(digest, questionnaire_text)
            audits = db.table("audits", cache_size=0)
            audit = Audit(
                id=self._unused_id(d["id"] for d in audits.all()),
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
            # The audit's own file first: an index entry never points at a missing file.
            with self._open(self._audit_file(audit.id)) as own:
                own.table("meta", cache_size=0).insert(audit_to_doc(audit))
                own.table("action_edits", cache_size=0).insert_multiple(
                    edit_to_doc(k, e) for k, e in audit.action_edits.items()
                )
            audits.insert(audit_to_doc(audit))
        self._parsed[digest] = questionnaire
        return audit

    def _keep_copy(self, digest: str, text: str) -> None:
        copy = self._copies / f"{digest}.toml"
        if not copy.exists():
            write_atomically(copy, text)

    def audit_ids(self, client_id: str | None = None) -> list[str]:
        """Every audit's id, or only this client's."""
        with self._index() as db:
            docs = db.table("audits", cache_size=0).all()
        return [str(d["id"]) for d in docs if client_id is None or d.get("client_id") == client_id]

    def load_audit(self, audit_id: str) -> Audit:
        path = self._audit_file(audit_id)
        with self._lock.held():
            data = read_json(path)
            if data is None:
                raise NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")
            return self._audit_from_data(path, data)

    def _audit_from_data(self, path: Path, data: dict[str, Any]) -> Audit:
        try:
            meta = next(iter(data["meta"].values()))
            answers, others = split_answers(
                (answer_respondent(d), answer_from_doc(d)) for d in data.get("answers", {}).values()
            )
            edits = dict(edit_from_doc(d) for d in data.get("action_edits", {}).values())
            return audit_from_doc(meta, answers, edits, other_answers=others)
        except (KeyError, StopIteration, TypeError, ValueError, AttributeError):
            raise damaged(path, "the file is not an audit of this store") from None

    def questionnaire_of(self, audit: Audit) -> Questionnaire:
        digest = audit.questionnaire_hash
        if digest not in self._parsed:
            text = self.questionnaire_text(audit)
            try:
                copy = self._copies / f"{digest}.toml"
                self._parsed[digest] = load_questionnaire(text, str(copy))
            except QuestionnaireError as error:
                raise StoreCorrupt(error.problems[0]) from None
        return self._parsed[digest]

    def questionnaire_text(self, audit: Audit) -> str:
        copy = self._copies / f"{audit.questionnaire_hash}.toml"
        try:
            return copy.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise StoreError(
                f"{copy}: the copy of questionnaire {audit.questionnaire_id!r} used by "
                f"audit {audit.id} is missing or unreadable"
            ) from None

    def _put_answers(
        self, audit_id: str, answers: list[Answer], now: str, cursor: str | None, respondent: str
    ) -> Audit:
        fields = {} if cursor is None else {"cursor": cursor}

        def put(db: TinyDB) -> None:
            if respondent not in respondent_ids(db):
                raise unknown_respondent(audit_id, respondent)
            replace_answers(db, answers, respondent)

        return self._change_audit(audit_id, put, now, fields)

    def _put_respondents(
        self, audit_id: str, people: list[tuple[str, Role, list[Answer]]], now: str
    ) -> list[Respondent]:
        found: list[Respondent] = []
        self._change_audit(audit_id, lambda db: found.extend(add_respondents(db, people)), now)
        return found

    def add_time(self, audit_id: str, section_id: str, seconds: float) -> Audit:
        """Add `seconds` to the time spent on a section (a consultant sees it in the summary)."""

        def add(db: TinyDB) -> None:
            meta = db.table("meta", cache_size=0)
            doc = meta.all()[0]
            spent = dict(doc.get("time_spent") or {})
            spent[section_id] = round(float(spent.get(section_id, 0.0)) + seconds, 1)
            meta.update({"time_spent": spent})

        return self._change_audit(audit_id, add, None)

    def set_cursor(self, audit_id: str, question_id: str) -> Audit:
        """Remember where the user is, so leaving (or a crash) resumes on the same question."""
        return self._change_audit(audit_id, lambda db: None, None, {"cursor": question_id})

    def clear_answer(
        self, audit_id: str, question_id: str, respondent_id: str | None = None
    ) -> Audit:
        def remove(db: TinyDB) -> None:
            remove_answers(db, {question_id}, respondent_id or OWNER_ID)

        return self._change_audit(audit_id, remove, self._now())

    def save_action_edit(self, audit_id: str, action_id: str, edit: ActionEdit) -> Audit:
        check_names(("the owner", edit.owner))

        def put(db: TinyDB) -> None:
            db.table("action_edits", cache_size=0).upsert(
                edit_to_doc(action_id, edit), Query().action == action_id
            )

        return self._change_audit(audit_id, put, self._now())

    def set_status(self, audit_id: str, status: Status) -> Audit:
        now = self._now()
        return self._change_audit(audit_id, lambda db: None, now, status_fields(status, now))

    def set_cohort(self, audit_id: str, cohort: str) -> Audit:
        check_names(("the cohort's name", cohort))
        fields = {"cohort": nfc(cohort.strip())}
        return self._change_audit(audit_id, lambda db: None, self._now(), fields)

    def _change_audit(
        self,
        audit_id: str,
        change: Callable[[TinyDB], None],
        now: str | None,
        fields: dict[str, Any] | None = None,
    ) -> Audit:
        """Apply `change` and set `fields` on the audit's own record, in one write.

        `now` stamps the audit as changed; moving the cursor alone passes None.
        """
        path = self._audit_file(audit_id)
        with self._lock.held():
            if not path.exists():
                raise NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")
            with self._open(path) as db:
                change(db)
                changes = dict(fields or {})
                if now is not None:
                    changes["updated_at"] = now
                if changes:
                    db.table("meta", cache_size=0).update(changes)
                data = db.storage.read() or {}
            return self._audit_from_data(path, data)

    # -- erasing, merging, moving (folder_moves.py) ---------------------------------------------

    def delete_audit(self, audit_id: str) -> Erasure:
        """Erase the audit and every copy the store keeps of it (see erasure.py)."""
        return folder_moves.delete_audit(self, audit_id)

    def delete_client(self, client_id: str) -> Erasure:
        """Erase the client and every audit of theirs, with every copy the store keeps."""
        return folder_moves.delete_client(self, client_id)

    def rename_client(self, client_id: str, new_name: str) -> Client:
        return folder_moves.rename_client(self, client_id, new_name)

    def merge_clients(self, duplicate_id: str, into_id: str) -> tuple[int, Erasure]:
        """Give the duplicate's audits to `into`, erase it; how many moved, what went."""
        return folder_moves.merge_clients(self, duplicate_id, into_id)

    def export_client(self, client_id: str) -> tuple[str, int]:
        """A client's export file's text (transfer.py), and how many private notes it holds."""
        return folder_moves.export_client(self, client_id)

    def import_client(self, export: ClientExport) -> tuple[Client, dict[str, str]]:
        """Add an exported client; the client, and the audits given new ids (old -> new)."""
        return folder_moves.import_client(self, export)

    def copy_in(
        self, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
    ) -> bool:
        return folder_moves.copy_in(self, client, audits, questionnaires)

    def each_summary(self, client_id: str | None = None) -> Iterator[AuditSummary]:
        return folder_summaries.each_summary(self, client_id)
