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
