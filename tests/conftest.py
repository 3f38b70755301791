"""Shared fixtures: a small questionnaire whose scores are easy to work out by hand, a store
in a temporary folder with a fixed clock and predictable ids, and a way to run the CLI."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from audit.cli import main
from audit.domain.loader import load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.storage.base import AuditStore
from audit.storage.opening import open_store
from audit.storage.store import Store

REPO = Path(__file__).resolve().parent.parent

# Two plain sections and one phase section, small enough to score on paper.
SMALL_TOML = """
id = "small"
title = "Small"
version = "1"
weak_below = 0.67

[[sections]]
id = "basics"
title = "Basics"

[[sections.questions]]
id = "asked"
text = "We asked customers what they expect"
help = "Knowing beats guessing."
kind = "scale"
points = ["Never", "Once", "Sometimes", "Often", "Always"]
weight = 2
actions = ["Ask five customers this month."]

[[sections.questions]]
id = "guarantee"
text = "We offer an easy guarantee"
help = "It lowers the risk of buying."
kind = "yes-partly-no"
allow_na = true
actions = ["Write the guarantee down."]

[[sections.questions]]
id = "how"
text = "How does the guarantee work?"
help = "Context."
kind = "text"
required = "no"
when = { question = "guarantee", in = ["yes", "partly"] }

[[sections]]
id = "channels"
title = "Channels"
weight = 2

[[sections.questions]]
id = "reach"
text = "Ways customers can reach a person"
help = "Reachability."
kind = "multiple"
actions = ["Publish a phone number."]
choices = [
  { id = "phone", label = "Phone", score = 0.5 },
  { id = "email", label = "Email", score = 0.25 },
  { id = "chat", label = "Chat", score = 0.25 },
]

[[sections.questions]]
id = "hours"
text = "Hours to answer a complaint"
help = "Speed."
kind = "number"
best = 4
worst = 48
min = 0
unit = "hours"
actions = ["Answer complaints the same day."]

[[sections]]
id = "after"
title = "After the sale"

[sections.profile]
expectation = "moderate"
positive = "very-high"
negative = "very-high"

[[sections.profile.adjust]]
when = { question = "support", is = "yes" }
expectation = "very-high"
reason = "you offer support"

[[sections.questions]]
id = "support"
text = "We offer ongoing support"
help = "Context."
kind = "yes-partly-no"
weight = 0

[[sections.questions]]
id = "follow-up"
text = "We call every customer after the job"
help = "Follow-up."
kind = "scale"
points = ["Never", "Rarely", "Often", "Always"]
tags = ["delight"]
actions = ["Call each customer a week after the job."]

[[sections.questions]]
id = "complaints"
text = "Complaints are settled within a week"
help = "Harm."
kind = "yes-partly-no"
actions = ["Keep a complaints log."]
"""


@pytest.fixture
def small() -> Questionnaire:
    return load_questionnaire(SMALL_TOML, "small.toml")


class FixedClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def counting_ids() -> Callable[[], str]:
    counter = itertools.count(1)
    return lambda: f"a{next(counter):07d}"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store", clock=FixedClock(), new_id=counting_ids())


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """One throwaway PostgreSQL server for the whole test session (tests/pg_cluster.py)."""
    from tests.pg_cluster import Cluster, NoServer

    try:
        import psycopg  # noqa: F401

        cluster = Cluster()
    except (ImportError, NoServer) as error:
        why = f"no PostgreSQL server for the tests: {error}"
        if os.environ.get("AUDIT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{why} (AUDIT_REQUIRE_POSTGRES=1 forbids skipping)")
        pytest.skip(why)
    yield cluster
    cluster.remove()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a new, empty database on the test server."""
    return pg_cluster.new_database()


@pytest.fixture(params=["folder", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AuditStore:
    """The store on each backend in turn, with a fixed clock and predictable ids."""
    where = tmp_path / "store" if request.param == "folder" else request.getfixturevalue("pg_url")
    return open_store(where, clock=FixedClock(), new_id=counting_ids())


def reopen(store: AuditStore, **options: object) -> AuditStore:
    """The same store opened afresh, as the next command would."""
    options = {"clock": FixedClock(), "new_id": counting_ids(), **options}
    return open_store(store.opened_from, **options)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `audit ...` in-process on a temporary store; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("AUDIT_DB", str(tmp_path / "cli-store"))
    monkeypatch.setenv("AUDIT_REPORTS", str(tmp_path / "reports"))  # never ~/Documents
    monkeypatch.delenv("AUDIT_QUESTIONNAIRES", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
