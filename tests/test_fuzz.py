"""Property-based attacks on the two file formats people write by hand: questionnaires (TOML)
and answers files (JSON, CSV). Whatever a file holds, reading it either works or fails with
lines of the form `file: location: what is wrong`; nothing else escapes."""

from __future__ import annotations

import copy
import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.answer_files import read_answers_file
from audit.domain.answers import AnswerError
from audit.domain.loader import QuestionnaireError, load_questionnaire
from audit.engine import check_answer
from tests.conftest import SMALL_TOML

SOURCE = "fuzz.toml"
BASE: dict[str, Any] = tomllib.loads(SMALL_TOML)
KINDS = ["scale", "yes-partly-no", "single", "multiple", "number", "text", "slider", ""]
KEYS = [
    "id", "title", "version", "description", "sections", "questions", "text", "help", "kind",
    "required", "weight", "allow_na", "when", "actions", "tags", "points", "choices", "min",
    "max", "unit", "question", "in", "equals", "profile", "weak_below", "label",
]  # fmt: skip


def located(line: str, source: str) -> bool:
    """`source: location: what is wrong`, on one line."""
    rest = line.removeprefix(f"{source}: ")
    where, _, what = rest.partition(": ")
    return rest != line and bool(where.strip()) and bool(what.strip()) and "\n" not in line


# -- a tiny TOML writer, for generated structures (tomllib only reads) -------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def to_toml(data: dict[str, Any]) -> str:
    lines = [f"{json.dumps(k)} = {toml_value(v)}" for k, v in data.items() if k != "sections"]
    for section in data.get("sections", []) if isinstance(data.get("sections"), list) else []:
        if not isinstance(section, dict):
            continue
        lines += ["", "[[sections]]"]
        lines += [
            f"{json.dumps(k)} = {toml_value(v)}" for k, v in section.items() if k != "questions"
        ]
        for question in (
            section.get("questions", []) if isinstance(section.get("questions"), list) else []
        ):
            if isinstance(question, dict):
                lines += ["", "[[sections.questions]]"]
                lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in question.items()]
    return "\n".join(lines) + "\n"


scalars = st.one_of(
    st.none().map(lambda _: ""),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(KINDS),
    st.sampled_from(["q1", "q2", "q3", "s1", "nope", "yes", "no", "partly"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated_questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    """The small valid questionnaire with a few random changes: keys removed, values of the
    wrong type or out of range, ids duplicated, unknown keys added."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        containers: list[dict[str, Any]] = [data]
        for section in data.get("sections", []) if isinstance(data.get("sections"), list) else []:
            if isinstance(section, dict):
                containers.append(section)
                questions = section.get("questions")
                if isinstance(questions, list):
                    containers += [q for q in questions if isinstance(q, dict)]
                    # bool(): in `questions and draw(...)` mypy would take draw's type from the list
                    if questions and bool(draw(st.booleans())):
                        questions.append(copy.deepcopy(draw(st.sampled_from(questions))))
        target = draw(st.sampled_from(containers))
        key = draw(st.sampled_from(KEYS))
        action = draw(st.sampled_from(["set", "delete", "set"]))
        if action == "delete":
            target.pop(key, None)
        else:
            target[key] = draw(values)
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_questionnaires())
def test_mutated_questionnaires_load_or_say_where(data):
    text = to_toml(data)
    try:
        load_questionnaire(text, SOURCE)
    except QuestionnaireError as error:
        assert error.problems
        assert all(located(line, SOURCE) for line in error.problems), error.problems


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_as_a_questionnaire_loads_or_says_where(text):
    try:
        load_questionnaire(text, SOURCE)
    except QuestionnaireError as error:
        assert error.problems and all(located(line, SOURCE) for line in error.problems)


# -- answers files -----------------------------------------------------------------------------

answer_items = st.one_of(
    st.fixed_dictionaries(
        {"question": st.sampled_from(["q1", "q2", "q3", "nope", ""]) | scalars},
        optional={
            "value": values,
            "note": values,
            "na": values,
            "flagged": values,
            "private_note": values,
            "colour": values,
        },
    ),
    values,
)
answers_documents = st.one_of(
    st.fixed_dictionaries(
        {"answers": st.lists(answer_items, max_size=6)},
        optional={"questionnaire": values},
    ),
    values,
)


def check_whole_file(path: Path, small) -> None:
    """Read the file and check every answer against the questionnaire, as `audit answer` does."""
    try:
        _, raws = read_answers_file(path)
        problems = []
        for raw in raws:
            try:
                check_answer(small, raw)
            except AnswerError as error:
                problems.append(str(error))
        if problems:
            raise AnswerError("\n".join(problems))
    except AnswerError as error:
        lines = str(error).splitlines()
        assert lines and all(located(line, str(path)) for line in lines), lines


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers_documents)
def test_json_answers_files_apply_or_say_where(tmp_path, small, document):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    check_whole_file(path, small)


csv_cells = st.one_of(
    st.sampled_from(["q1", "q2", "q3", "nope", "yes", "no", "3", "", "true", "na"]),
    st.text(max_size=12),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.sampled_from(["question", "value", "note", "na", "flagged", "extra"]), max_size=5),
    st.lists(st.lists(csv_cells, max_size=6), max_size=6),
    st.binary(max_size=40),
)
def test_csv_answers_files_apply_or_say_where(tmp_path, small, header, rows, noise):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "answers.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8") + noise)
    check_whole_file(path, small)


def test_the_limits_are_clear():
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire("x" * 1_000_001, SOURCE)
    assert caught.value.problems == [f"{SOURCE}: top level: the file is larger than 1 MB"]
    long_text = SMALL_TOML.replace('text = "', 'text = "' + "y" * 6000, 1)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(long_text, SOURCE)
    assert any('"text" is longer than 5000 characters' in p for p in caught.value.problems)
