"""The PostgreSQL store against the folder store: a save's p95 over the loopback, and how many
saves a second eight writers get through together (docs/performance.md, docs/teams.md).

The server is a throwaway one, as in the tests (tests/pg_cluster.py), with fsync on, so a save
costs what it would on a real server on this machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING

from bench import fixtures
from bench.measure import Figure, ms, percentile, timed

if TYPE_CHECKING:
    from audit.domain.audit import Audit
    from audit.storage.base import AuditStore
    from bench.runs import Run

WRITERS = 8
WRITER = textwrap.dedent("""
    import sys
    from audit.domain.answers import Answer
    from audit.storage.opening import open_store
    url, name, count, *audit_ids = sys.argv[1:]
    store = open_store(url, lock_timeout=60)
    for n in range(int(count)):
        store.save_answer(audit_ids[n % len(audit_ids)], Answer(f"{name}-{n}", n % 5 + 1))
""")


def save_postgres(run: Run) -> list[Figure]:
    from audit.domain.answers import Answer
    from audit.storage.copying import copy_store
    from audit.storage.opening import open_store
    from bench.runs import REPO, env_for, save_samples
    from tests.pg_cluster import Cluster

    times = run.repeat(300, 100)
    folder_samples = ms(save_samples(run.scratch("folder") / "store", 1, times))
    cluster = Cluster(durable=True)
    try:
        url = cluster.new_database()
        source = fixtures.store_with_audits(run.scratch("source") / "store", 1)
        copy_store(source, open_store(url))
        store = open_store(url)
        audit_id = store.audit_ids()[0]
        counter = iter(range(10**9))

        def save() -> None:
            value = next(counter) % 5 + 1
            store.save_answer(audit_id, Answer("asked-customers", value=value))

        pg_samples = ms(timed(save, times, warmup=5))

        shared = [_new_audit(store).id for _ in range(4)]
        each = run.repeat(300, 100)
        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, url, f"w{n}", str(each), *shared],
                env=env_for(),
                cwd=REPO,
            )
            for n in range(WRITERS)
        ]
        codes = [w.wait(timeout=600) for w in workers]
        seconds = time.perf_counter() - started
        kept = sum(len(store.load_audit(a).answers) for a in shared)
    finally:
        cluster.remove()

    p95_folder, p95_pg = percentile(folder_samples, 0.95), percentile(pg_samples, 0.95)
    save_figure = Figure(
        "save one answer, PostgreSQL over the loopback", "ms", pg_samples, "p95 < 10 ms",
        p95_pg < 10,
    )  # fmt: skip
    save_figure.statistic = "p95"
    save_figure.baseline = f"folder store, same run: p95 {p95_folder:.2f} ms"
    save_figure.notes.append(f"median {save_figure.median:.2f} ms")
    ratio = Figure(
        "save p95, PostgreSQL / folder store", "x", [p95_pg / p95_folder], "<= 5x",
        p95_pg / p95_folder <= 5,
    )  # fmt: skip
    total = WRITERS * each
    throughput = Figure(
        f"{WRITERS} writers at once into 4 shared audits, PostgreSQL", "saves/s",
        [total / seconds], "every answer kept", codes == [0] * WRITERS and kept == total,
    )  # fmt: skip
    throughput.baseline = f"{total} saves in {seconds:.1f} s; {kept} of {total} answers kept"
    return [save_figure, ratio, throughput]


def _new_audit(store: AuditStore) -> Audit:
    from audit.catalog import load_catalog

    entry = next(e for e in load_catalog([]).entries if e.builtin)
    return store.create_audit(store.add_client("Shared"), entry.questionnaire, entry.text)
