"""`audit questionnaires show --audit ID --toml`: the exact file an audit was started with."""

from __future__ import annotations

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
