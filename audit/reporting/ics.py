"""The action plan as an iCalendar file (RFC 5545): one all-day event per action with a due date.

Events, not to-dos (VTODO): the calendars most owners use import only events from a file
(Google Calendar, Outlook), where to-dos would vanish without a word; docs/reports.md says more.
A dropped action gets no event; a done one keeps its day, marked done in its title.
"""

from __future__ import annotations

import datetime as dt
import re

from audit.domain.audit import ActionStatus
from audit.domain.plan import Action
from audit.domain.view import AuditView

# RFC 5545 3.8.1.11 allows only these on an event; "done" is no event status (COMPLETED is a
# to-do's), so the title says it instead.
EVENT_STATUS = "CONFIRMED"
_NO_EVENT = (ActionStatus.DROPPED,)


def plan_to_ics(view: AuditView, *, stamp: str) -> str:
    """A calendar entry per action with a due date, for any calendar program.

    `stamp` is the moment of export as YYYYMMDDTHHMMSSZ; ids are stable, so importing the
    file again updates the entries instead of doubling them.
    """
    if not _ICS_STAMP.fullmatch(stamp):
        raise ValueError(f"not an iCalendar time stamp: {stamp!r}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//customer-care-audit//audit//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('Action plan: ' + view.client.name)}",
    ]
    for action in calendar_actions(view):
        day = _ics_day(action.due)
        assert day is not None
        lines += _event(view, action, day, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def calendar_actions(view: AuditView) -> list[Action]:
    """The actions that get an event: a real due date, and not dropped."""
    return [a for a in view.plan if a.status not in _NO_EVENT and _ics_day(a.due) is not None]


def _event(view: AuditView, action: Action, day: dt.date, stamp: str) -> list[str]:
    done = action.status is ActionStatus.DONE
    summary = ("Done: " if done else "") + f"{action.rank}. {action.text}"
    description = f"{action.category.label}, {action.section_title}. {action.reason}"
    if action.owner:
        description += f" Owner: {action.owner}."
    description += f" Status: {action.status.label}."
    return [
        "BEGIN:VEVENT",
        f"UID:{_ics_raw(view.audit.id)}-{_ics_raw(action.id.replace('/', '-'))}"
        "@customer-care-audit",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        # All day on the due date; an explicit end, which some calendars want.
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"STATUS:{EVENT_STATUS}",
        "TRANSP:TRANSPARENT",  # a reminder, not time blocked out
        "END:VEVENT",
    ]


_ICS_STAMP = re.compile(r"\d{8}T\d{6}Z")
_ICS_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _ics_day(due: str) -> dt.date | None:
    """The date of an ISO due date; None for anything else: a due date from a store made
    elsewhere must not add lines or events to the calendar."""
    if not _ICS_DATE.fullmatch(due or ""):
        return None
    try:
        day = dt.date.fromisoformat(due)
    except ValueError:
        return None
    return day if day < dt.date.max else None  # the day after it must exist too


def _ics_raw(text: str) -> str:
    """A value written as it is (an id): every control and line-breaking character dropped."""
    return "".join(ch for ch in text if ch >= " " and ch not in "\x7f\x85\u2028\u2029")


def _ics_text(text: str) -> str:
    """Escape for an iCalendar TEXT value; control characters are dropped."""
    clean = "".join(
        ch for ch in text if (ch >= " " or ch == "\n") and ch not in "\x7f\x85\u2028\u2029"
    )
    return clean.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1),
    never inside a character."""
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
