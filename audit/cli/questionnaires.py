"""`audit questionnaires list|show|validate`: the questionnaires an audit can use."""

from __future__ import annotations

import sys
from pathlib import Path

from audit.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    Commands,
    Context,
    UsageError,
    catalog_entry,
    print_json,
)


def add_commands(commands: Commands) -> None:
    group = commands.group("questionnaires", "list, show or check questionnaires")
    group.add("list", cmd_questionnaires_list, "the questionnaires you can use").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    show = group.add("show", cmd_questionnaires_show, "every question of one questionnaire")
    show.add_argument("id", nargs="?", help="questionnaire id, e.g. five-steps")
    show.add_argument(
        "--audit", metavar="AUDIT", help="the questionnaire exactly as this audit was started with"
    )
    show.add_argument(
        "--toml", action="store_true", help="print the questionnaire file itself, to share or edit"
    )
    group.add("validate", cmd_questionnaires_validate, "check questionnaire files").add_argument(
        "files", nargs="+", metavar="FILE", help="TOML files to check"
    )


def cmd_questionnaires_list(ctx: Context) -> int:
    from audit.console import questionnaire_table
    from audit.text import plain

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
        print_json(entries)
    else:
        print(questionnaire_table(catalog))
    for problem in catalog.problems:
        print(f"audit: skipped {plain(problem)}", file=sys.stderr)
    return EXIT_OK


def cmd_questionnaires_show(ctx: Context) -> int:
    from audit.console import questionnaire_page

    args = ctx.args
    if (args.id is None) == (args.audit is None):
        raise UsageError("give a questionnaire id or --audit AUDIT, one of the two")
    if args.audit is not None:
        # The store keeps the exact text each audit began with: the file may have changed since.
        store = ctx.existing_store
        audit = store.load_audit(store.resolve_audit_id(args.audit))
        if args.toml:
            sys.stdout.write(store.questionnaire_text(audit))
            return EXIT_OK
        print(questionnaire_page(store.questionnaire_of(audit)))
        return EXIT_OK
    entry = catalog_entry(ctx, args.id)
    if args.toml:
        from audit.catalog import read_questionnaire_file

        _, text = read_questionnaire_file(entry.path)
        sys.stdout.write(text)
        return EXIT_OK
    print(questionnaire_page(entry.questionnaire))
    return EXIT_OK


def cmd_questionnaires_validate(ctx: Context) -> int:
    from audit.catalog import read_questionnaire_file
    from audit.domain.loader import QuestionnaireError
    from audit.text import plain

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
