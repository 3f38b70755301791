"""`audit cohort ...`: list cohorts, enrol a workshop's participants from a CSV, and the group's
report (PDF for the room; CSV, xlsx or JSON for the trainer)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from audit.cli.common import EXIT_OK, Commands, Context, Problem, UsageError, print_json

if TYPE_CHECKING:
    from collections.abc import Mapping

    from audit.domain.cohort import CohortSummary, CohortTally, GroupComparison
    from audit.domain.questionnaire import Questionnaire
    from audit.domain.summary import AuditSummary
    from audit.storage.base import AuditStore


def add_commands(commands: Commands) -> None:
    group = commands.group("cohort", "a workshop's audits as a group: list, enrol, report")
    lst = group.add_bare("list", cmd_cohort_list, "every cohort: audits, finished, drafts")
    lst.add_argument("--json", action="store_true", help="print JSON")
    enrol = group.add(
        "enrol",
        cmd_cohort_enrol,
        "start an audit for every client named in a CSV file, all in one cohort",
        "Start an audit for every client named in a CSV file (a column 'name', and optionally "
        "'contact' and 'sector'; without a header row: name, then contact). Every row is checked "
        "first: one bad row enrols nobody.",
    )
    enrol.add_argument("name", metavar="NAME", help="the cohort's name")
    enrol.add_argument("file", metavar="FILE.csv", help="the participants, one a row")
    enrol.add_argument("--questionnaire", required=True, metavar="ID", help="e.g. five-steps")
    enrol.add_argument("--auditor", metavar="NAME", help="who runs the audits (the trainer)")
    report = group.add(
        "report",
        cmd_cohort_report,
        "the group's figures: completion, bands, sections, weak questions, top actions",
    )
    report.add_argument("name", metavar="NAME", help="the cohort's name")
    report.add_argument(
        "--format",
        choices=("pdf", "csv", "xlsx", "json"),
        default="pdf",
        help="pdf (default) for the room; csv, xlsx or json for your own analysis",
    )
    report.add_argument(
        "--out",
        "-o",
        "--output",
        metavar="FILE",
        help="file to write (default: the PDF in your reports folder; the others on stdout)",
    )
    report.add_argument(
        "--named",
        action="store_true",
        help="name the participants (drafts and a table of scores); anonymous by default",
    )
    report.add_argument("--template", metavar="DIR", help="your own copy of reports/")


def cmd_cohort_list(ctx: Context) -> int:
    from audit.domain.cohort import cohort_lines
    from audit.text import plain

    store = ctx.existing_store
    lines = cohort_lines(store.summaries())
    if ctx.args.json:
        print_json([vars(line) for line in lines])
    elif not lines:
        print("No cohorts yet. `audit new --cohort NAME` or `audit cohort enrol` starts one.")
    else:
        from audit.console import _columns as columns

        rows = [("COHORT", "AUDITS", "FINISHED", "DRAFTS")]
        rows += [(plain(x.name), str(x.audits), str(x.finished), str(x.drafts)) for x in lines]
        print(columns(rows))
    for problem in store.damaged:
        print(f"audit: left out: {plain(problem)}", file=sys.stderr)
    return EXIT_OK


def cmd_cohort_enrol(ctx: Context) -> int:
    from audit.cli.common import catalog_entry
    from audit.cli.enrolment import read_participants
    from audit.domain.cohort import clean_cohort_name, cohort_key
    from audit.storage.base import check_names, name_key

    name = clean_cohort_name(ctx.args.name)
    if not name:
        raise UsageError("audit cohort enrol: the cohort needs a name")
    check_names(("the cohort's name", name))
    entry = catalog_entry(ctx, ctx.args.questionnaire)
    participants = read_participants(Path(ctx.args.file))  # every row checked, or nothing done
    store = ctx.store
    enrolled = {
        s.client_id
        for s in store.summaries()
        if s.cohort
        and cohort_key(s.cohort) == cohort_key(name)
        and s.questionnaire_id == entry.questionnaire.id
    }
    clients = {name_key(c.name): c for c in store.clients()}
    started = kept = 0
    for person in participants:
        client = clients.get(name_key(person.name))
        if client is not None and client.id in enrolled:
            kept += 1
            continue
        if client is None:
            client = store.add_client(person.name, sector=person.sector, contact=person.contact)
        store.create_audit(
            client,
            entry.questionnaire,
            entry.text,
            auditor=ctx.args.auditor or "",
            cohort=name,
        )
        started += 1
    already = f"; {kept} already enrolled, left as they were" if kept else ""
    print(
        f"{started} audit{'s' * (started != 1)} of {entry.questionnaire.id} started in cohort "
        f"{name!r}{already}; `audit list` shows their ids"
    )
    return EXIT_OK


def _no_such_cohort(store: AuditStore, name: str) -> Problem:
    from audit.domain.cohort import cohort_lines

    known = ", ".join(repr(line.name) for line in cohort_lines(store.each_summary()))
    return Problem(f"no cohort named {name!r}; cohorts: {known or 'none yet'}")


def cohort_members(store: AuditStore, name: str) -> list[AuditSummary]:
    """The cohort's audits oldest first, or a one-line problem naming the cohorts there are."""
    found = sorted(store.cohort_summaries(name), key=lambda s: (s.started_at, s.audit_id))
    if not found:
        raise _no_such_cohort(store, name)
    return found


