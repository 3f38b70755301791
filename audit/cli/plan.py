"""`audit plan ID [set N | schedule]`: the numbered action plan, its owners, dates and statuses."""

from __future__ import annotations

from audit.cli.common import EXIT_OK, ID_HELP, Commands, Context, UsageError


def add_commands(commands: Commands) -> None:
    # `audit plan ID` alone prints the plan, so its own commands are optional.
    plan = commands.add(
        "plan", cmd_plan, "the action plan, numbered; set owners, due dates and statuses"
    )
    plan.add_argument("id", help=ID_HELP)
    plan_commands = Commands(plan, commands.shared, required=False)
    plan_set = plan_commands.add(
        "set",
        cmd_plan_set,
        "set the owner, due date or status of row N (or of several rows)",
        description="Set the owner, due date or status of rows of the plan. Several rows in one "
        "command are all read from the plan as `audit plan ID` lists it now, so "
        "`set 1 2 6 --status done` marks the three rows you see, although closing row 1 "
        "moves the others up.",
    )
    plan_set.add_argument(
        "rows",
        nargs="+",
        metavar="N",
        help="a row's number in `audit plan ID`, or its id (website/1); several are allowed",
    )
    plan_set.add_argument("--owner", metavar="NAME", help='who does it ("" clears it)')
    plan_set.add_argument(
        "--due",
        metavar="DATE",
        help='by when: 2027-01-31, or 31/01/2027 where unambiguous ("" clears it)',
    )
    plan_set.add_argument("--status", metavar="STATUS", help="todo, doing, done or dropped")
    schedule = plan_commands.add(
        "schedule",
        cmd_plan_schedule,
        "give every open row without a due date one, from its horizon",
        description="Give every open row of the plan without a due date one: the start date "
        "plus its horizon (30, 60 or 90 days).",
    )
    schedule.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="the start date"
    )


def cmd_plan(ctx: Context) -> int:
    from audit.console import plan_table
    from audit.engine import view_of

    store = ctx.existing_store
    view = view_of(store, store.resolve_audit_id(ctx.args.id))
    print(plan_table(view))
    return EXIT_OK


def cmd_plan_set(ctx: Context) -> int:
    import datetime as dt

    from audit.console import plan_rows
    from audit.engine import PlanEdit, apply_plan_edits, view_of

    args = ctx.args
    if args.owner is None and args.due is None and args.status is None:
        raise UsageError("audit plan ID set N: give --owner, --due or --status")
    store = ctx.existing_store
    audit_id = store.resolve_audit_id(args.id)
    before = {str(a.rank): a.id for a in view_of(store, audit_id).plan}
    edits = [
        PlanEdit(f"plan row {row}", row, args.owner, args.due, args.status) for row in args.rows
    ]
    rows = apply_plan_edits(store, audit_id, edits)
    print(plan_rows(rows))
    late = [a for a in rows if args.due and a.is_late(dt.date.today())]
    if late:
        print(f"Note: {late[0].due} has already passed; the row shows as late until it is done.")
    now = {a.id: a.rank for a in view_of(store, audit_id).plan}
    moved = [
        (row, now[before[row]])
        for row in args.rows
        if row in before and now.get(before[row], int(row)) != int(row)
    ]
    if moved:
        # Closed rows sort to the end, so the numbers below them shift; say so before the
        # user types the next `set N` from a list that no longer holds.
        row, rank = moved[0]
        print(
            f"Row {row} is now row {rank}, and the rows after it moved up: see "
            f"`audit plan {audit_id}` before setting another by number (several rows given in "
            "one `set` are all read from the same list)."
        )
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
