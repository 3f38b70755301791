"""`audit compare ID ID [ID...]` or `audit compare --client NAME`: a client's audits side by
side; did the done actions work?"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING

from audit.cli.common import EXIT_OK, Commands, Context, Problem, UsageError

if TYPE_CHECKING:
    from audit.storage.base import AuditStore


def add_commands(commands: Commands) -> None:
    compare = commands.add(
        "compare",
        cmd_compare,
        "set a client's audits side by side: scores then and now, did the done actions work",
    )
    compare.add_argument("ids", nargs="*", metavar="ID", help="two or more audit ids, any order")
    compare.add_argument(
        "--client", metavar="NAME", help="instead of ids: every audit of this client"
    )
    compare.add_argument(
        "--questionnaire",
        metavar="ID",
        help="with --client: the audits of this questionnaire (needed when they have several)",
    )
    shown = compare.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.add_argument("--markdown", action="store_true", help="print Markdown")


def cmd_compare(ctx: Context) -> int:
    from audit.domain.compare import CompareError, compare
    from audit.engine import view_of
    from audit.reporting.since import as_json, as_markdown, as_text
    from audit.text import plain

    store = ctx.existing_store
    args = ctx.args
    if args.client is not None and args.ids:
        raise UsageError("audit compare: give audit ids or --client, not both")
    if args.client is None and (len(args.ids) < 2 or args.questionnaire):
        raise UsageError("audit compare: name at least two audit ids, or --client NAME")
    if args.client is not None:
        ids = client_audits(store, args.client, args.questionnaire)
    else:
        ids = [store.resolve_audit_id(given) for given in args.ids]
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


def client_audits(store: AuditStore, name: str, questionnaire_id: str | None) -> list[str]:
    """The ids of a client's audits of one questionnaire (a pulse is what customers say, not
    an audit to compare), or a one-line problem saying what to add."""
    from audit.domain.pulse import PULSE_QUESTIONNAIRE

    client = store.find_client(name)
    if client is None:
        raise Problem(f"no client named {name!r}; `audit clients list` shows them")
    by_questionnaire: dict[str, list[str]] = {}
    for summary in store.summaries(client.id):
        if summary.questionnaire_id != PULSE_QUESTIONNAIRE:
            by_questionnaire.setdefault(summary.questionnaire_id, []).append(summary.audit_id)
    if questionnaire_id is None and len(by_questionnaire) > 1:
        names = " and ".join(sorted(by_questionnaire))
        raise Problem(f"{client.name!r} has audits of {names}; add --questionnaire ID to pick one")
    if questionnaire_id is None and by_questionnaire:
        questionnaire_id = next(iter(by_questionnaire))
    found = by_questionnaire.get(questionnaire_id or "", [])
    if len(found) < 2:
        what = f"one audit of {questionnaire_id}" if found else f"no audit of {questionnaire_id}"
        raise Problem(
            f"{client.name!r} has {what}: nothing to compare yet "
            "(`audit repeat ID` starts the next one)"
        )
    return found
