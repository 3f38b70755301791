"""The `audit` command as a user types it: output, stored results and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audit.storage.store import Store


def new_audit(cli, questionnaire="three-phases", client="Acme & Co"):
    code, out, err = cli(
        "new", "--client", client, "--questionnaire", questionnaire, "--auditor", "Kim"
    )
    assert (code, err) == (0, "")
    return out.strip()


def test_demo_gives_two_complete_scored_audits_with_plans(cli):
    code, out, _ = cli("demo")
    assert code == 0 and "Hollin & Daughters Kitchens" in out
    code, out, _ = cli("list", "--json")
    rows = json.loads(out)
    assert sorted(r["questionnaire"] for r in rows) == ["five-steps", "three-phases"]
    assert all(r["status"] == "complete" and r["answered"] == r["asked"] for r in rows)
    assert all(r["score"] is not None and r["band"] for r in rows)
    # Running it again reuses the demo audits rather than adding copies.
    cli("demo")
    assert len(json.loads(cli("list", "--json")[1])) == 2
    for row in rows:
        code, page, _ = cli("show", row["id"])
        assert code == 0
        assert "Overall score:" in page and "Action plan, in priority order:" in page
        assert "  1. [Fix first" in page


def test_three_phase_demo_shows_the_phase_picture(cli):
    cli("demo")
    three = next(
        r for r in json.loads(cli("list", "--json")[1]) if r["questionnaire"] == "three-phases"
    )
    data = json.loads(cli("show", three["id"], "--json")[1])
    phases = {p["id"]: p for p in data["scores"]["phases"]}
    assert set(phases) == {"before", "during", "after"}
    # Ongoing support raises what customers expect after the sale to very high.
    assert phases["after"]["expectation"] == "very-high"
    assert phases["during"]["verdict"] == "fix-first"
    ranks = [a["rank"] for a in data["plan"]]
    assert ranks == list(range(1, len(ranks) + 1))
    priorities = [a["priority"] for a in data["plan"]]
    assert priorities == sorted(
        priorities, key=["Fix first", "Delight opportunity", "Improve"].index
    )


def test_answers_file_json_and_csv(cli, tmp_path):
    audit_id = new_audit(cli)
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "questionnaire": "three-phases",
                "answers": [
                    {"question": "after-sale-model", "value": "standalone"},
                    {
                        "question": "recommended",
                        "value": "heard-of-us",
                        "note": "<b>word of mouth</b>",
                    },
                ],
            }
        )
    )
    assert cli("answer", audit_id, "--file", str(answers))[:2] == (
        0,
        f"2 answers saved to audit {audit_id}\n",
    )
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("question,value,note\ntenders,no,\n")
    assert cli("answer", audit_id, "--file", str(csv_file))[0] == 0
    data = json.loads(cli("show", audit_id, "--json")[1])
    stored = {a["question"]: a for a in data["answers"]}
    assert stored["recommended"] == {
        "question": "recommended",
        "value": "heard-of-us",
        "note": "<b>word of mouth</b>",
    }
    assert stored["tenders"]["value"] == "no"


def test_a_bad_answers_file_stores_nothing_and_names_every_problem(cli, tmp_path):
    audit_id = new_audit(cli)
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "answers": [
                    {"question": "recommended", "value": "heard-of-us"},
                    {"question": "nope", "value": 1},
                    {"question": "tenders", "value": "sometimes"},
                ]
            }
        )
    )
    code, out, err = cli("answer", audit_id, "--file", str(bad))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"audit: {bad}: answer #2: no question 'nope' in questionnaire 'three-phases'",
        f"audit: {bad}: answer #3: question 'tenders': 'sometimes' is not yes, partly or no",
    ]
    assert json.loads(cli("show", audit_id, "--json")[1])["answers"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1, column 2: not valid JSON"),
        ('{"answers": 3}', 'expected an object with an "answers" list'),
        (
            '{"questionnaire": "five-steps", "answers": []}',
            "the answers are for questionnaire 'five-steps'",
        ),
    ],
)
def test_unreadable_answers_files_get_one_line(cli, tmp_path, content, message):
    audit_id = new_audit(cli)
    path = tmp_path / "x.json"
    path.write_text(content)
    code, _, err = cli("answer", audit_id, "--file", str(path))
    assert code == 1 and len(err.splitlines()) == 1 and message in err


def test_export_to_json_and_answer_in_another_store_gives_the_same_scores(
    cli, tmp_path, monkeypatch
):
    cli("demo")
    for row in json.loads(cli("list", "--json")[1]):
        exported = tmp_path / f"{row['id']}.json"
        assert cli("export", row["id"], "--format", "json", "-o", str(exported))[0] == 0
        monkeypatch.setenv("AUDIT_DB", str(tmp_path / f"other-{row['id']}"))
        copy_id = new_audit(cli, row["questionnaire"], client="Copy")
        assert cli("answer", copy_id, "--file", str(exported))[0] == 0
        original = json.loads(exported.read_text())
        copy = json.loads(cli("show", copy_id, "--json")[1])
        assert copy["scores"] == original["scores"]
        assert [a["id"] for a in copy["plan"]] == [a["id"] for a in original["plan"]]
        monkeypatch.setenv("AUDIT_DB", str(tmp_path / "cli-store"))


def test_csv_export_is_the_plan_and_safe_for_spreadsheets(cli, tmp_path):
    cli("demo")
    row = json.loads(cli("list", "--json")[1])[0]
    code, out, _ = cli("export", row["id"], "--format", "csv")
    lines = out.removeprefix("\ufeff").splitlines()  # the BOM Excel on Windows needs
    header = "client,audit,questionnaire,rank,part,priority,horizon_days,section,action"
    assert code == 0 and lines[0].startswith(header)
    assert lines[1].startswith(f"Hollin & Daughters Kitchens,{row['id']},five-steps,1,main,")


def test_markdown_export_escapes_user_text(cli, tmp_path):
    audit_id = new_audit(cli, client="[evil](http://x) <script>")
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            {
                "answers": [
                    {
                        "question": "recommended",
                        "value": "found-us",
                        "note": "**loud** <img src=x> &amp; done",
                    }
                ]
            }
        )
    )
    cli("answer", audit_id, "--file", str(path))
    code, out, _ = cli("export", audit_id, "--format", "md")
    assert code == 0
    assert r"\[evil\](http://x) \<script\>" in out
    assert r"\*\*loud\*\* \<img src=x\> \&amp; done" in out
    assert not re.search(r"(?<!\\)[<\[]", out.replace("\n", ""))  # no unescaped < or [


def test_questionnaire_commands(cli, tmp_path):
    code, out, _ = cli("questionnaires", "list", "--json")
    assert [q["id"] for q in json.loads(out)] == ["five-steps", "three-phases", "customer-pulse"]
    code, out, _ = cli("questionnaires", "show", "three-phases")
    assert code == 0 and "[after-sale-model]" in out
    assert "Phase profile: customers expect low; extra effort earns very high" in out
    assert "Why: If customers rarely need you again" in out  # the help text is shown
    assert "asked only if tenders is one of yes or\n       partly" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n[[sections]]\nid = 3\n')
    code, out, err = cli("questionnaires", "validate", str(bad))
    assert code == 1 and out == "" and all(line.startswith(f"{bad}: ") for line in err.splitlines())


def test_own_questionnaires_sit_beside_the_builtins(cli, tmp_path, monkeypatch):
    from tests.conftest import SMALL_TOML

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "small.toml").write_text(SMALL_TOML)
    (mine / "broken.toml").write_text("id = ")
    code, out, err = cli("questionnaires", "list", "--questionnaires", str(mine))
    assert code == 0 and "small" in out and "five-steps" in out
    assert "broken.toml: end of file: TOML syntax" in err
    monkeypatch.setenv("AUDIT_QUESTIONNAIRES", str(mine))
    assert new_audit(cli, "small")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["show", "zzzz"], 1, "audit: no audit with id 'zzzz'; `audit list` shows the ids\n"),
        (
            ["new", "--client", "A", "--questionnaire", "nine-steps"],
            1,
            "audit: no questionnaire 'nine-steps'; known: five-steps, three-phases, "
            "customer-pulse\n",
        ),
        (
            ["list", "--client", "Nobody"],
            1,
            "audit: no client named 'Nobody'; `audit clients list` shows them\n",
        ),
        (
            ["answer", "zzzz", "--file", "/nonexistent.json"],
            1,
            "audit: no audit with id 'zzzz'; `audit list` shows the ids\n",
        ),
        (["frobnicate"], 2, None),
        (
            ["questionnaires"],
            2,
            "audit questionnaires: name a command (see audit questionnaires --help)\n",
        ),
    ],
)
def test_mistakes_get_one_line_and_a_non_zero_exit(cli, tmp_path, argv, code, message):
    Store(tmp_path / "cli-store")
    got, out, err = cli(*argv)
    assert got == code and out == ""
    assert len(err.splitlines()) == 1
    if message:
        assert err == message


def test_a_mistyped_store_path_is_not_created_by_reading_commands(cli, tmp_path):
    typo = tmp_path / "stroe"
    for argv in (
        ["list"],
        ["clients", "list"],
        ["show", "abc"],
        ["export", "abc", "--format", "md"],
    ):
        code, out, err = cli(*argv, "--db", str(typo))
        assert code == 1 and out == "" and "no audit store here" in err
    assert not typo.exists()


def test_a_folder_of_other_files_is_not_turned_into_a_store(cli, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "letter.txt").write_text("mine")
    code, _, err = cli("new", "--client", "A", "--questionnaire", "five-steps", "--db", str(notes))
    assert code == 1 and "holds other files and no audit store" in err
    assert [p.name for p in notes.iterdir()] == ["letter.txt"]


def test_a_damaged_store_is_one_line_and_kept(cli, tmp_path):
    Store(tmp_path / "cli-store")
    index = tmp_path / "cli-store" / "index.json"
    index.write_bytes(b"\x00\x00garbage")
    code, _, err = cli("list")
    assert code == 1 and err.count("\n") == 1 and str(index) in err
    assert index.read_bytes() == b"\x00\x00garbage"


def test_store_option_before_or_after_the_command(cli, tmp_path):
    there = tmp_path / "elsewhere"
    assert cli("--db", str(there), "new", "--client", "A", "--questionnaire", "five-steps")[0] == 0
    assert len(json.loads(cli("list", "--json", "--db", str(there))[1])) == 1
    assert Store(there).audit_ids()
    assert cli("list", "--json")[0] == 1  # AUDIT_DB names a store that was never started


def test_editing_a_questionnaire_later_does_not_change_an_old_audit(cli, tmp_path, monkeypatch):
    from tests.conftest import SMALL_TOML

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "small.toml").write_text(SMALL_TOML)
    monkeypatch.setenv("AUDIT_QUESTIONNAIRES", str(mine))
    audit_id = new_audit(cli, "small")
    answers = tmp_path / "a.json"
    answers.write_text('{"answers": [{"question": "asked", "value": 4}]}')
    cli("answer", audit_id, "--file", str(answers))
    before = json.loads(cli("show", audit_id, "--json")[1])["scores"]
    # The consultant rewrites the scale: five points become three, the version goes up.
    edited = SMALL_TOML.replace('version = "1"', 'version = "2"').replace(
        '["Never", "Once", "Sometimes", "Often", "Always"]', '["Never", "Sometimes", "Always"]'
    )
    (mine / "small.toml").write_text(edited)
    assert json.loads(cli("show", audit_id, "--json")[1])["scores"] == before
    _, page, _ = cli("show", audit_id)
    assert "has changed since this audit began" in page and "(version 1)" in page


@pytest.mark.parametrize("block", ["json", "csv"])
def test_the_documented_answers_file_examples_work(cli, tmp_path, block):
    text = (Path(__file__).parent.parent / "docs" / "answers-file.md").read_text()
    example = text.split(f"```{block}\n", 1)[1].split("```", 1)[0]
    path = tmp_path / f"example.{block}"
    path.write_text(example)
    audit_id = new_audit(cli, "five-steps")
    code, _, err = cli("answer", audit_id, "--file", str(path))
    assert (code, err) == (0, "")
    shown = cli("show", audit_id, "--json", "--include-private")[1]  # flags are the consultant's
    stored = {a["question"]: a for a in json.loads(shown)["answers"]}
    assert stored["refer-elsewhere"]["na"] == "we turn nobody away: one-product shop"
    assert stored["listening-channels"]["value"] == ["reviews", "complaints"]
    assert stored["real-person"]["flagged"] is True


def test_a_new_client_keeps_its_sector_and_contact(cli):
    cli(
        "new",
        "--client",
        "Bay Bikes",
        "--sector",
        "Retail",
        "--contact",
        "ann@bay.example",
        "--questionnaire",
        "five-steps",
    )
    (client,) = json.loads(cli("clients", "list", "--json")[1])
    assert (client["name"], client["sector"], client["contact"]) == (
        "Bay Bikes",
        "Retail",
        "ann@bay.example",
    )
    # Given again for the same client, a new sector is kept, not silently dropped.
    cli("new", "--client", "bay bikes", "--sector", "Cycle repair", "--questionnaire", "five-steps")
    (client,) = json.loads(cli("clients", "list", "--json")[1])
    assert (client["sector"], client["contact"]) == ("Cycle repair", "ann@bay.example")


def test_one_damaged_audit_does_not_hide_the_others(cli, tmp_path):
    cli("demo")
    rows = json.loads(cli("list", "--json")[1])
    broken = tmp_path / "cli-store" / "audits" / f"{rows[0]['id']}.json"
    broken.write_bytes(broken.read_bytes()[:100])
    code, out, err = cli("list", "--json")
    assert code == 1
    assert [r["id"] for r in json.loads(out)] == [rows[1]["id"]]
    assert err.startswith(f"audit: left out: {broken}: the file is damaged")


def test_answers_file_problems_are_all_listed(cli, tmp_path):
    audit_id = new_audit(cli, "five-steps")
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "answers": [
                    {"question": "segments", "value": "yes", "flagged": "yes", "colour": 1},
                    {"question": "guarantee", "value": 2},
                    {"question": "guarantee", "value": 3},
                ]
            }
        )
    )
    code, _, err = cli("answer", audit_id, "--file", str(bad))
    assert code == 1
    assert err.splitlines() == [
        f"audit: {bad}: answer #1: unknown key 'colour'",
        f"audit: {bad}: answer #1: \"flagged\" should be true or false, not 'yes'",
        f"audit: {bad}: answer #3: question 'guarantee' is already answered at answer #2",
    ]
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("question;value\nsegments;yes\n")
    code, _, err = cli("answer", audit_id, "--file", str(csv_file))
    assert code == 1 and "separated by commas, not semicolons" in err
    csv_file.write_text("question,value,flagged\nsegments,yes,maybe\n")
    code, _, err = cli("answer", audit_id, "--file", str(csv_file))
    assert code == 1 and "line 2: flagged should be yes or no, not 'maybe'" in err


def test_finish_needs_the_required_questions(cli, tmp_path):
    audit_id = new_audit(cli, "three-phases")
    code, _, err = cli("finish", audit_id)
    assert code == 1 and "answer business-kind, buying-pattern, team-size, after-sale-model" in err
    answers = tmp_path / "a.csv"
    answers.write_text(
        "question,value\nbusiness-kind,shop\nbuying-pattern,regular\nteam-size,solo\n"
        "after-sale-model,standalone\n"
    )
    cli("answer", audit_id, "--file", str(answers))
    code, out, _ = cli("finish", audit_id)
    assert code == 0 and "is complete" in out and "questions left unanswered" in out
    assert json.loads(cli("list", "--json")[1])[0]["status"] == "complete"


def test_an_empty_audit_is_not_praised(cli):
    audit_id = new_audit(cli, "five-steps")
    page = cli("show", audit_id)[1]
    assert "Nothing answered yet" in page and "Keep doing" not in page


def test_show_fits_80_columns(cli):
    cli("demo")
    for row in json.loads(cli("list", "--json")[1]):
        page = cli("show", row["id"])[1]
        assert max(len(line) for line in page.splitlines()) <= 78


def test_list_uses_the_terminal_width_and_scores_unfinished_audits_so_far(cli, monkeypatch):
    cli("demo")
    cli("new", "--client", "A client with a rather long business name Ltd", "--questionnaire",
        "five-steps")  # fmt: skip
    monkeypatch.setenv("COLUMNS", "80")
    _, narrow, _ = cli("list")
    assert max(len(line) for line in narrow.splitlines()) <= 80
    monkeypatch.setenv("COLUMNS", "160")
    _, wide, _ = cli("list")
    assert "A client with a rather long business name Ltd" in wide
    assert "Hollin & Daughters Kitchens" in wide
    assert " so far" not in wide  # the demo audits are finished: their band is shown
    assert "Developing" in wide or "Established" in wide or "Reactive" in wide


def test_a_client_name_pasted_from_a_mac_finds_the_client_typed_before(cli, tmp_path):
    composed, decomposed = "Caf\u00e9 \u00c9mile", "Cafe\u0301 E\u0301mile"
    first = new_audit(cli, "five-steps", client=composed)
    second = new_audit(cli, "five-steps", client=decomposed)
    clients = json.loads(cli("clients", "list", "--json")[1])
    assert [c["name"] for c in clients] == [composed]
    code, out, err = cli("list", "--client", decomposed, "--json")
    assert (code, err) == (0, "") and {r["id"] for r in json.loads(out)} == {first, second}
    out_dir = tmp_path / "plans"
    code, out, err = cli("report", "--client", decomposed, "--out-dir", str(out_dir), "--jobs", "1")
    assert code == 0 and len(list(out_dir.iterdir())) == 2
    assert all(line.startswith("report ") for line in err.splitlines())  # progress, no error


def test_a_group_without_its_command_names_the_group_even_after_db(cli, tmp_path):
    code, _, err = cli("--db", str(tmp_path / "elsewhere"), "questionnaires")
    assert code == 2
    assert err == "audit questionnaires: name a command (see audit questionnaires --help)\n"


def test_new_with_a_kind_stores_the_kind_of_business_at_once(cli, tmp_path):
    code, out, err = cli(
        "new", "--client", "Crumb", "--questionnaire", "three-phases", "--kind", "shop"
    )
    assert (code, err) == (0, "")
    stored = Store(tmp_path / "cli-store").load_audit(out.strip())
    assert stored.answers["business-kind"].value == "shop"
    # A shop sells at a fixed price: staying within a quote is not asked, so not counted.
    assert "0/7" in cli("show", out.strip())[1]


def test_new_with_an_unknown_kind_says_which_kinds_exist_and_stores_nothing(cli, tmp_path):
    code, _, err = cli(
        "new", "--client", "Crumb", "--questionnaire", "five-steps", "--kind", "bakery"
    )
    assert code == 1
    assert err.strip().splitlines() == [
        "audit: --kind: no kind 'bakery'; choose one of trade, shop, online, professional, personal"
    ]
    assert not (tmp_path / "cli-store").exists()  # checked before a store or client is made


@pytest.mark.parametrize("group", ["questionnaires", "clients"])
def test_a_group_given_alone_after_db_asks_for_its_command_and_changes_nothing(
    cli, tmp_path, group
):
    elsewhere = tmp_path / "elsewhere"
    code, out, err = cli("--db", str(elsewhere), group)
    assert (code, out) == (2, "")
    assert err == f"audit {group}: name a command (see audit {group} --help)\n"
    assert not elsewhere.exists()
