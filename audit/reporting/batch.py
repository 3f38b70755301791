"""Many reports at once, on every core: safe file names, progress, and a failure that stays one
line in the summary instead of stopping the batch.

Workers are separate processes (WeasyPrint is not thread-safe and a layout holds the GIL); each
imports WeasyPrint once and then renders audit after audit, reading the store itself, so only
audit ids and short results cross between processes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from audit.reporting.brand import Brand

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


@dataclass(frozen=True)
class Outcome:
    audit_id: str
    target: Path
    error: str = ""  # one line, empty when the report was written


@dataclass(frozen=True)
class Settings:
    store: Path
    template: Path
    brand: Brand
    today: dt.date
    include_private: bool


_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _settings
    _settings = settings
    from audit.reporting.pdf_engine import load_weasyprint

    load_weasyprint()  # once per worker, not once per report
    from audit.reporting import charts  # noqa: F401 - matplotlib too


def _run(job: Job) -> Outcome:
    assert _settings is not None
    try:
        write_report(_settings, job)
    except Exception as error:  # one failed report must not stop the batch
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Outcome(job.audit_id, job.target, message)
    return Outcome(job.audit_id, job.target)


def write_report(settings: Settings, job: Job) -> None:
    from audit.engine import view_of
    from audit.reporting.render import render_html, render_pdf
    from audit.storage.files import StoreError, write_atomically_bytes
    from audit.storage.store import Store

    store = Store(settings.store, create=False)
    view = view_of(store, job.audit_id)
    html = render_html(
        view,
        settings.template,
        settings.brand,
        today=settings.today,
        include_private=settings.include_private,
    )
    folder = job.target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the folder: {error.strerror}") from None
    # Reports are for sharing: the user's umask decides who may read them, as for the app's.
    write_atomically_bytes(job.target, render_pdf(html, settings.template), shared=True)


def run_batch(
    settings: Settings, jobs: list[Job], workers: int, progress: Callable[[Outcome], None]
) -> list[Outcome]:
    outcomes = []
    if workers <= 1:
        _start_worker(settings)
        for job in jobs:
            outcome = _run(job)
            progress(outcome)
            outcomes.append(outcome)
        return outcomes
    # A worker is replaced after a number of reports, so memory cannot creep up over a long batch.
    with ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(settings,),
        max_tasks_per_child=50,
    ) as pool:
        for future in as_completed(pool.submit(_run, job) for job in jobs):
            outcome = future.result()
            progress(outcome)
            outcomes.append(outcome)
    return outcomes
