"""Three people of one business answer one audit: their combined score, its spread and the
perception gaps, worked out by hand from the small questionnaire (tests/conftest.py) and
docs/scoring.md, "Several respondents"."""

from __future__ import annotations

import pytest

from audit.domain.answers import Answer
from audit.domain.respondents import Role
from audit.engine import view_of
from tests.conftest import SMALL_TOML


def _three_person_audit(store, small):
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(
        audit.id,
        [
            Answer("asked", 5),  # 1.0
            Answer("guarantee", "yes", note="Owner's own note"),  # 1.0
            Answer("reach", ("phone", "email")),  # 0.75
            Answer("hours", 4),  # 1.0
            Answer("support", "yes"),
            Answer("follow-up", 3),  # 2/3
            Answer("complaints", "yes"),  # 1.0
        ],
    )
    store.add_respondent(
        audit.id,
        "Mia",
        Role.STAFF,
        [
            Answer("asked", 1),  # 0.0
            Answer("guarantee", "partly", note="Mia's note"),  # 0.5
            Answer("hours", 26),  # (26 - 48) / (4 - 48) = 0.5
            Answer("follow-up", 2),  # 1/3
            Answer("complaints", "no"),  # 0.0
        ],
    )
    store.add_respondent(
        audit.id,
        "Lee",
        Role.MANAGER,
        [
            Answer("asked", 4),  # 0.75
            Answer("guarantee", "yes"),  # 1.0
            Answer("hours", 48),  # 0.0
            Answer("follow-up", 3),  # 2/3
        ],
    )
    # A customer's answers are kept but never combined into the business's own.
    store.add_respondent(audit.id, "Sam", Role.CUSTOMER, [Answer("asked", 1), Answer("hours", 48)])
    return audit.id


def test_three_respondents_give_the_median_score_and_its_spread(store, small):
    view = view_of(store, _three_person_audit(store, small))
    answers = {q: a.value for q, a in view.audit.answers.items()}
    # Median per question, worst first, lower middle for an even count:
    # asked [Mia 1, Lee 4, Owner 5] -> 4; guarantee [partly, yes, yes] -> yes;
    # hours [Lee 48, Mia 26, Owner 4] -> 26; follow-up [2, 3, 3] -> 3;
    # complaints [Mia no, Owner yes] (two answers) -> the lower, no. Sam is not counted.
    assert answers == {
        "asked": 4,
        "guarantee": "yes",
        "reach": ("phone", "email"),
        "hours": 26,
        "support": "yes",
        "follow-up": 3,
        "complaints": "no",
    }
    # The owner's note stays with the question; Mia's stays hers.
    assert view.audit.answers["guarantee"].note == "Owner's own note"
    sections = {s.section_id: s.score for s in view.score.sections}
    # basics: (2 x 0.75 + 1 x 1.0) / 3 = 83.33; channels: (0.75 + 0.5) / 2 = 62.5;
    # after: (2/3 + 0) / 2 = 33.33 (support weighs 0).
    assert sections == pytest.approx(
        {"basics": 83.333, "channels": 62.5, "after": 33.333}, abs=0.01
    )
    # Overall: (1 x 83.33 + 2 x 62.5 + 1 x 33.33) / 4 = 60.42.
    assert view.score.overall == pytest.approx(60.417, abs=0.01)
    voices = view.voices
    assert voices is not None
    assert [r.name for r in voices.respondents] == ["Owner", "Mia", "Lee"]
    # Each one's own score: Owner (100 + 2 x 87.5 + 83.33) / 4 = 89.58;
    # Mia (16.67 + 2 x 50 + 16.67) / 4 = 33.33; Lee (83.33 + 2 x 0 + 66.67) / 4 = 37.5.
    assert (voices.overall_low, voices.overall_high) == pytest.approx((100 / 3, 89.583), abs=1e-3)
    spread = {q.question_id: (q.low, q.high) for q in voices.questions}
    assert spread["asked"] == (0.0, 100.0)
    assert spread["follow-up"] == pytest.approx((100 / 3, 200 / 3))


def test_perception_gaps_are_ranked_findings_in_the_plan(store, small):
    view = view_of(store, _three_person_audit(store, small))
    assert view.voices is not None
    # At least 50 points apart: asked 0-100, hours 0-100, complaints 0-100, guarantee 50-100;
    # follow-up (33-67) is not. Widest first, then the heavier question (asked counts double),
    # then the questionnaire's order.
    assert [g.question_id for g in view.voices.gaps] == [
        "asked",
        "hours",
        "complaints",
        "guarantee",
    ]
    gap_rows = [a for a in view.plan if a.id.endswith("/gap")]
    assert [a.id for a in gap_rows] == ["asked/gap", "hours/gap", "complaints/gap", "guarantee/gap"]
    asked = gap_rows[0]
    assert asked.reason == (
        'Mia (staff) answered "1 Never" (0/100) and Owner (owner) "5 Always" (100/100): '
        "100 points apart on a question of Basics."
    )
    # Gap rows come right after the fix-first rows; ranks run 1, 2, 3, ... without a hole.
    assert [a.rank for a in view.plan] == list(range(1, len(view.plan) + 1))
    categories = [a.category.value for a in view.plan if a.part.value == "main"]
    first_gap = next(n for n, a in enumerate(view.plan) if a.id.endswith("/gap"))
    assert "fix-first" not in categories[first_gap:]
    # The weak answers' reasons quote the team's combined answer, not "you": complaints is
    # [Mia no, Owner yes], the lower of two, Mia's "no", which the owner never said.
    complaints = next(a for a in view.plan if a.id == "complaints/1")
    assert complaints.reason.startswith('Your team\'s middle answer is "No" (0/100)')


