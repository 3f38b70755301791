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
    audits,
    private_option,
)

if TYPE_CHECKING:
    import datetime as dt

    from audit.domain.cohort import GroupComparison
    from audit.reporting.brand import Brand


def add_commands(commands: Commands) -> None:
    export = commands.add(
        "export", cmd_export, "write an audit as JSON, Markdown, HTML, a spreadsheet or a calendar"
    )
    export.add_argument("id", help=ID_HELP)
    export.add_argument(
        "--format",
        required=True,
        choices=("json", "csv", "xlsx", "md", "html", "ics"),
        help="json: everything, readable by `audit answer`; csv or xlsx: the action plan for a "
        "spreadsheet; md or html: the whole report (html in one file); ics: a calendar entry "
        "per open action with a due date",
    )
    export.add_argument(
        "--delimiter",
        choices=(",", ";", "tab"),
        help="what separates CSV cells (default ','; ';' where a comma is the decimal mark)",
    )
    _report_options(export)
    _compare_option(export)
    # --out too, as `audit cohort report` spells it: one spelling works everywhere.
    export.add_argument(
        "-o", "--output", "--out", metavar="FILE", help="file to write (default: stdout)"
    )

    report = commands.add(
        "report", cmd_report, "write the PDF action plan of one audit, or of many"
    )
    report.add_argument("id", nargs="?", help=ID_HELP)
    report.add_argument(
        "-o",
        "--output",
        "--out",
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
    which.add_argument("--cohort", metavar="NAME", help="a report for each audit of this cohort")
    report.add_argument("--out-dir", metavar="DIR", help="where a batch of reports goes")
    report.add_argument(
        "--jobs", type=int, metavar="N", help="reports made at once (default: the number of cores)"
    )
    report.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: the brand file's, else a4)"
    )
    report.add_argument(
        "--print", action="store_true", help="a white cover, lighter on ink than the brand colour"
    )
    report.add_argument(
        "--complete-only",
        action="store_true",
        help="in a batch, leave out audits not marked complete (listed as DRAFT otherwise)",
    )
    report.add_argument(
        "--cohort-compare",
        action="store_true",
        help="add 'You and the group': each section against the median of the audit's cohort",
    )
    _compare_option(report)
    _report_options(report)


def _compare_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="leave out the 'Since last time' page of the report (there is one when the client "
        "has an earlier audit of the same questionnaire)",
    )


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
    if ctx.args.delimiter is not None and ctx.args.format != "csv":
        raise UsageError("audit export: --delimiter is for --format csv")
    if ctx.args.no_compare and ctx.args.format != "html":
        raise UsageError("audit export: --no-compare is for --format html")
    content: str | bytes
    match ctx.args.format:
        case "json":
            content = exports.to_json(view, include_private=ctx.args.include_private)
        case "csv":
            content = exports.plan_to_csv(
                view, delimiter=ctx.args.delimiter or ",", include_private=ctx.args.include_private
            )
        case "xlsx":
            if ctx.args.output in (None, "-") and sys.stdout.isatty():
                raise UsageError("audit export: an xlsx file is not for a terminal: add -o FILE")
            content = exports.plan_to_xlsx(view, include_private=ctx.args.include_private)
        case "md":
            content = exports.to_markdown(view, include_private=ctx.args.include_private)
        case "ics":
            from audit.reporting.ics import calendar_actions

            content = exports.plan_to_ics(view, stamp=_utc_stamp())
            if not calendar_actions(view):
                print(
                    "audit: no action has a due date yet (a dropped one gets no entry), so the "
                    "calendar is empty",
                    file=sys.stderr,
                )
        case _:  # html: the whole report as one file, styles and charts inside it
            from audit.engine import audit_history
            from audit.reporting.render import render_html
            from audit.reporting.standalone import standalone_html

            template = _template(ctx)
            earlier = () if ctx.args.no_compare else audit_history(store, view.audit.id)[:-1]
            page = render_html(
                view,
                template,
                _brand(ctx),
                today=_today(),
                include_private=ctx.args.include_private,
                earlier=earlier,
            )
            content = standalone_html(page, template)
    if ctx.args.output in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return EXIT_OK
    from audit.storage.files import write_atomically_bytes
    from audit.text import plain

    data = content if isinstance(content, bytes) else content.encode("utf-8")
    # With private notes in it, the file is as private as the store (0600).
    write_atomically_bytes(Path(ctx.args.output), data, shared=not ctx.args.include_private)
    print(f"wrote {plain(ctx.args.output)}", file=sys.stderr)
    return EXIT_OK


