"""`audit export` (JSON, CSV, Markdown, HTML, calendar) and `audit report` (PDF, one or many)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from audit.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEM,
    ID_HELP,
    Commands,
    Context,
    Problem,
    UsageError,
    private_option,
)

if TYPE_CHECKING:
    import datetime as dt

    from audit.reporting.brand import Brand


def add_commands(commands: Commands) -> None:
    export = commands.add(
        "export", cmd_export, "write an audit as JSON, a CSV action plan or Markdown"
    )
    export.add_argument("id", help=ID_HELP)
    export.add_argument(
        "--format",
        required=True,
        choices=("json", "csv", "md", "html", "ics"),
        help="json: everything, readable by `audit answer`; csv: the action plan for a "
        "spreadsheet; md or html: the whole report; ics: a calendar entry per action with a "
        "due date",
    )
    _report_options(export)
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")

    report = commands.add(
        "report", cmd_report, "write the PDF action plan of one audit, or of many"
    )
    report.add_argument("id", nargs="?", help=ID_HELP)
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the PDF to write (default: a name made from client and audit, in AUDIT_REPORTS "
        "or customer-care-audit in your documents folder)",
    )
    which = report.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="a report for every audit")
    which.add_argument("--client", metavar="NAME", help="a report for each audit of this client")
    which.add_argument(
        "--questionnaire", metavar="ID", help="a report for each audit of this questionnaire"
    )
    report.add_argument("--out-dir", metavar="DIR", help="where a batch of reports goes")
    report.add_argument(
        "--jobs", type=int, metavar="N", help="reports made at once (default: the number of cores)"
    )
    _report_options(report)


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--brand",
        metavar="FILE",
        help="a brand file: name, logo, colour, footer, contact (docs/reports.md)",
    )
    parser.add_argument(
        "--template",
        metavar="DIR",
        help="your own copy of the report templates (the reports/ folder)",
    )
    private_option(parser)


def cmd_export(ctx: Context) -> int:
    from audit.engine import view_of
    from audit.reporting import exports

    store = ctx.existing_store
    view = view_of(store, store.resolve_audit_id(ctx.args.id))
    match ctx.args.format:
        case "json":
            text = exports.to_json(view, include_private=ctx.args.include_private)
        case "csv":
            text = exports.plan_to_csv(view)
        case "md":
            text = exports.to_markdown(view, include_private=ctx.args.include_private)
        case "ics":
            text = exports.plan_to_ics(view, stamp=_utc_stamp())
            if not any(action.due for action in view.plan):
                print(
                    "audit: no action has a due date yet, so the calendar is empty", file=sys.stderr
                )
        case _:  # html: the whole report, as the PDF shows it
            from audit.reporting.render import render_html

            text = render_html(
                view,
                _template(ctx),
                _brand(ctx),
                today=_today(),
                include_private=ctx.args.include_private,
            )
    if ctx.args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    from audit.storage.files import write_atomically
    from audit.text import plain

    # With private notes in it, the file is as private as the store (0600).
    write_atomically(Path(ctx.args.output), text, shared=not ctx.args.include_private)
    print(f"wrote {plain(ctx.args.output)}", file=sys.stderr)
    return EXIT_OK


def cmd_report(ctx: Context) -> int:
    args = ctx.args
    batch = args.all or args.client is not None or args.questionnaire is not None
    if batch == (args.id is not None):
        raise UsageError(
            "audit report: give one audit id, or one of --all, --client, --questionnaire "
            "with --out-dir"
        )
    from audit.reporting.batch import Interrupted, Job, Settings, report_file_name, run_batch
    from audit.reporting.pdf_engine import load_weasyprint
    from audit.reporting.render import environment
    from audit.text import plain

    store = ctx.existing_store
    template, brand = _template(ctx), _brand(ctx)
    environment(template)  # a broken template folder is reported before any work starts
    load_weasyprint()  # and so is a machine without Pango
    settings = Settings(store.opened_from, template, brand, _today(), args.include_private)
    clients = {c.id: c for c in store.clients()}
    if not batch:
        audit = store.load_audit(store.resolve_audit_id(args.id))
        name = clients[audit.client_id].name if audit.client_id in clients else "client"
        from audit.locations import reports_folder
        from audit.reporting.batch import write_report

        default = reports_folder() / report_file_name(name, audit.questionnaire_id, audit.id)
        target = Path(args.output).expanduser().absolute() if args.output else default
        write_report(settings, Job(audit.id, target))
        print(target)
        return EXIT_OK
    if args.out_dir is None:
        raise UsageError("audit report: a batch needs --out-dir DIR")
    summaries = store.summaries()
    if args.client is not None:
        wanted = store.find_client(args.client)
        if wanted is None:
            raise Problem(f"no client named {args.client!r}; `audit clients list` shows them")
        summaries = [s for s in summaries if s.client_id == wanted.id]
    if args.questionnaire is not None:
        summaries = [s for s in summaries if s.questionnaire_id == args.questionnaire]
    if not summaries:
        raise Problem("no audits match; `audit list` shows them")
    out_dir = Path(args.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Problem(f"{out_dir}: cannot create the folder: {error.strerror}") from None
    jobs = [
        Job(
            s.audit_id,
            out_dir
            / report_file_name(
                clients[s.client_id].name if s.client_id in clients else "client",
                s.questionnaire_id,
                s.audit_id,
            ),
        )
        for s in summaries
    ]
    workers = max(1, min(args.jobs or os.cpu_count() or 1, len(jobs)))
    progress = _Progress(len(jobs))
    try:
        outcomes = run_batch(settings, jobs, workers, progress.advance)
    except Interrupted as stop:
        progress.finish()
        print(
            f"audit: interrupted: {len(stop.written)} of {len(jobs)} reports written, "
            "the rest not made (nothing half-written is left)",
            file=sys.stderr,
        )
        for path in stop.written:
            print(path.absolute())
        return EXIT_INTERRUPTED
    progress.finish()
    failed = [f"audit {o.audit_id}: {o.error}" for o in outcomes if o.error]
    failed += [f"left out: {problem}" for problem in store.damaged]
    for problem in failed:
        print(f"audit: failed: {plain(problem)}", file=sys.stderr)
    written = sum(1 for o in outcomes if not o.error)
    print(
        f"{written} report{'s' * (written != 1)} written to {out_dir.absolute()}, "
        f"{len(failed)} failed"
    )
    return EXIT_PROBLEM if failed else EXIT_OK


class _Progress:
    """A one-line progress bar on a terminal; silent in a pipe or a log."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.live = sys.stderr.isatty()

    def advance(self, outcome: object) -> None:
        self.done += 1
        self.failed += bool(getattr(outcome, "error", ""))
        if self.live:
            filled = round(30 * self.done / self.total)
            bar = "#" * filled + "." * (30 - filled)
            failed = f", {self.failed} failed" if self.failed else ""
            sys.stderr.write(f"\r  [{bar}] {self.done}/{self.total}{failed}")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def _template(ctx: Context) -> Path:
    from audit.locations import report_templates

    return Path(ctx.args.template).expanduser() if ctx.args.template else report_templates()


def _brand(ctx: Context) -> Brand:
    from audit.reporting.brand import Brand, load_brand

    return load_brand(Path(ctx.args.brand).expanduser()) if ctx.args.brand else Brand()


def _today() -> dt.date:
    import datetime as dt  # here, not at the top: `audit --help` needs no clock

    return dt.date.today()


def _utc_stamp() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
