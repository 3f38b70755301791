"""The store as a whole: `audit demo` fills it with an example, `audit repair` mends it."""

from __future__ import annotations

import sys

from audit.cli.common import EXIT_OK, EXIT_PROBLEM, Commands, Context

DEMO_CLIENT = "Hollin & Daughters Kitchens"
DEMO_SECTOR = "Fitted kitchens, design and installation"


def add_commands(commands: Commands) -> None:
    commands.add(
        "demo", cmd_demo, "add a demo client with a finished audit of each built-in questionnaire"
    )
    commands.add(
        "repair",
        cmd_repair,
        "put back the last good copy of store files damaged from outside (the damaged ones "
        "are kept aside)",
    )


def cmd_demo(ctx: Context) -> int:
    from audit.demo import load_demo

    store = ctx.store
    made = load_demo(store, ctx.catalog, DEMO_CLIENT, DEMO_SECTOR)
    for audit_id, title, score in made:
        print(f"{audit_id}  {title}: {score}")
    print(f"\nDemo client: {DEMO_CLIENT}. See a result with: audit show {made[0][0]}")
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
