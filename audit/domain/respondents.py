"""Who answers an audit: its respondents, each with a name and a role, each with answers of
their own. The first respondent (r1) is the owner every audit has always had, so an audit with
one respondent is exactly the audit of before."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"
    CUSTOMER = "customer"
    CONSULTANT = "consultant"

    @property
    def internal(self) -> bool:
        """Whether this role speaks for the business (customers see it from outside)."""
        return self is not Role.CUSTOMER


OWNER_ID = "r1"
OWNER_NAME = "Owner"
MAX_RESPONDENT_NAME_CHARS = 200


@dataclass(frozen=True)
class Respondent:
    id: str
    name: str
    role: Role


OWNER = Respondent(OWNER_ID, OWNER_NAME, Role.OWNER)


class RoleError(ValueError):
    """A role that is not one of the five; the message lists them."""


def parse_role(text: str) -> Role:
    """The role `text` names (case and surrounding spaces ignored); RoleError if none."""
    try:
        return Role(text.strip().casefold())
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise RoleError(f"unknown role {text.strip()!r}; a role is one of: {known}") from None


def next_respondent_id(respondents: tuple[Respondent, ...]) -> str:
    """The id after the highest one taken: r2 after r1, r4 after r1 r3."""
    numbers = [int(r.id[1:]) for r in respondents if r.id[:1] == "r" and r.id[1:].isdigit()]
    return f"r{max(numbers, default=0) + 1}"
