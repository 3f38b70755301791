"""`audit questionnaires list|show|validate`: the questionnaires an audit can use."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from audit.cli.common import EXIT_OK, EXIT_PROBLEM, Commands, Context, catalog_entry


def add_commands(commands: Commands) -> None:
    group = commands.group("questionnaires", "list, show or check questionnaires")
    group.add("list", cmd_questionnaires_list, "the questionnaires you can use").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    group.add("show", cmd_questionnaires_show, "every question of one questionnaire").add_argument(
        "id", help="questionnaire id, e.g. five-steps"
    )
    group.add("validate", cmd_questionnaires_validate, "check questionnaire files").add_argument(
        "files", nargs="+", metavar="FILE", help="TOML files to check"
    )


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

    print(questionnaire_page(catalog_entry(ctx, ctx.args.id).questionnaire))
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