def cmd_report(ctx: Context) -> int:
    args = ctx.args
    batch = args.all or any(x is not None for x in (args.client, args.questionnaire, args.cohort))
    if batch == (args.id is not None):
        raise UsageError(
            "audit report: give one audit id, or one of --all, --client, --questionnaire, "
            "--cohort with --out-dir"
        )
    if args.complete_only and not batch:
        raise UsageError("audit report: --complete-only is for a batch (--all, --client, ...)")
    if not batch:
        from audit.cli.main import without_cycle_collector

        without_cycle_collector()  # one report, then the process ends
    import functools

    from audit.reporting import batch as reports
    from audit.reporting.pdf_engine import load_weasyprint
    from audit.reporting.render import environment
    from audit.storage.files import write_atomically_bytes
    from audit.text import plain

    store = ctx.existing_store
    from audit.reporting.brand import with_print_options

    template = _template(ctx)
    brand = with_print_options(_brand(ctx), args.paper, args.print)
    environment(template)  # a broken template folder is reported before any work starts
    load_weasyprint()  # and so is a machine without Pango
    # Reports are for sharing: the user's umask decides who may read them, as for the app's;
    # one with private notes is as private as the store (0600).
    write = functools.partial(write_atomically_bytes, shared=not args.include_private)
    from audit.engine import load_history, load_view

    load = functools.partial(load_view, store.opened_from)
    history = None if args.no_compare else functools.partial(load_history, store.opened_from)
    groups: dict[str, GroupComparison] = {}
    if args.cohort_compare:
        from audit.cli.cohort import group_comparisons

        one = None if batch else store.resolve_audit_id(args.id)
        groups = group_comparisons(store, one)
    settings = reports.Settings(
        load, write, template, brand, _today(), args.include_private, history, groups
    )
    clients = {c.id: c for c in store.clients()}
    if not batch:
        audit = store.load_audit(store.resolve_audit_id(args.id))
        name = clients[audit.client_id].name if audit.client_id in clients else "client"
        from audit.locations import reports_folder

        default = reports_folder() / reports.report_file_name(
            name, audit.questionnaire_id, audit.id
        )
        target = Path(args.output).expanduser().absolute() if args.output else default
        reports.write_report(settings, reports.Job(audit.id, target, name))
        print(target)
        from audit.cli.main import skip_teardown

        skip_teardown()  # the PDF is written and closed: nothing is left for the teardown
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
    if args.cohort is not None:
        from audit.cli.cohort import cohort_members

        in_cohort = {s.audit_id for s in cohort_members(store, args.cohort)}
        summaries = [s for s in summaries if s.audit_id in in_cohort]
    if not summaries:
        raise Problem("no audits match; `audit list` shows them")
    unfinished = [s for s in summaries if s.status != "complete"]
    if args.complete_only:
        summaries = [s for s in summaries if s.status == "complete"]
        if not summaries:
            raise Problem(f"all {len(unfinished)} audits that match are unfinished")
    out_dir = Path(args.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Problem(f"{out_dir}: cannot create the folder: {error.strerror}") from None

    def client_of(client_id: str) -> str:
        return clients[client_id].name if client_id in clients else "client"

    jobs = [
        reports.Job(
            s.audit_id,
            out_dir
            / reports.report_file_name(client_of(s.client_id), s.questionnaire_id, s.audit_id),
            client_of(s.client_id),
        )
        for s in summaries
    ]
    workers = max(1, min(args.jobs or os.cpu_count() or 1, len(jobs)))
    progress = reports.Progress(len(jobs), sys.stderr)
    try:
        outcomes = reports.run_batch(settings, jobs, workers, progress.advance)
    except reports.Interrupted as stop:
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
    for line in reports.summary_table(outcomes):
        print(line)
    if args.complete_only and unfinished:
        print(f"{audits(len(unfinished))} left out: unfinished (--complete-only)")
    elif unfinished:
        print(
            f"unfinished: {len(unfinished)} of {len(summaries)}, marked above "
            "(--complete-only leaves them out)"
        )
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
