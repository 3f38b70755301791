"""The answers of a service-gap questionnaire: a paired question's two points and an importance
question's points, read from what was typed or written in an answers file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from audit.domain.answers import AnswerError
from audit.domain.questionnaire import Kind, Question


def parse_gap_answer(question: Question, raw: Any) -> tuple[int, ...]:
    """(expected, received) of a paired question, or the points of each section of an
    importance question in `across` order; AnswerError in one line otherwise."""
    if question.kind is Kind.PAIRED:
        return _paired(question, raw)
    return _importance(question, raw)


def _whole_numbers(raw: Any, names: tuple[str, ...]) -> list[Any]:
    """The numbers of a reply: "5/3", "30 20 50", [5, 3], or a table keyed by `names`."""
    if isinstance(raw, Mapping):
        unknown = [str(key) for key in raw if key not in names]
        if unknown:
            raise AnswerError(f"{unknown[0]!r} is not one of {', '.join(names)}")
        missing = [name for name in names if name not in raw]
        if missing:
            raise AnswerError(f"no number given for {', '.join(missing)}")
        return [raw[name] for name in names]
    if isinstance(raw, str):
        parts = re.split(r"[\s,;/]+", raw.strip())
        return [int(part) if part.isdigit() else part for part in parts if part]
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


def _is_whole(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == int(value)


PAIR_NAMES = ("expected", "received")


def _paired(question: Question, raw: Any) -> tuple[int, ...]:
    count = len(question.points)
    numbers = _whole_numbers(raw, PAIR_NAMES)
    if len(numbers) != 2 or not all(_is_whole(n) for n in numbers):
        raise AnswerError(
            f"{raw!r} is not two points: give what customers expect, then what they get, like 6/4"
        )
    for name, number in zip(PAIR_NAMES, numbers, strict=True):
        if not 1 <= number <= count:
            raise AnswerError(f"{name} {int(number)} is outside the points 1 to {count}")
    return (int(numbers[0]), int(numbers[1]))


def _importance(question: Question, raw: Any) -> tuple[int, ...]:
    sections = len(question.across)
    numbers = _whole_numbers(raw, question.across)
    if len(numbers) != sections or not all(_is_whole(n) and n >= 0 for n in numbers):
        raise AnswerError(
            f"{raw!r} is not {sections} whole numbers: give the points of each section in turn"
        )
    given = int(sum(numbers))
    if given != question.total:
        raise AnswerError(
            f"the points add up to {given}, not {question.total}: share exactly "
            f"{question.total} across the {sections} sections"
        )
    return tuple(int(n) for n in numbers)
