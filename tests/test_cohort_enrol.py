"""A cohort's participants: enrolled in bulk from a CSV, and their cohort kept wherever the
audit goes (answers files, client export and import, `store copy`, `audit repeat`)."""

from __future__ import annotations

import json
from pathlib import Path

from audit.domain.audit import Status
from audit.storage.store import Store
from tests.conftest import SMALL_TOML


def participants_csv(path: Path, bad_line: int | None = None) -> Path:
    """25 participants with a header; with `bad_line`, that line of the file has no name."""
    lines = ["name,contact"]
    lines += [f"Workshop Guest {n:02d},guest{n}@example.com" for n in range(1, 26)]
    if bad_line is not None:
        lines[bad_line - 1] = ",nobody@example.com"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_bad_row_of_25_enrols_nobody_and_names_the_row(cli, tmp_path):
    assert cli("new", "--client", "Already Here", "--questionnaire", "five-steps")[0] == 0
    csv_file = participants_csv(tmp_path / "guests.csv", bad_line=14)
    code, _, err = cli("cohort", "enrol", "May Day", str(csv_file), "--questionnaire", "five-steps")
    assert code == 1
    assert err.splitlines() == [
        f"audit: {csv_file}: line 14: no client name",
        "audit: nobody was enrolled; fix the file and try again",
    ]
    # Lines 2 to 13, before the bad one, were good: none of them was enrolled either.
    assert [c["name"] for c in json.loads(cli("clients", "list", "--json")[1])] == ["Already Here"]
    assert len(json.loads(cli("list", "--json")[1])) == 1


def test_25_names_enrol_25_audits_once_and_reuse_a_client_by_name(cli, tmp_path):
    assert cli("new", "--client", "workshop guest 03", "--questionnaire", "five-steps")[0] == 0
    csv_file = participants_csv(tmp_path / "guests.csv")
    code, out, err = cli(
        "cohort", "enrol", "May Day", str(csv_file), "--questionnaire", "five-steps"
    )
    assert code == 0, err
    assert out.startswith("25 audits of five-steps started in cohort 'May Day'")
    rows = json.loads(cli("list", "--json")[1])
    assert len(rows) == 26 and sum(r["cohort"] == "May Day" for r in rows) == 25
    clients = json.loads(cli("clients", "list", "--json")[1])
    assert len(clients) == 25  # guest 03 already was one, in another spelling of the name
    # Again: everybody is enrolled already, so nothing more is started.
    code, out, _ = cli("cohort", "enrol", "may day", str(csv_file), "--questionnaire", "five-steps")
    assert code == 0 and out.startswith("0 audits of five-steps started")
    assert "25 already enrolled" in out
    assert len(json.loads(cli("list", "--json")[1])) == 26


def test_a_name_twice_in_the_file_is_a_bad_row(cli, tmp_path):
    csv_file = tmp_path / "twice.csv"
    csv_file.write_text("Ann's Cakes\nBob's Bikes\nann's cakes \n", encoding="utf-8")
    code, _, err = cli("cohort", "enrol", "X", str(csv_file), "--questionnaire", "five-steps")
    assert code == 1
    assert err.splitlines()[0] == f'audit: {csv_file}: line 3: "ann\'s cakes" is already on line 1'


def test_new_cohort_is_kept_normalised_and_listed(cli):
    code, _, _ = cli(
        "new", "--client", "Ann", "--questionnaire", "five-steps", "--cohort", "  Q1  "
    )
    assert code == 0
    assert json.loads(cli("list", "--json")[1])[0]["cohort"] == "Q1"


def test_an_answers_file_puts_the_audit_in_its_cohort(cli, tmp_path):
    audit_id = cli("new", "--client", "Ann", "--questionnaire", "five-steps")[1].strip()
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "question,value,cohort\nasked-customers,3,Autumn Round\nsegments,yes,\n", encoding="utf-8"
    )
    code, out, err = cli("answer", audit_id, "--file", str(answers))
    assert code == 0, err
    assert out.strip() == f"2 answers saved to audit {audit_id}, now in cohort 'Autumn Round'"
    assert json.loads(cli("list", "--json")[1])[0]["cohort"] == "Autumn Round"
    answers.write_text("question,value,cohort\nasked-customers,3,A\nsegments,yes,B\n")
    code, _, err = cli("answer", audit_id, "--file", str(answers))
    assert code == 1
    problem = "line 3: cohort 'B', but line 2 names 'A'; an audit is in one cohort"
    assert err == f"audit: {answers}: {problem}\n"


def test_the_cohort_goes_with_export_import_copy_and_repeat(cli, tmp_path, small):
    store = Store(tmp_path / "cli-store")
    client = store.add_client("Carry Co")
    audit = store.create_audit(client, small, SMALL_TOML, cohort="Round 2")
    store.set_status(audit.id, Status.COMPLETE)
    export = tmp_path / "carry.json"
    assert cli("clients", "export", "Carry Co", "-o", str(export))[0] == 0
    other = tmp_path / "other-store"
    assert cli("--db", str(other), "clients", "import", str(export))[0] == 0
    imported = json.loads(cli("--db", str(other), "list", "--json")[1])
    assert [r["cohort"] for r in imported] == ["Round 2"]
    copied = tmp_path / "copied-store"
    code, _, err = cli("store", "copy", str(tmp_path / "cli-store"), str(copied))
    assert code == 0, err
    assert [r["cohort"] for r in json.loads(cli("--db", str(copied), "list", "--json")[1])] == [
        "Round 2"
    ]
    code, _, err = cli(
        "--questionnaires", str(_small_folder(tmp_path)), "repeat", audit.id, "--anyway"
    )
    assert code == 0, err
    assert [r["cohort"] for r in json.loads(cli("list", "--json")[1])] == ["Round 2", "Round 2"]


def _small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir(exist_ok=True)
    (folder / "small.toml").write_text(SMALL_TOML, encoding="utf-8")
    return folder


def test_both_stores_keep_the_cohort_in_the_audit_and_its_summary(any_store, small):
    client = any_store.add_client("Both Ways")
    audit = any_store.create_audit(client, small, SMALL_TOML, cohort=" Round\u00a03 ")
    assert any_store.load_audit(audit.id).cohort == "Round\u00a03"  # stripped, kept as typed
    (summary,) = any_store.summaries()
    assert summary.cohort == "Round\u00a03"
    any_store.set_cohort(audit.id, "Round 4")
    # The changed audit's cached summary is stale, and the list says so.
    assert [s.cohort for s in any_store.summaries()] == ["Round 4"]
    assert any_store.load_audit(audit.id).cohort == "Round 4"


def test_an_interview_started_in_a_cohort_keeps_it(store, small):
    from typing import cast

    from audit.prompts.lines import LineReader
    from audit.prompts.start import audit_to_interview

    # A new client has no unfinished audit to offer, so nothing is asked.
    no_prompts = cast(LineReader, None)
    audit_id = audit_to_interview(
        store, no_prompts, "Phone Client", small, SMALL_TOML, cohort="Phone Round"
    )
    assert store.load_audit(audit_id).cohort == "Phone Round"
