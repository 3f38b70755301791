"""Telling a client's audits apart: when each was started and finished."""

from __future__ import annotations

import datetime as dt
import json

from audit.domain.audit import Status


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()  # the store stamps times in UTC


def test_finishing_an_audit_records_the_day_and_the_list_shows_both_dates(cli):
    first = cli("new", "--client", "Corner Bakery", "--questionnaire", "five-steps")[1].strip()
    cli("new", "--client", "Corner Bakery", "--questionnaire", "three-phases")
    assert cli("demo")[0] == 0  # a finished pair beside them
    rows = {row["id"]: row for row in json.loads(cli("list", "--json")[1])}
    assert rows[first]["started_at"][:10] == _today()
    assert rows[first]["finished_at"] is None
    finished = [row for row in rows.values() if row["status"] == "complete"]
    assert finished and all(row["finished_at"][:10] == _today() for row in finished)
    out = cli("list", "--client", "Corner Bakery")[1]
    header, *lines = out.splitlines()
    assert header.split() == [
        "ID",
        "CLIENT",
        "AUDIT",
        "STARTED",
        "FINISHED",
        "SCORE",
    ]
    assert len(lines) == 2
    assert all(_today() in line and " no, 0/" in line for line in lines)  # nothing answered


def test_an_audit_put_back_in_progress_is_no_longer_finished(any_store, small):
    store = any_store
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, small, "")
    assert store.set_status(audit.id, Status.COMPLETE).finished_at == "2026-11-23T09:00:00+00:00"
    again = store.set_status(audit.id, Status.IN_PROGRESS)
    assert again.finished_at == "" and store.load_audit(audit.id).finished_at == ""
    assert store.summaries()[0].finished_at == ""


# -- a repeat's links to the audit it follows, on both stores --------------------------------


def _repeat_with_carried(store, small):
    from audit.domain.audit import ActionEdit, ActionStatus
    from tests.conftest import SMALL_TOML

    client = store.add_client("Corner Bakery")
    first = store.create_audit(client, small, SMALL_TOML)
    carried = {"asked/1": ActionEdit("Ruth", "2027-01-31", ActionStatus.DOING, first.id)}
    second = store.create_audit(client, small, SMALL_TOML, follows=first.id, carried=carried)
    return first, second, carried


def test_a_repeat_keeps_what_it_follows_and_its_carried_actions(any_store, small):
    from audit.domain.audit import ActionEdit, ActionStatus
    from tests.conftest import reopen

    first, second, carried = _repeat_with_carried(any_store, small)
    assert (second.follows, dict(second.action_edits)) == (first.id, carried)
    again = reopen(any_store).load_audit(second.id)
    assert again.follows == first.id and dict(again.action_edits) == carried
    assert reopen(any_store).load_audit(first.id).follows == ""
    # Setting the status keeps where the action came from.
    edit = ActionEdit("Ruth", "2027-01-31", ActionStatus.DONE, carried_from=first.id)
    any_store.save_action_edit(second.id, "asked/1", edit)
    assert reopen(any_store).load_audit(second.id).action_edits["asked/1"] == edit


def test_documents_from_before_repeats_read_as_following_nothing():
    from audit.storage.converters import audit_from_doc, edit_from_doc

    old = {"id": "a1", "client_id": "c1", "questionnaire_id": "q", "questionnaire_hash": "h"}
    assert audit_from_doc(old).follows == ""
    assert edit_from_doc({"action": "asked/1", "status": "doing"})[1].carried_from == ""


def test_an_imported_repeat_follows_its_earlier_audit_under_its_new_id(any_store, small, tmp_path):
    from audit.storage.transfer import read_export

    first, second, _ = _repeat_with_carried(any_store, small)
    text, _ = any_store.export_client(first.client_id)
    (tmp_path / "bakery.json").write_text(text, encoding="utf-8")
    # Into the same store, the first copy renamed: both audit ids are taken, so both audits
    # come in under new ids.
    any_store.rename_client(first.client_id, "Corner Bakery (old)")
    _, renamed = any_store.import_client(read_export(tmp_path / "bakery.json"))
    copy = any_store.load_audit(renamed[second.id])
    assert copy.follows == renamed[first.id]
    assert copy.action_edits["asked/1"].carried_from == renamed[first.id]
