"""What every command module shares: exit codes, the two kinds of user mistake, the lazily
opened store and catalog, the parser helper, and small wording helpers.

Standard library only at import time: `audit --help` loads this and nothing heavy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.catalog import Catalog, Entry
    from audit.domain.audit import Client
    from audit.storage.base import AuditStore
    from audit.storage.erasure import Erasure

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

ID_HELP = "audit id (a unique prefix is enough)"
YES_HELP = "go ahead without asking (for scripts)"


class Problem(Exception):
    """Something the user can fix; its message is printed as it is, one line per problem."""


class UsageError(Exception):
    """A command given the wrong mix of options: printed as it is, exit code 2."""


class Context:
    """What the commands share, opened only when first asked for.

    A plain class, not a dataclass: `dataclasses` imports `inspect`, and `audit --help` would
    pay for it (docs/performance.md)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: AuditStore | None = None
        self._catalog: Catalog | None = None

    @property
    def store(self) -> AuditStore:
        """The store, started if there is none yet: for commands that add to it."""
        if self._store is None:
            self._store = _open_store(self.args, create=True)
        return self._store

    @property
    def existing_store(self) -> AuditStore:
        """For commands that only read: a mistyped --db is an error, not a new empty store.

        The default store is still created, so `audit list` on a fresh machine just says
        there are no audits yet.
        """
        if self._store is None:
            from audit.locations import store_is_default

            self._store = _open_store(self.args, create=store_is_default(self.args.db))
        return self._store

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from audit.catalog import load_catalog
            from audit.locations import questionnaire_folders

            self._catalog = load_catalog(questionnaire_folders(self.args.questionnaires))
        return self._catalog


def _open_store(args: argparse.Namespace, create: bool) -> AuditStore:
    # A folder, or a PostgreSQL URL in --db or AUDIT_DB (docs/teams.md).
    from audit.storage.opening import open_store, store_location

    return open_store(store_location(args.db), create=create)


Handler = Callable[[Context], int]


class Commands:
    """One level of subcommands; every command also takes the shared --db and --questionnaires."""

    def __init__(
        self, parser: argparse.ArgumentParser, shared: argparse.ArgumentParser, required: bool
    ) -> None:
        self._commands = parser.add_subparsers(
            title="commands", metavar="COMMAND", required=required
        )
        self.shared = shared

    def add(
        self, name: str, handler: Handler | None, text: str, description: str | None = None
    ) -> argparse.ArgumentParser:
        """A command whose --help opens with `description` (its one-line `text` by default)."""
        sub: argparse.ArgumentParser = self._commands.add_parser(
            name, help=text, description=description or text, parents=[self.shared]
        )
        if handler is not None:
            sub.set_defaults(handler=handler)
        return sub

    def add_bare(self, name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        """A command whose --help has no description line, only its usage."""
        sub: argparse.ArgumentParser = self._commands.add_parser(
            name, help=text, parents=[self.shared]
        )
        sub.set_defaults(handler=handler)
        return sub

    def group(self, name: str, text: str) -> Commands:
        """A command that only groups others: one of them must be named."""
        return Commands(self.add(name, None, text), self.shared, required=True)


def print_json(data: Any) -> None:
    import json  # here, not at the top: `audit --help` needs no JSON

    print(json.dumps(data, ensure_ascii=False, indent=2))


def private_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-private",
        action="store_true",
        help="an internal copy with private notes and flags for review (left out by default)",
    )


def catalog_entry(ctx: Context, questionnaire_id: str) -> Entry:
    entry = ctx.catalog.get(questionnaire_id)
    if entry is None:
        known = ", ".join(ctx.catalog.ids()) or "none"
        raise Problem(f"no questionnaire {questionnaire_id!r}; known: {known}")
    return entry


def client_named(store: AuditStore, name: str) -> Client:
    client = store.find_client(name)
    if client is None:
        raise Problem(f"no client named {name!r}; `audit clients list` shows them")
    return client


def audits(count: int) -> str:
    return f"{count} audit{'s' * (count != 1)}"


def confirm(ctx: Context, command: str, question: str) -> None:
    """Go on only once the user said yes (or gave --yes); the answer is read from stdin."""
    if ctx.args.yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(
            f"audit {command}: this erases data and asks to confirm, but there is no "
            "terminal to answer in; add --yes to go ahead"
        )
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    if sys.stdin.readline().strip().casefold() not in ("y", "yes"):
        raise Problem("nothing was changed")


def print_erasure(store: AuditStore, erasure: Erasure) -> None:
    """The erasure in one line, then every file it touched: the user's record that it is done."""
    print(store.erasure_text(erasure))
    for verb, paths in (("removed", erasure.removed), ("rewrote", erasure.rewritten)):
        for path in sorted(set(paths)):
            print(f"  {verb} {path.relative_to(store.opened_from)}")
