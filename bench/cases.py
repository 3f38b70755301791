"""Each benchmark of the performance targets (docs/performance.md), one function a figure.

A case gets a `Run` (a scratch folder and how thorough to be) and returns one or more Figures.
Whole-process figures run `python -m audit` in a subprocess; the rest run in this process, after
the imports they do not measure.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import fixtures
from bench.measure import Figure, ms, percentile, timed
from bench.postgres import save_postgres

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    folder: Path
    quick: bool

    def repeat(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def scratch(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def _env(store: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if store is not None:
        env["AUDIT_DB"] = str(store)
    return env


def _process_seconds(argv: list[str], times: int, env: dict[str, str]) -> list[float]:
    def once() -> None:
        subprocess.run(argv, env=env, check=True, capture_output=True)

    return timed(once, times)


# -- start-up ----------------------------------------------------------------------------------


def help_start(run: Run) -> list[Figure]:
    times = run.repeat(20, 8)
    empty = ms(_process_seconds([sys.executable, "-c", "pass"], times, _env()))
    help_ = ms(_process_seconds([sys.executable, "-m", "audit", "--help"], times, _env()))
    figure = Figure(
        "audit --help, whole process", "ms", help_, "< 150 ms and <= 4x python -c pass", False
    )
    ratio = figure.median / statistics.median(empty)
    figure.baseline = f"python -c pass: {statistics.median(empty):.0f} ms; ratio {ratio:.1f}x"
    figure.passed = figure.median < 150 and ratio <= 4
    return [figure]


_TUI_READY = """
import asyncio, sys
from pathlib import Path
from audit.catalog import load_catalog
from audit.storage.store import Store
from audit.tui.app import AuditApp
from textual.widgets import DataTable

