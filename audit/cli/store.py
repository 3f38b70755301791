"""The store as a whole: `audit demo` fills it with an example, `audit repair` mends it,
`audit store copy` copies it to another (a folder or a PostgreSQL database)."""

from __future__ import annotations

import sys
from pathlib import Path

from audit.cli.common import EXIT_OK, EXIT_PROBLEM, Commands, Context, Problem

DEMO_CLIENT = "Hollin & Daughters Kitchens"
DEMO_SECTOR = "Fitted kitchens, design and installation"


def add_commands(commands: Commands) -> None:
    demo = commands.add(
        "demo", cmd_demo, "add a demo client with a finished audit of each built-in questionnaire"
    )
    demo.add_argument(
        "--kind",
        metavar="KIND",
        help="a demo business of this kind: trade, shop, online, professional, personal",
    )
    commands.add(
        "repair",
        cmd_repair,
        "put back the last good copy of store files damaged from outside (the damaged ones "
        "are kept aside)",
    )
    group = commands.group("store", "the store as a whole: copy it to another")
    copy = group.add(
        "copy",
        cmd_store_copy,
        "copy every client and audit from one store to another (a folder or a postgresql:// "
        "URL); clients already there are left as they are",
    )
    copy.add_argument("source", metavar="FROM", help="the store to copy from")
    copy.add_argument("target", metavar="TO", help="the store to copy into (made if missing)")


def cmd_demo(ctx: Context) -> int:
    from audit.demo import UnknownDemo, demo_business, load_demo, load_demo_kind

    client = DEMO_CLIENT
    if ctx.args.kind is None:
        made = load_demo(ctx.store, ctx.catalog, DEMO_CLIENT, DEMO_SECTOR)
    else:
        try:
            demo_business(ctx.args.kind)  # a wrong kind is one line, before the store is opened
        except UnknownDemo as error:
            raise Problem(f"--kind: {error}") from None
        client, made = load_demo_kind(ctx.store, ctx.catalog, ctx.args.kind)
    for audit_id, title, score in made:
        print(f"{audit_id}  {title}: {score}")
    print(f"\nDemo client: {client}. See a result with: audit show {made[0][0]}")
    return EXIT_OK


def cmd_repair(ctx: Context) -> int:
    from audit.locations import store_path
    from audit.storage.opening import store_location
    from audit.storage.repair import finish_interrupted, repair_store
    from audit.text import plain

    if not isinstance(store_location(ctx.args.db), Path):
        raise Problem(
            "audit repair mends a store folder; a PostgreSQL database keeps itself whole "
            "(restore a pg_dump backup if it was damaged)"
        )
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


def cmd_store_copy(ctx: Context) -> int:
    from audit.storage.copying import copy_store
    from audit.storage.opening import is_database_url, open_store

    def where(given: str) -> str | Path:
        return given if is_database_url(given) else Path(given).expanduser()

    source_at, target_at = where(ctx.args.source), where(ctx.args.target)
    if source_at == target_at or (
        isinstance(source_at, Path) and isinstance(target_at, Path)
        and source_at.resolve() == target_at.resolve()
    ):  # fmt: skip
        raise Problem("audit store copy: FROM and TO are the same store")
    source = open_store(source_at, create=False)
    target = open_store(target_at, create=True)
    print(copy_store(source, target).describe(source.location, target.location))
    return EXIT_OK
