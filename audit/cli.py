"""`audit` on the command line: argv -> the store and catalog -> one command -> an exit code.

Exit codes: 0 done, 1 a problem the user can fix (one line per problem on stderr), 2 a usage
mistake, 130 interrupted. Heavy front ends (Textual, WeasyPrint) are imported only by the
commands that need them, so `audit --help` and `audit list` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from audit import __version__

if TYPE_CHECKING:
    from audit.catalog import Catalog, Entry
    from audit.domain.answers import Answer
    from audit.domain.audit import Client
    from audit.domain.questionnaire import Questionnaire
    from audit.reporting.brand import Brand
    from audit.storage.erasure import Erasure
    from audit.storage.store import Store

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DEMO_CLIENT = "Hollin & Daughters Kitchens"
DEMO_SECTOR = "Fitted kitchens, design and installation"
# The business-profile question `audit new --kind` answers (both built-ins ask it first).
KIND_QUESTION = "business-kind"


class Problem(Exception):
    """Something the user can fix; its message is printed as it is, one line per problem."""


@dataclass
class Context:
    """What the commands share, opened only when first asked for."""

    args: argparse.Namespace
    _store: Store | None = field(default=None)
    _catalog: Catalog | None = field(default=None)

    @property
    def store(self) -> Store:
        """The store, started if there is none yet: for commands that add to it."""
        if self._store is None:
            self._store = _open_store(self.args, create=True)
        return self._store

    @property
    def existing_store(self) -> Store:
        """For commands that only read: a mistyped --db is an error, not a new empty store.

        The default store is still created, so `audit list` on a fresh machine just says
        there are no audits yet.
        """
        if self._store is None:
            from audit.locations import store_is_default

            self._store = _open_store(self.args, create=store_is_default(self.args.db))
        return self._store

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from audit.catalog import load_catalog
            from audit.locations import questionnaire_folders

            self._catalog = load_catalog(questionnaire_folders(self.args.questionnaires))
        return self._catalog


def _open_store(args: argparse.Namespace, create: bool) -> Store:
    from audit.locations import store_path
    from audit.storage.store import Store

    return Store(store_path(args.db), create=create)


# -- commands ----------------------------------------------------------------------------------


def cmd_questionnaires_list(ctx: Context) -> int:
    from audit.console import plain, questionnaire_table

    catalog = ctx.catalog
    if ctx.args.json:
        entries = [
            {
                "id": e.questionnaire.id,
                "title": e.questionnaire.title,
                "version": e.questionnaire.version,
                "questions": len(e.questionnaire.questions),
                "sections": [s.id for s in e.questionnaire.sections],
                "builtin": e.builtin,
                "path": str(e.path),
            }
            for e in catalog.entries
        ]
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        print(questionnaire_table(catalog))
    for problem in catalog.problems:
        print(f"audit: skipped {plain(problem)}", file=sys.stderr)
    return EXIT_OK


def cmd_questionnaires_show(ctx: Context) -> int:
    from audit.console import questionnaire_page

    print(questionnaire_page(_catalog_entry(ctx, ctx.args.id).questionnaire))
    return EXIT_OK


def cmd_questionnaires_validate(ctx: Context) -> int:
    from audit.catalog import plain, read_questionnaire_file
    from audit.domain.loader import QuestionnaireError

    failed = False
    for name in ctx.args.files:
        try:
            questionnaire, _ = read_questionnaire_file(Path(name))
        except QuestionnaireError as error:
            failed = True
            for problem in error.problems:
                print(plain(problem), file=sys.stderr)
            continue
        print(plain(f"{name}: ok: {questionnaire.id}, {len(questionnaire.questions)} questions"))
    return EXIT_PROBLEM if failed else EXIT_OK


def cmd_clients_list(ctx: Context) -> int:
    from audit.console import client_table

    clients = ctx.existing_store.clients()
    if ctx.args.json:
        rows = [
            {"id": c.id, "name": c.name, "sector": c.sector, "contact": c.contact} for c in clients
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(client_table(clients))
    return EXIT_OK


def cmd_clients_rename(ctx: Context) -> int:
    store = ctx.existing_store
    client = store.rename_client(_client_named(store, ctx.args.old).id, ctx.args.new)
    print(f"renamed {ctx.args.old.strip()!r} to {client.name!r}")
    return EXIT_OK


def cmd_clients_set(ctx: Context) -> int:
    if ctx.args.contact is None and ctx.args.sector is None:
        raise UsageError("audit clients set: give --contact, --sector or both")
    store = ctx.existing_store
    client = _client_named(store, ctx.args.name)
    client = store.update_client(client.id, sector=ctx.args.sector, contact=ctx.args.contact)
    print(f"{client.name!r}: sector {client.sector!r}, contact {client.contact!r}")
    return EXIT_OK


def cmd_clients_merge(ctx: Context) -> int:
    store = ctx.existing_store
    duplicate = _client_named(store, ctx.args.duplicate)
    into = _client_named(store, ctx.args.into)
    if duplicate.id == into.id:
        raise Problem(f"{ctx.args.duplicate!r} and {ctx.args.into!r} name the same client")
    count = len(store.audit_ids(duplicate.id))
    _confirm(
        ctx,
        "clients merge",
        f"Move the {_audits(count)} of {duplicate.name!r} to {into.name!r}, then erase "
        f"{duplicate.name!r} (its sector and contact too)?",
    )
    moved, erasure = store.merge_clients(duplicate.id, into.id)
    print(f"Moved {_audits(moved)} of {duplicate.name!r} to {into.name!r}.")
    _print_erasure(store, erasure)
    return EXIT_OK


def cmd_clients_delete(ctx: Context) -> int:
    store = ctx.existing_store
    client = _client_named(store, ctx.args.name)
    count = len(store.audit_ids(client.id))
    _confirm(
        ctx,
        "clients delete",
        f"Erase client {client.name!r} and their {_audits(count)}, every answer, note and "
        "backup copy? This cannot be undone.",
    )
    _print_erasure(store, store.delete_client(client.id))
    return EXIT_OK


def cmd_clients_export(ctx: Context) -> int:
    store = ctx.existing_store
    client = _client_named(store, ctx.args.name)
    text, private = store.export_client(client.id)
    if ctx.args.output == "-":
        sys.stdout.write(text)
    else:
        from audit.storage.files import write_atomically

        # Kept private to the user (0600), like the store: it holds every note.
        write_atomically(Path(ctx.args.output), text)
    private_ones = (
        f", {private} private note{'s' * (private != 1)} included"
        if private
        else " (none of them private)"
    )
    where = "the export" if ctx.args.output == "-" else ctx.args.output
    print(
        f"audit: warning: {where} holds everything about {client.name!r}: every "
        f"answer and note{private_ones}; share it only with whom may read them",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_clients_import(ctx: Context) -> int:
    from audit.storage.transfer import read_export

    export = read_export(Path(ctx.args.file))
    client, renamed = ctx.store.import_client(export)
    print(f"Imported client {client.name!r} with {_audits(len(export.audits))}.")
    for old, new in sorted(renamed.items()):
        print(f"  audit {old} is {new} here: this store already has an audit {old}")
    return EXIT_OK


def cmd_delete(ctx: Context) -> int:
    store = ctx.existing_store
    audit = store.load_audit(store.resolve_audit_id(ctx.args.id))
    client = store.client(audit.client_id)
    _confirm(
        ctx,
        "delete",
        f"Erase audit {audit.id} ({audit.questionnaire_id}) of {client.name!r}, every answer, "
        "note and backup copy? This cannot be undone.",
    )
    _print_erasure(store, store.delete_audit(audit.id))
    if not store.audit_ids(client.id):
        print(
            f"{client.name!r} has no audits left; `audit clients delete` erases their name "
            "and details too."
        )
    return EXIT_OK


def _client_named(store: Store, name: str) -> Client:
    client = store.find_client(name)
    if client is None:
        raise Problem(f"no client named {name!r}; `audit clients list` shows them")
    return client


def _audits(count: int) -> str:
    return f"{count} audit{'s' * (count != 1)}"


def _confirm(ctx: Context, command: str, question: str) -> None:
    """Go on only once the user said yes (or gave --yes); the answer is read from stdin."""
    if ctx.args.yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(
            f"audit {command}: this erases data and asks to confirm, but there is no "
            "terminal to answer in; add --yes to go ahead"
        )
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    if sys.stdin.readline().strip().casefold() not in ("y", "yes"):
        raise Problem("nothing was changed")


def _print_erasure(store: Store, erasure: Erasure) -> None:
    """The erasure in one line, then every file it touched: the user's record that it is done."""
    print(erasure.describe(store.folder))
    for verb, paths in (("removed", erasure.removed), ("rewrote", erasure.rewritten)):
        for path in sorted(set(paths)):
            print(f"  {verb} {path.relative_to(store.folder)}")


