"""Rows of the PostgreSQL store: how a client, an audit, its answers and its action edits are
written, shared by the store's own operations and its imports and copies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, Audit, Client, answers_of
from audit.domain.respondents import OWNER_ID
from audit.storage.base import NotFound, name_key
from audit.storage.converters import (
    answer_from_doc,
    answer_to_doc,
    audit_from_doc,
    audit_to_doc,
    client_from_doc,
    edit_from_doc,
    edit_to_doc,
    split_answers,
)
from audit.storage.files import StoreCorrupt

if TYPE_CHECKING:
    from audit.storage.postgres import Cursor

CLIENT_COLUMNS = "id, name, sector, contact, created_at"


def insert_client(cur: Cursor, client: Client) -> bool:
    cur.execute(
        "INSERT INTO clients (id, name, name_key, sector, contact, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (*client_row(client), client.created_at),
    )
    return cur.rowcount == 1


def keep_copy(cur: Cursor, digest: str, text: str) -> None:
    # DO UPDATE, not DO NOTHING: it locks the row, so an erasure cannot remove the copy
    # between this statement and the audit that refers to it.
    cur.execute(
        "INSERT INTO questionnaires (hash, body) VALUES (%s, %s) "
        "ON CONFLICT (hash) DO UPDATE SET body = EXCLUDED.body",
        (digest, text),
    )


def insert_audit(cur: Cursor, audit: Audit) -> bool:
    """The audit with its answers and edits; False (nothing written) if its id is taken."""
    cur.execute(
        "INSERT INTO audits (id, client_id, questionnaire_hash, doc) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (audit.id, audit.client_id, audit.questionnaire_hash, Jsonb(audit_to_doc(audit))),
    )
    if cur.rowcount != 1:
        return False
    for respondent in audit.respondents:
        insert_answers(
            cur, audit.id, list(answers_of(audit, respondent.id).values()), respondent.id
        )
    for action_id, edit in audit.action_edits.items():
        upsert_edit(cur, audit.id, action_id, edit)
    return True


def client(row: tuple[Any, ...]) -> Client:
    return client_from_doc(
        dict(zip(("id", "name", "sector", "contact", "created_at"), row, strict=True))
    )


def client_row(client: Client) -> tuple[str, str, str, str, str]:
    return (client.id, client.name, name_key(client.name), client.sector, client.contact)


def insert_answers(
    cur: Cursor, audit_id: str, answers: list[Answer], respondent: str = OWNER_ID
) -> None:
    cur.executemany(
        "INSERT INTO answers (audit_id, respondent, question, doc) VALUES (%s, %s, %s, %s)",
        [(audit_id, respondent, a.question_id, Jsonb(answer_to_doc(a))) for a in answers],
    )


def upsert_edit(cur: Cursor, audit_id: str, action_id: str, edit: ActionEdit) -> None:
    cur.execute(
        "INSERT INTO action_edits (audit_id, action, doc) VALUES (%s, %s, %s) "
        "ON CONFLICT (audit_id, action) DO UPDATE SET doc = EXCLUDED.doc",
        (audit_id, action_id, Jsonb(edit_to_doc(action_id, edit))),
    )


def read_audit(cur: Cursor, audit_id: str, shown: str) -> tuple[int, Audit]:
    """The audit and its version; StoreCorrupt if its rows are not of this store's form."""
    # One round trip: the audit's row with its answers and edits as JSON arrays.
    row = cur.execute(
        "SELECT a.doc, a.client_id, a.version, "
        "(SELECT coalesce(json_agg(json_build_array(respondent, doc) ORDER BY seq), '[]')::text "
        " FROM answers"
        " WHERE audit_id = a.id), "
        "(SELECT coalesce(json_agg(doc ORDER BY seq), '[]')::text FROM action_edits "
        " WHERE audit_id = a.id) "
        "FROM audits a WHERE a.id = %s",
        (audit_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")
    try:
        doc = {**row[0], "id": audit_id, "client_id": row[1]}
        answers, others = split_answers(
            (str(who), answer_from_doc(answer)) for who, answer in json.loads(row[3])
        )
        edits = dict(map(edit_from_doc, json.loads(row[4])))
        audit = audit_from_doc(doc, answers, edits, other_answers=others)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise StoreCorrupt(
            f"{shown}: audit {audit_id} holds data this version cannot read; it was left as it is"
        ) from None
    return int(row[2]), audit
