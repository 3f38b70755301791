"""What the screens may ask of the audits, and nothing more: the one object between the screens
and the store. Screens get it as an attribute; they never import the storage layer.

Every call runs on the app's thread (the store is not thread-safe), and a failure is raised as
`StoreError` for the screen's `shows_errors` guard to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.domain.audit import ActionEdit
from audit.domain.summary import AuditSummary
from audit.engine import AuditView, audit_history, view_of
from audit.session import AuditSession
from audit.storage.base import AuditStore


@dataclass(frozen=True)
class Listing:
    """The audits for the home list, newest change first, and what could not be read."""

    summaries: list[AuditSummary]
    client_names: dict[str, str]  # client id -> name
    problems: list[str]


class AuditService:
    def __init__(self, store: AuditStore) -> None:
        self._store = store

    def listing(self) -> Listing:
        summaries = self._store.summaries()
        names = {client.id: client.name for client in self._store.clients()}
        return Listing(summaries, names, list(self._store.damaged))

    def client_names(self) -> list[str]:
        return [client.name for client in self._store.clients()]

    def cohort_names(self) -> list[str]:
        from audit.domain.cohort import cohort_lines

        return [line.name for line in cohort_lines(self._store.summaries())]

    def client_name(self, client_id: str) -> str:
        return self._store.client(client_id).name

    def session(self, audit_id: str) -> AuditSession:
        return AuditSession(self._store, audit_id)

    def view(self, audit_id: str) -> AuditView:
        return view_of(self._store, audit_id)

    def history(self, audit_id: str) -> tuple[AuditView, ...]:
        """The audit's view after the client's earlier audits of its questionnaire, oldest first."""
        return audit_history(self._store, audit_id)

    def save_action_edit(self, audit_id: str, action_id: str, edit: ActionEdit) -> None:
        self._store.save_action_edit(audit_id, action_id, edit)

    def delete_audit(self, audit_id: str) -> str:
        """Erase the audit (as `audit delete` does); what was erased, in a sentence."""
        return self._store.erasure_text(self._store.delete_audit(audit_id))
