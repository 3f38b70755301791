"""`audit store copy` and `--db postgresql://...` as a user meets them: a store copied from a
folder to PostgreSQL and back exports the same bytes, a second copy changes nothing, and every
command runs on the database."""

from __future__ import annotations

import json

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus
from audit.storage.opening import open_store
from tests.conftest import SMALL_TOML

pytest.importorskip("psycopg", reason="the psycopg driver is not installed")


def exports(cli, where: str, names: list[str], folder) -> dict[str, str]:
    """Each client's export file as `audit clients export` writes it from the store `where`."""
    folder.mkdir()
    texts = {}
    for n, name in enumerate(names):
        target = folder / f"{n}.json"
        code, _, err = cli("--db", where, "clients", "export", name, "-o", str(target))
        assert code == 0, err
        texts[name] = target.read_text(encoding="utf-8")
    return texts


def test_a_round_trip_through_postgresql_exports_the_same_bytes(cli, tmp_path, pg_url, small):
    folder = tmp_path / "mine"
    store = open_store(folder)
    for name in ("Acme Ltd", "Caf\u00e9 \u00c9mile"):
        client = store.add_client(name, sector="Retail", contact="Jo")
        audit = store.create_audit(client, small, SMALL_TOML, auditor="Kim")
        store.save_answers(
            audit.id,
            [
                Answer("asked", 4, note="secret", note_private=True, flagged=True),
                Answer("guarantee", None, na_reason="services only"),
                Answer("reach", ("phone", "chat")),
            ],
        )
        store.save_action_edit(
            audit.id, "asked/1", ActionEdit("Sam", "2027-01-31", ActionStatus.DOING)
        )
        store.add_time(audit.id, "basics", 61.5)
    names = [c.name for c in store.clients()]
    before = exports(cli, str(folder), names, tmp_path / "before")

    code, out, _ = cli("store", "copy", str(folder), pg_url)
    assert code == 0
    assert out.startswith(
        "Copied 2 clients, 2 audits, 6 answers, 2 action edits and 1 questionnaire copy from "
    )
    assert ":***@" in out and "test-only-password" not in out
    code, out, _ = cli("store", "copy", str(folder), pg_url)  # again: nothing changes
    assert code == 0 and "Copied 0 clients" in out and "2 clients already there" in out

    back = tmp_path / "back"
    assert cli("store", "copy", pg_url, str(back))[0] == 0
    assert exports(cli, pg_url, names, tmp_path / "from-db") == before
    assert exports(cli, str(back), names, tmp_path / "after") == before
    listed = {row["id"] for row in json.loads(cli("--db", pg_url, "list", "--json")[1])}
    assert listed == set(open_store(folder).audit_ids())


def test_every_command_runs_on_a_database_given_in_audit_db(cli, monkeypatch, pg_url):
    monkeypatch.setenv("AUDIT_DB", pg_url)
    assert cli("demo")[0] == 0
    code, out, _ = cli("list")
    assert code == 0 and out.count("Hollin & Daught") == 2  # the name fits the width it gets
    audit_id = json.loads(cli("list", "--json")[1])[0]["id"]
    code, out, _ = cli("delete", audit_id, "--yes")
    assert code == 0 and out.startswith(f"Erased audit {audit_id}: deleted from the database")
    assert len(json.loads(cli("list", "--json")[1])) == 1


def test_a_wrong_password_in_db_is_one_line_and_exit_1(cli, pg_cluster):
    code, out, err = cli("--db", pg_cluster.url(password="nope"), "list")
    assert code == 1 and out == ""
    assert err.endswith("cannot connect: the server refused this user name or password\n")
    assert err.count("\n") == 1 and "nope" not in err


def test_copying_a_store_onto_itself_is_refused(cli, tmp_path):
    assert cli("--db", str(tmp_path / "s"), "demo")[0] == 0
    code, _, err = cli("store", "copy", str(tmp_path / "s"), str(tmp_path / "s" / "."))
    assert code == 1 and "FROM and TO are the same store" in err
