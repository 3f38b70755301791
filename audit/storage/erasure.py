"""Erasing audits and clients: every copy the store keeps, gone, and a crash at any point leaves
either the data or nothing.

What an audit and its client leave in the store, and what erasure does to each:

    index.json, index.json.bak       their entries: both files are rewritten without them
    summaries.json                   the audit's cached summary: rewritten without it
    audits/<id>.json, <id>.json.bak  the answers, notes and the version before the last save
    audits/<id>.json.damaged-<time>  a damaged copy `audit repair` moved aside: removed
    index.json.damaged-<time>        a damaged index `audit repair` moved aside: removed if it
                                     names them (it cannot be rewritten)
    .<file>.*.tmp                    a crashed writer's leftovers: removed
    questionnaires/<hash>.toml       a questionnaire copy no remaining audit uses: removed

The first step records what goes in `pending.json` (ids only, never a name or a note). Each
later step can run again without harm, so a store opened after a crash, or `audit repair`,
runs them all again and the erasure finishes. Until the index is rewritten the audits are
whole; after it, nothing lists them; so a crash never leaves a half that `audit list` cannot
read. A merge and an import record themselves the same way (see `finish_pending`).

Every function here expects its caller to hold the store's lock.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.storage.files import (
    StoreCorrupt,
    StoreError,
    backup_of,
    dump,
    parse_store_json,
    read_json,
    sync_folder,
    write_atomically,
    write_atomically_bytes,
)

JOURNAL = "pending.json"
# Ids come from the store's own files, which may have been edited: only one of this shape ever
# becomes part of a file name.
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Every step of an erasure in order; the tests crash the store at each one.
ERASURE_STEPS = (
    "write_journal",
    "prune_index",
    "prune_index_backup",
    "prune_summaries",
    "remove_audit_files",
    "remove_damaged_indexes",
    "remove_temporaries",
    "remove_unused_questionnaires",
    "clear_journal",
)


@dataclass
class Erasure:
    """What one erasure removed: what the user is told, and their proof that it is gone."""

    audits: list[str]
    clients: list[str]  # ids
    names: list[str] = field(default_factory=list)  # the clients' names, when known
    removed: list[Path] = field(default_factory=list)
    rewritten: list[Path] = field(default_factory=list)

    def describe(self, folder: Path) -> str:
        """One line: what was erased, how many files went, which were rewritten without it."""
        audits = len(self.audits)
        what = [f"client {name!r}" for name in self.names]
        if self.clients and not what:
            what.append(_count(len(self.clients), "client"))
        if audits == 1:
            what.append(f"audit {self.audits[0]}")
        elif audits:
            what.append(f"{audits} audits")
        them = "it" if audits + len(self.clients) == 1 else "them"
        done = [f"{_count(len(self.removed), 'file')} removed"] if self.removed else []
        rewritten = sorted({_relative(path, folder) for path in self.rewritten})
        if rewritten:
            done.append(f"{', '.join(rewritten)} rewritten without {them}")
        return f"Erased {' and '.join(what) or 'nothing'}: {'; '.join(done) or 'no copy was left'}."


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'s' * (n != 1)}"


def _relative(path: Path, folder: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(folder))
    return str(path)


# -- the journal ---------------------------------------------------------------------------------


def write_journal(folder: Path, job: dict[str, Any]) -> None:
    write_atomically(folder / JOURNAL, json.dumps(job, sort_keys=True))


def clear_journal(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (folder / JOURNAL).unlink()
    sync_folder(folder)


def read_journal(folder: Path) -> dict[str, Any] | None:
    """The unfinished operation recorded in the store, or None; StoreCorrupt if unreadable."""
    path = folder / JOURNAL
    try:
        job = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        job = None
    if not isinstance(job, dict) or not _well_formed(job):
        raise StoreCorrupt(
            f"{path}: the record of an unfinished erasure, merge or import is damaged; it was "
            "left as it is; delete it only once you have checked that nothing half-done remains"
        )
    return job


def _well_formed(job: dict[str, Any]) -> bool:
    if job.get("operation") not in ("erase", "merge", "import"):
        return False
    lists = [job.get(key, []) for key in ("audits", "clients")]
    if not all(isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in lists):
        return False
    names = [job.get(key) for key in ("client", "into")]
    return job["operation"] != "merge" or all(isinstance(n, str) and n for n in names)


def finish_pending(folder: Path) -> str | None:
    """Finish the operation a crash interrupted, if any; what was done, in one line."""
    job = read_journal(folder)
    if job is None:
        return None
    match job["operation"]:
        case "erase":
            erasure = Erasure(job.get("audits", []), job.get("clients", []))
            run_erasure(folder, erasure)
            return f"finished an interrupted erasure. {erasure.describe(folder)}"
        case "merge":
            move_audits(folder, job.get("audits", []), job["into"])
            erasure = erase(folder, [], [job["client"]])
            return f"finished an interrupted merge. {erasure.describe(folder)}"
        case _:  # import: done if the index lists every audit, else undone
            wanted = job.get("audits", [])
            listed = {str(doc.get("id")) for doc in _table(read_json(_index(folder)), "audits")}
            if set(wanted) <= listed:
                clear_journal(folder)
                return None
            erasure = erase(folder, wanted, [])
            return f"removed what an interrupted import had written. {erasure.describe(folder)}"


# -- erasing -------------------------------------------------------------------------------------


def erase(
    folder: Path, audits: Iterable[str], clients: Iterable[str], names: Iterable[str] = ()
) -> Erasure:
    """Remove every copy of these audits and clients; the ids must be the store's own."""
    erasure = Erasure(sorted(set(audits)), sorted(set(clients)), list(names))
    write_journal(
        folder, {"operation": "erase", "audits": erasure.audits, "clients": erasure.clients}
    )
    try:
        run_erasure(folder, erasure)
    except StoreError as error:
        raise StoreError(
            f"{error}; the erasure is unfinished: `audit repair` (or the next command) finishes it"
        ) from None
    return erasure


