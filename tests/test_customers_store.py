"""Many customers added to one audit at once, on both stores: all of them or none."""

from __future__ import annotations

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import answers_of
from audit.domain.respondents import Respondent, Role
from audit.storage.files import StoreError
from tests.conftest import SMALL_TOML, reopen


def _audit(store, small):
    return store.create_audit(store.add_client("Corner Bakery"), small, SMALL_TOML)


def test_many_customers_land_in_one_go_with_their_own_answers(any_store, small):
    audit = _audit(any_store, small)
    any_store.save_answer(audit.id, Answer("asked", 5))
    added = any_store.add_respondents(
        audit.id,
        [
            ("Ann", Role.CUSTOMER, [Answer("asked", 2)]),
            ("Bo", Role.CUSTOMER, [Answer("asked", 4), Answer("guarantee", "no")]),
        ],
    )
    assert added == [Respondent("r2", "Ann", Role.CUSTOMER), Respondent("r3", "Bo", Role.CUSTOMER)]
    again = reopen(any_store).load_audit(audit.id)
    assert [r.name for r in again.respondents] == ["Owner", "Ann", "Bo"]
    assert {q: a.value for q, a in answers_of(again, "r3").items()} == {
        "asked": 4,
        "guarantee": "no",
    }
    assert answers_of(again, "r2")["asked"].value == 2
    assert again.answers["asked"].value == 5  # the owner's answer is untouched


def test_a_name_already_there_is_that_respondent_and_the_same_store_sees_everyone(any_store, small):
    """Added in one pass: Ann again keeps r2 and her answer to "asked" is replaced, not kept
    twice; the store that added them reads them back at once (no stale copy of the audit)."""
    audit = _audit(any_store, small)
    any_store.add_respondents(audit.id, [("Ann", Role.CUSTOMER, [Answer("asked", 2)])])
    added = any_store.add_respondents(
        audit.id,
        [
            ("ann", Role.CUSTOMER, [Answer("asked", 3)]),
            ("Cy", Role.CUSTOMER, [Answer("asked", 1)]),
        ],
    )
    assert [r.id for r in added] == ["r2", "r3"]
    # The owner's next answer returns the audit as saved: everyone in it.
    saved = any_store.save_answer(audit.id, Answer("guarantee", "yes"))
    for again in (saved, any_store.load_audit(audit.id), reopen(any_store).load_audit(audit.id)):
        assert [r.name for r in again.respondents] == ["Owner", "Ann", "Cy"]
        assert {r: answers_of(again, r)["asked"].value for r in ("r2", "r3")} == {"r2": 3, "r3": 1}
        assert len(answers_of(again, "r2")) == 1


def test_one_name_too_long_adds_nobody(any_store, small):
    audit = _audit(any_store, small)
    with pytest.raises(StoreError, match="longer than 200 characters"):
        any_store.add_respondents(
            audit.id,
            [("Ann", Role.CUSTOMER, [Answer("asked", 2)]), ("B" * 201, Role.CUSTOMER, [])],
        )
    assert [r.name for r in reopen(any_store).load_audit(audit.id).respondents] == ["Owner"]


def test_an_audit_shows_its_clients_latest_pulse_and_only_their_customers(tmp_path):
    import datetime as dt

    from audit.catalog import load_catalog
    from audit.engine import view_of
    from audit.storage.store import Store
    from tests.conftest import FixedClock, counting_ids

    clock = FixedClock()
    store = Store(tmp_path / "store", clock=clock, new_id=counting_ids())
    catalog = load_catalog([])
    three, pulse = catalog.get("three-phases"), catalog.get("customer-pulse")
    client = store.add_client("Acme Plumbing")
    own = store.create_audit(client, three.questionnaire, three.text)
    store.save_answers(own.id, [Answer("business-kind", "shop"), Answer("as-agreed", 5)])
    older = store.create_audit(client, pulse.questionnaire, pulse.text)
    store.add_respondents(older.id, [("Ann", Role.CUSTOMER, [Answer("customer-during", 1)])])
    clock.now += dt.timedelta(days=30)
    newer = store.create_audit(client, pulse.questionnaire, pulse.text)
    # staff and the owner answering the pulse are not customers: left out of what customers say
    store.save_answers(newer.id, [Answer("customer-during", 1)])
    store.add_respondent(newer.id, "Mia", Role.STAFF, [Answer("customer-during", 1)])
    store.add_respondents(
        newer.id, [(f"C{n}", Role.CUSTOMER, [Answer("customer-during", 3)]) for n in range(5)]
    )
    # someone else's pulse is not this client's
    other = store.create_audit(store.add_client("Other"), pulse.questionnaire, pulse.text)
    store.add_respondents(other.id, [("Zed", Role.CUSTOMER, [Answer("customer-during", 5)])])

    view = view_of(store, own.id)
    assert view.customers is not None and view.customers.pulse_audit_id == newer.id
    during = next(row for row in view.customers.rows if row.section_id == "during")
    # you say 100 (as-agreed 5 of 5); five customers at point 3 of 5 = 50: 50 points, a finding
    assert (during.you, during.customers, during.customer_count) == (100.0, 50.0, 5)
    assert during.finding
    assert "customers-during/1" in [a.id for a in view.plan]
    other_view = view_of(store, other.id)  # a pulse audit shows its own customers
    assert other_view.customers is not None and other_view.customers.pulse.customers == 1
