"""The PostgreSQL store's erasures, merges, exports, imports and lists: each one transaction,
so an erasure or an import happens whole or not at all, with no journal to finish later."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from audit.domain.audit import Audit, Client
from audit.domain.summary import AuditSummary, summarise
from audit.storage import pg_rows
from audit.storage.base import NotFound, name_key, summary_from_doc, summary_to_doc
from audit.storage.erasure import Erasure
from audit.storage.files import StoreError
from audit.storage.transfer import ClientExport, export_document, private_notes

if TYPE_CHECKING:
    from audit.storage.postgres import Cursor, PostgresStore


def no_audit(audit_id: str) -> NotFound:
    return NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")


# Questionnaire copies no audit uses any more go with the last audit that used them.
DROP_UNUSED_COPIES = (
    "DELETE FROM questionnaires q WHERE NOT EXISTS "
    "(SELECT 1 FROM audits a WHERE a.questionnaire_hash = q.hash)"
)


def delete_audit(store: PostgresStore, audit_id: str) -> Erasure:
    with store._transaction() as cur:
        cur.execute("DELETE FROM audits WHERE id = %s", (audit_id,))
        if cur.rowcount != 1:
            raise no_audit(audit_id)
        cur.execute(DROP_UNUSED_COPIES)
    return Erasure([audit_id], [])


def delete_client(store: PostgresStore, client_id: str) -> Erasure:
    with store._transaction() as cur:
        client = store._client_in(cur, client_id)
        rows = cur.execute(
            "DELETE FROM audits WHERE client_id = %s RETURNING id", (client_id,)
        ).fetchall()
        cur.execute("DELETE FROM clients WHERE id = %s", (client_id,))
        cur.execute(DROP_UNUSED_COPIES)
    return Erasure(sorted(str(row[0]) for row in rows), [client_id], [client.name])


def merge_clients(store: PostgresStore, duplicate_id: str, into_id: str) -> tuple[int, Erasure]:
    if duplicate_id == into_id:
        raise StoreError("a client cannot be merged into itself")
    with store._transaction() as cur:
        duplicate = store._client_in(cur, duplicate_id)
        store._client_in(cur, into_id)
        # A new version makes each moved audit's cached summary (which names its client) stale.
        cur.execute(
            "UPDATE audits SET client_id = %s, version = nextval('audit_versions') "
            "WHERE client_id = %s",
            (into_id, duplicate_id),
        )
        moved = cur.rowcount
        cur.execute("DELETE FROM clients WHERE id = %s", (duplicate_id,))
    return moved, Erasure([], [duplicate_id], [duplicate.name])


def export_client(store: PostgresStore, client_id: str) -> tuple[str, int]:
    with store._transaction() as cur:
        client = store._client_in(cur, client_id)
        ids = [
            r[0] for r in cur.execute("SELECT id FROM audits WHERE client_id = %s", (client_id,))
        ]
        audits = [store._audit_in(cur, audit_id) for audit_id in ids]
        texts = dict(
            cur.execute(
                "SELECT hash, body FROM questionnaires WHERE hash = ANY(%s)",
                ([a.questionnaire_hash for a in audits],),
            ).fetchall()
        )
    return export_document(client, audits, texts), private_notes(audits)


def import_client(store: PostgresStore, export: ClientExport) -> tuple[Client, dict[str, str]]:
    with store._transaction() as cur:
        taken_name = cur.execute(
            "SELECT 1 FROM clients WHERE name_key = %s", (name_key(export.client.name),)
        ).fetchone()
        if taken_name is not None:
            raise StoreError(
                f"a client named {export.client.name!r} is already in this store; rename "
                "it first (`audit clients rename`) to import this one beside it"
            )
        clients = [row[0] for row in cur.execute("SELECT id FROM clients")]
        taken = {row[0] for row in cur.execute("SELECT id FROM audits")}
        client, audits, renamed = store._with_new_ids(export, clients, taken)
        _write_client(store, cur, client, audits, export.questionnaires)
    return client, renamed


def copy_in(
    store: PostgresStore, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
) -> bool:
    with store._transaction() as cur:
        if cur.execute("SELECT 1 FROM clients WHERE id = %s", (client.id,)).fetchone():
            return False
        _write_client(store, cur, client, audits, questionnaires)
    return True


def _write_client(
    store: PostgresStore, cur: Cursor, client: Client, audits: list[Audit], texts: Mapping[str, str]
) -> None:
    if not pg_rows.insert_client(cur, client):
        raise StoreError(
            f"a client named {client.name!r} is already in this store under another id; "
            "nothing of that client was copied"
        )
    for digest, text in texts.items():
        pg_rows.keep_copy(cur, digest, text)
    for audit in audits:
        if not pg_rows.insert_audit(cur, audit):
            raise StoreError(
                f"audit {audit.id!r} of client {client.name!r}: this store already has an "
                "audit with that id; nothing of that client was written"
            )


# -- lists ---------------------------------------------------------------------------------


# Rows fetched from the server at a time: a list of 10,000 audits is never in memory at once.
SUMMARY_ROWS_AT_A_TIME = 500


def each_summary(store: PostgresStore, client_id: str | None = None) -> Iterator[AuditSummary]:
    """Summaries are cached in their own table, each with the version of the audit it was
    computed from, and computed again only for audits changed since. The rows come through a
    server-side cursor; the stale ones are summarised once it is closed."""
    store.damaged = []
    stale: list[tuple[str, int]] = []
    with store._transaction() as cur, cur.connection.cursor(name="each_summary") as rows:
        rows.itersize = SUMMARY_ROWS_AT_A_TIME
        rows.execute(
            "SELECT a.id, a.version, s.version, s.doc FROM audits a "
            "LEFT JOIN summaries s ON s.audit_id = a.id "
            "WHERE %(client)s::text IS NULL OR a.client_id = %(client)s",
            {"client": client_id},
        )
        for audit_id, version, cached_version, cached in rows:
            summary = _cached(cached) if cached_version == version else None
            if summary is None:
                stale.append((audit_id, version))
            else:
                yield summary
    for audit_id, version in stale:
        try:
            summary = _summarise(store, audit_id, version)
        except StoreError as error:
            store.damaged.append(str(error))
            continue
        yield summary


def _summarise(store: PostgresStore, audit_id: str, version: int) -> AuditSummary:
    audit = store.load_audit(audit_id)
    summary = summarise(audit, store.questionnaire_of(audit))
    with store._transaction() as cur:
        # Stamped with the version read before loading: a change made since leaves it stale.
        cur.execute(
            "INSERT INTO summaries (audit_id, version, doc) "
            "SELECT id, %s, %s FROM audits WHERE id = %s "
            "ON CONFLICT (audit_id) DO UPDATE SET version = EXCLUDED.version, doc = EXCLUDED.doc",
            (version, Jsonb(summary_to_doc(summary)), audit_id),
        )
    return summary


def _cached(doc: Any) -> AuditSummary | None:
    try:
        return summary_from_doc(doc)
    except (TypeError, ValueError, KeyError):  # written by a version with other fields
        return None
