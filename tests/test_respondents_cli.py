"""Answering as a respondent from the command line: `audit answer ID --file F --respondent NAME
--role ROLE`, and what `audit show` then says about the team."""

from __future__ import annotations

import json


def _new_audit(cli) -> str:
    assert cli("new", "--client", "Corner Bakery", "--questionnaire", "three-phases")[0] == 0
    return json.loads(cli("list", "--json")[1])[0]["id"]


def _file(tmp_path, name: str, website: int, adverts: int):
    path = tmp_path / f"{name}.csv"
    path.write_text(f"question,value\nwebsite,{website}\nhonest-adverts,{adverts}\n")
    return str(path)


def test_three_people_answer_and_show_tells_where_they_differ(cli, tmp_path):
    audit_id = _new_audit(cli)
    assert cli("answer", audit_id, "--file", _file(tmp_path, "o", 5, 5))[:2] == (
        0,
        f"2 answers saved to audit {audit_id}\n",
    )
    mia = _file(tmp_path, "m", 1, 2)
    assert cli("answer", audit_id, "--file", mia, "--respondent", "Mia", "--role", "staff")[1] == (
        f"2 answers saved to audit {audit_id} as Mia (staff)\n"
    )
    lee = _file(tmp_path, "l", 2, 4)
    assert (
        cli("answer", audit_id, "--file", lee, "--respondent", "Lee", "--role", "manager")[0] == 0
    )
    # The same name again is the same respondent: no role needed, no one added.
    assert cli("answer", audit_id, "--file", mia, "--respondent", " mia ")[0] == 0
    data = json.loads(cli("show", audit_id, "--json")[1])
    assert [r["name"] for r in data["voices"]["respondents"]] == ["Owner", "Mia", "Lee"]
    # website: 1, 2, 5 -> median 2; honest-adverts: 2, 4, 5 -> median 4 (points 1 to 5).
    assert {a["question"]: a["value"] for a in data["answers"]} == {
        "website": 2,
        "honest-adverts": 4,
    }
    # website 0-100 and honest-adverts 25-100 are both at least 50 points apart.
    assert data["voices"]["gaps"] == ["website", "honest-adverts"]
    assert [a["id"] for a in data["plan"]][:2] == ["website/gap", "honest-adverts/gap"]
    code, out, _ = cli("show", audit_id)
    assert code == 0 and "Where your team sees it differently:" in out
    assert "Answered by 3 people of the business: Owner (owner), Mia (staff), Lee" in out


def test_respondent_mistakes_are_one_line_and_store_nothing(cli, tmp_path):
    audit_id = _new_audit(cli)
    path = _file(tmp_path, "m", 1, 2)
    code, _, err = cli("answer", audit_id, "--file", path, "--respondent", "Mia", "--role", "boss")
    assert code == 2
    assert err == (
        "audit: --role: unknown role 'boss'; a role is one of: owner, manager, staff, "
        "customer, consultant\n"
    )
    code, _, err = cli("answer", audit_id, "--file", path, "--respondent", "Mia")
    assert code == 1 and "has no respondent named 'Mia'; give --role" in err
    assert err.count("\n") == 1
    code, _, err = cli("answer", audit_id, "--file", path, "--role", "staff")
    assert code == 2 and "--role goes with --respondent" in err
    # A bad file adds no respondent.
    bad = tmp_path / "bad.csv"
    bad.write_text("question,value\nwebsite,9\n")
    assert (
        cli("answer", audit_id, "--file", str(bad), "--respondent", "Mia", "--role", "staff")[0]
        == 1
    )
    data = json.loads(cli("show", audit_id, "--json")[1])
    assert "voices" not in data and data["answers"] == []
