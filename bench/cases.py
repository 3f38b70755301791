"""Each benchmark of the performance targets (docs/performance.md), one function a figure.

A case gets a `Run` (a scratch folder and how thorough to be) and returns one or more Figures.
Whole-process figures run `python -m audit` in a subprocess; the rest run in this process, after
the imports they do not measure.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import fixtures
from bench.cohort_cases import cohort_report
from bench.import_cases import import_responses
from bench.measure import Figure, ms, percentile, timed
from bench.postgres import save_postgres
from bench.report_cases import batch, long_token, render_report, report_process
from bench.runs import Run, env_for, process_seconds, save_samples

# -- start-up ----------------------------------------------------------------------------------


def help_start(run: Run) -> list[Figure]:
    times = run.repeat(20, 8)
    empty = ms(process_seconds([sys.executable, "-c", "pass"], times, env_for()))
    help_ = ms(process_seconds([sys.executable, "-m", "audit", "--help"], times, env_for()))
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
            env=env_for(),
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
    one = ms(save_samples(run.scratch("save-1") / "store", 1, times))
    many = ms(save_samples(run.scratch("save-1000") / "store", 1000, times))
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
    "cohort": cohort_report,
    "import-responses": import_responses,
}
