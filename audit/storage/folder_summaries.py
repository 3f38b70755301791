"""The folder store's list of audits: each audit's progress and score, cached in
summaries.json and stamped with its audit file's size and times, so a list of 1,000 audits
reads only the files that changed since the last list."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.domain.audit import Status
from audit.domain.summary import SUMMARY_FORMAT, AuditSummary, summarise
from audit.storage.base import summary_from_doc, summary_to_doc
from audit.storage.converters import timestamp
from audit.storage.erasure import SAFE_ID
from audit.storage.files import StoreError, dump, write_atomically_chunks
from audit.storage.json_stream import reading, table_documents, walk

if TYPE_CHECKING:
    from audit.storage.store import Store


def each_summary(store: Store, client_id: str | None = None) -> Iterator[AuditSummary]:
    """Every audit's summary (only the client's, when given), one at a time, so a caller that
    keeps a few figures of each (a cohort's report) never holds 10,000 of them.

    Summaries are cached beside the index, each stamped with its audit file's size and
    times, and computed again only for audit files that changed since. An audit whose
    file cannot be read is left out and described in `store.damaged`, so one damaged file
    does not hide the others. Neither the index nor the cache is ever parsed whole: both are
    walked one document at a time, and the cache is rewritten from the pieces of its text
    that still hold.
    """
    store.damaged = []
    with store._lock.held():
        # Each audit of the index, and whether it is one of those asked for.
        asked = {
            str(doc.get("id")): client_id is None or doc.get("client_id") == client_id
            for _table, doc in table_documents(store._index_path, {"audits"})
        }
        cache = _SummaryCache(store._summaries_path)
        done: set[str] = set()
        for audit_id, entry, where in cache.entries():
            if audit_id not in asked or audit_id in done:
                continue  # an audit erased or merged since: dropped from the cache
            if not asked[audit_id]:
                cache.keep(where)
                done.add(audit_id)
                continue
            try:
                summary = _trusted_summary(entry, _stamp(store, audit_id))
            except StoreError:
                continue  # said once, below, where it is computed again
            if summary is not None:
                cache.keep(where)
                done.add(audit_id)
                yield summary
        for audit_id, wanted in asked.items():
            if not wanted or audit_id in done:
                continue
            try:
                stamp = _stamp(store, audit_id)
                audit = store.load_audit(audit_id)
                summary = summarise(audit, store.questionnaire_of(audit))
            except StoreError as error:
                store.damaged.append(str(error))
                continue
            cache.add(audit_id, {"stamp": stamp, "summary": summary_to_doc(summary)})
            yield summary
        # Only a cache: on a full or read-only disk the list is still shown.
        with contextlib.suppress(StoreError):
            cache.save()


class _SummaryCache:
    """summaries.json, {audit id: {"stamp": [...], "summary": {...}}}: read one entry at a
    time, and written back from the text of the entries kept and the new ones' JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._text = ""
        self._kept: list[tuple[int, int]] = []  # where each entry kept as it was stands
        self._added: list[str] = []  # each new entry's text, `"id":{...}`
        self._read = 0  # entries met in the file
        self._whole = True  # the file was read to its end without damage

    def entries(self) -> Iterator[tuple[str, Any, tuple[int, int]]]:
        """(audit id, entry, where the entry stands in the text) for each entry, in file
        order; a damaged file ends the entries where its damage starts."""
        try:
            found = walk(self.path)
            if found is None:
                return
            self._text = found.text
            with reading(self.path):
                for audit_id in found.members():
                    start = found.member_start
                    entry = found.value()
                    self._read += 1
                    yield audit_id, entry, (start, found.position)
                found.end()
        except StoreError:
            self._whole = False  # only a cache: what was read stands, the rest is rebuilt

    def keep(self, where: tuple[int, int]) -> None:
        self._kept.append(where)

    def add(self, audit_id: str, entry: dict[str, Any]) -> None:
        self._added.append(f"{json.dumps(audit_id, ensure_ascii=False)}:{dump(entry)}")

    def save(self) -> None:
        """Write the kept and new entries, unless they are exactly what the file holds."""
        if self._whole and not self._added and len(self._kept) == self._read:
            return

        def chunks() -> Iterator[bytes]:
            yield b"{"
            pieces = (self._text[start:end] for start, end in self._kept)
            for n, piece in enumerate(itertools.chain(pieces, self._added)):
                yield (piece if n == 0 else "," + piece).encode("utf-8")
            yield b"}"

        write_atomically_chunks(self.path, chunks())


def _stamp(store: Store, audit_id: str) -> list[int]:
    try:
        info = os.stat(store._audit_file(audit_id))
    except FileNotFoundError:
        return []
    # A save replaces the file, so its inode changes along with the times and size; the
    # summary format's number makes a cache written by an older version count as stale.
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, SUMMARY_FORMAT]


def _trusted_summary(cached: Any, stamp: list[int]) -> AuditSummary | None:
    """The cached summary when its stamp is well-formed and matches the audit file; None when
    it must be computed again (the cache is only a cache, and may come from elsewhere)."""
    if not stamp or not isinstance(cached, dict) or cached.get("stamp") != stamp:
        return None
    try:
        summary = summary_from_doc(cached["summary"])
        Status(summary.status)
        for when in (summary.updated_at, summary.started_at, summary.finished_at):
            timestamp(when)
    except (KeyError, TypeError, ValueError):
        return None
    texts = (summary.audit_id, summary.mode, summary.standing, summary.band or "", summary.cohort)
    if not all(isinstance(v, str) for v in texts) or not SAFE_ID.fullmatch(summary.audit_id):
        return None
    return summary
