"""`audit` on the command line, a module per command group.

main.py            the parser and `main(argv) -> int`; exit codes; the entry point `run`
common.py          Context (store and catalog opened lazily), Problem/UsageError, helpers
questionnaires.py  questionnaires list | show | validate
clients.py         clients list | rename | set | merge | export | import | delete
audits.py          new, list, show, answer, finish, delete (one audit at a time)
plan.py            plan ID [set N | schedule]
report.py          export (json, csv, md, html, ics) and report (PDF, one or a batch)
frontends.py       `audit` alone (the full-screen app) and `audit interview`
store.py           demo and repair
"""

from audit.cli.main import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
