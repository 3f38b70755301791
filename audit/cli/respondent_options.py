"""`--respondent NAME --role ROLE`: who is answering, for `audit answer` and `audit interview`.

A name the audit already has is that respondent; a new name is added with the role given.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from audit.cli.common import Problem, UsageError

if TYPE_CHECKING:
    from audit.storage.base import AuditStore

ROLES = "owner, manager, staff, customer, consultant"


def add_respondent_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--respondent",
        metavar="NAME",
        help="who is answering (default: the owner); a new name is added to the audit",
    )
    parser.add_argument("--role", metavar="ROLE", help=f"the new respondent's role: {ROLES}")


def check_respondent_options(args: argparse.Namespace) -> None:
    """The options' own mistakes, before anything is opened or asked."""
    from audit.domain.respondents import RoleError, parse_role

    if args.role is not None and args.respondent is None:
        raise UsageError("audit: --role goes with --respondent NAME (whose role it is)")
    if args.respondent is not None and not args.respondent.strip():
        raise UsageError("audit: --respondent needs a name")
    if args.role is not None:
        try:
            parse_role(args.role)
        except RoleError as error:
            raise UsageError(f"audit: --role: {error}") from None


def respondent_id(store: AuditStore, audit_id: str, args: argparse.Namespace) -> str | None:
    """The id of the respondent the options name (None: the owner, as without them)."""
    from audit.domain.respondents import parse_role

    if args.respondent is None:
        return None
    found = store.find_respondent(audit_id, args.respondent)
    if found is not None:
        return found.id
    if args.role is None:
        raise Problem(missing_role(audit_id, args.respondent))
    return store.add_respondent(audit_id, args.respondent, parse_role(args.role)).id


def missing_role(audit_id: str, name: str) -> str:
    return (
        f"audit {audit_id} has no respondent named {name.strip()!r}; "
        f"give --role ({ROLES}) to add them"
    )
