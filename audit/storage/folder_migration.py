"""Bringing a folder store written by an older audit up to this one's schema.

Schema 2 (several respondents per audit): every stored answer names its respondent and every
audit lists its respondents. A schema-1 store had one respondent per audit, so each answer
becomes the owner's (r1) and each audit gets r1 as its only respondent. Each audit file is
rewritten whole and atomically with its previous version kept as a backup; a step already done
is not done again, so a crash part-way through only means the next opening finishes the job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.domain.respondents import OWNER, OWNER_ID
from audit.storage.converters import respondent_to_doc
from audit.storage.files import StoreCorrupt, StoreError, damaged, dump, read_json, write_atomically
from audit.storage.json_stream import table_documents

if TYPE_CHECKING:
    from tinydb import TinyDB

SCHEMA_VERSION = 2  # 2: several respondents per audit


def schema_is_current(index_path: Path) -> bool:
    """Whether the index is stamped with this schema: read without parsing the index whole,
    since every command opens the store and a large index is 3 KB of objects an audit."""
    for _table, meta in table_documents(index_path, {"meta"}):
        return meta.get("schema") == SCHEMA_VERSION
    return False


def check_schema(index: TinyDB, index_path: Path, audits: Path, now: str) -> None:
    """Stamp a new store with this schema, refuse a newer one, migrate an older one."""
    meta = index.table("meta", cache_size=0)
    rows = meta.all()
    if not rows:
        meta.insert({"schema": SCHEMA_VERSION, "created_at": now})
        return
    schema = rows[0].get("schema")
    if not isinstance(schema, int):
        raise damaged(index_path, "the file has no schema version")
    if schema > SCHEMA_VERSION:
        raise StoreError(
            f"{index_path}: written by a newer version of audit (schema {schema}, "
            f"this one reads {SCHEMA_VERSION}); upgrade audit to open it"
        )
    if schema < SCHEMA_VERSION:
        # The audit files first: the version goes up only once they are all done.
        migrate_audit_files(audits)
        meta.update({"schema": SCHEMA_VERSION})


def migrate_audit_files(audits: Path) -> int:
    """Give each audit file in `audits` its respondents; how many files were rewritten. A file
    that cannot be read is left exactly as it is (reading it later says what is wrong)."""
    rewritten = 0
    for path in sorted(audits.glob("*.json")):
        try:
            data = read_json(path)
        except StoreCorrupt:
            continue
        if data is not None and _add_respondents(data):
            write_atomically(path, dump(data), keep_previous=True)
            rewritten += 1
    return rewritten


def _add_respondents(data: dict[str, Any]) -> bool:
    """Whether anything had to change."""
    changed = False
    for answer in (data.get("answers") or {}).values():
        if isinstance(answer, dict) and "respondent" not in answer:
            answer["respondent"] = OWNER_ID
            changed = True
    for meta in (data.get("meta") or {}).values():
        if isinstance(meta, dict) and not meta.get("respondents"):
            meta["respondents"] = [respondent_to_doc(OWNER)]
            changed = True
    return changed