def cohort_tally(store: AuditStore, name: str, *, named: bool = False) -> CohortTally:
    """The cohort's figures gathered one summary at a time (whole summaries kept only for the
    drafts and, when `named`, the counted), or the same problem as `cohort_members`."""
    from audit.domain.cohort import CohortTally

    tally = CohortTally(keep_counted=named)
    for summary in store.cohort_summaries(name):
        tally.add(summary)
    if not tally.audits:
        raise _no_such_cohort(store, name)
    return tally


def questionnaires_of(store: AuditStore, newest: Mapping[str, str]) -> dict[str, Questionnaire]:
    """Each questionnaire of the cohort as its newest audit (`newest`: questionnaire id to audit
    id) has it: one audit loaded per questionnaire, never one per participant."""
    return {
        qid: store.questionnaire_of(store.load_audit(audit_id)) for qid, audit_id in newest.items()
    }


def group_comparisons(store: AuditStore, audit_id: str | None) -> dict[str, GroupComparison]:
    """Each audit's standing in its cohort (only `audit_id`'s when given): from summaries, one
    questionnaire loaded per cohort and questionnaire. A single audit in no cohort is a Problem."""
    from audit.domain.cohort import cohort_key, compare_with_group, members

    summaries = store.summaries()
    wanted = [s for s in summaries if s.cohort and audit_id in (None, s.audit_id)]
    if audit_id is not None and not wanted:
        raise Problem(
            f"audit {audit_id} is in no cohort, so --cohort-compare has no group to compare "
            "with (`audit new --cohort NAME` or `audit cohort enrol` puts audits in one)"
        )
    by_cohort: dict[str, list[AuditSummary]] = {}
    for summary in wanted:
        by_cohort.setdefault(cohort_key(summary.cohort), []).append(summary)
    groups: dict[str, GroupComparison] = {}
    for own in by_cohort.values():
        cohort = members(summaries, own[0].cohort)
        newest: dict[str, str] = {}
        for member in cohort:  # oldest first, so the last one met is the newest
            newest[member.questionnaire_id] = member.audit_id
        questionnaires = questionnaires_of(store, newest)
        for summary in own:
            questionnaire = questionnaires[summary.questionnaire_id]
            groups[summary.audit_id] = compare_with_group(summary, cohort, questionnaire)
    return groups


def summarise(
    store: AuditStore, name: str, *, named: bool = False
) -> tuple[CohortSummary, dict[str, Questionnaire]]:
    tally = cohort_tally(store, name, named=named)
    questionnaires = questionnaires_of(store, tally.newest_audits())
    return tally.summary(questionnaires), questionnaires


def cmd_cohort_report(ctx: Context) -> int:
    import datetime as dt

    from audit.reporting import cohort_report
    from audit.text import plain

    args = ctx.args
    store = ctx.existing_store
    if args.format == "xlsx" and args.out in (None, "-") and sys.stdout.isatty():
        raise UsageError("audit cohort report: an xlsx file is not for a terminal: add --out FILE")
    summary, questionnaires = summarise(store, args.name, named=args.named)
    names = {c.id: c.name for c in store.clients()} if args.named else None
    content: str | bytes
    match args.format:
        case "json":
            content = cohort_report.to_json(summary, names)
        case "csv":
            content = cohort_report.to_csv(summary, names)
        case "xlsx":
            content = cohort_report.to_xlsx(summary, names)
        case _:
            from audit.locations import report_templates
            from audit.reporting.batch import safe_name

            folder = Path(args.template).expanduser() if args.template else report_templates()
            weak = {qid: q.weak_below for qid, q in questionnaires.items()}
            context = cohort_report.cohort_context(summary, dt.date.today(), names, weak)
            content = cohort_report.render_cohort_pdf(context, folder)
            if args.out is None:
                from audit.locations import reports_folder

                folder = reports_folder()
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise Problem(f"{folder}: cannot create the folder: {error.strerror}") from None
                args.out = str(folder / f"cohort-{safe_name(summary.name)}.pdf")
    if args.out in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return EXIT_OK
    from audit.storage.files import write_atomically_bytes

    target = Path(args.out).expanduser()
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    # A named report is for the trainer alone, as private as the store; an anonymous one is
    # for the room, readable as the user's umask allows.
    write_atomically_bytes(target, data, shared=not args.named)
    print(plain(str(target.absolute())))
    return EXIT_OK
