"""The questionnaire, its sections, profiles, questions and choices, read table by table."""

from __future__ import annotations

from typing import Any

from audit.domain.loader.bounds import BoundsReader
from audit.domain.loader.conditions import unscored
from audit.domain.loader.fields import is_bool, is_str, show
from audit.domain.loader.replaces import check_replaced_once, replaced_ids
from audit.domain.loader.rules import (
    ADJUST_KEYS,
    CHOICE_KEYS,
    MAX_ITEMS,
    MAX_QUESTIONS,
    MAX_TEXT_CHARS,
    PROFILE_KEYS,
    QUESTION_KEYS,
    SECTION_KEYS,
    TOP_KEYS,
)
from audit.domain.loader.scales import SCALED_KINDS, ScaleReader
from audit.domain.questionnaire import (
    Choice,
    Kind,
    Level,
    Profile,
    ProfileAdjustment,
    Question,
    Questionnaire,
    Requirement,
    Section,
)


class Reader(BoundsReader, ScaleReader):
    """Everything a questionnaire file holds, built where it can be and reported where not."""

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
        gap_weak_beyond = self._number(data, "gap_weak_beyond", where, 1.0)
        if gap_weak_beyond is not None and gap_weak_beyond < 0:
            self.problems.add(where, '"gap_weak_beyond" must not be negative')
            gap_weak_beyond = 1.0
        self.scales = self.named_scales(data)
        sections_data = self._tables(data, "sections", where)
        if (not sections_data and "sections" in data) or "sections" not in data:
            self.problems.add(where, "the questionnaire has no [[sections]]")

        self.question_ids = question_ids_in(sections_data)
        seen_questions: dict[str, Question] = {}
        seen_sections: set[str] = set()
        sections: list[Section] = []
        for index, section_data in enumerate(sections_data):
            section = self.section(section_data, f"sections[{index}]", seen_questions)
            if section.id in seen_sections:
                self.problems.add(f"sections[{index}]", f'duplicate section id "{section.id}"')
            seen_sections.add(section.id)
            sections.append(section)
        check_replaced_once(
            self.problems, (q for s in sections for q in s.questions), self.first_at
        )
        checked = self.check_importance(sections, self.first_at)
        if len(seen_questions) > MAX_QUESTIONS:
            self.problems.add(where, f"more than {MAX_QUESTIONS} questions")
        return Questionnaire(
            id=identifier,
            title=title,
            version=str(version_value),
            description=description,
            sections=checked,
            weak_below=weak_below if weak_below is not None else 0.67,
            gap_weak_beyond=gap_weak_beyond if gap_weak_beyond is not None else 1.0,
        )

    def section(self, data: dict[str, Any], where: str, seen: dict[str, Question]) -> Section:
        identifier = self._identifier(data, where)
        label = f'{where} (id "{identifier}")' if identifier else where
        self._unknown_keys(data, SECTION_KEYS, label)
        title = self._text(data, "title", label)
        description = self._text(data, "description", label, required=False)
        weight = self._number(data, "weight", label, 1.0)
        if weight is not None and weight < 0:
            self.problems.add(label, f'"weight" must not be negative, not {show(weight)}')
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
        core = self._get(data, "core", where, is_bool, "true or false", False)
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
        value = self._get(data, key, where, is_str, "text", None, required)
        if value is None:
            return None
        try:
            return Level(value)
        except ValueError:
            names = ", ".join(level.value for level in Level)
            self.problems.add(where, f'"{key}" {show(value)} is not a level; use one of {names}')
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
        required_value = self._get(data, "required", label, is_str, "text", "soft")
        try:
            required = Requirement(required_value)
        except ValueError:
            required = Requirement.SOFT
            self.problems.add(
                label, f'"required" {show(required_value)} must be "hard", "soft" or "no"'
            )
        weight = self._number(data, "weight", label, 1.0)
        if weight is not None and weight < 0:
            self.problems.add(label, f'"weight" must not be negative, not {show(weight)}')
            weight = 1.0
        allow_na = self._get(data, "allow_na", label, is_bool, "true or false", False)
        actions = self._strings(data, "actions", label)
        tags = self._strings(data, "tags", label)
        when = self.conditions(data.get("when", []), label, seen) if "when" in data else ()

        shape_start = len(self.problems.lines)
        if "scale" in data:
            points = self.points_of_scale(data, kind, label)
        else:
            points = self._strings(data, "points", label) if kind in SCALED_KINDS else ()
        total, across = self.importance_fields(data, kind, label)
        choices = self._choices(data, label) if kind in (Kind.SINGLE, Kind.MULTIPLE) else ()
        bounds = {
            key: self._number(data, key, label, None) for key in ("min", "max", "best", "worst")
        }
        unit = self._text(data, "unit", label, required=False)
        harm = self._level(data, "harm", label)
        goodwill = self._level(data, "goodwill", label)
        self._check_kind_fields(data, kind, label, points, choices, bounds)
        cases = self.bounds(data, kind, label, seen, bounds)
        replaces = replaced_ids(self.problems, data, label, identifier, self.question_ids)
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
            bounds=cases,
            harm=harm,
            goodwill=goodwill,
            replaces=replaces,
            total=total,
            across=across,
            scale=data["scale"] if isinstance(data.get("scale"), str) else "",
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
            why = unscored(question)
            self.problems.add(label, f'"actions" are never used: the question is unscored ({why})')
        return question

    def _kind(self, data: dict[str, Any], where: str) -> Kind | None:
        value = self._get(data, "kind", where, is_str, "text", None, required=True)
        if value is None:
            return None
        try:
            return Kind(value)
        except ValueError:
            names = ", ".join(kind.value for kind in Kind)
            self.problems.add(where, f"kind {show(value)} is unknown; use one of {names}")
            return None

    def _strings(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self._get(
            data,
            key,
            where,
            lambda v: isinstance(v, list) and all(is_str(i) for i in v),
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
                self.problems.add(at, f'"score" must be between 0 and 1, not {show(score)}')
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
        if kind in SCALED_KINDS and len(points) < 2 and "scale" not in data:
            what = "a scale" if kind is Kind.SCALE else "a paired question"
            self.problems.add(where, f'{what} needs at least two "points"')
        if kind not in SCALED_KINDS and "points" in data:
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


def question_ids_in(sections: list[dict[str, Any]]) -> set[str]:
    """Every question id the file gives, read before the walk so that a condition on a
    question further down is told apart from one on a question that does not exist."""
    return {
        question["id"]
        for section in sections
        if isinstance(section.get("questions"), list)
        for question in section["questions"]
        if isinstance(question, dict) and isinstance(question.get("id"), str)
    }
