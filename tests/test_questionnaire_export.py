"""`audit questionnaires show --audit ID --toml`: the exact file an audit was started with."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from audit.domain.loader import content_hash, load_questionnaire

ROOT = Path(__file__).resolve().parents[1]


def test_the_audits_own_text_comes_back_even_after_the_file_is_edited(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    original = (ROOT / "questionnaires" / "five-steps.toml").read_text(encoding="utf-8")
    mine = original.replace('id = "five-steps"', 'id = "my-steps"', 1)
    (folder / "my-steps.toml").write_text(mine, encoding="utf-8")
    code, out, err = cli(
        "--questionnaires", str(folder), "new", "--client", "Acme", "--questionnaire", "my-steps"
    )
    assert (code, err) == (0, "")
    audit_id = out.strip()
    # The consultant edits the file after the audit began; the audit keeps what it asked.
    (folder / "my-steps.toml").write_text(mine + "\n# changed later\n", encoding="utf-8")

    code, out, err = cli(
        "--questionnaires", str(folder), "questionnaires", "show", "--audit", audit_id[:4], "--toml"
    )
    assert (code, err) == (0, "")
    assert out == mine
    shown = json.loads(cli("show", audit_id, "--json")[1])
    loaded = load_questionnaire(out, "exported.toml")
    assert loaded.id == "my-steps"
    assert loaded.content_hash == content_hash(mine)
    assert shown["audit"]["questionnaire_hash"] == loaded.content_hash


def test_show_needs_an_id_or_an_audit_and_names_an_unknown_audit(cli):
    code, _, err = cli("questionnaires", "show")
    assert code == 2 and "give a questionnaire id or --audit" in err
    cli("new", "--client", "Acme", "--questionnaire", "five-steps")
    code, _, err = cli("questionnaires", "show", "--audit", "nope", "--toml")
    assert code == 1 and err.strip() == "audit: no audit with id 'nope'; `audit list` shows the ids"


def test_a_builtin_questionnaire_prints_as_its_file(cli):
    code, out, _ = cli("questionnaires", "show", "three-phases", "--toml")
    assert code == 0
    assert out == (ROOT / "questionnaires" / "three-phases.toml").read_text(encoding="utf-8")


EXAMPLES = ROOT / "questionnaires" / "examples"


def test_the_gap_example_from_an_answers_file_to_show_and_the_exports(cli, tmp_path):
    from tests.test_service_gaps import REPLIES

    code, page, _ = cli("--questionnaires", str(EXAMPLES), "questionnaires", "show", "service-gap")
    assert code == 0
    assert "(expected and received, each on a scale of 7; should be answered)" in page
    assert "Answer: 1 Very little / 2 / 3 / 4 / 5 / 6 / 7 A great deal" in page
    code, out, _err = cli(
        "--questionnaires",
        str(EXAMPLES),
        "new",
        "--client",
        "Gap",
        "--questionnaire",
        "service-gap",
    )
    audit_id = out.strip()
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as out_file:
        writer = csv.writer(out_file)  # "6,3" is quoted, as a spreadsheet would write it
        writer.writerows([("question", "value"), *REPLIES.items()])
    assert cli("answer", audit_id, "--file", str(answers))[0] == 0
    code, page, _ = cli("show", audit_id)
    # The numbers of tests/test_service_gaps.py, worked out there by hand.
    assert (
        "Service gaps (received minus expected, in points; weak below -1):\n"
        "  Reliability: -1.5, weak (30 of 100 points)\n"
        "  Responsiveness: -1.5, weak (25 of 100 points)\n"
        "  Assurance: +0.5 (20 of 100 points)\n"
        "  Empathy: -0.5 (15 of 100 points)\n"
        "  Tangibles: +0.5 (10 of 100 points)\n"
        "  Overall gap, weighted by importance points: -0.75\n"
    ) in page
    data = json.loads(cli("show", audit_id, "--json")[1])
    gaps = data["scores"]["gaps"]
    assert gaps["overall"] == -0.8  # -0.75, rounded to one decimal as every JSON score is
    assert [s["gap"] for s in gaps["sections"]] == [-1.5, -1.5, 0.5, -0.5, 0.5]
    assert [a["question"] for a in data["plan"]] == ["quick-reply", "on-time", "convenient"]
    markdown = tmp_path / "r.md"
    assert cli("export", audit_id, "--format", "md", "-o", str(markdown))[0] == 0
    assert "## Service gaps" in markdown.read_text(encoding="utf-8")
    assert "- Reliability: -1.5, weak (30 of 100 points)" in markdown.read_text(encoding="utf-8")