def test_one_respondent_and_customers_change_nothing(store, small):
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(audit.id, [Answer("asked", 5), Answer("hours", 4)])
    before = view_of(store, audit.id)
    store.add_respondent(audit.id, "Sam", Role.CUSTOMER, [Answer("asked", 1)])
    after = view_of(store, audit.id)
    assert after.voices is None and before.voices is None
    assert after.score == before.score and after.plan == before.plan


def test_every_export_carries_the_gap_actions(store, small):
    import csv
    import io
    import json

    import openpyxl

    from audit.reporting.exports import to_json, to_markdown
    from audit.reporting.spreadsheet import plan_to_csv, plan_to_xlsx

    view = view_of(store, _three_person_audit(store, small))
    gap_ids = ["asked/gap", "hours/gap", "complaints/gap", "guarantee/gap"]
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(view))))
    assert [r["id"] for r in rows if r["id"].endswith("/gap")] == gap_ids
    assert rows[[r["id"] for r in rows].index("asked/gap")]["reason"].startswith("Mia (staff)")
    sheet = openpyxl.load_workbook(io.BytesIO(plan_to_xlsx(view))).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert all(gap in cells for gap in gap_ids)
    data = json.loads(to_json(view))
    assert data["voices"]["gaps"] == ["asked", "hours", "complaints", "guarantee"]
    assert [a["id"] for a in data["plan"] if a["id"].endswith("/gap")] == gap_ids
    markdown = to_markdown(view)
    assert "## Where your team sees it differently" in markdown
    assert "Check together: We asked customers what they expect" in markdown


def test_store_copy_carries_respondents(any_store, small, tmp_path):
    from audit.domain.audit import answers_of
    from audit.storage.copying import copy_store
    from audit.storage.store import Store
    from tests.conftest import FixedClock, counting_ids

    source = Store(tmp_path / "source", clock=FixedClock(), new_id=counting_ids())
    audit_id = _three_person_audit(source, small)
    copied = copy_store(source, any_store)
    # 7 of the owner's answers, 5 of Mia's, 4 of Lee's and 2 of Sam's.
    assert copied.answers == 18
    again = any_store.load_audit(audit_id)
    assert [r.name for r in again.respondents] == ["Owner", "Mia", "Lee", "Sam"]
    assert answers_of(again, "r3")["hours"].value == 48


def test_someone_added_who_has_not_answered_changes_nothing(store, small):
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(audit.id, [Answer("asked", 5)])
    before = view_of(store, audit.id)
    store.add_respondent(audit.id, "Mia", Role.STAFF)
    after = view_of(store, audit.id)
    assert after.voices is None and after.score == before.score and after.plan == before.plan


def test_gap_actions_count_towards_the_twelve_rows_of_the_main_plan(store):
    """The three-phases demo fills the main plan: five fixes, four delights, three
    improvements (12), and four rows later. A manager who rates the two worst-rated extras
    (satisfaction-call and proactive-extra, the owner's 1 of 5) at 5 of 5 adds two gaps of 100
    points; the combined answers stay the owner's (the lower middle of two), so the plan is the
    same but for the gaps. Seated after the five fixes, they push the last two main rows,
    billing and close-out, to the top of the later list: still 12 in the plan."""
    from pathlib import Path

    from audit.answer_files import read_answers_file
    from audit.catalog import load_catalog
    from audit.domain.plan import PlanPart
    from audit.engine import apply_answers

    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    audit = store.create_audit(store.add_client("Ruth's Kitchens"), entry.questionnaire, entry.text)
    demo = Path(__file__).parent.parent / "questionnaires" / "demo" / "three-phases.json"
    apply_answers(store, audit.id, read_answers_file(demo)[1])

    def parts(view):
        return {
            part: [a.id for a in view.plan if a.part is part]
            for part in (PlanPart.MAIN, PlanPart.LATER)
        }

    before = parts(view_of(store, audit.id))
    assert len(before[PlanPart.MAIN]) == 12
    assert before[PlanPart.MAIN][-2:] == ["billing/1", "close-out/1"]
    store.add_respondent(
        audit.id,
        "Lee",
        Role.MANAGER,
        [Answer("satisfaction-call", 5), Answer("proactive-extra", 5)],
    )
    after = parts(view_of(store, audit.id))
    gaps = ["satisfaction-call/gap", "proactive-extra/gap"]
    assert sorted(after[PlanPart.MAIN][5:7]) == sorted(gaps)
    assert after[PlanPart.MAIN] == [
        *before[PlanPart.MAIN][:5],
        *after[PlanPart.MAIN][5:7],
        *before[PlanPart.MAIN][5:10],
    ]
    assert after[PlanPart.LATER] == ["billing/1", "close-out/1", *before[PlanPart.LATER]]


