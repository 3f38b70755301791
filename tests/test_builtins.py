"""The two built-in questionnaires hold what the issue asks of them, as data."""

from __future__ import annotations

import json

import pytest

from audit.catalog import load_catalog
from audit.domain.answers import Answer, asked_questions
from audit.domain.questionnaire import Kind, Level, Requirement
from audit.domain.scoring import score_audit
from audit.engine import RawAnswer, check_answer
from audit.locations import builtin_questionnaires


@pytest.fixture(scope="module")
def builtins():
    catalog = load_catalog([])
    assert catalog.problems == []
    return {e.questionnaire.id: e.questionnaire for e in catalog.entries}


def test_five_steps_has_a_section_per_step_with_at_least_four_items(builtins):
    five = builtins["five-steps"]
    assert [s.id for s in five.sections] == [
        "understand",
        "match",
        "consistent",
        "relationships",
        "strategy",
    ]
    assert all(len(s.questions) >= 4 for s in five.sections)


@pytest.mark.parametrize("questionnaire_id", ["five-steps", "three-phases"])
def test_every_question_has_help_and_every_scored_one_an_action(builtins, questionnaire_id):
    questionnaire = builtins[questionnaire_id]
    for question in questionnaire.questions:
        assert question.help.strip(), question.id
        if question.scored:
            assert question.actions, question.id
    kinds = {q.kind for q in questionnaire.questions}
    assert {Kind.SCALE, Kind.YES_PARTLY_NO, Kind.SINGLE, Kind.NUMBER} <= kinds
    assert any(q.required is Requirement.HARD for q in questionnaire.questions)
    assert any(q.allow_na for q in questionnaire.questions)
    assert any(q.when for q in questionnaire.questions)


def test_the_three_phase_profiles_are_data(builtins):
    three = builtins["three-phases"]
    profiles = {s.id: s.profile for s in three.sections if s.profile}
    assert list(profiles) == ["before", "during", "after"]
    during = profiles["during"]
    assert (during.expectation, during.negative) == (Level.VERY_HIGH, Level.VERY_HIGH)
    assert profiles["before"].positive is Level.VERY_HIGH
    assert profiles["after"].positive is Level.VERY_HIGH


def phase_expectations(three, **context):
    answers = {k.replace("_", "-"): Answer(k.replace("_", "-"), v) for k, v in context.items()}
    return {p.section_id: p.expectation for p in score_audit(three, answers).phases}


def test_context_answers_shift_expectations_as_the_article_says(builtins):
    three = builtins["three-phases"]
    assert phase_expectations(three, after_sale_model="standalone")["after"] is Level.LOW
    assert phase_expectations(three, after_sale_model="ongoing-support")["after"] is Level.VERY_HIGH
    assert phase_expectations(three, recommended="found-us")["before"] is Level.LOW
    # Hearing a name from a friend is not being told to expect something special.
    assert phase_expectations(three, recommended="heard-of-us")["before"] is Level.LOW
    assert phase_expectations(three, recommended="told-outstanding")["before"] is Level.HIGH


def test_quoting_questions_are_asked_only_of_businesses_that_quote(builtins):
    three = builtins["three-phases"]

    def asked(tenders):
        answers = {
            "tenders": Answer("tenders", tenders),
            "after-sale-model": Answer("after-sale-model", "standalone"),
        }
        return {q.id for q in asked_questions(three, answers)}

    assert "quote-on-time" in asked("yes") and "quote-on-time" not in asked("no")
    assert "support-line" not in asked("yes")


@pytest.mark.parametrize("questionnaire_id", ["five-steps", "three-phases"])
def test_demo_answers_fit_and_answer_every_asked_question(builtins, questionnaire_id):
    questionnaire = builtins[questionnaire_id]
    data = json.loads((builtin_questionnaires() / "demo" / f"{questionnaire_id}.json").read_text())
    assert data["questionnaire"] == questionnaire_id
    answers = {}
    for item in data["answers"]:
        raw = RawAnswer(
            "demo",
            item["question"],
            item.get("value"),
            item.get("note", ""),
            na_reason=item.get("na"),
            flagged=item.get("flagged", False),
        )
        answer = check_answer(questionnaire, raw)
        answers[answer.question_id] = answer
    asked = asked_questions(questionnaire, answers)
    assert {q.id for q in asked} == set(answers)
