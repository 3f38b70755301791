"""The report's "Where your team sees it differently" page, read back from the PDF: there with
several of the business's people, naming them (escaped), and absent with one respondent."""

from __future__ import annotations

from audit.domain.answers import Answer
from audit.domain.respondents import Role
from audit.storage.store import Store
from tests.conftest import SMALL_TOML, FixedClock, counting_ids
from tests.test_report_since import pages_of


def _audit(tmp_path, small, *, team: bool) -> str:
    store = Store(tmp_path / "cli-store", clock=FixedClock(), new_id=counting_ids())
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, small, SMALL_TOML)
    store.save_answers(audit.id, [Answer("asked", 5), Answer("complaints", "yes")])
    if team:
        store.add_respondent(audit.id, "Mia <i>", Role.STAFF, [Answer("asked", 1)])
        store.add_respondent(audit.id, "Sam", Role.CUSTOMER, [Answer("asked", 1)])
    return audit.id


def test_several_people_give_the_team_page(cli, tmp_path, small):
    audit_id = _audit(tmp_path, small, team=True)
    target = tmp_path / "team.pdf"
    code, _, err = cli("report", audit_id, "-o", str(target))
    assert code == 0, err
    (page,) = [p for p in pages_of(target) if p.startswith("Where your team sees it differently")]
    # Two people of the business (the customer is not one of them); asked: 1 Never (0) and
    # 5 Always (100) are 100 points apart, the only gap.
    assert "Answered by 2 people of the business: Owner (owner), Mia <i> (staff)." in page
    assert "We asked customers what they expect" in page and "Basics: 100 points apart" in page
    assert "Sam" not in page


def test_one_person_gives_no_team_page(cli, tmp_path, small):
    audit_id = _audit(tmp_path, small, team=False)
    target = tmp_path / "one.pdf"
    assert cli("report", audit_id, "-o", str(target))[0] == 0
    assert not any("sees it differently" in p for p in pages_of(target))
