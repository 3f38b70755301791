"""`audit import-responses`: many customers' answers to one audit from a form tool's CSV."""

from __future__ import annotations

from pathlib import Path

from audit.cli.common import EXIT_OK, ID_HELP, Commands, Context


def add_commands(commands: Commands) -> None:
    command = commands.add(
        "import-responses",
        cmd_import_responses,
        "add customers' answers from a CSV, one row per customer",
        description=(
            "Add many customers' answers to one audit (usually a customer-pulse audit) from a "
            "CSV with one row per customer and a header of question ids, plus an optional "
            "respondent or name column. Every row is checked first: if any is wrong, nothing "
            "is stored. Format: docs/answers-file.md."
        ),
    )
    command.add_argument("id", help=ID_HELP)
    command.add_argument("file", metavar="FILE.csv", help="the customers' responses")


def cmd_import_responses(ctx: Context) -> int:
    from audit.domain.customers import measures_text
    from audit.domain.pulse import PULSE_QUESTIONNAIRE, customer_answer_sets, measure_pulse
    from audit.domain.respondents import Role
    from audit.response_files import read_responses

    store = ctx.existing_store
    audit_id = store.resolve_audit_id(ctx.args.id)
    audit = store.load_audit(audit_id)
    questionnaire = store.questionnaire_of(audit)
    taken = [respondent.name for respondent in audit.respondents]
    responses = read_responses(Path(ctx.args.file), questionnaire, taken)
    store.add_respondents(audit_id, [(r.name, Role.CUSTOMER, r.answers) for r in responses])
    count = len(responses)
    whose = "customer's" if count == 1 else "customers'"
    print(f"Imported {count} {whose} answers into audit {audit_id}")
    if questionnaire.id == PULSE_QUESTIONNAIRE:
        everyone = customer_answer_sets(store.load_audit(audit_id))
        pulse = measure_pulse(questionnaire, everyone)
        print(f"All {pulse.customers} customers so far: {measures_text(pulse)}")
    return EXIT_OK
