"""The folder store's list of audits: each audit's progress and score, cached in
summaries.json and stamped with its audit file's size and times, so a list of 1,000 audits
reads only the files that changed since the last list."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from audit.domain.audit import Status
from audit.domain.summary import SUMMARY_FORMAT, AuditSummary, summarise
from audit.storage.base import summary_from_doc, summary_to_doc
from audit.storage.converters import timestamp
from audit.storage.erasure import SAFE_ID
from audit.storage.files import StoreError, dump, read_json, write_atomically

if TYPE_CHECKING:
    from audit.storage.store import Store


def summaries(store: Store, client_id: str | None = None) -> list[AuditSummary]:
    """Every audit's progress and score, newest change first; cheap on a large store.

    Summaries are cached beside the index, each stamped with its audit file's size and
    times, and computed again only for audit files that changed since. An audit whose
    file cannot be read is left out and described in `store.damaged`, so one damaged file
    does not hide the others.
    """
    with store._lock.held():
        with store._index() as db:
            docs = db.table("audits", cache_size=0).all()
        cache = _read_summary_cache(store)
        fresh: dict[str, dict[str, Any]] = {}
        result: list[AuditSummary] = []
        store.damaged = []
        changed = False
        for doc in docs:
            audit_id = str(doc["id"])
            if client_id is not None and doc.get("client_id") != client_id:
                if audit_id in cache:
                    fresh[audit_id] = cache[audit_id]
                continue
            try:
                stamp = _stamp(store, audit_id)
            except StoreError as error:
                store.damaged.append(str(error))
                continue
            cached = cache.get(audit_id)
            summary = _trusted_summary(cached, stamp)
            if summary is not None:
                fresh[audit_id] = cached  # type: ignore[assignment]
            else:
                try:
                    audit = store.load_audit(audit_id)
                    summary = summarise(audit, store.questionnaire_of(audit))
                except StoreError as error:
                    store.damaged.append(str(error))
                    continue
                fresh[audit_id] = {"stamp": stamp, "summary": summary_to_doc(summary)}
                changed = True
            result.append(summary)
        if changed or set(fresh) != set(cache):
            # Only a cache: on a full or read-only disk the list is still shown.
            with contextlib.suppress(StoreError):
                write_atomically(store._summaries_path, dump(fresh))
    result.sort(key=lambda s: s.updated_at, reverse=True)
    return result


def _stamp(store: Store, audit_id: str) -> list[int]:
    try:
        info = os.stat(store._audit_file(audit_id))
    except FileNotFoundError:
        return []
    # A save replaces the file, so its inode changes along with the times and size; the
    # summary format's number makes a cache written by an older version count as stale.
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, SUMMARY_FORMAT]


def _read_summary_cache(store: Store) -> dict[str, dict[str, Any]]:
    try:
        return read_json(store._summaries_path) or {}
    except StoreError:
        return {}  # only a cache: rebuilt from the audit files


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