def test_the_owners_profile_decides_what_everyone_else_is_asked(store):
    """The owner says the business is a shop with ongoing support, so wait-time (2 minutes at
    best, 20 at worst) and support-line (a five-point scale) are asked. A manager who answers
    only those two, not the profile, is asked them too and counted: wait-time owner 5 minutes
    ((20 - 5) / 18 = 83.3), manager 20 (0): 83 points apart; support-line owner 5 of 5 (100),
    manager 1 (0): 100 apart. Both are perception gaps, widest first."""
    from audit.catalog import load_catalog
    from audit.session import AuditSession

    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    audit = store.create_audit(store.add_client("Corner Shop"), entry.questionnaire, entry.text)
    store.save_answers(
        audit.id,
        [
            Answer("business-kind", "shop"),
            Answer("after-sale-model", "ongoing-support"),
            Answer("wait-time", 5),
            Answer("support-line", 5),
        ],
    )
    lee = store.add_respondent(
        audit.id, "Lee", Role.MANAGER, [Answer("wait-time", 20), Answer("support-line", 1)]
    )
    asked = {q.id for q in AuditSession(store, audit.id, lee.id).asked}
    assert {"wait-time", "support-line"} <= asked and "on-time" not in asked
    view = view_of(store, audit.id)
    assert view.voices is not None
    spreads = {v.question_id: round(v.spread, 1) for v in view.voices.gaps}
    assert spreads == {"support-line": 100.0, "wait-time": 83.3}
    assert [a.id for a in view.plan if a.id.endswith("/gap")] == [
        "support-line/gap",
        "wait-time/gap",
    ]
    # The combined answer is the lower middle of two: the manager's.
    assert (view.audit.answers["wait-time"].value, view.audit.answers["support-line"].value) == (
        20,
        1,
    )


def test_the_json_export_of_a_team_audit_reads_back_into_a_new_audit(small, tmp_path, cli):
    """The export's answers are the combined ones, its plan has the gap rows: read into a new
    audit by `audit answer`, it scores the same, and each row's edit (here the gap's owner) is
    kept by its id, ready for when the gap returns."""
    from audit.domain.audit import ActionEdit
    from audit.reporting.exports import to_json
    from audit.storage.store import Store

    store = Store(tmp_path / "cli-store")  # the store `cli` runs on
    audit_id = _three_person_audit(store, small)
    store.save_action_edit(audit_id, "asked/gap", ActionEdit(owner="Mia"))
    view = view_of(store, audit_id)
    path = tmp_path / "team.json"
    path.write_text(to_json(view), encoding="utf-8")
    fresh = store.create_audit(store.add_client("Copy Ltd"), small, SMALL_TOML)
    code, _out, err = cli("answer", fresh.id, "--file", str(path))
    assert (code, err) == (0, "")
    assert view_of(store, fresh.id).score.overall == pytest.approx(view.score.overall)
    assert store.load_audit(fresh.id).action_edits["asked/gap"].owner == "Mia"


def test_a_gap_is_rounded_once_as_every_page_rounds_it(store, small):
    """hours: the owner's 6 is (48 - 6) / (48 - 4) = 0.9545, 95 points; the manager's 48 is 0.
    Rounded first to 95.5 and then again it was 96 in `audit show` and 95 in the PDF."""
    from audit.domain.voices import gap_lines
    from audit.reporting.team_page import team_context

    audit = store.create_audit(store.add_client("Round Ltd"), small, SMALL_TOML)
    store.save_answers(audit.id, [Answer("hours", 6)])
    store.add_respondent(audit.id, "Lee", Role.MANAGER, [Answer("hours", 48)])
    view = view_of(store, audit.id)
    gap = next(a for a in view.plan if a.id == "hours/gap")
    assert gap.reason == (
        'Lee (manager) answered "48 hours" (0/100) and Owner (owner) "6 hours" (95/100): '
        "95 points apart on a question of Channels."
    )
    assert view.voices is not None
    [(_text, said)] = gap_lines(view.voices, small)
    assert said.endswith("(95 points apart)")
    page = team_context(view)
    assert page["gaps"][0]["spread"] == "95" and page["summary"].endswith(
        "Their own overall scores run from 0 to 95; the audit's score takes the middle answer "
        "per question."
    )


def test_at_most_three_gaps_are_in_the_main_plan_the_rest_wait(store, small):
    """The three people's four gaps, widest first: asked, hours, complaints (100 points each)
    and guarantee (50). The first three are in the main plan after the fixes; guarantee/gap
    waits on the later list."""
    from audit.domain.plan import PlanPart

    view = view_of(store, _three_person_audit(store, small))
    main = [a.id for a in view.plan if a.part is PlanPart.MAIN]
    later = [a.id for a in view.plan if a.part is PlanPart.LATER]
    assert [a for a in main if a.endswith("/gap")] == ["asked/gap", "hours/gap", "complaints/gap"]
    assert later[0] == "guarantee/gap"
