"""The report cases: rendering in process, `audit report` as a process, batches, long tokens."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import fixtures
from bench.measure import Figure, timed
from bench.runs import Run, env_for, process_seconds


def _demo_store(folder: Path) -> tuple[Path, list[str]]:
    from audit.catalog import load_catalog
    from audit.demo import load_demo
    from audit.storage.store import Store

    store = Store(folder)
    made = load_demo(store, load_catalog([]), "Hollin & Daughters Kitchens", "Kitchens")
    return folder, [audit_id for audit_id, _, _ in made]


def _renderer(store_folder: Path) -> Callable[[str], bytes]:
    from audit.engine import view_of
    from audit.locations import report_templates
    from audit.reporting.brand import Brand
    from audit.reporting.pdf_engine import load_weasyprint
    from audit.reporting.render import render_html, render_pdf
    from audit.storage.store import Store

    load_weasyprint()
    store = Store(store_folder, create=False)
    templates = report_templates()

    def render(audit_id: str) -> bytes:
        html = render_html(view_of(store, audit_id), templates, Brand(), today=dt.date.today())
        return render_pdf(html, templates)

    return render


def render_report(run: Run) -> list[Figure]:
    folder, ids = _demo_store(run.scratch("render") / "store")
    render = _renderer(folder)
    figures: list[Figure] = []
    for audit_id in ids:
        samples = timed(functools.partial(render, audit_id), run.repeat(7, 3))
        questionnaire = "three-phases" if len(figures) else "five-steps"
        figure = Figure(
            f"render the demo {questionnaire} report (in process)",
            "s",
            samples,
            "< 1 s",
            False,
        )
        figure.passed = figure.median < 1
        figures.append(figure)
    return figures


def report_process(run: Run) -> list[Figure]:
    folder, ids = _demo_store(run.scratch("report-process") / "store")
    out = run.scratch("report-process") / "out.pdf"
    argv = [sys.executable, "-m", "audit", "report", ids[-1], "-o", str(out)]
    samples = process_seconds(argv, run.repeat(5, 2), env_for(folder))
    figure = Figure("audit report, whole process", "s", samples, "< 2.5 s", False)
    figure.passed = figure.median < 2.5
    return [figure]


_BATCH = """
import resource, sys, time
from audit.cli import main
started = time.perf_counter()
db, out, jobs = sys.argv[1:4]
code = main(["--db", db, "report", "--all", "--out-dir", out, "--jobs", jobs])
seconds = time.perf_counter() - started
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
self_ = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT", code, seconds, children, self_)
"""


def _batch(store: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(seconds, peak MiB of the process that rendered) for one `audit report --all`."""
    result = subprocess.run(
        [sys.executable, "-c", _BATCH, str(store), str(out), str(jobs)],
        env=env_for(),
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    _, code, seconds, children, self_ = line.split()
    if code != "0":
        raise RuntimeError(f"the batch failed: {result.stderr.strip()[-300:]}")
    # With one job the main process renders; with more, its worker processes do.
    return float(seconds), float(children if jobs > 1 else self_)


def batch(run: Run) -> list[Figure]:
    count = run.repeat(100, 20)
    small = count // 5
    big_store = run.scratch("batch") / f"store-{count}"
    small_store = run.scratch("batch") / f"store-{small}"
    fixtures.store_with_audits(big_store, count)
    fixtures.store_with_audits(small_store, small)
    one_s, one_mib = _batch(big_store, Path(tempfile.mkdtemp(dir=run.folder)), 1)
    two_s, two_mib = _batch(big_store, Path(tempfile.mkdtemp(dir=run.folder)), 2)
    _, small_mib = _batch(small_store, Path(tempfile.mkdtemp(dir=run.folder)), 2)
    speedup = one_s / two_s
    figures = [
        Figure(
            f"{count} reports, --jobs 2 against --jobs 1",
            "x",
            [speedup],
            ">= 1.7x",
            speedup >= 1.7,
            baseline=f"--jobs 1: {one_s:.1f} s; --jobs 2: {two_s:.1f} s",
        ),
        Figure(
            f"peak memory per worker, {count} reports",
            "MiB",
            [two_mib],
            "< 300 MiB",
            two_mib < 300,
            baseline=f"one process with --jobs 1: {one_mib:.0f} MiB",
        ),
        Figure(
            f"worker memory, {count} against {small} reports",
            "x",
            [two_mib / small_mib],
            "<= 1.2x (not growing)",
            two_mib / small_mib <= 1.2,
            baseline=f"{small} reports: {small_mib:.0f} MiB",
        ),
    ]
    return figures


def long_token(run: Run) -> list[Figure]:
    from audit.catalog import load_catalog
    from audit.domain.answers import Answer
    from audit.storage.store import Store

    folder = run.scratch("long-token") / "store"
    store = Store(folder)
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    token = "x" * 20_000
    audit = store.create_audit(
        store.add_client("Long " + token[:190]), entry.questionnaire, entry.text
    )
    store.save_answer(audit.id, Answer("asked-customers", value=1, note=token))
    store.save_answer(audit.id, Answer("segments", value="no", note="y" * 20_000))
    render = _renderer(folder)
    samples = timed(lambda: render(audit.id), run.repeat(3, 1), warmup=0)
    figure = Figure("a report with 20,000-character tokens in notes", "s", samples, "< 5 s", False)
    figure.passed = max(samples) < 5
    return [figure]
