"""What an answer IS, how a raw value becomes a valid one, and which questions are asked.

A raw value comes from a JSON or CSV answers file, a prompt or a key press; `parse_value` turns
it into the one canonical form the store keeps, or says in one line why it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from audit.domain.questionnaire import (
    YES_PARTLY_NO_VALUES,
    Condition,
    Kind,
    Question,
    Questionnaire,
    Test,
)

# scale: point number (1 is the first); yes-partly-no and single: a string; multiple: a tuple of
# choice ids; number: int or float; text: a string; paired: (expected, received) point numbers;
# importance: the points given to each section of `across`, in that order.
AnswerValue = str | int | float | tuple[str, ...] | tuple[int, ...]

MAX_ANSWER_CHARS = 100_000
# About ten pages of typing: an honest note on one answer never comes near it, while a pasted
# log or document would be stored, shown and rewritten on every save of the audit. Only new notes
# are held to it; a longer note already in a store is still read and shown (clipped).
MAX_NOTE_CHARS = 20_000
# Why a question does not apply fits in a sentence or two; a limit keeps a pasted file out.
MAX_NA_REASON_CHARS = 2_000


class AnswerError(ValueError):
    """A value that does not fit its question; the message is one line for the user."""


def note_problem(note: str) -> str | None:
    """Why a new note cannot be kept, in one line; None when it can."""
    if len(note) > MAX_NOTE_CHARS:
        return (
            f"the note is {len(note):,} characters long; a note can be at most "
            f"{MAX_NOTE_CHARS:,} characters"
        )
    return None


def na_reason_problem(reason: str) -> str | None:
    """Why a new N/A reason cannot be kept, in one line; None when it can."""
    if len(reason) > MAX_NA_REASON_CHARS:
        return (
            f"the reason is {len(reason):,} characters long; why a question does not apply "
            f"can take at most {MAX_NA_REASON_CHARS:,} characters"
        )
    return None


@dataclass(frozen=True)
class Answer:
    question_id: str
    value: AnswerValue | None = None
    note: str = ""
    note_private: bool = False  # a consultant's note that stays out of the client's report
    na_reason: str | None = None  # set when the question was marked not applicable
    flagged: bool = False
    answered_at: str = ""

    @property
    def is_na(self) -> bool:
        return self.na_reason is not None

    @property
    def is_answered(self) -> bool:
        """Given a value or marked N/A; a note or flag alone does not answer a question."""
        return self.value is not None or self.is_na


def parse_value(question: Question, raw: Any) -> AnswerValue:
    """Return the canonical value for `raw`, or raise `AnswerError` saying what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip() and question.kind != Kind.MULTIPLE):
        raise AnswerError("no value given")
    match question.kind:
        case Kind.SCALE:
            return _scale(question, raw)
        case Kind.YES_PARTLY_NO:
            return _yes_partly_no(raw)
        case Kind.SINGLE:
            return _choice(question, raw)
        case Kind.MULTIPLE:
            return _choices(question, raw)
        case Kind.NUMBER:
            return _number(question, raw)
        case Kind.PAIRED | Kind.IMPORTANCE:
            from audit.domain.gap_answers import parse_gap_answer  # it imports AnswerError

            return parse_gap_answer(question, raw)
        case Kind.TEXT:
            if not isinstance(raw, str):
                raise AnswerError(f"expected text, got {raw!r}")
            if len(raw) > MAX_ANSWER_CHARS:
                raise AnswerError(f"the text is longer than {MAX_ANSWER_CHARS} characters")
            return raw
    raise AnswerError(f"unknown kind {question.kind}")  # pragma: no cover - Kind is closed


def _scale(question: Question, raw: Any) -> int:
    count = len(question.points)
    if isinstance(raw, str):
        text = raw.strip()
        for number, label in enumerate(question.points, start=1):
            if text.casefold() == label.casefold():
                return number
        if not text.isdigit():
            raise AnswerError(f"{raw!r} is not one of the points 1 to {count}")
        raw = int(text)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
        raise AnswerError(f"{raw!r} is not one of the points 1 to {count}")
    if not 1 <= raw <= count:
        raise AnswerError(f"{int(raw)} is outside the points 1 to {count}")
    return int(raw)


_YPN_SHORT = {"y": "yes", "p": "partly", "n": "no"}


