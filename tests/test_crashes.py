"""Writers killed at random moments, and several writers at once: nothing reported as saved is
ever lost, and the store always opens."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from audit.domain.answers import Answer, AnswerValue
from audit.storage.store import Store
from tests.conftest import REPO

KILLS = 200


def saves(run: int):
    """The answers the writer of run `run` saves, in order: (question, value), forever."""
    n = 0
    while True:
        yield f"q{(run * 7 + n) % 40}", 1 + (run + n) % 5
        n += 1


def writer(folder, audit_id: str, run: int, report: int) -> None:
    """In the forked child: save answers one after another, reporting each once it is saved."""
    store = Store(folder, lock_timeout=30)
    for question, value in saves(run):
        store.save_answer(audit_id, Answer(question, value))
        os.write(report, f"{question} {value}\n".encode())


def test_a_writer_killed_at_any_moment_loses_nothing_it_reported(tmp_path, small):
    store = Store(tmp_path / "store")
    audit = store.create_audit(store.add_client("Crash"), small, "text")
    expected: dict[str, AnswerValue | None] = {}  # what the store must hold after every run
    rng = random.Random(20261124)
    kills_mid_write = 0
    for run in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write until killed
            os.close(read_end)
            try:
                writer(store.folder, audit.id, run, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as reports:
            reported = [line.split() for line in reports.read().splitlines()]

        # A kill inside a write leaves its temporary file; the store clears it on opening.
        kills_mid_write += bool(list(store.folder.rglob(".*.tmp")))

        # Every store still opens; everything reported is there. The one save after the last
        # report may or may not have landed (killed between saving and reporting).
        answers = {q: a.value for q, a in Store(store.folder).load_audit(audit.id).answers.items()}
        for question, value in reported:
            expected[question] = int(value)
        unreported_question, unreported_value = next(
            itertools.islice(saves(run), len(reported), None)
        )
        maybe = {**expected, unreported_question: unreported_value}
        assert answers in (expected, maybe), f"run {run}: {len(reported)} saves reported"
        expected = answers
    assert not list(store.folder.rglob(".*.tmp"))
    print(f"{kills_mid_write} of {KILLS} kills landed inside a write")
    assert kills_mid_write > 0, "no kill landed inside a write: the test proved nothing"


WRITER = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(REPO)!r})
    from pathlib import Path
    from audit.domain.answers import Answer
    from audit.storage.store import Store
    folder, audit_id, name, count = sys.argv[1:5]
    store = Store(Path(folder), lock_timeout=60)
    for n in range(int(count)):
        store.save_answer(audit_id, Answer(f"{{name}}-{{n}}", n % 5 + 1, note=f"from {{name}}"))
""")


@pytest.mark.parametrize("processes", [2, 4])
def test_writers_at_once_keep_every_answer(tmp_path, small, processes):
    store = Store(tmp_path / "store")
    audit = store.create_audit(store.add_client("Busy"), small, "text")
    names = [f"w{n}" for n in range(processes)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store.folder), audit.id, name, "300"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    errors = [w.communicate(timeout=120)[1] for w in workers]
    assert [w.returncode for w in workers] == [0] * processes and errors == [""] * processes
    answers = Store(store.folder).load_audit(audit.id).answers
    assert {f"{name}-{n}" for name in names for n in range(300)} <= set(answers)
    assert all(answers[f"{name}-{n}"].note == f"from {name}" for name in names for n in (0, 299))


def test_a_writer_that_cannot_get_the_lock_says_the_store_is_in_use(tmp_path, cli):
    import fcntl

    assert cli("demo")[0] == 0
    folder = tmp_path / "cli-store"
    held = os.open(folder / "lock", os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "audit", "--db", str(folder), "list"],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        waited = time.monotonic() - started
    finally:
        os.close(held)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "the store is in use by another program; close it or try again in a moment"
    )
    assert result.stderr.count("\n") == 1 and 4 < waited < 15
