"""`audit compare ID ID [ID...]`: a client's audits side by side; did the done actions work?"""

from __future__ import annotations

import shutil
import sys

from audit.cli.common import EXIT_OK, Commands, Context, Problem


def add_commands(commands: Commands) -> None:
    compare = commands.add(
        "compare",
        cmd_compare,
        "set a client's audits side by side: scores then and now, did the done actions work",
    )
    compare.add_argument("ids", nargs="+", metavar="ID", help="two or more audit ids, any order")
    shown = compare.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.add_argument("--markdown", action="store_true", help="print Markdown")


def cmd_compare(ctx: Context) -> int:
    from audit.domain.compare import CompareError, compare
    from audit.engine import view_of
    from audit.reporting.since import as_json, as_markdown, as_text
    from audit.text import plain

    store = ctx.existing_store
    ids = [store.resolve_audit_id(given) for given in ctx.args.ids]
    views = [view_of(store, audit_id) for audit_id in dict.fromkeys(ids)]
    try:
        result = compare(views)
    except CompareError as error:
        raise Problem(f"audit compare: {error}") from None
    client = views[0].client.name
    if ctx.args.json:
        sys.stdout.write(as_json(result, client))
    elif ctx.args.markdown:
        sys.stdout.write(as_markdown(result, client, plain))
    else:
        print(as_text(result, client, plain, shutil.get_terminal_size().columns))
    return EXIT_OK
