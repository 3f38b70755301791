"""The audit store: a folder of small TinyDB files, so that saving an answer stays cheap.

    STORE/index.json              clients and audits (who, which questionnaire, mode, created)
    STORE/audits/<id>.json        one audit: its state, answers and action edits
    STORE/questionnaires/<h>.toml the exact questionnaire text each audit was started with
    STORE/summaries.json          a cache of each audit's progress and score, for lists
    STORE/lock                    held for the length of one read-modify-write
    STORE/pending.json            only while an erasure, merge or import is under way
                                  (see erasure.py; docs/storage.md says what is kept where)

Saving an answer rewrites only that audit's file, so it costs the same at 1 audit and at 1,000.
Every operation takes the lock, reads what it needs, and writes each changed file once,
atomically. Nothing is cached between operations except parsed questionnaires, which are
immutable and named by their content hash.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, Audit, Client, Mode, Status
from audit.domain.loader import QuestionnaireError, content_hash, load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.domain.summary import SUMMARY_FORMAT, AuditSummary, summarise
from audit.storage.converters import (
    answer_from_doc,
    answer_to_doc,
    audit_from_doc,
    audit_to_doc,
    client_from_doc,
    client_to_doc,
    edit_from_doc,
    edit_to_doc,
    timestamp,
)
from audit.storage.erasure import (
    JOURNAL,
    SAFE_ID,
    Erasure,
    audits_of,
    clear_journal,
    erase,
    finish_pending,
    merge,
    write_journal,
)
from audit.storage.files import (
    OneWriteStorage,
    StoreCorrupt,
    StoreError,
    StoreLock,
    damaged,
    dump,
    read_json,
    write_atomically,
)
from audit.storage.transfer import ClientExport, export_document, private_notes

SCHEMA_VERSION = 1
STORE_ENTRIES = {
    "index.json",
    "index.json.bak",
    "audits",
    "questionnaires",
    "summaries.json",
    "lock",
    JOURNAL,
}
LOCK_TIMEOUT_SECONDS = 5.0
MAX_NAME_CHARS = 200  # client names, sectors, contacts, auditors, action owners

Clock = Callable[[], datetime]
IdMaker = Callable[[], str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def random_id() -> str:
    return secrets.token_hex(4)


class NotFound(StoreError):
    """No client or audit with that name or id; the message says which."""


class Store:
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

        Without `create` (commands that only read), a missing store is an error: a mistyped
        --db path must not quietly show an empty store.
        """
        self.folder = folder
        self._clock = clock
        self._new_id = new_id
        self._index_path = folder / "index.json"
        self._audits = folder / "audits"
        self._copies = folder / "questionnaires"
        self._summaries_path = folder / "summaries.json"
        self._parsed: dict[str, Questionnaire] = {}
        self.damaged: list[str] = []  # problems met by the last `summaries()`
        self._prepare_folder(create)
        self._lock = StoreLock(folder / "lock", lock_timeout)
        with self._lock.held():
            self._remove_leftover_temporaries()
            self._check_schema()
            # An erasure a crash interrupted is finished before anything is read.
            finish_pending(self.folder)

    # -- opening -------------------------------------------------------------------------------

    def _prepare_folder(self, create: bool) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(
                f"{self.folder}: this is a file, but the store is a folder; "
                "give --db a folder path (it is created if missing)"
            )
        if not self._index_path.exists():
            if not create:
                raise NotFound(
                    f"{self.folder}: no audit store here; check the path, or start one "
                    "with `audit new` or `audit demo`"
                )
            if self.folder.exists() and any(
                entry.name not in STORE_ENTRIES for entry in self.folder.iterdir()
            ):
                raise StoreError(
                    f"{self.folder}: this folder holds other files and no audit store; "
                    "give --db a new or empty folder"
                )
        for folder in (self._audits, self._copies, self.folder / "lock"):
            # A link would make every read, write and clean-up work on files elsewhere.
            if folder.is_symlink() or (
                folder.exists() and folder.name != "lock" and not folder.is_dir()
            ):
                raise StoreCorrupt(
                    f"{folder}: a symbolic link or other file where the store keeps its "
                    "own; it was left as it is and not followed"
                )
        try:
            # Private notes are client data: a new store is for its owner's eyes only.
            for folder in (self.folder, self._audits, self._copies):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"{self.folder}: cannot create the store folder: {error.strerror or error}"
            ) from None

    def _remove_leftover_temporaries(self) -> None:
        # A writer killed between creating its temporary file and renaming it leaves one behind;
        # the real file beside it is whole, so the leftover holds nothing worth keeping.
        for folder in (self.folder, self._audits, self._copies):
            for leftover in folder.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _check_schema(self) -> None:
        with self._index() as db:
            meta = db.table("meta", cache_size=0)
            rows = meta.all()
            if not rows:
                meta.insert({"schema": SCHEMA_VERSION, "created_at": self._now()})
                return
            schema = rows[0].get("schema")
            if not isinstance(schema, int):
                raise damaged(self._index_path, "the file has no schema version")
            if schema > SCHEMA_VERSION:
                raise StoreError(
                    f"{self._index_path}: written by a newer version of audit (schema {schema}, "
                    f"this one reads {SCHEMA_VERSION}); upgrade audit to open it"
                )

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

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    # -- clients -------------------------------------------------------------------------------

    def clients(self) -> list[Client]:
        with self._index() as db:
            docs = db.table("clients", cache_size=0).all()
        return sorted((client_from_doc(d) for d in docs), key=lambda c: c.name.casefold())

    def find_client(self, name: str) -> Client | None:
        """The client with this name (case, surrounding spaces and Unicode form ignored)."""
        wanted = name_key(name)
        return next((c for c in self.clients() if name_key(c.name) == wanted), None)

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
        _check_names(("the client name", name), ("the sector", sector), ("the contact", contact))
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
        _check_names(*((f"the {k}", v) for k, v in fields.items()))
        with self._index() as db:
            table = db.table("clients", cache_size=0)
            if not table.update(fields, Query().id == client_id):
                raise NotFound(f"no client with id {client_id!r}")
            doc = table.get(Query().id == client_id)
        assert doc is not None
        return client_from_doc(doc)

    def _unused_id(self, taken: Iterable[str]) -> str:
        used = set(taken)
        while (candidate := self._new_id()) in used:
            pass
        return candidate

    # -- audits --------------------------------------------------------------------------------

    def create_audit(
        self,
        client: Client,
        questionnaire: Questionnaire,
        questionnaire_text: str,
        *,
        mode: Mode = Mode.SELF,
        auditor: str = "",
    ) -> Audit:
        _check_names(("the auditor's name", auditor))
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
                created_at=now,
                updated_at=now,
            )
            # The audit's own file first: an index entry never points at a missing file.
            with self._open(self._audit_file(audit.id)) as own:
                own.table("meta", cache_size=0).insert(audit_to_doc(audit))
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
            answers = {
                answer.question_id: answer
                for answer in (answer_from_doc(d) for d in data.get("answers", {}).values())
            }
            edits = dict(edit_from_doc(d) for d in data.get("action_edits", {}).values())
            return audit_from_doc(meta, answers, edits)
        except (KeyError, StopIteration, TypeError, ValueError, AttributeError):
            raise damaged(path, "the file is not an audit of this store") from None

    def questionnaire_of(self, audit: Audit) -> Questionnaire:
        """The questionnaire exactly as it was when the audit began."""
        digest = audit.questionnaire_hash
        if digest not in self._parsed:
            copy = self._copies / f"{digest}.toml"
            try:
                text = copy.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise StoreError(
                    f"{copy}: the copy of questionnaire {audit.questionnaire_id!r} used by "
                    f"audit {audit.id} is missing or unreadable"
                ) from None
            try:
                self._parsed[digest] = load_questionnaire(text, str(copy))
            except QuestionnaireError as error:
                raise StoreCorrupt(error.problems[0]) from None
        return self._parsed[digest]

    def save_answer(self, audit_id: str, answer: Answer) -> Audit:
        """Store one answer; the audit resumes on its question next time."""
        return self.save_answers(audit_id, [answer], cursor=answer.question_id)

    def save_answers(
        self, audit_id: str, answers: Iterable[Answer], cursor: str | None = None
    ) -> Audit:
        """Store answers (replacing earlier ones to the same questions) in one atomic write."""
        now = self._now()
        stamped = [a if a.answered_at else replace(a, answered_at=now) for a in answers]
        fields = {} if cursor is None else {"cursor": cursor}
        return self._change_audit(audit_id, lambda db: _put_answers(db, stamped), now, fields)

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

    def clear_answer(self, audit_id: str, question_id: str) -> Audit:
        def remove(db: TinyDB) -> None:
            db.table("answers", cache_size=0).remove(Query().question == question_id)

        return self._change_audit(audit_id, remove, self._now())

    def save_action_edit(self, audit_id: str, action_id: str, edit: ActionEdit) -> Audit:
        _check_names(("the owner", edit.owner))

        def put(db: TinyDB) -> None:
            db.table("action_edits", cache_size=0).upsert(
                edit_to_doc(action_id, edit), Query().action == action_id
            )

        return self._change_audit(audit_id, put, self._now())

    def set_status(self, audit_id: str, status: Status) -> Audit:
        return self._change_audit(audit_id, lambda db: None, self._now(), {"status": status.value})

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

    # -- erasing, merging, moving -----------------------------------------------------------------

    def delete_audit(self, audit_id: str) -> Erasure:
        """Erase the audit and every copy the store keeps of it (see erasure.py)."""
        with self._lock.held():
            finish_pending(self.folder)
            if audit_id not in self.audit_ids():
                raise NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")
            return erase(self.folder, [audit_id], [])

    def delete_client(self, client_id: str) -> Erasure:
        """Erase the client and every audit of theirs, with every copy the store keeps."""
        with self._lock.held():
            finish_pending(self.folder)
            client = self.client(client_id)
            return erase(self.folder, audits_of(self.folder, client_id), [client_id], [client.name])

    def rename_client(self, client_id: str, new_name: str) -> Client:
        name = new_name.strip()
        if not name:
            raise StoreError("a client needs a name")
        _check_names(("the client name", name))
        with self._index() as db:
            table = db.table("clients", cache_size=0)
            for doc in table.all():
                taken = str(doc.get("name", "")).strip().casefold() == name.casefold()
                if taken and doc.get("id") != client_id:
                    raise StoreError(
                        f"a client named {doc.get('name')!r} already exists; "
                        "`audit clients merge` joins two clients"
                    )
            if not table.update({"name": name}, Query().id == client_id):
                raise NotFound(f"no client with id {client_id!r}")
        return self.client(client_id)

    def merge_clients(self, duplicate_id: str, into_id: str) -> tuple[int, Erasure]:
        """Give every audit of the duplicate to `into`, then erase the duplicate; the number of
        audits moved, and what the erasure removed."""
        with self._lock.held():
            finish_pending(self.folder)
            if duplicate_id == into_id:
                raise StoreError("a client cannot be merged into itself")
            duplicate = self.client(duplicate_id)
            self.client(into_id)
            moved = sorted(self.audit_ids(duplicate_id))
            for audit_id in moved:
                self.load_audit(audit_id)  # a damaged one stops the merge before it starts
            return len(moved), merge(self.folder, moved, duplicate_id, into_id, duplicate.name)

    def export_client(self, client_id: str) -> tuple[str, int]:
        """Everything the store holds about a client as the text of one export file
        (transfer.py), and how many private notes it holds."""
        with self._lock.held():
            client = self.client(client_id)
            audits = [self.load_audit(audit_id) for audit_id in self.audit_ids(client_id)]
            texts = {a.questionnaire_hash: self._copy_text(a) for a in audits}
        return export_document(client, audits, texts), private_notes(audits)

    def _copy_text(self, audit: Audit) -> str:
        copy = self._copies / f"{audit.questionnaire_hash}.toml"
        try:
            return copy.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise StoreError(
                f"{copy}: the copy of questionnaire {audit.questionnaire_id!r} used by "
                f"audit {audit.id} is missing or unreadable"
            ) from None

    def import_client(self, export: ClientExport) -> tuple[Client, dict[str, str]]:
        """Add an exported client and their audits; the client, and the audits that had to
        take a new id because this store already uses theirs (old id -> new id)."""
        with self._lock.held():
            finish_pending(self.folder)
            if self.find_client(export.client.name) is not None:
                raise StoreError(
                    f"a client named {export.client.name!r} is already in this store; rename "
                    "it first (`audit clients rename`) to import this one beside it"
                )
            with self._index() as db:
                clients = [str(d["id"]) for d in db.table("clients", cache_size=0).all()]
                taken = {str(d["id"]) for d in db.table("audits", cache_size=0).all()}
            taken |= {path.name.partition(".json")[0] for path in self._audits.iterdir()}
            client = replace(export.client, id=self._unused_id(clients))
            renamed: dict[str, str] = {}
            audits = []
            for audit in export.audits:
                audit_id = audit.id
                if audit_id in taken or not SAFE_ID.fullmatch(audit_id):
                    audit_id = renamed[audit.id] = self._unused_id(taken)
                taken.add(audit_id)
                audits.append(replace(audit, id=audit_id, client_id=client.id))
            # Recorded first, so a crash before the index names them removes what was written.
            write_journal(self.folder, {"operation": "import", "audits": [a.id for a in audits]})
            try:
                self._write_imported(client, audits, export.questionnaires)
            except StoreError as error:
                raise StoreError(
                    f"{error}; nothing was imported (the next command removes what was written)"
                ) from None
            clear_journal(self.folder)
        return client, renamed

    def _write_imported(
        self, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
    ) -> None:
        for digest, text in questionnaires.items():
            self._keep_copy(digest, text)
        for audit in audits:
            write_atomically(self._audit_file(audit.id), dump(_audit_file_data(audit)))
        # The one write that makes them part of the store.
        with self._index() as db:
            db.table("clients", cache_size=0).insert(client_to_doc(client))
            db.table("audits", cache_size=0).insert_multiple(audit_to_doc(a) for a in audits)

    # -- lists ---------------------------------------------------------------------------------

    def summaries(self, client_id: str | None = None) -> list[AuditSummary]:
        """Every audit's progress and score, newest change first; cheap on a large store.

        Summaries are cached beside the index, each stamped with its audit file's size and
        times, and computed again only for audit files that changed since. An audit whose
        file cannot be read is left out and described in `self.damaged`, so one damaged file
        does not hide the others.
        """
        with self._lock.held():
            with self._index() as db:
                docs = db.table("audits", cache_size=0).all()
            cache = self._read_summary_cache()
            fresh: dict[str, dict[str, Any]] = {}
            result: list[AuditSummary] = []
            self.damaged = []
            changed = False
            for doc in docs:
                audit_id = str(doc["id"])
                if client_id is not None and doc.get("client_id") != client_id:
                    if audit_id in cache:
                        fresh[audit_id] = cache[audit_id]
                    continue
                try:
                    stamp = self._stamp(audit_id)
                except StoreError as error:
                    self.damaged.append(str(error))
                    continue
                cached = cache.get(audit_id)
                summary = _trusted_summary(cached, stamp)
                if summary is not None:
                    fresh[audit_id] = cached  # type: ignore[assignment]
                else:
                    try:
                        audit = self.load_audit(audit_id)
                        summary = summarise(audit, self.questionnaire_of(audit))
                    except StoreError as error:
                        self.damaged.append(str(error))
                        continue
                    fresh[audit_id] = {"stamp": stamp, "summary": _summary_to_doc(summary)}
                    changed = True
                result.append(summary)
            if changed or set(fresh) != set(cache):
                # Only a cache: on a full or read-only disk the list is still shown.
                with contextlib.suppress(StoreError):
                    write_atomically(self._summaries_path, dump(fresh))
        result.sort(key=lambda s: s.updated_at, reverse=True)
        return result

    def _stamp(self, audit_id: str) -> list[int]:
        try:
            info = os.stat(self._audit_file(audit_id))
        except FileNotFoundError:
            return []
        # A save replaces the file, so its inode changes along with the times and size; the
        # summary format's number makes a cache written by an older version count as stale.
        return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, SUMMARY_FORMAT]

    def _read_summary_cache(self) -> dict[str, dict[str, Any]]:
        try:
            return read_json(self._summaries_path) or {}
        except StoreError:
            return {}  # only a cache: rebuilt from the audit files


