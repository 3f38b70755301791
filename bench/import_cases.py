"""Customers' responses imported into a pulse (`audit import-responses`): 1,000 customers cost
about ten times 100, not a hundred times, on the folder store (docs/performance.md)."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import Figure
from bench.runs import Run, env_for

HEADER = "name,recommend,satisfied,effort,customer-before,customer-during,customer-after"


def responses_file(path: Path, customers: int) -> Path:
    pick = random.Random(customers)
    rows = [
        f"Customer {n},{pick.randint(0, 10)},{pick.randint(1, 5)},{pick.randint(1, 7)},"
        f"{pick.randint(1, 5)},{pick.randint(1, 5)},{pick.randint(1, 5)}"
        for n in range(customers)
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _import_seconds(folder: Path, csv: Path) -> float:
    """One whole `audit import-responses` into a new pulse audit of a store of its own."""
    env = env_for(folder)
    new = [sys.executable, "-m", "audit", "new", "--client", "Bench Cafe"]
    made = subprocess.run(
        [*new, "--questionnaire", "customer-pulse"], env=env, check=True, capture_output=True
    )
    audit_id = made.stdout.decode().strip()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "audit", "import-responses", audit_id, str(csv)],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def import_responses(run: Run) -> list[Figure]:
    times = run.repeat(5, 2)
    small = responses_file(run.folder / "100.csv", 100)
    big = responses_file(run.folder / "1000.csv", 1_000)
    small_s = [_import_seconds(run.scratch(f"small-{n}") / "store", small) for n in range(times)]
    big_s = [_import_seconds(run.scratch(f"big-{n}") / "store", big) for n in range(times)]
    ratio = statistics.median(big_s) / statistics.median(small_s)
    return [
        Figure(
            "import-responses, 1,000 against 100 customers (whole process)",
            "x",
            [ratio],
            "<= 12x (linear)",
            ratio <= 12,
            baseline=f"100: {statistics.median(small_s):.2f} s, "
            f"1,000: {statistics.median(big_s):.2f} s",
        )
    ]
