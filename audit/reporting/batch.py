"""Many reports at once, on every core: safe file names, progress, and a failure that stays one
line in the summary instead of stopping the batch.

Workers are separate processes (WeasyPrint is not thread-safe and a layout holds the GIL); each
imports WeasyPrint once and then renders audit after audit. The batch knows nothing of the
store: it is given a function that loads an audit's view and one that writes a file (both
picklable, as a worker is started afresh), so only audit ids and short results cross between
processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from audit.domain.audit import Status
from audit.domain.cohort import GroupComparison
from audit.reporting import ReportError
from audit.reporting.brand import Brand
from audit.text import plain

if TYPE_CHECKING:  # the batch is handed views; it never opens the store
    from audit.domain.view import AuditView

MAX_SLUG = 60


def safe_name(text: str) -> str:
    """A file-name part made only of ASCII letters, digits and dashes: never a path.

    Letters are transliterated, not dropped: "Łódź" is "lodz", "Ørsted" "orsted", Greek and
    Japanese names keep a readable spelling in Latin letters."""
    from anyascii import anyascii

    folded = anyascii(unicodedata.normalize("NFC", text)).replace("'", "")  # "zoes", not "zoe-s"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()
    return slug[:MAX_SLUG].strip("-") or "client"


def report_file_name(client: str, questionnaire_id: str, audit_id: str) -> str:
    """Unique per audit (its id is in it), so two clients of the same name never collide."""
    return f"{safe_name(client)}-{safe_name(questionnaire_id)}-{safe_name(audit_id)}.pdf"


@dataclass(frozen=True)
class Job:
    audit_id: str
    target: Path
    client: str = ""  # for the summary, should the report fail before its audit is read


@dataclass(frozen=True)
class Outcome:
    audit_id: str
    target: Path
    error: str = ""  # one line, empty when the report was written
    client: str = ""
    score: float | None = None
    standing: str = ""  # the band, or "draft: N of M answered", as the report prints it
    draft: bool = False  # the report is stamped DRAFT
    unfinished: bool = False  # the audit is not marked complete


# Loads the view of one audit by its id; writes a report's bytes to a path, whole or not at all.
Loader = Callable[[str], "AuditView"]
Writer = Callable[[Path, bytes], None]
# Loads an audit's view preceded by the earlier audits it is compared with, oldest first.
HistoryLoader = Callable[[str], "tuple[AuditView, ...]"]


@dataclass(frozen=True)
class Settings:
    load: Loader
    write: Writer
    template: Path
    brand: Brand
    today: dt.date
    include_private: bool
    # Given, each report gets a "Since last time" page when the audit has earlier ones; this
    # loads the view too, so a report still opens the store only once.
    history: HistoryLoader | None = None
    # With --cohort-compare: each audit's standing in its cohort, worked out once by the
    # parent from the store's summaries ("You and the group"); an audit not in it gets no page.
    groups: Mapping[str, GroupComparison] = field(default_factory=dict)


_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _settings
    _settings = settings
    from audit.reporting.pdf_engine import load_weasyprint

    load_weasyprint()  # once per worker, not once per report
    from audit.reporting import charts  # noqa: F401 - and the charts' imports


def _run(job: Job) -> Outcome:
    assert _settings is not None
    try:
        return write_report(_settings, job)
    except Exception as error:  # one failed report must not stop the batch
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Outcome(job.audit_id, job.target, message, client=job.client)


def write_report(settings: Settings, job: Job) -> Outcome:
    """Render and write one report; what it says of the audit, for the batch's summary."""
    from audit.reporting.render import render_html, render_pdf

    views = settings.history(job.audit_id) if settings.history else (settings.load(job.audit_id),)
    view = views[-1]
    html = render_html(
        view,
        settings.template,
        settings.brand,
        today=settings.today,
        include_private=settings.include_private,
        earlier=views[:-1],
        group=settings.groups.get(job.audit_id),
    )
    folder = job.target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReportError(f"{folder}: cannot create the folder: {error.strerror}") from None
    settings.write(job.target, render_pdf(html, settings.template))
    score = view.score
    return Outcome(
        job.audit_id,
        job.target,
        client=view.client.name,
        score=score.overall,
        standing=score.standing,
        draft=score.draft,
        unfinished=view.audit.status is not Status.COMPLETE,
    )


class Interrupted(Exception):
    """Ctrl-C stopped the batch; `written` are the reports finished before it, each whole."""

    def __init__(self, written: list[Path]) -> None:
        super().__init__(f"interrupted after {len(written)} reports")
        self.written = written


