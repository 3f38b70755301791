"""Which audits "Since last time" compares: the client's earlier audits of the same
questionnaire, oldest first, ending with the one shown; on both stores."""

from __future__ import annotations

from datetime import UTC, datetime

from audit.domain.loader import load_questionnaire
from audit.engine import audit_history
from audit.storage.base import AuditStore
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
