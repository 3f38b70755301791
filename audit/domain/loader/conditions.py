"""Conditions (`asked_if`) and the values they compare with, checked against the questions
they name."""

from __future__ import annotations

import difflib
from typing import Any

from audit.domain.loader.fields import FieldReader, is_number, show
from audit.domain.loader.rules import (
    CONDITION_TESTS,
    MAX_ITEMS,
)
from audit.domain.questionnaire import (
    YES_PARTLY_NO_VALUES,
    Condition,
    ConditionValue,
    Kind,
    Question,
    Test,
)


class ConditionReader(FieldReader):
    """Reads `when` tables: the question named must be asked earlier, the test known, and the
    value one that question can take."""

    def _when_problem(self, where: str, what: str) -> None:
        # The line of the "when" key, whatever the message names first.
        self.problems.add(where, what, key="when")

    def conditions(
        self, raw: Any, where: str, seen: dict[str, Question], before: str = "this question"
    ) -> tuple[Condition, ...]:
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(item, dict) for item in items):
            self._when_problem(where, '"when" must be a table like { question = "id", is = "yes" }')
            return ()
        return tuple(
            condition
            for index, item in enumerate(items)
            if (
                condition := self._condition(
                    item, where if len(items) == 1 else f"{where}.when[{index}]", seen, before
                )
            )
        )

    def _condition(
        self, item: dict[str, Any], where: str, seen: dict[str, Question], before: str
    ) -> Condition | None:
        tests = [key for key in item if key in CONDITION_TESTS]
        for key in item:
            if key != "question" and key not in CONDITION_TESTS:
                self._when_problem(
                    where,
                    f'unknown key "{key}" in "when" (use question and one of '
                    f"{', '.join(sorted(CONDITION_TESTS))})",
                )
        target = item.get("question")
        if not isinstance(target, str):
            self._when_problem(where, '"when" needs question = "<id of an earlier question>"')
            return None
        if len(tests) != 1:
            self._when_problem(
                where, '"when" needs exactly one test: ' + ", ".join(sorted(CONDITION_TESTS))
            )
            return None
        test = Test(tests[0])
        value = item[test.value]
        earlier = seen.get(target)
        if earlier is None:
            self._when_problem(where, self._not_asked_before(target, before))
            return None
        if target in self.broken:
            return None  # its own problem is reported where it is
        converted = self._condition_value(test, value, earlier, where)
        return Condition(target, test, converted) if converted is not None else None

    def _not_asked_before(self, target: str, before: str) -> str:
        if target in self.question_ids:
            return f'when names "{target}", which is not asked before {before}'
        close = difflib.get_close_matches(target, sorted(self.question_ids), n=1, cutoff=0.5)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f'when names "{target}", but there is no question with that id{hint}'

    def _condition_value(
        self, test: Test, value: Any, earlier: Question, where: str
    ) -> ConditionValue | None:
        values = value if test is Test.IN else [value]
        if test is Test.IN and (not isinstance(value, list) or not value):
            self._when_problem(where, '"in" needs a non-empty list of values')
            return None
        if test is Test.IN and len(value) > MAX_ITEMS["in"]:
            self._when_problem(where, f'more than {MAX_ITEMS["in"]} values in "in"')
            return None
        if test in (Test.AT_LEAST, Test.AT_MOST) and (
            not is_number(value) or earlier.kind not in (Kind.SCALE, Kind.NUMBER)
        ):
            self._when_problem(where, f'"{test}" needs a number and a scale or number question')
            return None
        if test is Test.INCLUDES and earlier.kind is not Kind.MULTIPLE:
            self._when_problem(where, '"includes" works only on a multiple-choice question')
            return None
        for item in values:
            problem = valid_condition_value(earlier, item)
            if problem:
                self._when_problem(where, problem)
                return None
        if test is Test.IN:
            return tuple(values)
        converted: ConditionValue = value
        return converted


def unscored(question: Question) -> str:
    """Why a question counts towards no score, in the file's own terms."""
    if question.weight <= 0:
        return '"weight" is 0'
    match question.kind:
        case Kind.TEXT:
            return "free text is never scored"
        case Kind.IMPORTANCE:
            return "importance points weight the sections and are never scored"
        case Kind.SINGLE | Kind.MULTIPLE:
            return 'no choice has a "score"'
        case _:
            return 'a number is scored only with "best" and "worst"'


def valid_condition_value(question: Question, value: Any) -> str | None:
    """Say what is wrong when a condition compares an answer with a value it can never take."""
    match question.kind:
        case Kind.YES_PARTLY_NO if value not in YES_PARTLY_NO_VALUES:
            return f'"{question.id}" is answered yes, partly or no, never {show(value)}'
        case Kind.SINGLE | Kind.MULTIPLE if question.choice(str(value)) is None:
            return f'"{question.id}" has no choice {show(value)}'
        case Kind.SCALE if not (is_number(value) and 1 <= value <= len(question.points)):
            return f'"{question.id}" has points 1 to {len(question.points)}, not {show(value)}'
        case Kind.NUMBER if not is_number(value):
            return f'"{question.id}" is a number, so compare it with a number, not {show(value)}'
        case Kind.TEXT:
            return f'"{question.id}" is free text and cannot be used in a condition'
        case Kind.PAIRED | Kind.IMPORTANCE:
            return f'"{question.id}" holds two or more numbers and cannot be used in a condition'
    return None
