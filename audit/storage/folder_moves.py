"""The folder store's erasures, merges, exports and imports: the operations that touch many
files at once, each recorded in the journal first (erasure.py) so a crash is finished later."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tinydb import Query

from audit.domain.audit import Audit, Client, every_answer
from audit.storage.base import NotFound, check_names
from audit.storage.converters import answer_to_doc, audit_to_doc, client_to_doc, edit_to_doc
from audit.storage.erasure import (
    SAFE_ID,
    Erasure,
    audits_of,
    clear_journal,
    erase,
    finish_pending,
    merge,
    write_journal,
)
from audit.storage.files import StoreError, dump, write_atomically
from audit.storage.transfer import ClientExport, export_document, private_notes

if TYPE_CHECKING:
    from audit.storage.store import Store


def delete_audit(store: Store, audit_id: str) -> Erasure:
    with store._lock.held():
        finish_pending(store.folder)
        if audit_id not in store.audit_ids():
            raise NotFound(f"no audit with id {audit_id!r}; `audit list` shows the ids")
        return erase(store.folder, [audit_id], [])


def delete_client(store: Store, client_id: str) -> Erasure:
    with store._lock.held():
        finish_pending(store.folder)
        client = store.client(client_id)
        return erase(store.folder, audits_of(store.folder, client_id), [client_id], [client.name])


def rename_client(store: Store, client_id: str, new_name: str) -> Client:
    name = new_name.strip()
    if not name:
        raise StoreError("a client needs a name")
    check_names(("the client name", name))
    with store._index() as db:
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
    return store.client(client_id)


def merge_clients(store: Store, duplicate_id: str, into_id: str) -> tuple[int, Erasure]:
    with store._lock.held():
        finish_pending(store.folder)
        if duplicate_id == into_id:
            raise StoreError("a client cannot be merged into itself")
        duplicate = store.client(duplicate_id)
        store.client(into_id)
        moved = sorted(store.audit_ids(duplicate_id))
        for audit_id in moved:
            store.load_audit(audit_id)  # a damaged one stops the merge before it starts
        return len(moved), merge(store.folder, moved, duplicate_id, into_id, duplicate.name)


def export_client(store: Store, client_id: str) -> tuple[str, int]:
    with store._lock.held():
        client = store.client(client_id)
        audits = [store.load_audit(audit_id) for audit_id in store.audit_ids(client_id)]
        texts = {a.questionnaire_hash: store.questionnaire_text(a) for a in audits}
    return export_document(client, audits, texts), private_notes(audits)


def import_client(store: Store, export: ClientExport) -> tuple[Client, dict[str, str]]:
    with store._lock.held():
        finish_pending(store.folder)
        if store.find_client(export.client.name) is not None:
            raise StoreError(
                f"a client named {export.client.name!r} is already in this store; rename "
                "it first (`audit clients rename`) to import this one beside it"
            )
        with store._index() as db:
            clients = [str(d["id"]) for d in db.table("clients", cache_size=0).all()]
            taken = {str(d["id"]) for d in db.table("audits", cache_size=0).all()}
        taken |= {path.name.partition(".json")[0] for path in store._audits.iterdir()}
        client, audits, renamed = store._with_new_ids(export, clients, taken)
        _write_journalled(store, client, audits, export.questionnaires)
    return client, renamed


def copy_in(
    store: Store, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
) -> bool:
    """The client and audits exactly as given, ids included; False if the client is here."""
    with store._lock.held():
        finish_pending(store.folder)
        with store._index() as db:
            clients = {str(d["id"]) for d in db.table("clients", cache_size=0).all()}
            taken = {str(d["id"]) for d in db.table("audits", cache_size=0).all()}
        if client.id in clients:
            return False
        if store.find_client(client.name) is not None:
            raise StoreError(
                f"a client named {client.name!r} is already in this store under another id; "
                "nothing of that client was copied"
            )
        for audit in audits:
            if audit.id in taken or not SAFE_ID.fullmatch(audit.id):
                raise StoreError(
                    f"audit {audit.id!r} of client {client.name!r} cannot be copied: this "
                    "store already has an audit with that id; nothing of that client was copied"
                )
        _write_journalled(store, client, audits, questionnaires)
    return True


def _write_journalled(
    store: Store, client: Client, audits: list[Audit], questionnaires: Mapping[str, str]
) -> None:
    # Recorded first, so a crash before the index names them removes what was written.
    write_journal(store.folder, {"operation": "import", "audits": [a.id for a in audits]})
    try:
        for digest, text in questionnaires.items():
            store._keep_copy(digest, text)
        for audit in audits:
            write_atomically(store._audit_file(audit.id), dump(audit_file_data(audit)))
        # The one write that makes them part of the store.
        with store._index() as db:
            db.table("clients", cache_size=0).insert(client_to_doc(client))
            db.table("audits", cache_size=0).insert_multiple(audit_to_doc(a) for a in audits)
    except StoreError as error:
        raise StoreError(
            f"{error}; nothing was imported (the next command removes what was written)"
        ) from None
    clear_journal(store.folder)


def audit_file_data(audit: Audit) -> dict[str, Any]:
    """An audit's own file as TinyDB would write it: one table per kind, rows numbered from 1."""

    def rows(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {str(n): doc for n, doc in enumerate(docs, start=1)}

    return {
        "meta": rows([audit_to_doc(audit)]),
        "answers": rows(
            {**answer_to_doc(answer), "respondent": respondent}
            for respondent, answer in every_answer(audit)
        ),
        "action_edits": rows(edit_to_doc(k, e) for k, e in audit.action_edits.items()),
    }
