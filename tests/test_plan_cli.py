"""Editing the plan from outside the TUI: `audit plan`, `plan set`, `plan schedule` and an answers
file's "plan" rows, with due dates typed the ways people type them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from audit.domain.dates import DateError, parse_date


def demo_three_phases(cli) -> str:
    cli("demo")
    rows = json.loads(cli("list", "--json")[1])
    return next(r["id"] for r in rows if r["questionnaire"] == "three-phases")


def plan_of(cli, audit_id: str) -> list[dict]:
    return json.loads(cli("show", audit_id, "--json")[1])["plan"]


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2027-01-31", dt.date(2027, 1, 31)),
        ("31/01/2027", dt.date(2027, 1, 31)),  # day first: 31 cannot be a month
        ("01/31/2027", dt.date(2027, 1, 31)),  # month first: 31 cannot be a month either
        ("31.01.2027", dt.date(2027, 1, 31)),
        ("05/05/2027", dt.date(2027, 5, 5)),  # the same either way
    ],
)
def test_due_dates_are_read_in_the_common_forms(typed, date):
    assert parse_date(typed) == date


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03/04/2027", "could be 3 April or 4 March; write it as 2027-04-03 or 2027-03-04"),
        ("31/02/2027", "is not a real date"),
        ("next friday", "is not a date; write it like 2027-01-31"),
    ],
)
def test_an_ambiguous_or_wrong_date_is_refused_saying_how_to_write_it(typed, message):
    with pytest.raises(DateError, match=message):
        parse_date(typed)


def test_audit_plan_lists_numbered_rows_in_the_plan_and_later(cli):
    audit_id = demo_three_phases(cli)
    code, out, _ = cli("plan", audit_id)
    assert code == 0
    lines = out.splitlines()
    main = lines[lines.index("The plan:") + 2 : lines.index("Later, once the plan above is done:")]
    rows = [line for line in main if line.strip()]
    assert [row.split()[0] for row in rows] == [str(n) for n in range(1, 13)]
    assert sum("Fix first 30d" in row for row in rows) == 5
    assert all(len(line) <= 80 for line in lines)


def test_plan_set_stores_owner_due_and_status_by_row_number(cli):
    audit_id = demo_three_phases(cli)
    second = plan_of(cli, audit_id)[1]
    code, out, err = cli(
        "plan",
        audit_id,
        "set",
        "2",
        "--owner",
        "Ruth Hollin",
        "--due",
        "31/01/2027",
        "--status",
        "doing",
    )
    assert (code, err) == (0, "")
    assert "Ruth Hollin" in out and "2027-01-31" in out and "Doing" in out
    row = plan_of(cli, audit_id)[1]
    assert (row["id"], row["owner"], row["due"], row["status"]) == (
        second["id"],
        "Ruth Hollin",
        "2027-01-31",
        "doing",
    )
    # By id as well, and "" clears a field.
    assert cli("plan", audit_id, "set", second["id"], "--owner", "")[0] == 0
    assert plan_of(cli, audit_id)[1]["owner"] == ""


def test_closing_a_row_by_number_says_the_numbers_below_it_moved(cli):
    audit_id = demo_three_phases(cli)
    before = plan_of(cli, audit_id)
    code, out, _ = cli("plan", audit_id, "set", "1", "--status", "done")
    assert code == 0
    after = plan_of(cli, audit_id)
    # The done row sorts to the end, so the old row 2 is now row 1.
    assert after[0]["id"] == before[1]["id"] and after[-1]["id"] == before[0]["id"]
    assert f"Row 1 is now row {len(after)}" in out
    # A change that leaves the row where it was says nothing of numbers.
    _, out, _ = cli("plan", audit_id, "set", "1", "--owner", "Sam")
    assert "is now row" not in out


def test_several_rows_in_one_set_are_read_from_the_list_as_shown(cli):
    """The consultant's list says rows 1, 2 and 6 are done. One by one, closing row 1 moves
    the others up and `set 2` would hit the old row 3; in one command all three are the rows
    that list showed, and nothing else changes."""
    audit_id = demo_three_phases(cli)
    before = plan_of(cli, audit_id)
    wanted = {before[n]["id"] for n in (0, 1, 5)}
    code, out, err = cli("plan", audit_id, "set", "1", "2", "6", "--status", "done")
    assert (code, err) == (0, "")
    after = {row["id"]: row["status"] for row in plan_of(cli, audit_id)}
    assert {i for i, status in after.items() if status == "done"} == wanted
    assert "Row 1 is now row" in out and "all read from the same list" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set", "3", "--due", "03/04/2027"), "plan row 3: due date '03/04/2027' could be"),
        (("set", "1", "--status", "finished"), "status 'finished' is not one of"),
        (("set", "99", "--owner", "Sam"), "the plan has no row 99"),
        (("set", "website/2", "--owner", "Sam"), "'website/2' is not a row of this plan"),
    ],
)
def test_a_wrong_plan_edit_is_one_line_and_changes_nothing(cli, argv, message):
    audit_id = demo_three_phases(cli)
    before = plan_of(cli, audit_id)
    code, out, err = cli("plan", audit_id, *argv)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and message in err
    assert plan_of(cli, audit_id) == before


def test_plan_set_without_a_field_is_a_usage_mistake(cli):
    audit_id = demo_three_phases(cli)
    assert cli("plan", audit_id, "set", "1")[0] == 2


def test_schedule_fills_empty_due_dates_from_each_horizon(cli):
    audit_id = demo_three_phases(cli)
    cli("plan", audit_id, "set", "1", "--due", "2027-01-15")
    code, out, _ = cli("plan", audit_id, "schedule", "--from", "2027-01-04")
    assert code == 0 and out.startswith("11 due dates set from 2027-01-04:")
    plan = plan_of(cli, audit_id)
    main = [row for row in plan if row["part"] == "main"]
    # 2027-01-04 plus 30, 60 and 90 days; row 1 keeps the date it had.
    expected = {30: "2027-02-03", 60: "2027-03-05", 90: "2027-04-04"}
    assert main[0]["due"] == "2027-01-15"
    assert all(row["due"] == expected[row["horizon_days"]] for row in main[1:])
    # Later rows wait: they get no date until they move into the plan.
    assert all(row["due"] == "" for row in plan if row["part"] == "later")
    again = cli("plan", audit_id, "schedule", "--from", "2027-01-04")
    assert again[1] == (
        "Every open row of the plan already has a due date. "
        "4 later rows get no date until they move into the plan.\n"
    )
    assert out.rstrip().endswith("4 later rows get no date until they move into the plan.")


def test_an_exported_plan_read_back_keeps_owners_dates_and_statuses(cli, tmp_path):
    audit_id = demo_three_phases(cli)
    cli("plan", audit_id, "set", "1", "--owner", "Mo", "--due", "2027-02-01", "--status", "done")
    cli("plan", audit_id, "set", "4", "--owner", "Ruth")
    exported = tmp_path / "export.json"
    assert cli("export", audit_id, "--format", "json", "-o", str(exported))[0] == 0
    copy_id = cli("new", "--client", "Copy Ltd", "--questionnaire", "three-phases")[1].strip()
    code, out, _ = cli("answer", copy_id, "--file", str(exported))
    assert code == 0 and "and 16 plan rows saved" in out
    original = {r["id"]: (r["owner"], r["due"], r["status"]) for r in plan_of(cli, audit_id)}
    copied = {r["id"]: (r["owner"], r["due"], r["status"]) for r in plan_of(cli, copy_id)}
    assert copied == original


def test_a_bad_plan_row_in_an_answers_file_saves_nothing(cli, tmp_path):
    audit_id = cli("new", "--client", "Acme", "--questionnaire", "three-phases")[1].strip()
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            {
                "answers": [{"question": "website", "value": 1}],
                "plan": [
                    {"id": "website/1", "owner": "Sam", "due": "03/04/2027"},
                    {"id": "website/1", "colour": "red"},
                ],
            }
        )
    )
    code, out, err = cli("answer", audit_id, "--file", str(path))
    assert code == 1 and out == ""
    assert "plan row #2: unknown key 'colour'" in err
    shown = json.loads(cli("show", audit_id, "--json")[1])
    assert shown["answers"] == []


def test_a_due_date_already_past_is_taken_said_and_shown_as_late(cli):
    audit_id = demo_three_phases(cli)
    code, out, err = cli("plan", audit_id, "set", "1", "--due", "2025-01-01")
    assert (code, err) == (0, "")
    assert "Note: 2025-01-01 has already passed; the row shows as late until it is done." in out
    code, out, _ = cli("plan", audit_id)
    (row,) = [line for line in out.splitlines() if line.startswith("1 ")]
    assert "2025-01-01" in row and "To do (late)" in row
    # Done, it is no longer late; a date to come is not late either.
    _, out, _ = cli("plan", audit_id, "set", "2", "--due", "2099-01-01")
    assert "late" not in out
    _, out, _ = cli("plan", audit_id, "set", "1", "--status", "done")
    assert "(late)" not in out and "has already passed" not in out


def test_late_means_open_and_past_its_due_date():
    import datetime as dt
    from dataclasses import replace

    from audit.domain.audit import ActionStatus
    from audit.domain.plan import Action
    from audit.domain.scoring import Verdict

    today = dt.date(2026, 12, 3)
    row = Action("a/1", 1, "Do it", "a", "s", "S", Verdict.IMPROVE, 90, "why", 1.0)
    assert not row.is_late(today)  # no date, never late
    assert replace(row, due="2026-12-02").status_on(today) == "To do (late)"
    assert replace(row, due="2026-12-03").status_on(today) == "To do"  # due today: not yet
    assert not replace(row, due="2026-12-02", status=ActionStatus.DONE).is_late(today)


def test_show_gives_days_only_to_rows_in_the_plan(cli):
    """A later row waits until the plan is done: `audit show` gives it no horizon."""
    audit_id = demo_three_phases(cli)
    _, out, _ = cli("show", audit_id)
    later = out.split("Later, once the plan above is done:")[1].split("Answers:")[0]
    plan = out.split("Action plan, in priority order:")[1].split("Later, once")[0]
    assert "within" in plan and "within" not in later