def cmd_new(ctx: Context) -> int:
    from audit.domain.audit import Mode

    entry = _catalog_entry(ctx, ctx.args.questionnaire)
    kind = _kind_answer(entry.questionnaire, ctx.args.kind)  # checked before anything is stored
    store = ctx.store
    client = store.find_client(ctx.args.client)
    if client is None:
        client = store.add_client(
            ctx.args.client, sector=ctx.args.sector or "", contact=ctx.args.contact or ""
        )
    elif ctx.args.sector is not None or ctx.args.contact is not None:
        client = store.update_client(client.id, sector=ctx.args.sector, contact=ctx.args.contact)
    audit = store.create_audit(
        client,
        entry.questionnaire,
        entry.text,
        mode=Mode(ctx.args.mode),
        auditor=ctx.args.auditor or "",
    )
    if kind is not None:
        store.save_answers(audit.id, [kind])
    print(audit.id)
    return EXIT_OK


def _kind_answer(questionnaire: Questionnaire, kind: str | None) -> Answer | None:
    """The business-profile answer `--kind` gives, or a one-line problem naming the choices."""
    from audit.domain.answers import Answer

    if kind is None:
        return None
    question = questionnaire.question(KIND_QUESTION)
    if question is None:
        raise Problem(f"--kind: {questionnaire.id!r} does not ask what kind of business this is")
    ids = [choice.id for choice in question.choices]
    if kind not in ids:
        raise Problem(f"--kind: no kind {kind!r}; choose one of {', '.join(ids)}")
    return Answer(KIND_QUESTION, kind)


