"""Due dates as people type them: 2027-01-31, and 31/01/2027 or 01/31/2027 where unambiguous.

A date like 03/04/2027 is 3 April in most of the world and March 4 in the United States, so it
is refused with a line that says how to write it, rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re


class DateError(ValueError):
    """A date that cannot be read; the message is one line for the user."""


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


def parse_date(text: str) -> dt.date:
    """The date `text` names, or DateError saying what is wrong and how to write it."""
    typed = text.strip()
    if match := _ISO.match(typed):
        return _date(typed, int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_MONTH.match(typed):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12 and second <= 12:
            return _date(typed, year, second, first)  # day first: 31/01/2027
        if second > 12 and first <= 12:
            return _date(typed, year, first, second)  # month first: 01/31/2027
        if first == second:
            return _date(typed, year, first, second)
        if first <= 12 and second <= 12:
            day_first = _date(typed, year, second, first)
            month_first = _date(typed, year, first, second)
            raise DateError(
                f"{typed!r} could be {_words(day_first)} or {_words(month_first)}; "
                f"write it as {day_first.isoformat()} or {month_first.isoformat()}"
            )
    raise DateError(f"{typed!r} is not a date; write it like 2027-01-31")


def _date(typed: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"{typed!r} is not a real date; write it like 2027-01-31") from None


def _words(date: dt.date) -> str:
    return f"{date.day} {date:%B}"