def run_erasure(folder: Path, erasure: Erasure) -> None:
    prune_index(folder, erasure)
    prune_index_backup(folder, erasure)
    prune_summaries(folder, erasure)
    remove_audit_files(folder, erasure)
    remove_damaged_indexes(folder, erasure)
    remove_temporaries(folder, erasure)
    remove_unused_questionnaires(folder, erasure)
    clear_journal(folder)


def prune_index(folder: Path, erasure: Erasure) -> None:
    path = _index(folder)
    data = read_json(path)  # a damaged index stops the erasure: `audit repair` first
    if data is not None:
        # No backup of this write: the version it replaces holds what is being erased.
        _rewrite_without(path, data, erasure)


def prune_index_backup(folder: Path, erasure: Erasure) -> None:
    path = backup_of(_index(folder))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return
    try:
        data = parse_store_json(path, raw)
    except StoreCorrupt:
        data = None
    if data is not None:
        _rewrite_without(path, data, erasure)
    elif _names_any(raw, erasure):
        # A damaged backup cannot be pruned: the index just rewritten becomes the backup.
        write_atomically_bytes(path, _index(folder).read_bytes())
        erasure.rewritten.append(path)


def prune_summaries(folder: Path, erasure: Erasure) -> None:
    path = folder / "summaries.json"
    try:
        cache = read_json(path)
    except StoreError:
        cache = None  # only a cache: a damaged one goes, and is built again
        _remove(path, erasure)
    if cache is None:
        return
    gone_audits, gone_clients = set(erasure.audits), set(erasure.clients)
    kept = {
        audit_id: entry
        for audit_id, entry in cache.items()
        if audit_id not in gone_audits
        and (entry.get("summary") or {}).get("client_id") not in gone_clients
    }
    if kept != cache:
        write_atomically(path, dump(kept))
        erasure.rewritten.append(path)


def remove_audit_files(folder: Path, erasure: Erasure) -> None:
    audits = folder / "audits"
    for audit_id in erasure.audits:
        if not SAFE_ID.fullmatch(audit_id):
            continue
        own = f"{audit_id}.json"
        for path in sorted(audits.glob(f"{own}*")) + sorted(audits.glob(f".{own}.*")):
            if path.name == own or path.name.startswith((f"{own}.", f".{own}.")):
                _remove(path, erasure)
    sync_folder(audits)


def remove_damaged_indexes(folder: Path, erasure: Erasure) -> None:
    for path in sorted(folder.glob("index.json.damaged-*")):
        with contextlib.suppress(OSError):
            if _names_any(path.read_bytes(), erasure):
                _remove(path, erasure)
    sync_folder(folder)


