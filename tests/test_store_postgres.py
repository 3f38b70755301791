"""What only the PostgreSQL store has to show: its schema's version, connection problems told in
one line, row locks between writers, a server that goes away mid-use, and user text that stays
data. (The behaviour both stores share is tested over both in test_store.py.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import Mode
from audit.storage.files import StoreBusy, StoreError
from audit.storage.opening import open_store
from tests.conftest import REPO, SMALL_TOML

psycopg = pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
from audit.storage.pg_schema import SCHEMA_VERSION, DatabaseUnavailable  # noqa: E402
from tests.pg_cluster import PASSWORD, Cluster  # noqa: E402


def sql(url: str, statement: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


def new_audit(store, small, name: str = "Acme Ltd"):
    client = store.add_client(name, sector="Retail")
    return store.create_audit(client, small, SMALL_TOML, mode=Mode.INTERVIEW, auditor="Kim")


def test_a_database_from_a_newer_version_is_refused_in_one_line(pg_url):
    open_store(pg_url)
    sql(pg_url, "UPDATE audit_schema SET version = 99")
    with pytest.raises(StoreError) as caught:
        open_store(pg_url)
    message = str(caught.value)
    assert "written by a newer version of audit (schema 99" in message
    assert "\n" not in message and PASSWORD not in message


def test_an_older_database_is_migrated_forward_and_keeps_its_answers(pg_url, small):
    store = open_store(pg_url)
    audit = new_audit(store, small)
    store.save_answer(audit.id, Answer("asked", 5))
    # As a database written before the summaries table existed (schema 1) looks.
    sql(pg_url, "DROP TABLE summaries")
    sql(pg_url, "UPDATE audit_schema SET version = 1")
    (summary,) = open_store(pg_url).summaries()
    assert (summary.answered, summary.score) == (1, 100.0)
    assert sql(pg_url, "SELECT version FROM audit_schema") == [(SCHEMA_VERSION,)]


def test_a_read_only_command_on_an_empty_database_says_there_is_no_store(pg_url):
    with pytest.raises(StoreError, match="no audit store in this database"):
        open_store(pg_url, create=False)
    assert sql(pg_url, "SELECT to_regclass('audit_schema')") == [(None,)]


def test_connection_problems_are_one_line_each_without_the_password(pg_cluster):
    cases = {
        pg_cluster.url("no_such_db"): "the server has no database named 'no_such_db'",
        pg_cluster.url(password="wrong-one"): "refused this user name or password",
        f"postgresql://kim:{PASSWORD}@127.0.0.1:1/audit": "no database server is running there",
        # libpq quotes a URL it cannot read; the message must not pass the password on.
        f"postgresql://kim:{PASSWORD}@[::1/audit?password={PASSWORD}": "IPv6 host address",
    }
    for url, expected in cases.items():
        with pytest.raises(DatabaseUnavailable) as caught:
            open_store(url)
        message = str(caught.value)
        assert expected in message and "\n" not in message
        assert PASSWORD not in message and "wrong-one" not in message and ":***@" in message


def test_without_the_driver_a_url_says_what_to_install(monkeypatch, pg_url):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    for module in [m for m in sys.modules if m.startswith("audit.storage.p")]:
        monkeypatch.delitem(sys.modules, module)
    with pytest.raises(StoreError) as caught:
        open_store(pg_url)
    assert str(caught.value).endswith("pip install 'customer-care-audit[postgres]'")


def test_user_text_that_looks_like_sql_is_stored_as_it_was_typed(pg_url, small):
    store = open_store(pg_url)
    name = "Robert'); DROP TABLE clients; --"
    audit = new_audit(store, small, name)
    note = "50% off $1 \\x00 %s %(x)s '' \" ;"
    store.save_answer(audit.id, Answer("asked", 3, note=note))
    fresh = open_store(pg_url)
    assert [c.name for c in fresh.clients()] == [name]
    assert fresh.load_audit(audit.id).answers["asked"].note == note


def test_a_writer_waiting_on_a_held_audit_is_told_it_is_busy(pg_url, small):
    store = open_store(pg_url, lock_timeout=0.2)
    audit = new_audit(store, small)
    with psycopg.connect(pg_url) as holder:  # a transaction holding the audit's row
        holder.execute("SELECT 1 FROM audits WHERE id = %s FOR UPDATE", (audit.id,))
        with pytest.raises(StoreBusy, match="another program holds this audit"):
            store.save_answer(audit.id, Answer("asked", 2))
    assert store.save_answer(audit.id, Answer("asked", 4)).answers["asked"].value == 4


def test_erasing_a_client_leaves_no_row_of_theirs(pg_url, small):
    store = open_store(pg_url)
    audit = new_audit(store, small)
    store.save_answer(audit.id, Answer("asked", 3, note="private", note_private=True))
    store.summaries()
    kept = new_audit(store, small, "Other Co")
    erased = store.delete_client(audit.client_id)
    assert erased.audits == [audit.id] and erased.names == ["Acme Ltd"]
    counts = store.row_counts()  # type: ignore[attr-defined]
    assert counts["clients"] == counts["audits"] == 1 and counts["answers"] == 0
    assert store.audit_ids() == [kept.id]
    store.delete_client(kept.client_id)
    assert store.row_counts()["questionnaires"] == 0  # type: ignore[attr-defined]


EIGHT_WRITERS = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(REPO)!r})
    from audit.domain.answers import Answer
    from audit.storage.opening import open_store
    url, name, count, *audit_ids = sys.argv[1:]
    store = open_store(url, lock_timeout=60)
    for n in range(int(count)):
        audit_id = audit_ids[n % len(audit_ids)]
        store.save_answer(audit_id, Answer(f"{{name}}-{{n}}", n % 5 + 1, note=f"from {{name}}"))
""")