async def main():
    app = AuditApp(Store(Path(sys.argv[1]), create=False), load_catalog([]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        print("READY", table.row_count, flush=True)

asyncio.run(main())
"""


def _tui_ready(store: Path, times: int) -> tuple[list[float], int]:
    samples, rows = [], 0
    for _ in range(times + 1):  # the first run warms the disk cache and is not counted
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _TUI_READY, str(store)],
            env=_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        samples.append(time.perf_counter() - started)
        process.wait()
        rows = int(line.split()[1]) if line.startswith("READY") else -1
    return samples[1:], rows


def tui_home(run: Run) -> list[Figure]:
    full = run.scratch("tui-1000")
    fixtures.store_with_audits(full, 1000)
    empty = run.scratch("tui-empty")
    fixtures.store_with_audits(empty, 0)
    times = run.repeat(7, 3)
    base, _ = _tui_ready(empty, times)
    samples, rows = _tui_ready(full, times)
    figure = Figure(
        "TUI ready on home, 1,000 audits (whole process)", "s", samples, "< 0.8 s", False
    )
    figure.baseline = f"same with an empty store: {sorted(base)[len(base) // 2]:.2f} s"
    figure.passed = figure.median < 0.8 and rows == 1000
    if rows != 1000:
        figure.notes.append(f"home listed {rows} audits, not 1000")
    return [figure]


def next_question(run: Run) -> list[Figure]:
    """Pilot's own waiting (for idle, for a frame) is most of a press; an unbound key measures
    it, and the figure is a move minus that, in wall time and in CPU time."""
    from textual.pilot import Pilot

    from audit.catalog import load_catalog
    from audit.tui.app import AuditApp

    folder = run.scratch("next-question")
    store = fixtures.store_with_audits(folder, 0)
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    store.create_audit(store.add_client("Bench"), entry.questionnaire, entry.text)
    app = AuditApp(store, load_catalog([]))
    moves: list[tuple[float, float]] = []
    idle: list[tuple[float, float]] = []

    async def press(pilot: Pilot[None], key: str) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await pilot.pause()
        return time.perf_counter() - wall, time.process_time() - cpu

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # resume the audit: its first question
            await pilot.pause()
            for _ in range(run.repeat(12, 6)):
                for _ in range(20):  # forward through the questions and back again
                    moves.append(await press(pilot, "pagedown"))
                    idle.append(await press(pilot, "f12"))  # a key bound to nothing
                for _ in range(20):
                    moves.append(await press(pilot, "pageup"))

    asyncio.run(main())
    idle_wall = statistics.median(w for w, _ in idle)
    idle_cpu = statistics.median(c for _, c in idle)
    net = [max(0.0, w - idle_wall) for w, _ in moves]
    figure = Figure("TUI: to the next question", "ms", ms(net), "< 50 ms", False)
    cpu = statistics.median(c for _, c in moves) - idle_cpu
    figure.baseline = (
        f"a move {statistics.median(w for w, _ in moves) * 1000:.0f} ms, an unbound key "
        f"{idle_wall * 1000:.0f} ms (Pilot's waiting)"
    )
    figure.notes.append(f"CPU per move {cpu * 1000:.1f} ms")
    figure.passed = figure.median < 50
    return [figure]


# -- the store ---------------------------------------------------------------------------------


def _save_samples(store_folder: Path, audits: int, times: int) -> list[float]:
    from audit.domain.answers import Answer
    from audit.storage.store import Store

    fixtures.store_with_audits(store_folder, audits)
    store = Store(store_folder)
    audit_id = store.audit_ids()[0]
    values = [1, 2, 3, 4, 5]

    counter = iter(range(10**9))

    def save() -> None:
        store.save_answer(audit_id, Answer("asked-customers", value=values[next(counter) % 5]))

    if store.load_audit(audit_id).questionnaire_id != "five-steps":
        raise RuntimeError("the first audit of the bench store should be a five-steps audit")
    return timed(save, times, warmup=5)


def _plain_json_write(folder: Path, data: dict[str, object], times: int) -> list[float]:
    target = folder / "plain.json"

    def write() -> None:
        with open(target, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
            stream.flush()
            os.fsync(stream.fileno())

    return timed(write, times, warmup=5)


def save_answer(run: Run) -> list[Figure]:
    times = run.repeat(300, 100)
    one = ms(_save_samples(run.scratch("save-1") / "store", 1, times))
    many = ms(_save_samples(run.scratch("save-1000") / "store", 1000, times))
    audit_file = next((run.scratch("save-1") / "store" / "audits").glob("*.json"))
    plain = ms(
        _plain_json_write(run.scratch("save-plain"), json.loads(audit_file.read_text()), times)
    )
    p95_one, p95_many = percentile(one, 0.95), percentile(many, 0.95)
    figures = []
    for samples, label, p95 in ((one, "1 audit", p95_one), (many, "1,000 audits", p95_many)):
        figure = Figure(f"save one answer, {label}", "ms", samples, "p95 < 10 ms", p95 < 10)
        figure.statistic = "p95"
        figure.baseline = f"plain JSON write + fsync: p95 {percentile(plain, 0.95):.1f} ms"
        figure.notes.append(f"median {figure.median:.2f} ms")
        figures.append(figure)
    ratio = Figure(
        "save p95 at 1,000 audits / at 1",
        "x",
        [p95_many / p95_one],
        "<= 1.5x",
        p95_many / p95_one <= 1.5,
    )
    return [*figures, ratio]


def apply_file(run: Run) -> list[Figure]:
    from audit.answer_files import read_answers_file
    from audit.domain.loader import load_questionnaire
    from audit.engine import apply_answers
    from audit.storage import files
    from audit.storage.store import Store

    text = fixtures.big_questionnaire(1000)
    questionnaire = load_questionnaire(text, "bench-big.toml")
    answers_path = fixtures.answers_file(run.scratch("apply") / "answers.json", 1000)
    samples: list[float] = []
    writes: list[int] = []
    written = [0]  # files written so far, counted by the wrapper below
    original = files.write_atomically

    def counting(
        path: Path, text: str, *, shared: bool = False, keep_previous: bool = False
    ) -> None:
        written[0] += 1
        original(path, text, shared=shared, keep_previous=keep_previous)

    files.write_atomically = counting
    try:
        for n in range(run.repeat(7, 3)):
            store = Store(run.scratch(f"apply/store-{n}"))
            audit = store.create_audit(store.add_client("Big"), questionnaire, text)
            before = written[0]
            started = time.perf_counter()
            _, raws = read_answers_file(answers_path)
            apply_answers(store, audit.id, raws)
            samples.append(time.perf_counter() - started)
            writes.append(written[0] - before)
    finally:
        files.write_atomically = original
    figure = Figure("apply a 1,000-answer file", "s", samples, "< 1 s, one write", False)
    figure.passed = figure.median < 1 and max(writes) <= 1
    figure.notes.append(f"writes per apply: {sorted(set(writes))}")
    return [figure]


# -- reports -----------------------------------------------------------------------------------


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
        ours += _process_seconds(argv, 1, _env(folder))
        bare += _process_seconds([sys.executable, "-c", "import weasyprint"], 1, _env(folder))
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
        env=_env(),
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


CASES: dict[str, Callable[[Run], list[Figure]]] = {
    "help": help_start,
    "tui-home": tui_home,
    "next-question": next_question,
    "save": save_answer,
    "save-postgres": save_postgres,
    "apply": apply_file,
    "render": render_report,
    "report-process": report_process,
    "batch": batch,
    "long-token": long_token,
}
