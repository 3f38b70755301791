"""The parser and `main(argv) -> int`: argv -> one command -> an exit code.

Exit codes: 0 done, 1 a problem the user can fix (one line per problem on stderr), 2 a usage
mistake, 130 interrupted. Heavy front ends (Textual, WeasyPrint) are imported only by the
commands that need them, so `audit --help` and `audit list` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from audit import __version__
from audit.cli import (
    audits,
    clients,
    cohort,
    compare,
    frontends,
    plan,
    questionnaires,
    repeat,
    report,
    responses,
    store,
)
from audit.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    Commands,
    Context,
    Problem,
    UsageError,
)

# What argparse says when a group (`audit clients`) is given without one of its commands.
_NO_COMMAND = "the following arguments are required: COMMAND"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        if message == _NO_COMMAND:
            message = "name a command"
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    # Store and questionnaire options work before or after the command: `audit --db X list`
    # and `audit list --db X` both do what they say.
    shared = _Parser(add_help=False)
    shared.add_argument(
        "--db",
        metavar="FOLDER",
        default=argparse.SUPPRESS,
        help=(
            "the store folder, or a postgresql:// URL (default: AUDIT_DB, else a folder in "
            "your user data directory)"
        ),
    )
    shared.add_argument(
        "--questionnaires",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="a folder of your own questionnaire files (repeatable; also AUDIT_QUESTIONNAIRES)",
    )

    parser = _Parser(
        prog="audit",
        description="Audit your customer care: guided questionnaires, scores and an action plan.",
        parents=[shared],
        epilog="Start with `audit demo`, then `audit show ID`. Docs: docs/ in the repository.",
    )
    parser.add_argument("--version", action="version", version=f"audit {__version__}")
    # `audit` alone opens the full-screen app, so naming a command is optional here only.
    parser.set_defaults(handler=frontends.cmd_home)
    commands = Commands(parser, shared, required=False)
    # The order here is the order `audit --help` lists them in.
    questionnaires.add_commands(commands)
    clients.add_commands(commands)
    audits.add_new(commands)
    cohort.add_commands(commands)
    repeat.add_commands(commands)
    audits.add_list_show_answer(commands)
    responses.add_commands(commands)
    plan.add_commands(commands)
    compare.add_commands(commands)
    audits.add_finish(commands)
    report.add_commands(commands)
    frontends.add_interview(commands)
    audits.add_delete(commands)
    store.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.db = getattr(args, "db", None)
    args.questionnaires = getattr(args, "questionnaires", None)
    from audit.domain.answers import AnswerError
    from audit.domain.loader import QuestionnaireError
    from audit.reporting import ReportError
    from audit.storage.files import StoreError
    from audit.text import plain  # messages quote file names and ids from elsewhere

    try:
        return int(args.handler(Context(args)))
    except UsageError as error:
        print(plain(str(error)), file=sys.stderr)
        return EXIT_USAGE
    except (Problem, StoreError, AnswerError, ReportError) as error:
        for line in str(error).splitlines() or ["unknown problem"]:
            print(f"audit: {plain(line)}", file=sys.stderr)
        return EXIT_PROBLEM
    except QuestionnaireError as error:
        for line in error.problems:
            print(f"audit: {plain(line)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("audit: interrupted; everything answered so far is saved", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `audit show ID | head` closed the pipe: not an error. Point stdout at nothing so
        # the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


_TEARDOWN_NEEDED = [True]
_OWN_PROCESS = [False]  # main() was called by run(), the `audit` command's own entry point


def without_cycle_collector() -> None:
    """For a command that ends its process as soon as it is done (`audit report` of one
    audit): Python's cycle collector is switched off for the rest of the process. A report's
    layout makes some 180,000 objects, and the collector went through them in 330 passes
    (0.25 s of 3 s of CPU) to free cycles worth about 1 MiB, which the end of the process frees
    anyway. Only in the command's own process, never in a program that called main()."""
    if _OWN_PROCESS[0]:
        import gc

        gc.disable()


def skip_teardown() -> None:
    """For a command that has written and closed every file it makes: the process may end
    without Python's teardown, which for `audit report` (collecting some 40,000 objects of a
    report's layout, unloading WeasyPrint and cffi) took 0.15 to 0.25 s of its 1.8 s."""
    _TEARDOWN_NEEDED[0] = False


def run() -> NoReturn:
    _OWN_PROCESS[0] = True
    code = main()
    if not _TEARDOWN_NEEDED[0]:
        import os

        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be said
            pass
        os._exit(code)
    sys.exit(code)