def _yes_partly_no(raw: Any) -> str:
    text = raw.strip().casefold() if isinstance(raw, str) else None
    text = _YPN_SHORT.get(text or "", text)
    if text not in YES_PARTLY_NO_VALUES:
        raise AnswerError(f"{raw!r} is not yes, partly or no")
    return text


def _choice(question: Question, raw: Any) -> str:
    if not isinstance(raw, str):
        raise AnswerError(f"expected a choice id, got {raw!r}")
    text = raw.strip()
    for choice in question.choices:
        if text == choice.id or text.casefold() == choice.label.casefold():
            return choice.id
    known = ", ".join(choice.id for choice in question.choices)
    raise AnswerError(f"{raw!r} is not a choice here; choose one of {known}")


def _choices(question: Question, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        items: list[Any] = [part for part in raw.split(";") if part.strip()]
    elif isinstance(raw, list | tuple):
        items = list(raw)
    else:
        raise AnswerError(f"expected a list of choice ids, got {raw!r}")
    chosen = {_choice(question, item) for item in items}
    # Keep the questionnaire's order so equal answers are stored identically.
    return tuple(choice.id for choice in question.choices if choice.id in chosen)


def _number(question: Question, raw: Any) -> int | float:
    value: Any = _number_in_text(question, raw) if isinstance(raw, str) else raw
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise AnswerError(f"{raw!r} is not a number")
    if value in (float("inf"), float("-inf")):
        raise AnswerError(f"{raw!r} is not a finite number")
    if question.minimum is not None and value < question.minimum:
        raise AnswerError(f"{_plain(value)} is below the minimum {_plain(question.minimum)}")
    if question.maximum is not None and value > question.maximum:
        raise AnswerError(f"{_plain(value)} is above the maximum {_plain(question.maximum)}")
    return int(value) if float(value).is_integer() else float(value)


# A typed number: digits with the separators people write in them, then perhaps a unit.
_NUMBER_THEN_REST = re.compile(r"([+-]?\.?\d[\d.,'\u2019 \u00a0\u202f]*)(.*)", re.DOTALL)
_SPACES = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space
# Each way of writing a number that is read, and how it becomes Python's form. A comma before
# exactly three digits groups thousands (1,250 is 1250); before any other count of digits it is
# a decimal comma (2,5 is 2.5). The point is always a decimal point, except in 1.250.000 and
# 1.250,5, which cannot be read any other way.
_NUMBER_FORMS = (
    (re.compile(r"\d+(\.\d*)?|\.\d+"), lambda t: t),
    (re.compile(r"[1-9]\d{0,2}(,\d{3})+(\.\d+)?"), lambda t: t.replace(",", "")),
    (
        re.compile(f"[1-9]\\d{{0,2}}([{_SPACES}]\\d{{3}})+([.,]\\d+)?"),
        lambda t: re.sub(f"[{_SPACES}]", "", t).replace(",", "."),
    ),
    (re.compile(r"[1-9]\d{0,2}(['\u2019]\d{3})+(\.\d+)?"), lambda t: re.sub("['\u2019]", "", t)),
    (
        re.compile(r"[1-9]\d{0,2}(\.\d{3})+,\d+|[1-9]\d{0,2}(\.\d{3}){2,}"),
        lambda t: t.replace(".", "").replace(",", "."),
    ),
    (re.compile(r"\d+,\d+"), lambda t: t.replace(",", ".")),
)

_PERCENT_WORDS = {"%", "percent", "per cent", "pct"}
_UNIT_FAMILIES = (
    _PERCENT_WORDS,
    {"h", "hr", "hrs", "hour", "hours"},
    {"min", "mins", "minute", "minutes"},
    {"d", "day", "days"},
)


def _number_in_text(question: Question, raw: str) -> float:
    """The number typed in `raw`, which may end in the question's unit ("85%", "4h")."""
    found = _NUMBER_THEN_REST.fullmatch(raw.strip())
    if found is None:
        raise AnswerError(f"{raw!r} is not a number; type digits, like {_example(question)}")
    digits = found.group(1).rstrip(_SPACES)
    rest = (found.group(1)[len(digits) :] + found.group(2)).strip()
    sign = digits[0] if digits[0] in "+-" else ""
    body = digits.removeprefix(sign)
    for form, to_python in _NUMBER_FORMS:
        if form.fullmatch(body):
            number = float(sign + to_python(body))
            break
    else:
        raise AnswerError(
            f"{raw!r} is not a number I can read; type digits with a point for decimals, "
            f"like 1250 or 12.5"
        )
    if rest and " ".join(rest.casefold().split()) not in _unit_words(question.unit):
        raise AnswerError(f"{raw!r} is not {_what_is_counted(question)}; {_how_to_type(question)}")
    return number


def _unit_words(unit: str) -> set[str]:
    """What may follow a number at a question with this unit: the unit itself, its singular,
    and the usual short forms ("h" for "working hours", "percent" for "%")."""
    name = " ".join(unit.casefold().split())
    if not name:
        return set()
    words = {name, name.removesuffix("s")}
    for family in _UNIT_FAMILIES:
        if name in family or name.split()[-1] in family:
            words |= family
    return words


def _what_is_counted(question: Question) -> str:
    unit = " ".join(question.unit.split())
    if not unit:
        return "a plain number"
    if unit.casefold() in _PERCENT_WORDS:
        return "a percentage"
    return f"a number of {unit}"


def _how_to_type(question: Question) -> str:
    return f"type just the number, like {_example(question)}"


def _example(question: Question) -> str:
    words = _unit_words(question.unit)
    if "%" in words:
        return "85 or 85%"
    if "h" in words:
        return "4 or 4h"
    return "12"


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def describe_value(question: Question, value: AnswerValue | None) -> str:
    """The answer as a person reads it: the point's label, a choice's label, a number and unit."""
    if value is None:
        return ""
    match question.kind:
        case Kind.SCALE if isinstance(value, int) and 1 <= value <= len(question.points):
            return _point(question, value)
        case Kind.YES_PARTLY_NO:
            return str(value).capitalize()
        case Kind.SINGLE:
            choice = question.choice(str(value))
            return choice.label if choice else str(value)
        case Kind.MULTIPLE if isinstance(value, tuple):
            labels = [c.label for c in question.choices if c.id in value]
            return "; ".join(labels) if labels else "none of these"
        case Kind.NUMBER if isinstance(value, int | float):
            return f"{_plain(value)} {question.unit}".strip()
        case Kind.PAIRED if isinstance(value, tuple) and len(value) == 2:
            expected, received = (_point(question, int(n)) for n in value)
            return f"expected {expected}, received {received}"
        case Kind.IMPORTANCE if isinstance(value, tuple):
            return ", ".join(f"{name} {n}" for name, n in zip(question.across, value, strict=False))
    return str(value)


def _point(question: Question, number: int) -> str:
    """A point as it reads: its number, and its label where the scale names it."""
    if 1 <= number <= len(question.points) and question.points[number - 1]:
        return f"{number} {question.points[number - 1]}"
    return str(number)


def asked_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[Question, ...]:
    """The questions whose conditions hold, in order; the rest are skipped.

    A condition on a question that is unanswered, N/A or itself skipped does not hold.
    """
    asked: list[Question] = []
    asked_ids: set[str] = set()
    for question in questionnaire.questions:
        if all(_holds(condition, answers, asked_ids) for condition in question.when):
            asked.append(question)
            asked_ids.add(question.id)
    return tuple(asked)


def conditions_hold(
    conditions: tuple[Condition, ...], answers: Mapping[str, Answer], asked_ids: set[str]
) -> bool:
    return all(_holds(condition, answers, asked_ids) for condition in conditions)


def _holds(condition: Condition, answers: Mapping[str, Answer], asked_ids: set[str]) -> bool:
    answer = answers.get(condition.question)
    if condition.question not in asked_ids or answer is None or answer.value is None:
        return False
    value, wanted = answer.value, condition.value
    match condition.test:
        case Test.IS:
            return value == wanted
        case Test.IS_NOT:
            return value != wanted
        case Test.IN:
            return isinstance(wanted, tuple) and value in wanted
        case Test.INCLUDES:
            return isinstance(value, tuple) and wanted in value
        case Test.AT_LEAST | Test.AT_MOST:
            given, limit = _numeric(value), _numeric(wanted)
            if given is None or limit is None:
                return False
            return given >= limit if condition.test is Test.AT_LEAST else given <= limit
    return False  # pragma: no cover - Test is closed


def _numeric(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