def cmd_list(ctx: Context) -> int:
    from audit.console import audit_table, plain

    store = ctx.existing_store
    client_id = None
    if ctx.args.client:
        client = store.find_client(ctx.args.client)
        if client is None:
            raise Problem(f"no client named {ctx.args.client!r}; `audit clients list` shows them")
        client_id = client.id
    summaries = store.summaries(client_id)
    clients = {c.id: c for c in store.clients()}
    if ctx.args.json:
        rows = [
            {
                "id": s.audit_id,
                "client": clients[s.client_id].name if s.client_id in clients else None,
                "questionnaire": s.questionnaire_id,
                "status": s.status,
                "mode": s.mode,
                "answered": s.answered,
                "asked": s.asked,
                "score": None if s.score is None else round(s.score, 1),
                "band": s.band,
                "draft": s.draft,
                "standing": s.standing,
                "updated_at": s.updated_at,
            }
            for s in summaries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(audit_table(summaries, clients))
    for problem in store.damaged:
        print(f"audit: left out: {plain(problem)}", file=sys.stderr)
    return EXIT_PROBLEM if store.damaged else EXIT_OK


def cmd_show(ctx: Context) -> int:
    from audit.console import audit_page
    from audit.domain.loader import content_hash
    from audit.engine import view_of
    from audit.reporting.exports import to_json

    store = ctx.existing_store
    view = view_of(store, store.resolve_audit_id(ctx.args.id))
    if ctx.args.json:
        sys.stdout.write(to_json(view, include_private=ctx.args.include_private))
        return EXIT_OK
    notice = ""
    entry = ctx.catalog.get(view.audit.questionnaire_id)
    if entry is not None and content_hash(entry.text) != view.audit.questionnaire_hash:
        notice = (
            f"Note: {entry.path} has changed since this audit began; the audit keeps the "
            f"questions it was started with (version {view.audit.questionnaire_version})."
        )
    print(audit_page(view, notice, include_private=ctx.args.include_private))
    return EXIT_OK


def cmd_answer(ctx: Context) -> int:
    from audit.answer_files import read_answers_document
    from audit.engine import apply_answers, check_plan_edits, save_plan_edits, view_of

    store = ctx.existing_store
    audit_id = store.resolve_audit_id(ctx.args.id)
    document = read_answers_document(Path(ctx.args.file))
    audit = store.load_audit(audit_id)
    named = document.questionnaire
    if named is not None and named != audit.questionnaire_id:
        raise Problem(
            f"{ctx.args.file}: the answers are for questionnaire {named!r}, "
            f"but audit {audit_id} uses {audit.questionnaire_id!r}"
        )
    # The plan rows are checked before any answer is saved: the file lands whole or not at all.
    plan = check_plan_edits(view_of(store, audit_id), document.plan)
    count = apply_answers(store, audit_id, document.answers)
    save_plan_edits(store, audit_id, plan)
    rows = f" and {len(plan)} plan row{'s' * (len(plan) != 1)}" if plan else ""
    print(f"{count} answer{'s' * (count != 1)}{rows} saved to audit {audit_id}")
    return EXIT_OK


def cmd_plan(ctx: Context) -> int:
    from audit.console import plan_table
    from audit.engine import view_of

    store = ctx.existing_store
    view = view_of(store, store.resolve_audit_id(ctx.args.id))
    print(plan_table(view))
    return EXIT_OK


def cmd_plan_set(ctx: Context) -> int:
    from audit.console import plan_rows
    from audit.engine import PlanEdit, apply_plan_edits

    args = ctx.args
    if args.owner is None and args.due is None and args.status is None:
        raise UsageError("audit plan ID set N: give --owner, --due or --status")
    store = ctx.existing_store
    audit_id = store.resolve_audit_id(args.id)
    edit = PlanEdit(f"plan row {args.row}", args.row, args.owner, args.due, args.status)
    print(plan_rows(apply_plan_edits(store, audit_id, [edit])))
    return EXIT_OK


def cmd_plan_schedule(ctx: Context) -> int:
    from audit.console import plan_rows
    from audit.domain.dates import DateError, parse_date
    from audit.engine import schedule_plan

    try:
        start = parse_date(ctx.args.start)
    except DateError as error:
        raise UsageError(f"audit plan: --from {error}") from None
    from audit.domain.plan import PlanPart
    from audit.engine import view_of

    store = ctx.existing_store
    audit_id = store.resolve_audit_id(ctx.args.id)
    changed = schedule_plan(store, audit_id, start)
    waiting = sum(1 for a in view_of(store, audit_id).plan if a.part is PlanPart.LATER)
    later = (
        f"{waiting} later row{'s' * (waiting != 1)} get no date until they move into the plan."
        if waiting
        else ""
    )
    if not changed:
        print(" ".join(["Every open row of the plan already has a due date.", later]).strip())
        return EXIT_OK
    print(f"{len(changed)} due date{'s' * (len(changed) != 1)} set from {start.isoformat()}:")
    print(plan_rows(changed))
    if later:
        print(later)
    return EXIT_OK


def cmd_finish(ctx: Context) -> int:
    from audit.session import AuditSession

    store = ctx.existing_store
    session = AuditSession(store, store.resolve_audit_id(ctx.args.id))
    blocking = session.blocking()
    if blocking:
        ids = ", ".join(item.question.id for item in blocking)
        raise Problem(f"audit {session.audit.id} cannot be finished: answer {ids} first")
    unanswered = [i.question.id for i in session.review() if i.problem == "unanswered"]
    session.complete()
    note = f" ({len(unanswered)} questions left unanswered)" if unanswered else ""
    print(f"audit {session.audit.id} is complete{note}")
    return EXIT_OK


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
    from audit.console import plain
    from audit.storage.files import write_atomically

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
    from audit.console import plain
    from audit.reporting.batch import Interrupted, Job, Settings, report_file_name, run_batch
    from audit.reporting.pdf_engine import load_weasyprint
    from audit.reporting.render import environment

    store = ctx.existing_store
    from audit.reporting.brand import with_print_options

    template = _template(ctx)
    brand = with_print_options(_brand(ctx), args.paper, args.print)
    environment(template)  # a broken template folder is reported before any work starts
    load_weasyprint()  # and so is a machine without Pango
    settings = Settings(store.folder, template, brand, _today(), args.include_private)
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
    return dt.date.today()


def _utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def cmd_interview(ctx: Context) -> int:
    args = ctx.args
    if (args.id is None) == (args.client is None or args.questionnaire is None):
        raise UsageError(
            "audit interview: give an audit id to resume, or --client and --questionnaire "
            "to start one"
        )
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
        entry = _catalog_entry(ctx, args.questionnaire)
        try:  # an unfinished audit of the same client and questionnaire is offered first
            audit_id = audit_to_interview(
                store,
                prompts,
                args.client,
                entry.questionnaire,
                entry.text,
                args.auditor or "",
                new=args.new,
            )
        except (KeyboardInterrupt, EOFError):
            return EXIT_INTERRUPTED
    session = AuditSession(store, audit_id)
    client_name = store.client(session.audit.client_id).name
    from audit.locations import reports_folder

    target = reports_folder() / report_file_name(
        client_name, session.audit.questionnaire_id, audit_id
    )
    interview = Interview(
        session, prompts, write_pdf=pdf_writer(store.folder, audit_id, target, args.include_private)
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


def cmd_repair(ctx: Context) -> int:
    from audit.console import plain
    from audit.locations import store_path
    from audit.storage.repair import finish_interrupted, repair_store

    folder = store_path(ctx.args.db)
    repairs = repair_store(folder)
    finished = finish_interrupted(folder)
    if finished:
        print(f"{folder}: {finished}")
    if not repairs:
        if not finished:
            print(f"Nothing to repair: every file of the store in {folder} reads fine.")
        return EXIT_OK
    for repair in repairs:
        if repair.done:
            aside = (
                f"; the damaged file is kept as {repair.moved_to.name}" if repair.moved_to else ""
            )
            print(plain(f"{repair.path}: {repair.problem}: put back its last good copy{aside}"))
        else:
            print(
                plain(
                    f"audit: {repair.path}: {repair.problem}, and there is no good copy to put "
                    "back; the file was left as it is"
                ),
                file=sys.stderr,
            )
    return EXIT_OK if all(r.done for r in repairs) else EXIT_PROBLEM


def cmd_demo(ctx: Context) -> int:
    from audit.demo import load_demo

    store = ctx.store
    made = load_demo(store, ctx.catalog, DEMO_CLIENT, DEMO_SECTOR)
    for audit_id, title, score in made:
        print(f"{audit_id}  {title}: {score}")
    print(f"\nDemo client: {DEMO_CLIENT}. See a result with: audit show {made[0][0]}")
    return EXIT_OK


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


def _catalog_entry(ctx: Context, questionnaire_id: str) -> Entry:
    entry = ctx.catalog.get(questionnaire_id)
    if entry is None:
        known = ", ".join(ctx.catalog.ids()) or "none"
        raise Problem(f"no questionnaire {questionnaire_id!r}; known: {known}")
    return entry


# -- the parser --------------------------------------------------------------------------------


ID_HELP = "audit id (a unique prefix is enough)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    # Store and questionnaire options work before or after the command: `audit --db X list`
    # and `audit list --db X` both do what they say.
    shared = _Parser(add_help=False)
    shared.add_argument(
        "--db",
        metavar="FOLDER",
        default=argparse.SUPPRESS,
        help="the store folder (default: AUDIT_DB, else a folder in your user data directory)",
    )
    shared.add_argument(
        "--questionnaires",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="a folder of your own questionnaire files (repeatable; also AUDIT_QUESTIONNAIRES)",
    )

    parser = _Parser(
        prog="audit",
        description="Audit your customer care: guided questionnaires, scores and an action plan.",
        parents=[shared],
        epilog="Start with `audit demo`, then `audit show ID`. Docs: docs/ in the repository.",
    )
    parser.add_argument("--version", action="version", version=f"audit {__version__}")
    parser.set_defaults(handler=cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, handler: Callable[[Context], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=[shared])
        # The group a "name a command" message names: from the parser, not guessed from argv.
        sub.set_defaults(handler=handler, group=name)
        return sub

    q = add("questionnaires", _needs_subcommand, "list, show or check questionnaires")
    q_commands = q.add_subparsers(title="commands", metavar="COMMAND")

    def add_q(name: str, handler: Callable[[Context], int], text: str) -> argparse.ArgumentParser:
        sub = q_commands.add_parser(name, help=text, description=text, parents=[shared])
        sub.set_defaults(handler=handler)
        return sub

    add_q("list", cmd_questionnaires_list, "the questionnaires you can use").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    add_q("show", cmd_questionnaires_show, "every question of one questionnaire").add_argument(
        "id", help="questionnaire id, e.g. five-steps"
    )
    add_q("validate", cmd_questionnaires_validate, "check questionnaire files").add_argument(
        "files", nargs="+", metavar="FILE", help="TOML files to check"
    )

    c = add("clients", _needs_subcommand, "list, change, merge, export, import or erase clients")
    c_commands = c.add_subparsers(title="commands", metavar="COMMAND")
    c_list = c_commands.add_parser("list", help="every client", parents=[shared])
    c_list.set_defaults(handler=cmd_clients_list)
    c_list.add_argument("--json", action="store_true", help="print JSON")
    _client_commands(c_commands, shared)

    new = add("new", cmd_new, "start an audit; prints its id")
    new.add_argument("--client", required=True, metavar="NAME", help="client's business name")
    new.add_argument("--sector", metavar="TEXT", help="client's sector, for a new client")
    new.add_argument("--contact", metavar="TEXT", help="client's contact, for a new client")
    new.add_argument("--questionnaire", required=True, metavar="ID", help="e.g. three-phases")
    new.add_argument("--auditor", metavar="NAME", help="who runs the audit")
    new.add_argument(
        "--kind", metavar="ID", help="kind of business: trade, shop, online, professional, personal"
    )
    new.add_argument(
        "--mode",
        choices=("self", "interview"),
        default="self",
        help="self-assessment (default) or guided interview",
    )

    lst = add("list", cmd_list, "audits with progress and score")
    lst.add_argument("--client", metavar="NAME", help="only this client's audits")
    lst.add_argument("--json", action="store_true", help="print JSON")

    show = add("show", cmd_show, "one audit: answers, scores and the ranked action plan")
    show.add_argument("id", help=ID_HELP)
    show.add_argument("--json", action="store_true", help="print JSON")
    _private_option(show)

    answer = add("answer", cmd_answer, "apply answers from a JSON or CSV file")
    answer.add_argument("id", help=ID_HELP)
    answer.add_argument(
        "--file", required=True, metavar="FILE", help="answers file (docs/answers-file.md)"
    )

    plan = add("plan", cmd_plan, "the action plan, numbered; set owners, due dates and statuses")
    plan.add_argument("id", help=ID_HELP)
    plan_commands = plan.add_subparsers(title="commands", metavar="COMMAND")
    plan_set = plan_commands.add_parser(
        "set",
        help="set the owner, due date or status of row N",
        description="Set the owner, due date or status of one row of the plan.",
        parents=[shared],
    )
    plan_set.set_defaults(handler=cmd_plan_set)
    plan_set.add_argument("row", metavar="N", help="the row's number in `audit plan ID`, or its id")
    plan_set.add_argument("--owner", metavar="NAME", help='who does it ("" clears it)')
    plan_set.add_argument(
        "--due",
        metavar="DATE",
        help='by when: 2027-01-31, or 31/01/2027 where unambiguous ("" clears it)',
    )
    plan_set.add_argument("--status", metavar="STATUS", help="todo, doing, done or dropped")
    schedule = plan_commands.add_parser(
        "schedule",
        help="give every open row without a due date one, from its horizon",
        description="Give every open row of the plan without a due date one: the start date "
        "plus its horizon (30, 60 or 90 days).",
        parents=[shared],
    )
    schedule.set_defaults(handler=cmd_plan_schedule)
    schedule.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="the start date"
    )

    finish = add("finish", cmd_finish, "mark an audit complete (required questions first)")
    finish.add_argument("id", help=ID_HELP)

    export = add("export", cmd_export, "write an audit as JSON, a CSV action plan or Markdown")
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

    report = add("report", cmd_report, "write the PDF action plan of one audit, or of many")
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
    report.add_argument(
        "--paper", choices=("a4", "letter"), help="paper size (default: the brand file's, else a4)"
    )
    report.add_argument(
        "--print", action="store_true", help="a white cover, lighter on ink than the brand colour"
    )
    _report_options(report)

    interview = add(
        "interview",
        cmd_interview,
        "run or resume an audit as plain prompts (screen readers, calls)",
    )
    interview.add_argument("id", nargs="?", help=ID_HELP + "; resumes that audit")
    interview.add_argument("--client", metavar="NAME", help="start an audit for this client")
    interview.add_argument("--questionnaire", metavar="ID", help="e.g. three-phases")
    interview.add_argument("--auditor", metavar="NAME", help="who runs the interview")
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

    delete = add("delete", cmd_delete, "erase an audit and every copy the store keeps of it")
    delete.add_argument("id", help=ID_HELP)
    delete.add_argument("--yes", action="store_true", help=YES_HELP)

    add("demo", cmd_demo, "add a demo client with a finished audit of each built-in questionnaire")
    add(
        "repair",
        cmd_repair,
        "put back the last good copy of store files damaged from outside (the damaged ones "
        "are kept aside)",
    )
    return parser


YES_HELP = "go ahead without asking (for scripts)"


def _client_commands(commands: Any, shared: argparse.ArgumentParser) -> None:
    def add(name: str, handler: Callable[[Context], int], text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, help=text, description=text, parents=[shared]
        )
        sub.set_defaults(handler=handler)
        return sub

    rename = add("rename", cmd_clients_rename, "give a client another name")
    rename.add_argument("old", metavar="OLD", help="the client's name now")
    rename.add_argument("new", metavar="NEW", help="the name it should have")
    set_ = add("set", cmd_clients_set, "change a client's contact or sector")
    set_.add_argument("name", metavar="NAME", help="the client's name")
    set_.add_argument("--contact", metavar="TEXT", help="the new contact")
    set_.add_argument("--sector", metavar="TEXT", help="the new sector")
    merge = add("merge", cmd_clients_merge, "move every audit of a duplicate client, then erase it")
    merge.add_argument("duplicate", metavar="DUPLICATE", help="the client to merge and erase")
    merge.add_argument("into", metavar="INTO", help="the client that keeps the audits")
    merge.add_argument("--yes", action="store_true", help=YES_HELP)
    export = add(
        "export",
        cmd_clients_export,
        "write everything about one client (private notes included) as one JSON file",
    )
    export.add_argument("name", metavar="NAME", help="the client's name")
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write (- for stdout)"
    )
    import_ = add("import", cmd_clients_import, "add a client from a `clients export` file")
    import_.add_argument("file", metavar="FILE", help="the export file")
    delete = add(
        "delete", cmd_clients_delete, "erase a client and every audit of theirs, every copy"
    )
    delete.add_argument("name", metavar="NAME", help="the client's name")
    delete.add_argument("--yes", action="store_true", help=YES_HELP)


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
    _private_option(parser)


def _private_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-private",
        action="store_true",
        help="an internal copy with private notes and flags for review (left out by default)",
    )


def _needs_subcommand(ctx: Context) -> int:
    raise UsageError(f"audit {ctx.args.group}: name a command (see audit {ctx.args.group} --help)")


class UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.db = getattr(args, "db", None)
    args.questionnaires = getattr(args, "questionnaires", None)
    from audit.console import plain  # messages quote file names and ids from elsewhere
    from audit.domain.answers import AnswerError
    from audit.domain.loader import QuestionnaireError
    from audit.reporting import ReportError
    from audit.storage.files import StoreError

    try:
        return int(args.handler(Context(args)))
    except UsageError as error:
        print(plain(str(error)), file=sys.stderr)
        return EXIT_USAGE
    except (Problem, StoreError, AnswerError, ReportError) as error:
        for line in str(error).splitlines() or ["unknown problem"]:
            print(f"audit: {plain(line)}", file=sys.stderr)
        return EXIT_PROBLEM
    except QuestionnaireError as error:
        for line in error.problems:
            print(f"audit: {plain(line)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("audit: interrupted; everything answered so far is saved", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `audit show ID | head` closed the pipe: not an error. Point stdout at nothing so
        # the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def run() -> NoReturn:
    sys.exit(main())