def run_batch(
    settings: Settings, jobs: list[Job], workers: int, progress: Callable[[Outcome], None]
) -> list[Outcome]:
    """Every job's outcome, in the order they finish. Ctrl-C (SIGINT) stops at once: queued
    jobs are dropped, workers are ended mid-report, their half-written files removed, and
    Interrupted names what was written."""
    outcomes: list[Outcome] = []
    started = time.time()
    try:
        if workers <= 1:
            _start_worker(settings)
            for job in jobs:
                outcomes.append(_run(job))
                progress(outcomes[-1])
        else:
            _run_in_pool(settings, jobs, workers, progress, outcomes)
    except KeyboardInterrupt:
        with _interrupts_ignored():
            raise Interrupted(_whole_reports(jobs, outcomes, started)) from None
    return outcomes


def _run_in_pool(
    settings: Settings,
    jobs: list[Job],
    workers: int,
    progress: Callable[[Outcome], None],
    outcomes: list[Outcome],
) -> None:
    # multiprocessing.Pool, not ProcessPoolExecutor: on leaving, the executor waits for every
    # queued job (a Ctrl-C batch ran on for 47 s), where terminate() ends the workers now.
    # A worker is replaced after a number of reports, so memory cannot creep up; "spawn",
    # because forking a process that runs threads (the pool's own) can deadlock the child.
    import multiprocessing  # here: a single report (`audit report ID`) never starts a pool

    with _interrupts_ignored():  # by the new workers, which inherit it; the parent decides
        pool = multiprocessing.get_context("spawn").Pool(
            workers, initializer=_start_pool_worker, initargs=(settings,), maxtasksperchild=50
        )
    try:
        for outcome in pool.imap_unordered(_run, jobs):
            progress(outcome)
            outcomes.append(outcome)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _start_pool_worker(settings: Settings) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(settings)


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored for a moment: while workers start (a started interpreter keeps an
    inherited SIG_IGN, so no worker prints a traceback for a Ctrl-C meant for the batch),
    and during the clean-up after one, which a second Ctrl-C must not cut short."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to guard
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _whole_reports(jobs: list[Job], outcomes: list[Outcome], started: float) -> list[Path]:
    """Remove what an ended worker left half-written; the reports that are whole."""
    # write_atomically's temporary sits beside its target as ".<name>.<random>.tmp".
    prefixes = {job.target.parent: set[str]() for job in jobs}
    for job in jobs:
        prefixes[job.target.parent].add(f".{job.target.name}.")
    for folder, starts in prefixes.items():
        with contextlib.suppress(OSError):
            for leftover in folder.iterdir():
                name = leftover.name
                if name.endswith(".tmp") and any(name.startswith(p) for p in starts):
                    leftover.unlink()
    reported = {o.audit_id for o in outcomes}
    written = [o.target for o in outcomes if not o.error]
    # A report put in place just before its worker was ended, too late to say so.
    for job in jobs:
        if job.audit_id not in reported and _written_since(job.target, started):
            written.append(job.target)
    return written


def _written_since(path: Path, started: float) -> bool:
    try:
        return path.stat().st_mtime >= started
    except OSError:
        return False


def band_word(outcome: Outcome) -> str:
    """What the summary says of a report: its band, DRAFT when the report is stamped so, and
    "unfinished" for an audit not marked complete whatever its answers."""
    if outcome.error:
        return "failed"
    if outcome.draft:
        return "DRAFT"
    return outcome.standing + (", unfinished" if outcome.unfinished else "")


CLIENT_CHARS = 32


def summary_table(outcomes: list[Outcome]) -> list[str]:
    """One line per report, by client: client, score, band (or DRAFT), file name."""
    rows = [("CLIENT", "SCORE", "BAND", "FILE")]
    for o in sorted(outcomes, key=lambda o: (o.client.casefold(), o.target.name)):
        client = plain(" ".join(o.client.split())) or "-"
        if len(client) > CLIENT_CHARS:
            client = client[: CLIENT_CHARS - 1] + "…"
        score = "-" if o.score is None or o.error else f"{o.score:.0f}"
        rows.append((client, score, band_word(o), o.target.name))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        f"{c:<{widths[0]}}  {s:>{widths[1]}}  {b:<{widths[2]}}  {f}".rstrip() for c, s, b, f in rows
    ]


class Progress:
    """Progress on `stream`: a bar redrawn in place on a terminal, else one plain line per
    report (a log or a CI job shows no carriage returns)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream
        self.live = stream.isatty()

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += bool(outcome.error)
        if self.live:
            filled = round(30 * self.done / self.total)
            bar = "#" * filled + "." * (30 - filled)
            failed = f", {self.failed} failed" if self.failed else ""
            self.stream.write(f"\r  [{bar}] {self.done}/{self.total}{failed}")
        else:
            what = "failed" if outcome.error else "written"
            mark = " (DRAFT)" if outcome.draft and not outcome.error else ""
            self.stream.write(
                f"report {self.done} of {self.total} {what}: {outcome.target.name}{mark}\n"
            )
        self.stream.flush()

    def finish(self) -> None:
        if self.live and self.done:
            self.stream.write("\n")
