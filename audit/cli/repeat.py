"""`audit repeat ID`: start the next audit of the same client and questionnaire (docs/scoring.md,
"Repeating an audit")."""

from __future__ import annotations

import sys

from audit.cli.common import EXIT_OK, ID_HELP, Commands, Context, Problem


def add_commands(commands: Commands) -> None:
    repeat = commands.add(
        "repeat",
        cmd_repeat,
        "start the next audit of the same client and questionnaire; prints its id",
    )
    repeat.add_argument("id", help=ID_HELP)
    repeat.add_argument(
        "--anyway", action="store_true", help="repeat an audit that is not finished yet"
    )


def cmd_repeat(ctx: Context) -> int:
    from audit.domain.carry import RepeatRefused
    from audit.engine import repeat_audit

    store = ctx.existing_store
    earlier = store.load_audit(store.resolve_audit_id(ctx.args.id))
    # The newest version: the questionnaire as `audit new` would find it today.
    entry = ctx.catalog.get(earlier.questionnaire_id)
    if entry is None:
        raise Problem(
            f"audit {earlier.id} uses questionnaire {earlier.questionnaire_id!r}, which is not "
            "among your questionnaires now; point --questionnaires at its folder"
        )
    try:
        audit = repeat_audit(
            store, earlier.id, entry.questionnaire, entry.text, anyway=ctx.args.anyway
        )
    except RepeatRefused as error:
        raise Problem(str(error)) from None
    carried = len(audit.action_edits)
    # The id alone on stdout (for scripts, as `audit new`); what happened goes to stderr.
    print(audit.id)
    print(
        f"audit {audit.id} follows {earlier.id}: {carried} open "
        f"action{'s' * (carried != 1)} carried over, no answers copied",
        file=sys.stderr,
    )
    return EXIT_OK
