"""A consultant repeats a client's audit three months on with `audit repeat`: the newest version
of the questionnaire, the open actions carried over with their owner, date and status, no answer
copied, and last time's answer beside each question.

The numbers are worked out by hand from the small questionnaire in conftest.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus, Mode, Status
from audit.domain.compare import Outcome, compare
from audit.domain.loader import load_questionnaire
from audit.engine import view_of
from audit.session import AuditSession
from audit.session.last_time import last_time_line
from audit.storage.opening import open_store
from tests.conftest import SMALL_TOML

# The file three months on: "asked" renamed (and says so), the follow-up scale grown from four
# points to five, the complaint hours question gone and a question about reviews new.
SMALL_V2 = (
    SMALL_TOML.replace('version = "1"', 'version = "2"')
    .replace('id = "asked"\n', 'id = "asked-customers"\nreplaces = ["asked"]\n')
    .replace(
        'points = ["Never", "Rarely", "Often", "Always"]',
        'points = ["Never", "Rarely", "Sometimes", "Often", "Always"]',
    )
    .replace(
        '[[sections]]\nid = "channels"',
        '[[sections.questions]]\nid = "reviews"\ntext = "We reply to every online review"\n'
        'help = "A reply shows the next reader that someone cares."\nkind = "yes-partly-no"\n'
        'actions = ["Reply to each review within two days."]\n\n[[sections]]\nid = "channels"',
    )
)
_HOURS = SMALL_V2.index('[[sections.questions]]\nid = "hours"')
SMALL_V2 = SMALL_V2[:_HOURS] + SMALL_V2[SMALL_V2.index('[[sections]]\nid = "after"') :]

FIRST = {
    "questionnaire": "small",
    "answers": [
        {"question": "asked", "value": 2},  # (2-1)/4 = 25: weak
        {"question": "guarantee", "value": "no"},  # 0: weak
        {"question": "reach", "value": ["phone", "email", "chat"]},  # 100
        {"question": "hours", "value": 48},  # the worst: 0, weak
        {"question": "support", "value": "no"},
        {"question": "follow-up", "value": 1},  # 0: weak
        {"question": "complaints", "value": "no"},  # 0: weak
    ],
    "plan": [
        {"id": "asked/1", "owner": "Ruth", "due": "2027-01-31", "status": "doing"},
        {"id": "follow-up/1", "owner": "Sam"},  # still to do
        {"id": "hours/1", "owner": "Ruth", "status": "done"},
        {"id": "guarantee/1", "status": "dropped"},
    ],
}


@pytest.fixture
def bakery(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bakery's first audit of the user's own questionnaire, finished, with its plan set;
    returns (earlier audit id, the questionnaire file, a reader of the store)."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "small.toml").write_text(SMALL_TOML, encoding="utf-8")
    monkeypatch.setenv("AUDIT_QUESTIONNAIRES", str(mine))
    code, out, err = cli(
        "new", "--client", "Corner Bakery", "--questionnaire", "small", "--auditor", "Kim"
    )
    assert code == 0, err
    earlier = out.strip()
    answers = tmp_path / "first.json"
    answers.write_text(json.dumps(FIRST), encoding="utf-8")
    assert cli("answer", earlier, "--file", str(answers))[0] == 0
    assert cli("finish", earlier)[0] == 0
    return earlier, mine / "small.toml", lambda: open_store(tmp_path / "cli-store")


def test_repeat_carries_the_open_actions_over_with_owner_date_and_status(cli, bakery):
    earlier, _, store = bakery
    code, out, err = cli("repeat", earlier)
    assert code == 0, err
    later = out.strip()
    # asked (doing), follow-up (to do, Sam) and complaints (to do) were open; hours was done
    # and the guarantee dropped: 3 carried.
    assert err.strip() == (
        f"audit {later} follows {earlier}: 3 open actions carried over, no answers copied"
    )
    audit = store().load_audit(later)
    assert audit.follows == earlier
    assert audit.answers == {}  # never copied
    assert (audit.mode, audit.auditor, audit.status) == (Mode.SELF, "Kim", Status.IN_PROGRESS)
    assert dict(audit.action_edits) == {
        "asked/1": ActionEdit("Ruth", "2027-01-31", ActionStatus.DOING, carried_from=earlier),
        "follow-up/1": ActionEdit("Sam", "", ActionStatus.TODO, carried_from=earlier),
        "complaints/1": ActionEdit("", "", ActionStatus.TODO, carried_from=earlier),
    }


def test_the_json_export_of_a_repeat_names_the_audit_it_follows(cli, bakery):
    earlier, _, _ = bakery
    later = cli("repeat", earlier)[1].strip()
    code, out, _ = cli("export", later, "--format", "json")
    assert code == 0
    assert json.loads(out)["audit"]["follows"] == earlier
    first = json.loads(cli("export", earlier, "--format", "json")[1])["audit"]
    assert first["follows"] == "" and first["finished_at"] != ""


def test_repeating_uses_the_newest_questionnaire_and_follows_a_renamed_question(cli, bakery):
    earlier, path, store = bakery
    path.write_text(SMALL_V2, encoding="utf-8")
    later = cli("repeat", earlier)[1].strip()
    audit = store().load_audit(later)
    assert audit.questionnaire_version == "2"
    # The renamed question takes its action along; the others keep their ids.
    assert set(audit.action_edits) == {"asked-customers/1", "follow-up/1", "complaints/1"}
    assert audit.action_edits["asked-customers/1"].owner == "Ruth"
    shown = cli("show", later)[1]
    assert f"Repeats audit {earlier}" in shown


def test_a_carried_action_says_so_in_the_plan_and_keeps_saying_so_after_an_edit(
    cli, bakery, tmp_path
):
    earlier, path, store = bakery
    path.write_text(SMALL_V2, encoding="utf-8")
    later = cli("repeat", earlier)[1].strip()
    second = tmp_path / "second.json"
    second.write_text(
        json.dumps(
            {
                "answers": [
                    {"question": "asked-customers", "value": 3},  # (3-1)/4 = 50: still weak
                    {"question": "guarantee", "value": "yes"},
                    {"question": "reviews", "value": "no"},  # weak: new
                    {"question": "reach", "value": ["phone"]},
                    {"question": "support", "value": "no"},
                    {"question": "follow-up", "value": 1},
                    {"question": "complaints", "value": "yes"},  # fixed: off the plan
                ]
            }
        ),
        encoding="utf-8",
    )
    assert cli("answer", later, "--file", str(second))[0] == 0
    plan = {a.question_id: a for a in view_of(store(), later).plan}
    assert plan["asked-customers"].status_text == "Doing, carried over"
    assert plan["reviews"].status_text == "To do"  # new this time
    assert "complaints" not in plan  # no longer weak: the carried action leaves the plan
    rows = cli("plan", later)[1]
    asked_row = next(line for line in rows.splitlines() if "Ruth" in line)
    assert "Doing, carried over" in asked_row and "2027-01-31" in asked_row
    assert plan["asked-customers"].reason.endswith(" Carried over from the last audit.")
    rank = str(plan["asked-customers"].rank)
    assert cli("plan", later, "set", rank, "--status", "done")[0] == 0
    edit = store().load_audit(later).action_edits["asked-customers/1"]
    assert (edit.status, edit.owner, edit.carried_from) == (ActionStatus.DONE, "Ruth", earlier)


def test_the_comparison_matches_the_renamed_question_and_not_unlike_numbers(cli, bakery, tmp_path):
    earlier, path, store = bakery
    path.write_text(SMALL_V2, encoding="utf-8")
    later = cli("repeat", earlier)[1].strip()
    opened = store()
    opened.save_answers(
        later,
        [
            Answer("asked-customers", 3),  # 50, was 25 as "asked"
            Answer("guarantee", "no"),
            Answer("reviews", "no"),  # 0: a new question, weak
            Answer("reach", ("phone", "email", "chat")),
            Answer("support", "no"),
            Answer("follow-up", 2),  # 2 of 5 now, 1 of 4 then: not the same scale
            Answer("complaints", "yes"),  # 100, was 0
        ],
    )
    result = compare([view_of(opened, earlier), view_of(opened, later)])
    still_open = {r.action.question_id: r for r in result.still_open}
    assert set(still_open) == {"asked", "follow-up", "complaints"}
    asked = still_open["asked"]
    assert (asked.change.before, asked.change.after, asked.change.delta) == (25.0, 50.0, 25.0)
    assert asked.outcome is Outcome.BETTER  # 50 is below the weak mark of 67
    assert still_open["follow-up"].change.why_not == "its answer scale changed"
    assert still_open["follow-up"].outcome is Outcome.UNKNOWN
    assert still_open["complaints"].outcome is Outcome.WORKED  # 0 -> 100
    done = {r.action.question_id: r.change.why_not for r in result.done}
    assert done == {"hours": "no longer asked"}
    # The renamed question is not new: only the reviews question is a new weak spot.
    assert [(c.question_id, c.before, c.after, c.why_not) for c in result.new_weak] == [
        ("reviews", None, 0.0, "new question")
    ]


def test_a_draft_is_refused_in_one_line_unless_anyway(cli, tmp_path):
    draft = cli("new", "--client", "Corner Bakery", "--questionnaire", "five-steps")[1].strip()
    code, out, err = cli("repeat", draft)
    assert (code, out) == (1, "")
    assert err == (
        f"audit: audit {draft} is not finished; finish it first (`audit finish {draft}`) "
        "or repeat it --anyway\n"
    )
    code, out, err = cli("repeat", draft, "--anyway")
    assert code == 0, err
    assert open_store(tmp_path / "cli-store").load_audit(out.strip()).follows == draft


def test_last_time_shows_the_earlier_answer_beside_each_question(cli, bakery):
    earlier, path, store = bakery
    path.write_text(SMALL_V2, encoding="utf-8")
    later = cli("repeat", earlier)[1].strip()
    session = AuditSession(store(), later)
    lines = {q.id: session.last_time(q) for q in session.questionnaire.questions}
    assert lines["asked-customers"] == "Last time: 2 of 5 (Once)"  # as "asked"
    assert lines["guarantee"] == "Last time: No"
    assert lines["reviews"] == "Last time: not asked (a new question)"
    assert lines["how"] == "Last time: not answered"
    assert lines["reach"] == "Last time: Phone; Email; Chat"
    # In the words of its scale then: 1 of the four points it had.
    assert lines["follow-up"] == "Last time: 1 of 4 (Never)"
    assert session.current_answer is None  # shown, never filled in


def test_last_time_says_n_a_and_quotes_a_text_answer(small):
    earlier = _audit_with(
        small, Answer("guarantee", na_reason="we sell no goods"), Answer("how", "A " * 80)
    )
    assert last_time_line(small.question("guarantee"), earlier, small) == "Last time: N/A"
    quoted = last_time_line(small.question("how"), earlier, small)
    assert quoted.startswith("Last time: “A A ") and quoted.endswith("…”")
    assert len(quoted) == len("Last time: “") + 60 + 1  # cut to 60 characters with the ellipsis


def test_an_audit_that_repeats_none_shows_no_last_time_line(any_store, small):
    client = any_store.add_client("Corner Bakery")
    audit = any_store.create_audit(client, small, SMALL_TOML)
    assert AuditSession(any_store, audit.id).last_time() == ""


def _audit_with(questionnaire, *answers: Answer):
    from audit.domain.audit import Audit

    return Audit(
        id="e1",
        client_id="c1",
        questionnaire_id=questionnaire.id,
        questionnaire_version="1",
        questionnaire_hash="",
        answers={a.question_id: a for a in answers},
    )


def test_the_small_questionnaire_v2_loads():
    # The changed file the tests above use is itself valid (a guard on the test's own data).
    loaded = load_questionnaire(SMALL_V2, "small.toml")
    assert loaded.question("asked-customers").replaces == ("asked",)
    assert loaded.question("hours") is None and loaded.question("reviews") is not None


def test_the_interview_says_last_time_under_the_question_and_keeps_it_unanswered(store, small):
    from audit.engine import repeat_audit
    from tests.test_interview import CTRL_C, interview_with

    client = store.add_client("Corner Bakery")
    earlier = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(earlier.id, [Answer("asked", 2), Answer("guarantee", "partly")])
    store.set_status(earlier.id, Status.COMPLETE)
    later = repeat_audit(store, earlier.id, small, SMALL_TOML)
    # Enter alone on the first question skips it: nothing is taken from last time.
    _, lines, _, error = interview_with(store, later.id, ["\r", "y\r", CTRL_C])
    assert error is not None  # stopped with Ctrl-C at the third question
    at = lines.index("Question 1 of 7: We asked customers what they expect")
    assert lines[at + 1] == "Last time: 2 of 5 (Once)"
    at = lines.index("Question 2 of 7: We offer an easy guarantee")
    assert lines[at + 1] == "Last time: Partly"
    answers = store.load_audit(later.id).answers
    assert {q: a.value for q, a in answers.items()} == {"guarantee": "yes"}  # only what was typed


def test_a_questionnaire_no_longer_found_is_one_line_naming_it(cli, bakery, monkeypatch):
    earlier = bakery[0]
    monkeypatch.delenv("AUDIT_QUESTIONNAIRES")
    code, out, err = cli("repeat", earlier)
    assert (code, out) == (1, "")
    assert err == (
        f"audit: audit {earlier} uses questionnaire 'small', which is not among your "
        "questionnaires now; point --questionnaires at its folder\n"
    )
    assert cli("repeat", "nosuchid")[0] == 1


def test_a_repeat_whose_earlier_audit_was_erased_still_opens_without_last_time(cli, bakery):
    earlier, _, store = bakery
    later = cli("repeat", earlier)[1].strip()
    assert cli("delete", earlier, "--yes")[0] == 0
    session = AuditSession(store(), later)
    assert session.last_time() == ""
    shown = cli("show", later)[1]
    assert f"Repeats audit {earlier}, which has since been erased." in shown
    assert "audit compare" not in shown


def test_a_new_audit_of_a_client_audited_before_points_to_repeat(cli, bakery):
    earlier = bakery[0]
    code, out, err = cli("new", "--client", "corner bakery", "--questionnaire", "small")
    assert code == 0 and out.strip()  # still started: the note is advice, not a refusal
    assert err.startswith(f"Note: Corner Bakery has a finished small audit, {earlier} (finished ")
    assert f"`audit repeat {earlier}` starts the next one" in err
    other = cli("new", "--client", "Corner Bakery", "--questionnaire", "five-steps")[2]
    assert other == ""  # another questionnaire: nothing to repeat


def test_a_done_action_stays_done_when_its_questions_perception_gap_is_carried(store, small):
    """The owner says "asked" 1 of 5 (0/100), the manager 5 of 5 (100/100): 100 points apart,
    a perception gap ("asked/gap"); the combined answer, the lower middle of two, is the
    owner's 0, so "asked/1" is in the plan too. With asked/1 done and the gap still open, the
    repeat carries the gap as the gap and leaves the done action behind."""
    from audit.domain.audit import ActionEdit, ActionStatus, Status
    from audit.domain.respondents import Role
    from audit.engine import repeat_audit

    client = store.add_client("Gap & Co")
    earlier = store.create_audit(client, small, SMALL_TOML)
    manager = store.add_respondent(earlier.id, "Ben", Role.MANAGER)
    store.save_answers(earlier.id, [Answer("asked", 1)])
    store.save_answers(earlier.id, [Answer("asked", 5)], respondent_id=manager.id)
    plan = {a.id: a for a in view_of(store, earlier.id).plan}
    assert {"asked/1", "asked/gap"} <= set(plan)
    store.save_action_edit(earlier.id, "asked/1", ActionEdit(status=ActionStatus.DONE))
    store.set_status(earlier.id, Status.COMPLETE)
    later = repeat_audit(store, earlier.id, small, SMALL_TOML)
    assert "asked/1" not in later.action_edits
    assert later.action_edits["asked/gap"].status is ActionStatus.TODO
    assert later.action_edits["asked/gap"].carried_from == earlier.id


def test_last_time_shows_each_respondent_their_own_earlier_answer(store, small):
    """Last time the owner said "asked" 5 and Mia 1; the audit's answer, the lower of two,
    was 1. In the repeat the owner sees their 5, Mia her 1, and Kim, new, the audit's 1."""
    from audit.domain.respondents import Role
    from audit.engine import repeat_audit

    client = store.add_client("Corner Bakery")
    earlier = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(earlier.id, [Answer("asked", 5)])
    store.add_respondent(earlier.id, "Mia", Role.STAFF, [Answer("asked", 1)])
    store.set_status(earlier.id, Status.COMPLETE)
    later = repeat_audit(store, earlier.id, small, SMALL_TOML)
    mia = store.add_respondent(later.id, "mia", Role.STAFF)  # the same person, however typed
    kim = store.add_respondent(later.id, "Kim", Role.CONSULTANT)
    asked = small.question("asked")
    assert asked is not None
    lines = [AuditSession(store, later.id, who).last_time(asked) for who in (None, mia.id, kim.id)]
    assert lines == [
        "Last time: 5 of 5 (Always)",
        "Last time: 1 of 5 (Never)",
        "Last time, the audit's answer: 1 of 5 (Never)",
    ]
