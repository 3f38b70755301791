"""The question engine both front ends present: what a key or a typed reply stores, and the
words a refusal uses, checked on the stored audit."""

from __future__ import annotations

import pytest

from audit.domain.answers import AnswerError
from audit.prompts.commands import Command, command_in, commands_help
from audit.session import AuditSession, Problem
from audit.session.questions import (
    choices_of,
    key_range,
    number_wanted,
    picked_by_key,
    ticked_by_key,
    value_of_reply,
)
from audit.session.review import answer_required_first, unanswered_count
from tests.conftest import SMALL_TOML


@pytest.fixture
def session(store, small):
    audit = store.create_audit(store.add_client("Acme"), small, SMALL_TOML)
    return AuditSession(store, audit.id)


def stored(store, session, question_id):
    return store.load_audit(session.audit.id).answers[question_id].value


def test_pressing_a_digit_on_a_scale_stores_that_point(session, store):
    question = session.question  # "asked": Never, Once, Sometimes, Often, Always
    assert [c.line for c in choices_of(question)][:2] == ["1  Never", "2  Once"]
    session.answer(picked_by_key(question, "4"))
    assert stored(store, session, "asked") == 4
    assert picked_by_key(question, "6") is None  # only five points: the key picks nothing
    assert picked_by_key(question, "0") is None


def test_pressing_p_on_yes_partly_no_stores_partly(session, store):
    session.go_to("guarantee")
    question = session.question
    assert [c.line for c in choices_of(question)] == ["y  Yes", "p  Partly", "n  No"]
    assert key_range(question) == "y, p or n"
    session.answer(picked_by_key(question, "p"))
    assert stored(store, session, "guarantee") == "partly"


def test_typing_numbers_on_a_multiple_choice_ticks_those_choices(session, store):
    session.go_to("reach")
    question = session.question
    session.answer(value_of_reply(question, "1, 3"))
    assert stored(store, session, "reach") == ("phone", "chat")
    session.answer(value_of_reply(question, "none"))
    assert stored(store, session, "reach") == ()
    # In the TUI a digit ticks one choice, 0 says "none of these", 4 is not a choice.
    assert [ticked_by_key(question, k) for k in ("1", "3", "0", "4", "y")] == [0, 2, -1, None, None]


def test_a_reply_out_of_range_is_refused_with_the_numbers_allowed(session, store):
    session.go_to("reach")
    with pytest.raises(AnswerError, match=r"^'7' is not one of the numbers 1 to 3$"):
        value_of_reply(session.question, "1,7")
    with pytest.raises(AnswerError, match=r"^9 is outside the points 1 to 5$"):
        value_of_reply(session.questionnaire.question("asked"), "9")
    with pytest.raises(AnswerError, match=r"^'maybe' is not yes, partly or no$"):
        value_of_reply(session.questionnaire.question("guarantee"), "maybe")
    assert "reach" not in store.load_audit(session.audit.id).answers


def test_a_number_question_says_what_it_takes(session):
    hours = session.questionnaire.question("hours")
    assert number_wanted(hours) == "a number hours (at least 0)"
    assert value_of_reply(hours, "4") == 4


def test_the_review_tallies_what_is_missing_as_problems(session):
    session.answer(2)
    session.toggle_flag()
    summary = session.summary()
    assert [q.id for q in summary.flagged] == ["asked"]
    assert "guarantee" in [q.id for q in summary.unanswered]
    assert {item.problem for item in summary.items} <= set(Problem)
    assert summary.blocking == []


def test_refusals_read_the_same_wherever_they_are_said(store):
    from audit.catalog import load_catalog

    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    audit = store.create_audit(store.add_client("B"), entry.questionnaire, entry.text)
    session = AuditSession(store, audit.id)
    blocking = session.summary().blocking
    assert blocking, "the three-phase questionnaire has hard-required questions"
    first = blocking[0].question
    assert answer_required_first(blocking).startswith(
        f"Answer the required questions first: {first.text[:50]}"
    )
    with pytest.raises(AnswerError) as refused:
        session.complete()
    assert str(refused.value) == answer_required_first(blocking, by_id=True)
    assert first.id in str(refused.value)
    assert [unanswered_count(n) for n in (1, 2)] == [
        "1 question is unanswered",
        "2 questions are unanswered",
    ]


def test_the_jump_list_counts_answers_per_section(session):
    session.answer(3)
    targets = {t.section.id: (t.answered, t.asked) for t in session.jump_targets()}
    assert targets["basics"] == (1, 2)  # "how" is not asked until the guarantee is given
    assert session.section_heading() == "Section 1 of 3: Basics"


def test_every_interview_command_is_in_its_help_and_read_back():
    help_lines = commands_help().splitlines()
    for command in Command:
        assert command_in(command.word) is command
        assert any(line.startswith(f"  {command.word} ") for line in help_lines), command
    assert command_in("") is Command.SKIP  # Enter alone moves on
    assert command_in("3 :flag") is None  # an answer with a flag, not a command


def test_ticking_and_unticking_a_choice_keeps_the_questions_order(session, store):
    from audit.session.questions import after_toggle

    session.go_to("reach")
    question = session.question
    session.answer(after_toggle(question, None, 2))  # chat
    session.answer(after_toggle(question, session.current_answer.value, 0))  # phone
    assert stored(store, session, "reach") == ("phone", "chat")
    assert after_toggle(question, ("chat",), 2) == []  # the last tick goes: nothing ticked
