"""The two interactive front ends: `audit` alone (the full-screen app) and `audit interview`."""

from __future__ import annotations

import contextlib
import os
import sys

from audit.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    ID_HELP,
    Commands,
    Context,
    UsageError,
    catalog_entry,
)
from audit.cli.respondent_options import (
    add_respondent_options,
    check_respondent_options,
    respondent_id,
)


def add_interview(commands: Commands) -> None:
    interview = commands.add(
        "interview",
        cmd_interview,
        "run or resume an audit as plain prompts (screen readers, calls)",
    )
    interview.add_argument("id", nargs="?", help=ID_HELP + "; resumes that audit")
    interview.add_argument("--client", metavar="NAME", help="start an audit for this client")
    interview.add_argument("--questionnaire", metavar="ID", help="e.g. three-phases")
    interview.add_argument("--auditor", metavar="NAME", help="who runs the interview")
    interview.add_argument("--cohort", metavar="NAME", help="the workshop or programme it is in")
    interview.add_argument(
        "--new",
        action="store_true",
        help="start another audit even if the client has an unfinished one of this questionnaire",
    )
    interview.add_argument(
        "--include-private",
        action="store_true",
        help="keep private notes in the PDF offered at the end",
    )
    add_respondent_options(interview)


def cmd_home(ctx: Context) -> int:
    """`audit` alone opens the full-screen app; without a terminal it says what to do instead."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "audit: the full-screen app needs a terminal; `audit interview` asks plain prompts, "
            "and `audit --help` lists the commands that need no terminal",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if os.environ.get("TERM") == "dumb":
        print("audit: TERM=dumb cannot show the full-screen app; use `audit interview`",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    store, catalog = ctx.store, ctx.catalog
    from audit.tui.app import run_tui

    return run_tui(store, catalog)


def cmd_interview(ctx: Context) -> int:
    args = ctx.args
    if (args.id is None) == (args.client is None or args.questionnaire is None):
        raise UsageError(
            "audit interview: give an audit id to resume, or --client and --questionnaire "
            "to start one"
        )
    check_respondent_options(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "audit: the interview needs a terminal to type in; for scripts, use "
            "`audit answer ID --file FILE`",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from audit.prompts.interview import (
        Interview,
        Stopped,
        audit_to_interview,
        pdf_writer,
        prompts_for_terminal,
        stopped_by_signals,
    )
    from audit.reporting.batch import report_file_name
    from audit.session import AuditSession

    store = ctx.store
    prompts = prompts_for_terminal()
    if args.id is not None:
        audit_id = store.resolve_audit_id(args.id)
    else:
        entry = catalog_entry(ctx, args.questionnaire)
        try:  # an unfinished audit of the same client and questionnaire is offered first
            audit_id = audit_to_interview(
                store,
                prompts,
                args.client,
                entry.questionnaire,
                entry.text,
                args.auditor or "",
                new=args.new,
                cohort=args.cohort or "",
            )
        except (KeyboardInterrupt, EOFError):
            return EXIT_INTERRUPTED
    session = AuditSession(store, audit_id, respondent_id(store, audit_id, args))
    client_name = store.client(session.audit.client_id).name
    from audit.locations import reports_folder

    target = reports_folder() / report_file_name(
        client_name, session.audit.questionnaire_id, audit_id
    )
    interview = Interview(
        session,
        prompts,
        write_pdf=pdf_writer(store.opened_from, audit_id, target, args.include_private),
    )
    try:
        with stopped_by_signals():
            interview.run()
    except (KeyboardInterrupt, EOFError, Stopped) as stop:
        # The terminal may be gone (SIGHUP): the hint is a courtesy, the answers are saved.
        with contextlib.suppress(OSError):
            print(f"\n{interview.resume_hint()}", file=sys.stderr)
        return 128 + stop.signum if isinstance(stop, Stopped) else EXIT_INTERRUPTED
    return EXIT_OK