def nfc(text: str) -> str:
    """`text` in composed form (NFC): a name pasted on macOS arrives decomposed ("e" and a
    combining accent) and must be the same name as the one typed elsewhere."""
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """What two client names must share to be the same client."""
    return nfc(nfc(name).strip().casefold())


def _check_names(*named: tuple[str, str]) -> None:
    for what, value in named:
        if len(value.strip()) > MAX_NAME_CHARS:
            raise StoreError(f"{what} is longer than {MAX_NAME_CHARS} characters")


def _audit_file_data(audit: Audit) -> dict[str, Any]:
    """An audit's own file as TinyDB would write it: one table per kind, rows numbered from 1."""

    def rows(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {str(n): doc for n, doc in enumerate(docs, start=1)}

    return {
        "meta": rows([audit_to_doc(audit)]),
        "answers": rows(answer_to_doc(a) for a in audit.answers.values()),
        "action_edits": rows(edit_to_doc(k, e) for k, e in audit.action_edits.items()),
    }


def _put_answers(db: TinyDB, answers: list[Answer]) -> None:
    # One pass to drop the answers being replaced and one to add: a 1,000-answer file stays
    # linear, where an upsert per answer would scan the table once per answer.
    latest = {answer.question_id: answer for answer in answers}
    table = db.table("answers", cache_size=0)
    table.remove(Query().question.one_of(list(latest)))
    table.insert_multiple(answer_to_doc(answer) for answer in latest.values())


def _summary_to_doc(summary: AuditSummary) -> dict[str, Any]:
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
    }


def _summary_from_doc(doc: Mapping[str, Any]) -> AuditSummary:
    return AuditSummary(**doc)


def _trusted_summary(cached: Any, stamp: list[int]) -> AuditSummary | None:
    """The cached summary when its stamp is well-formed and matches the audit file; None when
    it must be computed again (the cache is only a cache, and may come from elsewhere)."""
    if not stamp or not isinstance(cached, dict) or cached.get("stamp") != stamp:
        return None
    try:
        summary = _summary_from_doc(cached["summary"])
        Status(summary.status)
        timestamp(summary.updated_at)
    except (KeyError, TypeError, ValueError):
        return None
    texts = (summary.audit_id, summary.mode, summary.standing, summary.band or "")
    if not all(isinstance(v, str) for v in texts) or not SAFE_ID.fullmatch(summary.audit_id):
        return None
    return summary