def test_eight_writers_of_300_answers_into_shared_audits_lose_nothing(pg_url, small):
    store = open_store(pg_url)
    shared = [new_audit(store, small, "Busy").id for _ in range(4)]  # every writer uses each
    names = [f"w{n}" for n in range(8)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", EIGHT_WRITERS, pg_url, name, "300", *shared],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    errors = [w.communicate(timeout=300)[1] for w in workers]
    assert [w.returncode for w in workers] == [0] * 8 and errors == [""] * 8
    fresh = open_store(pg_url)
    for index, audit_id in enumerate(shared):
        answers = fresh.load_audit(audit_id).answers
        expected = {f"{name}-{n}" for name in names for n in range(index, 300, len(shared))}
        assert set(answers) == expected  # 600 each: every writer's every answer
        assert all(answers[q].note == f"from {q.split('-')[0]}" for q in expected)


def test_a_server_stopped_mid_use_is_one_line_and_loses_nothing_saved_before(pg_cluster, small):
    own = Cluster()  # its own server: stopping the shared one would fail other tests
    try:
        url = own.new_database()
        store = open_store(url)
        audit = new_audit(store, small)
        store.save_answers(audit.id, [Answer("asked", 4), Answer("hours", 12)])
        own.stop()
        with pytest.raises(DatabaseUnavailable) as caught:
            store.save_answer(audit.id, Answer("guarantee", "yes"))
        message = str(caught.value)
        assert "the connection to the database was lost" in message and "\n" not in message
        with pytest.raises(DatabaseUnavailable, match="no database server is running there"):
            store.load_audit(audit.id)
        own.start()
        answers = open_store(url).load_audit(audit.id).answers
        assert {q: a.value for q, a in answers.items()} == {"asked": 4, "hours": 12}
        # The store that saw the server go connects again and carries on.
        assert set(store.save_answer(audit.id, Answer("guarantee", "yes")).answers) == {
            "asked",
            "hours",
            "guarantee",
        }
    finally:
        own.remove()


def test_a_connection_lost_at_commit_says_the_change_may_have_been_saved(pg_url):
    from audit.storage.postgres import PostgresStore

    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    # The server ends this connection after the work but before COMMIT reaches it: whether
    # the change is kept is unknown to us, so the line must not say "not saved".
    with pytest.raises(DatabaseUnavailable) as caught, store._transaction() as cur:
        row = cur.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        sql(pg_url, "SELECT pg_terminate_backend(%s)", row[0])
    message = str(caught.value)
    assert "while the last change was being committed" in message
    assert "may or may not have been saved" in message and "\n" not in message
    # Lost in the middle of the work instead: that change is certainly not saved.
    with pytest.raises(DatabaseUnavailable) as caught, store._transaction() as cur:
        row = cur.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        sql(pg_url, "SELECT pg_terminate_backend(%s)", row[0])
        cur.execute("SELECT 1")
    assert "the last change was not saved" in str(caught.value)
