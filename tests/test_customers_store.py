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


def test_one_name_too_long_adds_nobody(any_store, small):
    audit = _audit(any_store, small)
    with pytest.raises(StoreError, match="longer than 200 characters"):
        any_store.add_respondents(
            audit.id,
            [("Ann", Role.CUSTOMER, [Answer("asked", 2)]), ("B" * 201, Role.CUSTOMER, [])],
        )
    assert [r.name for r in reopen(any_store).load_audit(audit.id).respondents] == ["Owner"]
