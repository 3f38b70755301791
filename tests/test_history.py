"""Which audits "Since last time" compares: the client's earlier audits of the same
questionnaire, oldest first, ending with the one shown; on both stores."""

from __future__ import annotations

from datetime import UTC, datetime

from audit.domain.loader import load_questionnaire
from audit.engine import audit_history
from audit.storage.base import AuditStore
from audit.storage.files import StoreError
from tests.conftest import SMALL_TOML, FixedClock, reopen

OTHER_TOML = SMALL_TOML.replace('id = "small"', 'id = "other"', 1)


def _start(store: AuditStore, clock: FixedClock, when: str, client: str, text: str) -> str:
    clock.now = datetime.fromisoformat(when).replace(tzinfo=UTC)
    owner = store.find_client(client) or store.add_client(client)
    return store.create_audit(owner, load_questionnaire(text, "q.toml"), text).id


def test_the_history_is_the_clients_earlier_audits_of_the_questionnaire(any_store):
    clock = FixedClock()
    store = reopen(any_store, clock=clock)
    # Started out of order on purpose: the dates decide, not the order of creation.
    june = _start(store, clock, "2026-06-01T09:00:00", "Bakery", SMALL_TOML)
    march = _start(store, clock, "2026-03-01T09:00:00", "Bakery", SMALL_TOML)
    _start(store, clock, "2026-04-01T09:00:00", "Bakery", OTHER_TOML)  # another questionnaire
    _start(store, clock, "2026-05-01T09:00:00", "Butcher", SMALL_TOML)  # another client
    september = _start(store, clock, "2026-09-01T09:00:00", "Bakery", SMALL_TOML)

    def ids(audit_id: str, **most: int) -> list[str]:
        return [view.audit.id for view in audit_history(store, audit_id, **most)]

    assert ids(september) == [march, june, september]
    # Only audits started before this one: the June audit's history stops at June.
    assert ids(june) == [march, june]
    assert ids(march) == [march]  # no earlier audit: the view alone
    # At most `most` audits, the latest kept.
    assert ids(september, most=2) == [june, september]
    assert ids(september, most=1) == [september]


def test_an_earlier_audit_that_cannot_be_read_is_left_out(any_store, monkeypatch):
    clock = FixedClock()
    store = reopen(any_store, clock=clock)
    march = _start(store, clock, "2026-03-01T09:00:00", "Bakery", SMALL_TOML)
    june = _start(store, clock, "2026-06-01T09:00:00", "Bakery", SMALL_TOML)
    september = _start(store, clock, "2026-09-01T09:00:00", "Bakery", SMALL_TOML)
    load = store.load_audit

    def damaged(audit_id: str):
        if audit_id == march:
            raise StoreError(f"audit {march}: the file is damaged")
        return load(audit_id)

    monkeypatch.setattr(store, "load_audit", damaged)
    assert [view.audit.id for view in audit_history(store, september)] == [june, september]
