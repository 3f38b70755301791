"""Raw values become canonical answers, or a one-line reason why not."""

from __future__ import annotations

import pytest

from audit.domain.answers import Answer, AnswerError, asked_questions, describe_value, parse_value


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        ("asked", 3, 3),
        ("asked", "5", 5),
        ("asked", "often", 4),  # a point's label, any case
        ("guarantee", "Y", "yes"),
        ("guarantee", "partly", "partly"),
        ("reach", ["chat", "phone"], ("phone", "chat")),  # kept in questionnaire order
        ("reach", "email;Phone", ("phone", "email")),
        ("reach", [], ()),
        ("hours", "12,5", 12.5),
        ("hours", 8, 8),
        ("how", "Any time, no receipt needed", "Any time, no receipt needed"),
    ],
)
def test_values_are_parsed_to_one_canonical_form(small, question, raw, expected):
    assert parse_value(small.question(question), raw) == expected


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        ("asked", 6, "6 is outside the points 1 to 5"),
        ("asked", 2.5, "is not one of the points 1 to 5"),
        ("asked", True, "is not one of the points"),
        ("guarantee", "maybe", "'maybe' is not yes, partly or no"),
        ("reach", ["fax"], "'fax' is not a choice here; choose one of phone, email, chat"),
        ("hours", -1, "-1 is below the minimum 0"),
        ("hours", "soon", "'soon' is not a number"),
        ("hours", float("nan"), "is not a number"),
        ("asked", None, "no value given"),
    ],
)
def test_bad_values_say_what_is_wrong(small, question, raw, message):
    with pytest.raises(AnswerError, match=None) as caught:
        parse_value(small.question(question), raw)
    assert message in str(caught.value)


def test_values_read_back_as_people_say_them(small):
    assert describe_value(small.question("asked"), 4) == "4 Often"
    assert describe_value(small.question("reach"), ("phone", "chat")) == "Phone; Chat"
    assert describe_value(small.question("hours"), 12) == "12 hours"


def test_a_condition_switches_a_question_on_and_off(small):
    def asked_ids(**values):
        answers = {k: Answer(k, v) for k, v in values.items()}
        return [q.id for q in asked_questions(small, answers)]

    assert "how" not in asked_ids()
    assert "how" in asked_ids(guarantee="partly")
    assert "how" not in asked_ids(guarantee="no")
    na = {"guarantee": Answer("guarantee", None, na_reason="we sell services only")}
    assert "how" not in [q.id for q in asked_questions(small, na)]
