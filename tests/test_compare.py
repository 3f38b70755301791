"""A consultant sets a client's audits side by side: did the actions they marked done work?

Every number below is worked out by hand from the small questionnaire in conftest.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus
from audit.domain.compare import CompareError, Outcome, Trend, compare
from audit.domain.loader import load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.engine import AuditView, view_of
from audit.storage.store import Store
from tests.conftest import SMALL_TOML, FixedClock, counting_ids

FIRST = [
    Answer("asked", 2),  # (2-1)/4 = 25
    Answer("guarantee", "no"),  # 0; basics = (2x25 + 0) / 3 = 16.67
    Answer("reach", ("phone", "email", "chat")),  # 100, not weak
    Answer("hours", 48),  # the worst: 0; channels = (100 + 0) / 2 = 50
    Answer("support", "no"),
    Answer("follow-up", 1),  # 0
    Answer("complaints", "no"),  # 0; after the sale = 0
]
SECOND = [
    Answer("asked", 5),  # 100: no longer weak
    Answer("guarantee", "no"),  # basics = (2x100 + 0) / 3 = 66.67
    Answer("reach", ("phone",)),  # 50: weak now, a new weak spot
    Answer("hours", 26),  # (26-48)/(4-48) = 0.5: 50, better but still weak; channels 50
    Answer("support", "no"),
    Answer("follow-up", 1),
    Answer("complaints", "yes"),  # after the sale = (0 + 100) / 2 = 50
]
THIRD = [*SECOND[:1], Answer("guarantee", "yes"), *SECOND[2:]]  # basics 100


def _audit(store: Store, clock: FixedClock, when: str, answers: list[Answer]) -> str:
    clock.now = datetime.fromisoformat(when).replace(tzinfo=UTC)
    client = store.find_client("Bakery") or store.add_client("Bakery")
    questionnaire = load_questionnaire(SMALL_TOML, "small.toml")
    audit = store.create_audit(client, questionnaire, SMALL_TOML)
    store.save_answers(audit.id, answers)
    return audit.id


def _done(store: Store, audit_id: str, *question_ids: str, status: ActionStatus) -> None:
    for question_id in question_ids:
        store.save_action_edit(audit_id, f"{question_id}/1", ActionEdit(status=status))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store(tmp_path, clock: FixedClock) -> Store:
    return Store(tmp_path / "store", clock=clock, new_id=counting_ids())


@pytest.fixture
def two(store: Store, clock: FixedClock) -> tuple[AuditView, AuditView]:
    first = _audit(store, clock, "2026-09-01T09:00:00", FIRST)
    _done(store, first, "asked", "hours", status=ActionStatus.DONE)
    _done(store, first, "guarantee", status=ActionStatus.DROPPED)
    second = _audit(store, clock, "2026-12-01T09:00:00", SECOND)
    return view_of(store, first), view_of(store, second)


def test_two_audits_give_the_score_changes_worked_out_by_hand(two):
    result = compare(list(reversed(two)))  # the order given does not matter: oldest first
    assert result.audit_ids == (two[0].audit.id, two[1].audit.id)
    # Overall: sections weighted 1, 2, 1: (16.67 + 2x50 + 0) / 4 and (66.67 + 2x50 + 50) / 4.
    assert result.overall == pytest.approx((29.1667, 54.1667), abs=1e-3)
    assert result.overall_delta == pytest.approx(25.0)
    by_id = {s.section_id: s for s in result.sections}
    assert by_id["basics"].scores == pytest.approx((16.6667, 66.6667), abs=1e-3)
    assert by_id["channels"].delta == pytest.approx(0.0)
    assert by_id["after"].delta == pytest.approx(50.0)
    assert by_id["basics"].trend is None  # two audits are not a trend


def test_each_done_action_says_whether_it_worked(two):
    result = compare(two)
    done = {r.action.question_id: r for r in result.done}
    assert set(done) == {"asked", "hours"}
    assert (done["asked"].change.before, done["asked"].change.after) == (25.0, 100.0)
    assert done["asked"].outcome is Outcome.WORKED
    assert done["hours"].change.delta == pytest.approx(50.0)
    assert done["hours"].outcome is Outcome.BETTER  # 50 is still below the weak mark of 67
    assert [r.action.question_id for r in result.dropped] == ["guarantee"]
    assert result.dropped[0].outcome is Outcome.SAME
    still_open = {r.action.question_id: r.outcome for r in result.still_open}
    assert still_open == {"follow-up": Outcome.SAME, "complaints": Outcome.WORKED}
    assert [(c.question_id, c.before, c.after) for c in result.new_weak] == [("reach", 100.0, 50.0)]


def test_three_audits_give_a_trend_per_section(store, clock, two):
    third = _audit(store, clock, "2027-03-01T09:00:00", THIRD)
    result = compare([*two, view_of(store, third)])
    by_id = {s.section_id: s for s in result.sections}
    assert by_id["basics"].trend is Trend.RISING  # 16.67 -> 66.67 -> 100
    assert by_id["channels"].trend is Trend.STEADY  # 50 -> 50 -> 50
    # The actions come from the last two audits: none was marked done in the second.
    assert result.done == ()


def test_a_changed_scale_and_a_removed_question_are_not_compared(store, clock, two):
    changed = SMALL_TOML.replace('version = "1"', 'version = "2"').replace(
        'points = ["Never", "Once", "Sometimes", "Often", "Always"]',
        'points = ["Never", "Sometimes", "Often", "Always"]',
    )
    start = changed.index('[[sections.questions]]\nid = "hours"')
    end = changed.index('[[sections]]\nid = "after"')
    changed = changed[:start] + changed[end:]
    questionnaire: Questionnaire = load_questionnaire(changed, "small.toml")
    clock.now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    audit = store.create_audit(store.find_client("Bakery"), questionnaire, changed)
    store.save_answers(audit.id, [Answer("asked", 4), Answer("reach", ("phone",))])
    first = two[0]
    result = compare([first, view_of(store, audit.id)])
    done = {r.action.question_id: r for r in result.done}
    assert done["asked"].change.why_not == "its answer scale changed"
    assert done["asked"].outcome is Outcome.UNKNOWN
    assert done["hours"].change.why_not == "no longer asked"


def test_audits_of_different_questionnaires_are_refused(two, store):
    text = SMALL_TOML.replace('id = "small"', 'id = "other"', 1)
    other = store.create_audit(
        store.find_client("Bakery"), load_questionnaire(text, "other.toml"), text
    )
    with pytest.raises(CompareError, match="only audits of one questionnaire"):
        compare([two[0], view_of(store, other.id)])
    with pytest.raises(CompareError, match="at least two"):
        compare([two[0]])


def test_audit_compare_prints_the_changes_and_json(cli, tmp_path):
    for args in (
        ("new", "--client", "Bakery", "--questionnaire", "three-phases"),
        ("new", "--client", "Bakery", "--questionnaire", "three-phases"),
    ):
        assert cli(*args)[0] == 0
    code, out, _ = cli("list", "--json")
    first, second = (row["id"] for row in sorted(json.loads(out), key=lambda r: r["id"]))
    code, out, err = cli("compare", first, second)
    assert code == 0, err
    assert "Since last time" in out
    code, out, err = cli("compare", first, second, "--json")
    data = json.loads(out)
    assert data["audits"][0]["id"] in (first, second)
    assert {"overall", "sections", "done", "dropped", "still_open", "new_weak"} <= set(data)
    code, out, err = cli("compare", first)
    assert code != 0 and err.strip().count("\n") == 0
    assert "at least two" in err


def test_a_new_weak_spot_with_a_perception_gap_is_listed_once(store, clock):
    """In the second audit "reach" is weak (phone only: 50) as SECOND has it, and a manager
    who says phone, email and chat (100) makes it a perception gap too: the plan has
    reach/1 and reach/gap, the comparison one new weak spot, reach, 100 -> 50."""
    from audit.domain.respondents import Role

    first = _audit(store, clock, "2026-09-01T09:00:00", FIRST)
    second = _audit(store, clock, "2026-12-01T09:00:00", SECOND)
    store.add_respondent(second, "Lee", Role.MANAGER, [Answer("reach", ("phone", "email", "chat"))])
    later = view_of(store, second)
    assert {"reach/1", "reach/gap"} <= {a.id for a in later.plan}
    result = compare([view_of(store, first), later])
    assert [(c.question_id, c.before, c.after) for c in result.new_weak] == [("reach", 100, 50)]


def test_compare_takes_a_clients_name(cli):
    """`audit compare --client NAME` finds the client's audits itself: of one questionnaire, a
    pulse left out, or one line saying what to add."""
    for questionnaire in ("three-phases", "three-phases", "customer-pulse"):
        assert cli("new", "--client", "Bakery", "--questionnaire", questionnaire)[0] == 0
    code, out, err = cli("compare", "--client", "  bakery ")
    assert (code, err) == (0, "") and "Since last time: Bakery" in out
    assert cli("new", "--client", "Bakery", "--questionnaire", "five-steps")[0] == 0
    code, out, err = cli("compare", "--client", "Bakery")
    assert code == 1 and err == (
        "audit: 'Bakery' has audits of five-steps and three-phases; add --questionnaire ID to "
        "pick one\n"
    )
    code, out, err = cli("compare", "--client", "Bakery", "--questionnaire", "five-steps")
    assert code == 1 and "'Bakery' has one audit of five-steps: nothing to compare yet" in err
    code, out, err = cli("compare", "--client", "Bakery", "--questionnaire", "three-phases")
    assert code == 0 and "Since last time: Bakery" in out
    code, _out, err = cli("compare", "--client", "Nobody")
    assert code == 1 and "no client named 'Nobody'" in err
