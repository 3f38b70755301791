"""The report cases: rendering in process, `audit report` as a process, batches, long tokens."""

from __future__ import annotations

import datetime as dt
import functools
import statistics
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


def _renderer(store_folder: Path) -> tuple[Callable[[str], bytes], Callable[[str], bytes]]:
    """(our render of a demo report, WeasyPrint alone on the same HTML without its charts)."""
    import re

    from audit.engine import view_of
    from audit.locations import report_templates
    from audit.reporting import render as rendering
    from audit.reporting.brand import Brand
    from audit.reporting.pdf_engine import load_weasyprint
    from audit.storage.store import Store

    weasyprint = load_weasyprint()
    store = Store(store_folder, create=False)
    templates = report_templates()

    def html_of(audit_id: str) -> str:
        view = view_of(store, audit_id)
        return rendering.render_html(view, templates, Brand(), today=dt.date.today())

    def render(audit_id: str) -> bytes:
        rendering.forget_kept_pdf()  # each sample draws the report, as a first `p` would
        return rendering.render_pdf(html_of(audit_id), templates)

    def plain(audit_id: str) -> bytes:
        html = re.sub(r"<svg.*?</svg>", "", html_of(audit_id), flags=re.S)
        document = weasyprint.HTML(string=html, base_url=templates.resolve().as_uri() + "/")
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        return pdf

    return render, plain


def render_report(run: Run) -> list[Figure]:
    folder, ids = _demo_store(run.scratch("render") / "store")
    render, plain = _renderer(folder)
    figures: list[Figure] = []
    for audit_id in ids:
        # Taken in turn, so that a machine whose speed drifts moves both alike.
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(run.repeat(7, 3)):
            ours += timed(functools.partial(render, audit_id), 1)
            bare += timed(functools.partial(plain, audit_id), 1)
        questionnaire = "three-phases" if len(figures) else "five-steps"
        ratio = statistics.median(ours) / statistics.median(bare)
        figure = Figure(
            f"render the demo {questionnaire} report (in process)",
            "s",
            ours,
            "<= 0.7 s or <= 1.5x WeasyPrint alone",
            False,
            f"WeasyPrint on the same HTML, no charts: {statistics.median(bare):.2f} s; "
            f"ratio {ratio:.2f}x",
        )
        figure.passed = figure.median <= 0.7 or ratio <= 1.5
        figures.append(figure)
    return figures


def report_process(run: Run) -> list[Figure]:
    folder, ids = _demo_store(run.scratch("report-process") / "store")
    out = run.scratch("report-process") / "out.pdf"
    argv = [sys.executable, "-m", "audit", "report", ids[-1], "-o", str(out)]
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(run.repeat(5, 2)):  # in turn, as above
        ours += process_seconds(argv, 1, env_for(folder))
        bare += process_seconds([sys.executable, "-c", "import weasyprint"], 1, env_for(folder))
    ratio = statistics.median(ours) / statistics.median(bare)
    figure = Figure(
        "audit report, whole process",
        "s",
        ours,
        "<= 2.2x python -c 'import weasyprint'",
        ratio <= 2.2,
        f"python -c 'import weasyprint': {statistics.median(bare):.2f} s; ratio {ratio:.2f}x",
    )
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
            ">= 1.8x",  # issue 15's target
            speedup >= 1.8,
            baseline=f"--jobs 1: {one_s:.1f} s; --jobs 2: {two_s:.1f} s",
        ),
        Figure(
            f"peak memory per worker, {count} reports",
            "MiB",
            [two_mib],
            "< 150 MiB",
            two_mib < 150,
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
    render, _ = _renderer(folder)
    samples = timed(lambda: render(audit.id), run.repeat(3, 1), warmup=0)
    figure = Figure("a report with 20,000-character tokens in notes", "s", samples, "< 5 s", False)
    figure.passed = max(samples) < 5
    return [figure]
