"""The cohort report at scale (issue 18): 1,000 audits report in under 5 s, and the report's
memory stays flat from 100 to 10,000 audits. Both are whole processes, as a trainer runs them,
on a store whose list has been shown once (its summaries cached, as after any `audit list`)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.measure import Figure
from bench.runs import Run, env_for

COHORT = "Bench Cohort"
CLIENTS = 20

# Peak memory from /proc (VmHWM): Linux keeps ru_maxrss across exec, so a child started by
# this bench, which holds a 10,000-audit store in memory, would report the bench's own peak.
_REPORT = """
import sys, time
from audit.cli import main
started = time.perf_counter()
code = main(["--db", sys.argv[1], "cohort", "report", sys.argv[2], *sys.argv[3:]])
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print("RESULT", code, seconds, kib / 1024)
"""


def cohort_store(folder: Path, count: int) -> Path:
    """`count` finished audits of the built-ins in one cohort, over CLIENTS clients, written
    through `copy_in` (one index write a client), then listed once so summaries are cached."""
    from audit.domain.audit import Client, Status
    from audit.engine import apply_answers
    from audit.storage.store import Store
    from bench.fixtures import demo_answers, owner_entries

    store = Store(folder)
    models = []
    for entry in owner_entries():
        audit = store.create_audit(store.add_client(f"Model {entry.questionnaire.id}"),
                                   entry.questionnaire, entry.text, cohort=COHORT)  # fmt: skip
        apply_answers(store, audit.id, demo_answers(entry))
        store.set_status(audit.id, Status.COMPLETE)
        models.append(store.load_audit(audit.id))
    texts = {m.questionnaire_hash: store.questionnaire_text(m) for m in models}
    made = len(models)
    for n in range(CLIENTS):
        client = Client(f"c{n:07d}", f"Bench client {n:02d}", created_at=models[0].created_at)
        share = (count - made) // CLIENTS + (n < (count - made) % CLIENTS)
        audits = [
            replace(models[k % len(models)], id=f"b{n:02d}{k:05d}", client_id=client.id)
            for k in range(share)
        ]
        store.copy_in(client, audits, texts)
    store.summaries()  # as `audit list` would: the report then reads the cached summaries
    return folder


def _report(store: Path, *options: str) -> tuple[float, float]:
    """(seconds of the whole process, its peak MiB) for one `audit cohort report`."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _REPORT, str(store), COHORT, *options],
        env=env_for(),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    _, code, _inside, mib = line.split()
    if code != "0":
        raise RuntimeError(f"the cohort report failed: {result.stderr.strip()[-300:]}")
    return seconds, float(mib)


def cohort_report(run: Run) -> list[Figure]:
    big = run.repeat(10_000, 2_000)
    folders = {}
    for count in (100, 1_000, big):
        started = time.perf_counter()
        folders[count] = cohort_store(run.scratch(f"cohort-{count}") / "store", count)
        print(f"  cohort store of {count}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    pdf = str(run.folder / "cohort.pdf")
    times = run.repeat(5, 2)
    whole = [_report(folders[1_000], "--out", pdf)[0] for _ in range(times)]
    figure = Figure("cohort report PDF, 1,000 audits (whole process)", "s", whole, "< 5 s", False)
    figure.passed = figure.median < 5
    small_mib = min(_report(folders[100], "--out", pdf)[1] for _ in range(times))
    big_mib = min(_report(folders[big], "--out", pdf)[1] for _ in range(times))
    memory = Figure(
        f"cohort report memory, {big:,} against 100 audits",
        "x",
        [big_mib / small_mib],
        "<= 1.5x (flat)",
        big_mib / small_mib <= 1.5,
        baseline=f"peak RSS {small_mib:.0f} MiB at 100, {big_mib:.0f} MiB at {big:,}",
    )
    return [figure, memory]
