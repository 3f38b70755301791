"""The real program in tmux on a PostgreSQL store: answers land in the database, a server that
stops mid-session is a message on screen, and nothing answered before the stop is lost."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from audit.storage.opening import open_store
from tests.conftest import REPO

if os.environ.get("AUDIT_REQUIRE_POSTGRES") != "1":  # CI sets it: there a missing driver fails
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
from tests.pg_cluster import Cluster
from tests.test_tui_terminal import Terminal


def test_the_tui_on_postgresql_survives_the_server_stopping(pg_cluster):
    if shutil.which("tmux") is None:  # a developer's machine without tmux; CI installs it
        pytest.skip("needs tmux (.ci/run installs it)")
    own = Cluster()  # stopped below: the session's shared server stays up for other tests
    term = None
    try:
        url = own.new_database()
        env = {"AUDIT_DB": url, "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
        command = f"{sys.executable} -m audit"
        term = Terminal(f"audit-pg-{os.getpid()}", command, env, (100, 30))
        term.wait_for("No audits yet")
        term.keys("n")
        term.wait_for("Client (business name)")
        term.keys("Pg Plumbing", "C-s")
        term.wait_for("What kind of business is this?")
        term.keys("1")  # trade work
        term.wait_for("How do most customers buy")
        term.keys("3")
        term.wait_for("How many people work")

        own.stop()
        term.keys("2")
        screen = term.wait_for("Not saved")
        assert "the connection to the database was lost" in screen
        assert "test-only-password" not in screen
        own.start()
        term.keys("2")  # the same answer again, once the server is back
        term.wait_for("Saved: 2 to 9")
        term.keys("C-q")
        term.wait_for("EXITED-0")

        store = open_store(url)
        (audit_id,) = store.audit_ids()
        answers = store.load_audit(audit_id).answers
        assert {q: a.value for q, a in answers.items()} == {
            "business-kind": "trade",
            "buying-pattern": "regular",
            "team-size": "small",
        }
    finally:
        if term is not None:
            term.close()
        own.remove()
