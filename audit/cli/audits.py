"""One audit at a time: `audit new`, `list`, `show`, `answer`, `finish` and `delete`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from audit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    ID_HELP,
    YES_HELP,
    Commands,
    Context,
    Problem,
    catalog_entry,
    confirm,
    print_erasure,
    print_json,
    private_option,
)
from audit.cli.respondent_options import (
    add_respondent_options,
    check_respondent_options,
    missing_role,
)

if TYPE_CHECKING:
    from audit.domain.answers import Answer
    from audit.domain.questionnaire import Questionnaire
    from audit.domain.summary import AuditSummary
    from audit.storage.base import AuditStore

# The business-profile question `audit new --kind` answers (both built-ins ask it first).
KIND_QUESTION = "business-kind"


def add_new(commands: Commands) -> None:
    new = commands.add("new", cmd_new, "start an audit; prints its id")
    new.add_argument("--client", required=True, metavar="NAME", help="client's business name")
    new.add_argument("--sector", metavar="TEXT", help="client's sector, for a new client")
    new.add_argument("--contact", metavar="TEXT", help="client's contact, for a new client")
    new.add_argument("--questionnaire", required=True, metavar="ID", help="e.g. three-phases")
    new.add_argument("--auditor", metavar="NAME", help="who runs the audit")
    new.add_argument("--cohort", metavar="NAME", help="the workshop or programme it belongs to")
    new.add_argument(
        "--kind", metavar="ID", help="kind of business: trade, shop, online, professional, personal"
    )
    new.add_argument(
        "--mode",
        choices=("self", "interview"),
        default="self",
        help="self-assessment (default) or guided interview",
    )


def add_list_show_answer(commands: Commands) -> None:
    lst = commands.add("list", cmd_list, "audits with progress and score")
    lst.add_argument("--client", metavar="NAME", help="only this client's audits")
    lst.add_argument("--cohort", metavar="NAME", help="only this cohort's audits")
    lst.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add("show", cmd_show, "one audit: answers, scores and the ranked action plan")
    show.add_argument("id", help=ID_HELP)
    show.add_argument("--json", action="store_true", help="print JSON")
    private_option(show)

    answer = commands.add("answer", cmd_answer, "apply answers from a JSON or CSV file")
    answer.add_argument("id", help=ID_HELP)
    answer.add_argument(
        "--file", required=True, metavar="FILE", help="answers file (docs/answers-file.md)"
    )
    add_respondent_options(answer)


def add_finish(commands: Commands) -> None:
    finish = commands.add("finish", cmd_finish, "mark an audit complete (required questions first)")
    finish.add_argument("id", help=ID_HELP)


def add_delete(commands: Commands) -> None:
    delete = commands.add(
        "delete", cmd_delete, "erase an audit and every copy the store keeps of it"
    )
    delete.add_argument("id", help=ID_HELP)
    delete.add_argument("--yes", action="store_true", help=YES_HELP)


def cmd_new(ctx: Context) -> int:
    from audit.domain.audit import Mode

    entry = catalog_entry(ctx, ctx.args.questionnaire)
    kind = _kind_answer(entry.questionnaire, ctx.args.kind)  # checked before anything is stored
    store = ctx.store
    client = store.find_client(ctx.args.client)
    if client is None:
        client = store.add_client(
            ctx.args.client, sector=ctx.args.sector or "", contact=ctx.args.contact or ""
        )
    elif ctx.args.sector is not None or ctx.args.contact is not None:
        client = store.update_client(client.id, sector=ctx.args.sector, contact=ctx.args.contact)
    _hint_repeat(store.summaries(client.id), client.name, entry.questionnaire.id)
    audit = store.create_audit(
        client,
        entry.questionnaire,
        entry.text,
        mode=Mode(ctx.args.mode),
        auditor=ctx.args.auditor or "",
        cohort=ctx.args.cohort or "",
    )
    if kind is not None:
        store.save_answers(audit.id, [kind])
    print(audit.id)
    return EXIT_OK


def _hint_repeat(summaries: list[AuditSummary], client: str, questionnaire_id: str) -> None:
    """A client audited with this questionnaire before: `audit repeat` is most often meant."""
    done = [s for s in summaries if s.questionnaire_id == questionnaire_id and s.finished_at]
    if done:
        last = max(done, key=lambda s: (s.started_at, s.audit_id))
        print(
            f"Note: {client} has a finished {questionnaire_id} audit, {last.audit_id} (finished "
            f"{last.finished_at[:10]}); `audit repeat {last.audit_id}` starts the next one with "
            "its open actions carried over.",
            file=sys.stderr,
        )


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
    from audit.console import audit_table
    from audit.text import plain

    store = ctx.existing_store
    client_id = None
    if ctx.args.client:
        client = store.find_client(ctx.args.client)
        if client is None:
            raise Problem(f"no client named {ctx.args.client!r}; `audit clients list` shows them")
        client_id = client.id
    summaries = store.summaries(client_id)
    if ctx.args.cohort is not None:
        from audit.cli.cohort import cohort_members

        wanted = {s.audit_id for s in cohort_members(store, ctx.args.cohort)}
        summaries = [s for s in summaries if s.audit_id in wanted]
        if not ctx.args.json and summaries:
            print(f"Cohort: {plain(summaries[0].cohort)}")
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
                "score": _rounded(s.score),
                "band": s.band,
                "draft": s.draft,
                "standing": s.standing,
                "updated_at": s.updated_at,
                "started_at": s.started_at,
                "finished_at": s.finished_at or None,
                "cohort": s.cohort or None,
                # A pulse's customers: how many replied, and their NPS (-100 to +100).
                **({"customers": s.customers, "nps": _rounded(s.nps)} if s.is_pulse else {}),
            }
            for s in summaries
        ]
        print_json(rows)
    else:
        print(audit_table(summaries, clients))
    for problem in store.damaged:
        print(f"audit: left out: {plain(problem)}", file=sys.stderr)
    return EXIT_PROBLEM if store.damaged else EXIT_OK


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


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
    follows = view.audit.follows
    earlier_kept = not follows or follows in store.audit_ids(view.audit.client_id)
    print(
        audit_page(
            view, notice, include_private=ctx.args.include_private, earlier_kept=earlier_kept
        )
    )
    return EXIT_OK


def cmd_answer(ctx: Context) -> int:
    from audit.answer_files import read_answers_document
    from audit.domain.cohort import cohort_key
    from audit.engine import check_answers, check_plan_edits, save_plan_edits, view_of
    from audit.text import plain

    check_respondent_options(ctx.args)
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
    # Every answer is checked before a new respondent is added: a bad file adds no one.
    checked = check_answers(store, audit_id, document.answers)
    whose = _save_as_respondent(store, audit_id, checked, ctx.args)
    save_plan_edits(store, audit_id, plan)
    rows = f" and {len(plan)} plan row{'s' * (len(plan) != 1)}" if plan else ""
    count = len(checked)
    moved = ""
    if document.cohort is not None and cohort_key(document.cohort) != cohort_key(audit.cohort):
        store.set_cohort(audit_id, document.cohort)
        moved = f", now in cohort {plain(document.cohort.strip())!r}" if document.cohort else ""
    print(f"{count} answer{'s' * (count != 1)}{rows} saved to audit {audit_id}{whose}{moved}")
    return EXIT_OK


def _save_as_respondent(
    store: AuditStore, audit_id: str, answers: list[Answer], args: argparse.Namespace
) -> str:
    """Save `answers` as the respondent the options name (the owner without them); " as NAME
    (role)" for the message. A new respondent and their answers are one write."""
    if args.respondent is None:
        store.save_answers(audit_id, answers)
        return ""
    from audit.domain.respondents import parse_role
    from audit.text import plain

    found = store.find_respondent(audit_id, args.respondent)
    if found is None:
        if args.role is None:
            raise Problem(missing_role(audit_id, args.respondent))
        found = store.add_respondent(audit_id, args.respondent, parse_role(args.role), answers)
    else:
        store.save_answers(audit_id, answers, respondent_id=found.id)
    return f" as {plain(found.name)} ({found.role.value})"


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


def cmd_delete(ctx: Context) -> int:
    store = ctx.existing_store
    audit = store.load_audit(store.resolve_audit_id(ctx.args.id))
    client = store.client(audit.client_id)
    confirm(
        ctx,
        "delete",
        f"Erase audit {audit.id} ({audit.questionnaire_id}) of {client.name!r}, every answer, "
        "note and backup copy? This cannot be undone.",
    )
    print_erasure(store, store.delete_audit(audit.id))
    if not store.audit_ids(client.id):
        print(
            f"{client.name!r} has no audits left; `audit clients delete` erases their name "
            "and details too."
        )
    return EXIT_OK
