"""Cohorts: a trainer's workshop of audits, its group report, "You and the group", enrolment.

The cohort of 30 uses the small questionnaire of conftest.py, where every figure can be worked
out on paper. Participant i (0..29) answers:
  asked      = 1 + i % 5   -> 0, .25, .5, .75, 1   (weight 2)   guarantee = yes -> 1 (weight 1)
  reach      = all three   -> 1                     hours = 4 (the best) -> 1
  follow-up  = Always      -> 1                     complaints = "no" when i % 3 == 0, else "yes"
So Basics = 100 x (2 x asked + 1) / 3 is 33.3, 50, 66.7, 83.3 or 100, six participants each;
Channels is 100 for everyone; After the sale = 100 x (1 + complaints) / 2 is 50 for the ten with
i % 3 == 0 and 100 for the other twenty.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pypdf
import pytest

from audit.domain.answers import Answer
from audit.domain.audit import Status
from audit.domain.cohort import cohort_key
from audit.storage.store import Store
from tests.conftest import SMALL_TOML, FixedClock, counting_ids

COHORT = "Spring Workshop 2027"


def participant_name(i: int) -> str:
    return f"Quillfeather Trading {i:02d}"


def answers_of(i: int) -> list[Answer]:
    return [
        Answer("asked", 1 + i % 5),
        Answer("guarantee", "yes"),
        Answer("how", "a note in the box"),
        Answer("reach", ("phone", "email", "chat")),
        Answer("hours", 4),
        Answer("support", "no"),
        Answer("follow-up", 4),
        Answer("complaints", "no" if i % 3 == 0 else "yes"),
    ]


@pytest.fixture
def workshop(tmp_path: Path, small, cli) -> dict[str, str]:
    """30 finished audits and 2 drafts (one untouched, one with a single answer) in COHORT,
    and one audit outside it; returns audit ids by client name."""
    # Audits started in the same second are ordered by id: fixed ids keep the drafts in order.
    store = Store(tmp_path / "cli-store", clock=FixedClock(), new_id=counting_ids())
    ids = {}
    for i in range(30):
        client = store.add_client(participant_name(i))
        audit = store.create_audit(client, small, SMALL_TOML, cohort=COHORT)
        store.save_answers(audit.id, answers_of(i))
        store.set_status(audit.id, Status.COMPLETE)
        ids[client.name] = audit.id
    for name, answers in (("Draftwood Joinery", []), ("Halfway Hats", answers_of(0)[:1])):
        audit = store.create_audit(store.add_client(name), small, SMALL_TOML, cohort=COHORT)
        if answers:
            store.save_answers(audit.id, answers)
        ids[name] = audit.id
    outsider = store.create_audit(store.add_client("Elsewhere Ltd"), small, SMALL_TOML)
    store.save_answers(outsider.id, answers_of(4))
    store.set_status(outsider.id, Status.COMPLETE)
    return ids


def report_json(cli, *extra: str) -> dict:
    # Another spelling of the name: case and spaces around it do not matter.
    code, out, err = cli("cohort", "report", "  spring workshop 2027 ", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_the_group_figures_are_the_ones_worked_out_by_hand(cli, workshop):
    data = report_json(cli)
    assert (data["cohort"], data["audits"], data["finished"]) == (COHORT, 32, 30)
    group = data["questionnaires"][0]
    assert group["participants"] == 30
    sections = {s["id"]: s for s in group["sections"]}
    # Basics: six each of 33.3, 50, 66.7, 83.3, 100: mean (33.3+50+66.7+83.3+100)/5 = 66.7;
    # sorted, the 15th and 16th values are both 66.7, so the median is 66.7.
    assert sections["basics"] == {
        "id": "basics",
        "title": "Basics",
        "count": 30,
        "mean": 66.7,
        "median": 66.7,
        "lowest": 33.3,
        "highest": 100.0,
    }
    # After the sale: ten at 50 and twenty at 100: mean (10x50 + 20x100)/30 = 83.3; the 15th
    # and 16th of the sorted values are 100.
    after = sections["after"]
    assert (after["mean"], after["median"], after["lowest"], after["highest"]) == (
        83.3,
        100.0,
        50.0,
        100.0,
    )
    assert sections["channels"]["mean"] == sections["channels"]["median"] == 100.0


def test_weak_questions_and_top_actions_are_shared_as_worked_out_by_hand(cli, workshop):
    group = report_json(cli)["questionnaires"][0]
    # "asked" is weak (below 0.67) at 0, .25 and .5: i % 5 in {0, 1, 2}, 18 of 30 = 60%;
    # "complaints" is "no" for i % 3 == 0: 10 of 30 = 33.3%. Nothing else scores below .67.
    weak = [(w["question"], w["count"], w["of"], w["percent"]) for w in group["weak_questions"]]
    assert weak == [("asked", 18, 30, 60.0), ("complaints", 10, 30, 33.3)]
    # Nobody has more than these two weak answers, so each is among its owner's first three.
    top = [(a["question"], a["count"], a["percent"]) for a in group["top_actions"]]
    assert top == [("asked", 18, 60.0), ("complaints", 10, 33.3)]
    assert group["top_actions"][0]["action"] == "Ask five customers this month."


def test_bands_are_spread_as_worked_out_by_hand(cli, workshop):
    bands = {b["band"]: b["count"] for b in report_json(cli)["bands"]}
    # Overall = (Basics + 2 x Channels + After) / 4 = (Basics + 200 + After) / 4: below 80 (so
    # Established, not Leading) only where Basics + After < 120, i.e. After 50 and Basics at most
    # 66.7: i % 3 == 0 and i % 5 in {0, 1, 2}, which is i = 0, 6, 12, 15, 21, 27.
    assert bands == {"Leading": 24, "Established": 6, "Developing": 0, "Reactive": 0}


def test_drafts_are_counted_and_listed_anonymously_unless_named(cli, workshop):
    data = report_json(cli)
    # In the order they were started: the untouched one first.
    assert [(d["name"], d["answered"]) for d in data["drafts"]] == [("Draft 1", 0), ("Draft 2", 1)]
    assert "participants" not in data
    named = report_json(cli, "--named")
    assert [d["name"] for d in named["drafts"]] == ["Draftwood Joinery", "Halfway Hats"]
    assert len(named["participants"]) == 30


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_no_name_appears_in_the_anonymous_pdf_and_all_do_with_named(cli, workshop, tmp_path):
    anonymous, named = tmp_path / "room.pdf", tmp_path / "trainer.pdf"
    assert cli("cohort", "report", COHORT, "--out", str(anonymous))[0] == 0
    assert cli("cohort", "report", COHORT, "--out", str(named), "--named")[0] == 0
    text, named_text = pdf_text(anonymous), pdf_text(named)
    for client in workshop:
        assert client not in text
    for client in ("Draftwood Joinery", "Halfway Hats", participant_name(7)):
        assert client in named_text
    assert "Elsewhere Ltd" not in named_text  # not in the cohort
    assert "30" in text and "Draft 2: 1 of" in text
    assert "Ask five customers this month." in text and "60%" in text


def test_csv_holds_the_same_figures(cli, workshop):
    code, out, _ = cli("cohort", "report", COHORT, "--format", "csv")
    assert code == 0
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0] == "kind,questionnaire,name,section,count,of,percent,mean,median,lowest,highest"
    assert "finished,,,,30,32,93.8,,,," in lines  # 30 / 32 = 93.75%
    assert "section,small,Basics,,30,,,66.7,66.7,33.3,100.0" in lines
    assert not any(participant_name(0) in line for line in lines)


def page_with(path: Path, heading: str) -> str:
    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    return next(text for text in pages if text.lstrip().startswith(heading))


def test_you_and_the_group_names_only_its_own_participant(cli, workshop, tmp_path):
    own = participant_name(0)
    target = tmp_path / "own.pdf"
    code, _, err = cli("report", workshop[own], "--cohort-compare", "-o", str(target))
    assert code == 0, err
    page = page_with(target, "You and the group")
    # The 29 others' Basics: five at 33.3, then six each at 50, 66.7, 83.3, 100; their median
    # is the 15th, 66.7; participant 0 has 33.3, so 33 against 67, a difference of -33.
    assert "Basics 33 67 -33 below" in page.replace("\n", " ")
    assert own in page and "29 other" in page
    everything = pdf_text(target)
    assert not any(name in everything for name in workshop if name != own)


def test_a_group_too_small_to_hide_anyone_is_not_compared(cli, tmp_path, small):
    store = Store(tmp_path / "cli-store")
    ids = []
    for i in range(3):  # the participant and two others: a median of two is nearly a person
        audit = store.create_audit(store.add_client(participant_name(i)), small, SMALL_TOML,
                                   cohort="Tiny")  # fmt: skip
        store.save_answers(audit.id, answers_of(i))
        store.set_status(audit.id, Status.COMPLETE)
        ids.append(audit.id)
    target = tmp_path / "own.pdf"
    assert cli("report", ids[0], "--cohort-compare", "-o", str(target))[0] == 0
    page = page_with(target, "You and the group").replace("\n", " ")
    assert "only 2 other participants" in page and "at least 3" in page
    assert "Group median" not in page


def test_cohort_compare_needs_a_cohort(cli):
    cli("demo")
    audit_id = json.loads(cli("list", "--json")[1])[0]["id"]
    code, _, err = cli("report", audit_id, "--cohort-compare")
    assert code == 1
    assert err.startswith(f"audit: audit {audit_id} is in no cohort") and len(err.splitlines()) == 1


def test_cohort_list_and_an_unknown_cohort(cli, workshop):
    code, out, _ = cli("cohort", "list")
    assert code == 0
    assert out.splitlines() == [
        "COHORT                AUDITS  FINISHED  DRAFTS",
        "Spring Workshop 2027  32      30        2",
    ]
    code, _, err = cli("cohort", "report", "Autumn", "--format", "json")
    assert code == 1
    assert err == "audit: no cohort named 'Autumn'; cohorts: 'Spring Workshop 2027'\n"


def test_cohort_names_ignore_case_spaces_and_unicode_form():
    composed = "Café Émile Cohort"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert cohort_key(f"  {decomposed.upper()} ") == cohort_key(composed)


def test_report_by_cohort_makes_one_pdf_for_each_participant(cli, tmp_path, small):
    store = Store(tmp_path / "cli-store")
    for i in range(3):
        audit = store.create_audit(store.add_client(participant_name(i)), small, SMALL_TOML,
                                   cohort="Tiny")  # fmt: skip
        if i:  # the first stays a draft
            store.save_answers(audit.id, answers_of(i))
            store.set_status(audit.id, Status.COMPLETE)
    store.create_audit(store.add_client("Elsewhere Ltd"), small, SMALL_TOML)
    out_dir = tmp_path / "plans"
    code, out, err = cli("report", "--cohort", "tiny", "--out-dir", str(out_dir), "--jobs", "1")
    assert code == 0, err
    assert len(list(out_dir.glob("*.pdf"))) == 3  # the outsider is not in the cohort
    assert "unfinished: 1 of 3" in out
    assert f"3 reports written to {out_dir.absolute()}, 0 failed" in out