def remove_temporaries(folder: Path, erasure: Erasure) -> None:
    # The lock is held, so no writer is using these: they are crashed writers' leftovers, and
    # may be a hard link to an old version of a file.
    for place in (folder, folder / "audits", folder / "questionnaires"):
        for path in sorted(place.glob(".*.tmp")):
            _remove(path, erasure)


def remove_unused_questionnaires(folder: Path, erasure: Erasure) -> None:
    index = _index(folder)
    try:
        listed = _table(read_json(index), "audits") + _table(read_json(backup_of(index)), "audits")
    except StoreError:
        return  # a damaged backup may be put back by `audit repair`: keep every copy it needs
    used = {str(doc.get("questionnaire_hash")) for doc in listed}
    for path in sorted((folder / "questionnaires").glob("*.toml")):
        if path.stem not in used:
            _remove(path, erasure)


def _rewrite_without(path: Path, data: dict[str, Any], erasure: Erasure) -> None:
    gone_audits, gone_clients = set(erasure.audits), set(erasure.clients)
    kept = dict(data)
    for table, gone in (("audits", gone_audits), ("clients", gone_clients)):
        if table in data:
            kept[table] = {k: d for k, d in data[table].items() if str(d.get("id")) not in gone}
    if kept != data:
        write_atomically(path, dump(kept))
        erasure.rewritten.append(path)


def _names_any(raw: bytes, erasure: Erasure) -> bool:
    """Whether a file's bytes name one of the ids (as a JSON string, so never inside a hash)."""
    return any(json.dumps(i).encode() in raw for i in erasure.audits + erasure.clients)


def _remove(path: Path, erasure: Erasure) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"{path}: could not be removed: {error.strerror or error}") from None
    erasure.removed.append(path)


# -- finding what a client has, and moving it -----------------------------------------------------


def audits_of(folder: Path, client_id: str) -> list[str]:
    """Every audit the store holds anything of for this client: those the index lists, and
    leftovers an older version's delete kept (in the index backup and in audit files)."""
    index = _index(folder)
    owner = {str(d.get("id")): d.get("client_id") for d in _table(read_json(index), "audits")}
    found = {audit_id for audit_id, c in owner.items() if c == client_id}
    with contextlib.suppress(StoreError):
        found |= {
            str(d.get("id"))
            for d in _table(read_json(backup_of(index)), "audits")
            if d.get("client_id") == client_id and owner.get(str(d.get("id"))) in (None, client_id)
        }
    mark = b'"client_id":' + json.dumps(client_id).encode()
    for path in (folder / "audits").iterdir():
        audit_id = path.name.partition(".json")[0]
        if audit_id in found or audit_id in owner or not SAFE_ID.fullmatch(audit_id):
            continue
        with contextlib.suppress(OSError):
            if mark in path.read_bytes():
                found.add(audit_id)
    return sorted(found)


def move_audits(folder: Path, audits: Iterable[str], into: str) -> None:
    """Give these audits to another client: each audit's own file, then the index."""
    wanted = set(audits)
    for audit_id in sorted(wanted):
        path = folder / "audits" / f"{audit_id}.json"
        data = read_json(path) if SAFE_ID.fullmatch(audit_id) else None
        if data is not None and _give(data.get("meta", {}), wanted, into):
            write_atomically(path, dump(data), keep_previous=True)
    index = _index(folder)
    data = read_json(index)
    if data is not None and _give(data.get("audits", {}), wanted, into):
        write_atomically(index, dump(data), keep_previous=True)


def _give(docs: dict[str, Any], audits: set[str], into: str) -> bool:
    changed = False
    for doc in docs.values():
        if str(doc.get("id")) in audits and doc.get("client_id") != into:
            doc["client_id"] = into
            changed = True
    return changed


def merge(folder: Path, audits: list[str], duplicate: str, into: str, name: str) -> Erasure:
    """Move the duplicate's audits to `into`, then erase the duplicate."""
    write_journal(
        folder, {"operation": "merge", "audits": audits, "client": duplicate, "into": into}
    )
    move_audits(folder, audits, into)
    return erase(folder, [], [duplicate], [name])


def _index(folder: Path) -> Path:
    return folder / "index.json"


def _table(data: dict[str, Any] | None, name: str) -> list[dict[str, Any]]:
    docs = (data or {}).get(name) or {}
    return [doc for doc in docs.values() if isinstance(doc, dict)]
