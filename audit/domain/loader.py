"""Turn questionnaire TOML text into a `Questionnaire`, reporting every problem at once.

Each problem reads `file: location: what is wrong`, so a consultant editing a file by hand can fix
them all in one pass. Nothing here touches the disk: callers pass the text and a name for it.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from audit.domain.questionnaire import (
    YES_PARTLY_NO_VALUES,
    Choice,
    Condition,
    ConditionValue,
    Kind,
    Level,
    Profile,
    ProfileAdjustment,
    Question,
    Questionnaire,
    Requirement,
    Section,
    Test,
)

MAX_FILE_BYTES = 1_000_000
MAX_QUESTIONS = 1_000
MAX_TEXT_CHARS = 5_000
# Per question; far beyond any honest questionnaire, and each a bound on the work every later
# command does (a file with 200,000 actions took minutes and gigabytes to report).
MAX_ITEMS = {"actions": 50, "tags": 50, "points": 20, "choices": 100, "in": 100}
# Checked before tomllib parses: it is quadratic on long dotted keys and recursive on nesting.
MAX_NESTING = 12
MAX_KEY_PARTS = 12
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

TOP_KEYS = {"id", "title", "version", "description", "weak_below", "sections"}
SECTION_KEYS = {"id", "title", "description", "weight", "profile", "questions"}
PROFILE_KEYS = {"expectation", "positive", "negative", "adjust", "core"}
ADJUST_KEYS = {"when", "reason", "expectation", "positive", "negative"}
QUESTION_KEYS = {
    "id",
    "text",
    "help",
    "kind",
    "required",
    "weight",
    "allow_na",
    "when",
    "actions",
    "tags",
    "points",
    "choices",
    "min",
    "max",
    "best",
    "worst",
    "unit",
    "harm",
    "goodwill",
}
CHOICE_KEYS = {"id", "label", "score"}
CONDITION_TESTS = {test.value for test in Test}


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class _Problems:
    source: str
    lines: list[str]

    def add(self, where: str, what: str) -> None:
        self.lines.append(f"{self.source}: {where or 'top level'}: {what}")


T = TypeVar("T")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_questionnaire(text: str, source: str) -> Questionnaire:
    """Parse and validate; raise `QuestionnaireError` listing every problem found."""
    problems = _Problems(source, [])
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        problems.add("", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        raise QuestionnaireError(problems.lines)
    shape = _shape_problem(text)
    if shape:
        problems.add(*shape)
        raise QuestionnaireError(problems.lines)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(*_describe_toml_error(error))
        raise QuestionnaireError(problems.lines) from None
    except (RecursionError, ValueError):  # a number of thousands of digits, say
        problems.add("", "the file cannot be read as TOML (a number too large or nesting too deep)")
        raise QuestionnaireError(problems.lines) from None
    questionnaire = _Reader(problems).questionnaire(data)
    if problems.lines or questionnaire is None:
        raise QuestionnaireError(
            problems.lines or [f"{source}: top level: the questionnaire is not usable"]
        )
    return Questionnaire(
        id=questionnaire.id,
        title=questionnaire.title,
        version=questionnaire.version,
        description=questionnaire.description,
        sections=questionnaire.sections,
        weak_below=questionnaire.weak_below,
        content_hash=content_hash(text),
    )


# What the shape check looks at: strings and comments are skipped whole, so brackets, dots and
# equals signs inside them count for nothing.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\']|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}=,.\n]'
)


def _shape_problem(text: str) -> tuple[str, str] | None:
    """Nesting deeper or dotted keys longer than the format needs, as (where, what)."""
    depth = parts = 0
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return f"line {line}", f"nested more than {MAX_NESTING} levels deep"
        elif token in "]}":
            depth -= 1
        elif token == ".":
            parts += 1
            if parts >= MAX_KEY_PARTS:
                return f"line {line}", f"a dotted key of more than {MAX_KEY_PARTS} parts"
        line += token.count("\n")
        if token in "[]{}=,\n" or token.startswith("#"):
            parts = 0  # a quoted part of a key ("a"."b") keeps counting
    return None


def _describe_toml_error(error: tomllib.TOMLDecodeError) -> tuple[str, str]:
    message = str(error)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        return f"line {match.group(1)}", f"TOML syntax: {detail}"
    return "end of file", f"TOML syntax: {detail}"


class _Reader:
    """Walks the parsed TOML, records problems, and builds what it can."""

    def __init__(self, problems: _Problems) -> None:
        self.problems = problems
        self.question_ids: set[str] = set()  # every id in the file, for "did you mean"
        self.first_at: dict[str, str] = {}  # where each question id first appears
        # Questions with a problem of their own: a condition naming one is not checked
        # against it, so one mistake is reported once, not again at every condition.
        self.broken: set[str] = set()

    # -- small typed getters -------------------------------------------------------------
    def _get(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        check: Callable[[Any], bool],
        expected: str,
        default: T | None = None,
        required: bool = False,
    ) -> Any:
        if key not in table:
            if required:
                self.problems.add(where, f'"{key}" is missing')
            return default
        value = table[key]
        if not check(value):
            self.problems.add(where, f'"{key}" must be {expected}, not {_show(value)}')
            return default
        return value

    def _text(
        self, table: dict[str, Any], key: str, where: str, required: bool = True, default: str = ""
    ) -> str:
        value = self._get(table, key, where, _is_str, "text", default, required)
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                self.problems.add(where, f'"{key}" is longer than {MAX_TEXT_CHARS} characters')
            elif required and not value.strip() and key in table:  # a missing key is said once
                self.problems.add(where, f'"{key}" is empty')
        return value if isinstance(value, str) else default

    def _number(
        self, table: dict[str, Any], key: str, where: str, default: float | None
    ) -> float | None:
        value = self._get(table, key, where, _is_number, "a number", default)
        return float(value) if value is not None else None

    def _identifier(self, table: dict[str, Any], where: str) -> str:
        value = self._text(table, "id", where)
        if value and not ID_PATTERN.match(value):
            self.problems.add(
                where, f"id {_show(value)} must be lower-case letters, digits and dashes"
            )
        return value

    def _unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                # A misspelt key is the usual cause: name the likely one, not the whole list.
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.6)
                hint = (
                    f'did you mean "{close[0]}"?'
                    if close
                    else f"known keys: {', '.join(sorted(allowed))}"
                )
                self.problems.add(where, f'unknown key "{key}" ({hint})')

    def _tables(self, table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problems.add(where, f'"{key}" must be a list of tables ([[{key}]])')
            return []
        return value

    # -- structure ------------------------------------------------------------------------
    def questionnaire(self, data: dict[str, Any]) -> Questionnaire | None:
        self._unknown_keys(data, TOP_KEYS, "top level")
        where = "top level"
        identifier = self._identifier(data, where)
        title = self._text(data, "title", where)
        version_value = self._get(
            data,
            "version",
            where,
            lambda v: isinstance(v, str | int | float) and not isinstance(v, bool),
            "text",
            "",
            required=True,
        )
        description = self._text(data, "description", where, required=False)
        weak_below = self._number(data, "weak_below", where, 0.67)
        if weak_below is not None and not 0 < weak_below <= 1:
            self.problems.add(where, '"weak_below" must be above 0 and at most 1')
        sections_data = self._tables(data, "sections", where)
        if (not sections_data and "sections" in data) or "sections" not in data:
            self.problems.add(where, "the questionnaire has no [[sections]]")

        self.question_ids = _question_ids(sections_data)
        seen_questions: dict[str, Question] = {}
        seen_sections: set[str] = set()
        sections: list[Section] = []
        for index, section_data in enumerate(sections_data):
            section = self.section(section_data, f"sections[{index}]", seen_questions)
            if section.id in seen_sections:
                self.problems.add(f"sections[{index}]", f'duplicate section id "{section.id}"')
            seen_sections.add(section.id)
            sections.append(section)
        if len(seen_questions) > MAX_QUESTIONS:
            self.problems.add(where, f"more than {MAX_QUESTIONS} questions")
        return Questionnaire(
            id=identifier,
            title=title,
            version=str(version_value),
            description=description,
            sections=tuple(sections),
            weak_below=weak_below if weak_below is not None else 0.67,
        )

    def section(self, data: dict[str, Any], where: str, seen: dict[str, Question]) -> Section:
        identifier = self._identifier(data, where)
        label = f'{where} (id "{identifier}")' if identifier else where
        self._unknown_keys(data, SECTION_KEYS, label)
        title = self._text(data, "title", label)
        description = self._text(data, "description", label, required=False)
        weight = self._number(data, "weight", label, 1.0)
        if weight is not None and weight < 0:
            self.problems.add(label, f'"weight" must not be negative, not {_show(weight)}')
        questions_data = self._tables(data, "questions", label)
        if not questions_data:
            self.problems.add(label, "the section has no [[sections.questions]]")
        questions: list[Question] = []
        for index, question_data in enumerate(questions_data):
            at = f"{where}.questions[{index}]"
            question = self.question(question_data, at, seen)
            if question.id:
                if question.id in seen:
                    self.problems.add(
                        at,
                        f'duplicate question id "{question.id}" '
                        f"(the first is {self.first_at[question.id]})",
                    )
                else:
                    seen[question.id] = question
                    self.first_at[question.id] = at
            questions.append(question)
        profile = None
        if "profile" in data:
            if isinstance(data["profile"], dict):
                profile = self.profile(data["profile"], f"{label}.profile", seen)
            else:
                self.problems.add(label, '"profile" must be a table ([sections.profile])')
        return Section(
            id=identifier,
            title=title,
            description=description,
            questions=tuple(questions),
            weight=weight if weight is not None and weight >= 0 else 1.0,
            profile=profile,
        )

    def profile(self, data: dict[str, Any], where: str, seen: dict[str, Question]) -> Profile:
        self._unknown_keys(data, PROFILE_KEYS, where)
        levels = {
            key: self._level(data, key, where, required=True)
            for key in ("expectation", "positive", "negative")
        }
        adjustments = []
        for index, adjust in enumerate(self._tables(data, "adjust", where)):
            at = f"{where}.adjust[{index}]"
            self._unknown_keys(adjust, ADJUST_KEYS, at)
            if "when" not in adjust:
                self.problems.add(at, '"when" is missing')
            conditions = self.conditions(
                adjust.get("when", []), at, seen, before="the end of this section"
            )
            shifted = {
                key: self._level(adjust, key, at) for key in ("expectation", "positive", "negative")
            }
            if not any(shifted.values()):
                self.problems.add(
                    at, "the adjustment changes none of expectation, positive, negative"
                )
            adjustments.append(
                ProfileAdjustment(
                    when=conditions,
                    reason=self._text(adjust, "reason", at),
                    expectation=shifted["expectation"],
                    positive=shifted["positive"],
                    negative=shifted["negative"],
                )
            )
        core = self._get(data, "core", where, _is_bool, "true or false", False)
        return Profile(
            expectation=levels["expectation"] or Level.MODERATE,
            positive=levels["positive"] or Level.MODERATE,
            negative=levels["negative"] or Level.MODERATE,
            adjustments=tuple(adjustments),
            core=bool(core),
        )

    def _level(
        self, data: dict[str, Any], key: str, where: str, required: bool = False
    ) -> Level | None:
        value = self._get(data, key, where, _is_str, "text", None, required)
        if value is None:
            return None
        try:
            return Level(value)
        except ValueError:
            names = ", ".join(level.value for level in Level)
            self.problems.add(where, f'"{key}" {_show(value)} is not a level; use one of {names}')
            return None

    def question(self, data: dict[str, Any], where: str, seen: dict[str, Question]) -> Question:
        identifier = self._identifier(data, where)
        label = f'{where} (id "{identifier}")' if identifier else where
        self._unknown_keys(data, QUESTION_KEYS, label)
        text = self._text(data, "text", label)
        help_text = self._text(data, "help", label)
        # Problems with what the answers can be (kind, points, choices) make it "broken".
        shape_start = len(self.problems.lines)
        kind = self._kind(data, label)
        shape_problems = len(self.problems.lines) - shape_start
        required_value = self._get(data, "required", label, _is_str, "text", "soft")
        try:
            required = Requirement(required_value)
        except ValueError:
            required = Requirement.SOFT
            self.problems.add(
                label, f'"required" {_show(required_value)} must be "hard", "soft" or "no"'
            )
        weight = self._number(data, "weight", label, 1.0)
        if weight is not None and weight < 0:
            self.problems.add(label, f'"weight" must not be negative, not {_show(weight)}')
            weight = 1.0
        allow_na = self._get(data, "allow_na", label, _is_bool, "true or false", False)
        actions = self._strings(data, "actions", label)
        tags = self._strings(data, "tags", label)
        when = self.conditions(data.get("when", []), label, seen) if "when" in data else ()

        shape_start = len(self.problems.lines)
        points = self._strings(data, "points", label) if kind is Kind.SCALE else ()
        choices = self._choices(data, label) if kind in (Kind.SINGLE, Kind.MULTIPLE) else ()
        bounds = {
            key: self._number(data, key, label, None) for key in ("min", "max", "best", "worst")
        }
        unit = self._text(data, "unit", label, required=False)
        harm = self._level(data, "harm", label)
        goodwill = self._level(data, "goodwill", label)
        self._check_kind_fields(data, kind, label, points, choices, bounds)
        shape_problems += len(self.problems.lines) - shape_start

        question = Question(
            id=identifier,
            text=text,
            help=help_text,
            kind=kind or Kind.TEXT,
            required=required,
            weight=weight if weight is not None else 1.0,
            allow_na=bool(allow_na),
            when=when,
            actions=actions,
            tags=tags,
            points=points,
            choices=choices,
            minimum=bounds["min"],
            maximum=bounds["max"],
            best=bounds["best"],
            worst=bounds["worst"],
            unit=unit,
            harm=harm,
            goodwill=goodwill,
        )
        if shape_problems:
            self.broken.add(identifier)
        if kind is not None and question.scored and not actions:
            self.problems.add(label, 'a question that is scored needs at least one of "actions"')
        if kind is not None and not question.scored:
            for key in ("harm", "goodwill"):
                if key in data:
                    self.problems.add(label, f'"{key}" belongs to a scored question')
        if question.is_extra and "harm" in data:
            self.problems.add(
                label, 'an extra (tag "delight") earns goodwill: give "goodwill", not "harm"'
            )
        if kind is not None and not question.scored and actions and not shape_problems:
            why = _unscored(question)
            self.problems.add(label, f'"actions" are never used: the question is unscored ({why})')
        return question

    def _kind(self, data: dict[str, Any], where: str) -> Kind | None:
        value = self._get(data, "kind", where, _is_str, "text", None, required=True)
        if value is None:
            return None
        try:
            return Kind(value)
        except ValueError:
            names = ", ".join(kind.value for kind in Kind)
            self.problems.add(where, f"kind {_show(value)} is unknown; use one of {names}")
            return None

    def _strings(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self._get(
            data,
            key,
            where,
            lambda v: isinstance(v, list) and all(_is_str(i) for i in v),
            "a list of texts",
            [],
        )
        if len(value) > MAX_ITEMS.get(key, len(value)):
            self.problems.add(where, f'more than {MAX_ITEMS[key]} items in "{key}"')
            return ()
        for item in value:
            if len(item) > MAX_TEXT_CHARS:
                self.problems.add(
                    where, f'an item of "{key}" is longer than {MAX_TEXT_CHARS} characters'
                )
            elif not item.strip():
                self.problems.add(where, f'"{key}" holds an empty text')
        return tuple(value)

    def _choices(self, data: dict[str, Any], where: str) -> tuple[Choice, ...]:
        raw = data.get("choices")
        if raw is None:
            self.problems.add(where, 'a choice question needs "choices"')
            return ()
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.problems.add(where, '"choices" must be a list of tables with id and label')
            return ()
        if not raw:
            self.problems.add(where, 'a choice question needs at least one of "choices"')
        if len(raw) > MAX_ITEMS["choices"]:
            self.problems.add(where, f'more than {MAX_ITEMS["choices"]} items in "choices"')
            return ()
        choices = []
        seen: set[str] = set()
        given_score: list[bool] = []  # a score given but out of range still counts as given
        for index, item in enumerate(raw):
            at = f"{where}.choices[{index}]"
            self._unknown_keys(item, CHOICE_KEYS, at)
            identifier = self._identifier(item, at)
            if identifier in seen:
                self.problems.add(at, f'duplicate choice id "{identifier}"')
            seen.add(identifier)
            given_score.append("score" in item)
            score = self._number(item, "score", at, None)
            if score is not None and not 0 <= score <= 1:
                self.problems.add(at, f'"score" must be between 0 and 1, not {_show(score)}')
                score = None
            choices.append(Choice(identifier, self._text(item, "label", at), score))
        if any(given_score) and not all(given_score):
            # A forgotten score would silently count as 0: say so instead of guessing.
            pairs = zip(choices, given_score, strict=True)
            unscored = ", ".join(c.id for c, given in pairs if not given)
            self.problems.add(where, f'some choices have a "score" and some do not ({unscored})')
        return tuple(choices)

    def _check_kind_fields(
        self,
        data: dict[str, Any],
        kind: Kind | None,
        where: str,
        points: tuple[str, ...],
        choices: tuple[Choice, ...],
        bounds: dict[str, float | None],
    ) -> None:
        if kind is Kind.SCALE and len(points) < 2:
            self.problems.add(where, 'a scale needs at least two "points"')
        if kind is not Kind.SCALE and "points" in data:
            self.problems.add(where, f'"points" belongs to a scale, not to kind "{kind}"')
        if kind not in (Kind.SINGLE, Kind.MULTIPLE) and "choices" in data:
            self.problems.add(
                where, f'"choices" belongs to single or multiple, not to kind "{kind}"'
            )
        if kind is not Kind.NUMBER:
            for key in ("min", "max", "best", "worst", "unit"):
                if key in data:
                    self.problems.add(where, f'"{key}" belongs to a number, not to kind "{kind}"')
            return
        low, high = bounds["min"], bounds["max"]
        if low is not None and high is not None and low > high:
            self.problems.add(where, '"min" is greater than "max"')
        best, worst = bounds["best"], bounds["worst"]
        if (best is None) != (worst is None):
            self.problems.add(where, '"best" and "worst" go together: give both or neither')
        elif best is not None and best == worst:
            self.problems.add(where, '"best" and "worst" must differ')
        for key in ("best", "worst"):
            value = bounds[key]
            if value is not None and (
                (low is not None and value < low) or (high is not None and value > high)
            ):
                self.problems.add(where, f'"{key}" lies outside "min" to "max"')

    def conditions(
        self, raw: Any, where: str, seen: dict[str, Question], before: str = "this question"
    ) -> tuple[Condition, ...]:
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(item, dict) for item in items):
            self.problems.add(where, '"when" must be a table like { question = "id", is = "yes" }')
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
                self.problems.add(
                    where,
                    f'unknown key "{key}" in "when" (use question and one of '
                    f"{', '.join(sorted(CONDITION_TESTS))})",
                )
        target = item.get("question")
        if not isinstance(target, str):
            self.problems.add(where, '"when" needs question = "<id of an earlier question>"')
            return None
        if len(tests) != 1:
            self.problems.add(
                where, '"when" needs exactly one test: ' + ", ".join(sorted(CONDITION_TESTS))
            )
            return None
        test = Test(tests[0])
        value = item[test.value]
        earlier = seen.get(target)
        if earlier is None:
            self.problems.add(where, self._not_asked_before(target, before))
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
            self.problems.add(where, '"in" needs a non-empty list of values')
            return None
        if test is Test.IN and len(value) > MAX_ITEMS["in"]:
            self.problems.add(where, f'more than {MAX_ITEMS["in"]} values in "in"')
            return None
        if test in (Test.AT_LEAST, Test.AT_MOST) and (
            not _is_number(value) or earlier.kind not in (Kind.SCALE, Kind.NUMBER)
        ):
            self.problems.add(where, f'"{test}" needs a number and a scale or number question')
            return None
        if test is Test.INCLUDES and earlier.kind is not Kind.MULTIPLE:
            self.problems.add(where, '"includes" works only on a multiple-choice question')
            return None
        for item in values:
            problem = _valid_condition_value(earlier, item)
            if problem:
                self.problems.add(where, problem)
                return None
        if test is Test.IN:
            return tuple(values)
        converted: ConditionValue = value
        return converted


def _question_ids(sections: list[dict[str, Any]]) -> set[str]:
    """Every question id the file gives, read before the walk so that a condition on a
    question further down is told apart from one on a question that does not exist."""
    return {
        question["id"]
        for section in sections
        if isinstance(section.get("questions"), list)
        for question in section["questions"]
        if isinstance(question, dict) and isinstance(question.get("id"), str)
    }


def _unscored(question: Question) -> str:
    """Why a question counts towards no score, in the file's own terms."""
    if question.weight <= 0:
        return '"weight" is 0'
    match question.kind:
        case Kind.TEXT:
            return "free text is never scored"
        case Kind.SINGLE | Kind.MULTIPLE:
            return 'no choice has a "score"'
        case _:
            return 'a number is scored only with "best" and "worst"'


def _valid_condition_value(question: Question, value: Any) -> str | None:
    """Say what is wrong when a condition compares an answer with a value it can never take."""
    match question.kind:
        case Kind.YES_PARTLY_NO if value not in YES_PARTLY_NO_VALUES:
            return f'"{question.id}" is answered yes, partly or no, never {_show(value)}'
        case Kind.SINGLE | Kind.MULTIPLE if question.choice(str(value)) is None:
            return f'"{question.id}" has no choice {_show(value)}'
        case Kind.SCALE if not (_is_number(value) and 1 <= value <= len(question.points)):
            return f'"{question.id}" has points 1 to {len(question.points)}, not {_show(value)}'
        case Kind.NUMBER if not _is_number(value):
            return f'"{question.id}" is a number, so compare it with a number, not {_show(value)}'
        case Kind.TEXT:
            return f'"{question.id}" is free text and cannot be used in a condition'
    return None


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any) -> str:
    """A value as it would appear in the file, shortened so one problem stays one line."""
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= 60 else text[:57] + "..."
