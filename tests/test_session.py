"""The question-by-question engine shared by the TUI and the interview."""

from __future__ import annotations

import pytest

from audit.domain.answers import AnswerError
from audit.domain.audit import Status
from audit.session import AuditSession
from tests.conftest import SMALL_TOML


@pytest.fixture
def session(store, small):
    client = store.add_client("Acme")
    audit = store.create_audit(client, small, SMALL_TOML)
    return AuditSession(store, audit.id)


def test_answers_are_stored_at_once_and_conditions_follow(session, store):
    assert session.question.id == "asked"
    session.answer("4")
    assert store.load_audit(session.audit.id).answers["asked"].value == 4
    session.next()
    assert session.question.id == "guarantee"
    ids = [q.id for q in session.asked]
    assert "how" not in ids
    session.answer("y")
    assert "how" in [q.id for q in session.asked] and session.question.id == "guarantee"
    session.next()
    assert session.question.id == "how"
    session.previous()
    session.answer("n")  # the follow-up question disappears again
    assert "how" not in [q.id for q in session.asked]
    session.next()
    assert session.question.id == "reach"


def test_bad_values_are_refused_and_nothing_is_stored(session, store):
    with pytest.raises(AnswerError, match="outside the points 1 to 5"):
        session.answer("9")
    assert store.load_audit(session.audit.id).answers == {}


def test_notes_flags_and_na_keep_the_rest_of_the_answer(session, store):
    session.answer(3)
    session.set_note("[bold]not markup[/bold]", private=True)
    session.toggle_flag()
    stored = store.load_audit(session.audit.id).answers["asked"]
    assert (stored.value, stored.note, stored.note_private, stored.flagged) == (
        3,
        "[bold]not markup[/bold]",
        True,
        True,
    )
    with pytest.raises(AnswerError, match="cannot be marked N/A"):
        session.mark_not_applicable("no")
    session.next()
    session.mark_not_applicable("we sell services")
    assert store.load_audit(session.audit.id).answers["guarantee"].na_reason == "we sell services"


def test_a_new_session_resumes_on_the_same_question(session, store):
    session.answer(2)
    session.next()
    session.answer("y")
    session.next()
    session.previous()  # back on "guarantee" and then the program is closed
    again = AuditSession(store, session.audit.id)
    assert again.question.id == "guarantee"


def test_review_lists_what_is_missing_and_hard_required_blocks(session, store, small):
    session.answer(2)
    session.toggle_flag()
    problems = {(i.question.id, i.problem) for i in session.review()}
    assert ("asked", "flagged") in problems and ("guarantee", "unanswered") in problems
    assert ("how", "unanswered") not in problems  # skipped, and not required anyway
    assert session.blocking() == []  # the small questionnaire has no hard-required question
    session.complete()
    assert store.load_audit(session.audit.id).status is Status.COMPLETE


def test_hard_required_questions_block_completion(store):
    from audit.catalog import load_catalog

    entry = load_catalog([]).get("three-phases")
    audit = store.create_audit(store.add_client("B"), entry.questionnaire, entry.text)
    session = AuditSession(store, audit.id)
    with pytest.raises(AnswerError, match="after-sale-model"):
        session.complete()
    assert store.load_audit(audit.id).status is Status.IN_PROGRESS


def test_a_finished_audit_reopens_only_when_a_required_answer_goes(store):
    from audit.catalog import load_catalog

    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    audit = store.create_audit(store.add_client("B"), entry.questionnaire, entry.text)
    session = AuditSession(store, audit.id)
    # The required profile questions, then the required context question.
    for question_id, value in (
        ("business-kind", "shop"),
        ("buying-pattern", "regular"),
        ("team-size", "small"),
        ("after-sale-model", "occasional"),
    ):
        session.go_to(question_id)
        session.answer(value)
    session.complete()
    session.go_to("website")
    session.answer(4)  # an ordinary edit: still finished
    assert store.load_audit(audit.id).status is Status.COMPLETE
    session.go_to("after-sale-model")
    session.clear()  # the required answer is gone: the audit needs finishing again
    assert store.load_audit(audit.id).status is Status.IN_PROGRESS


def test_a_pasted_note_over_the_limit_is_refused_and_the_stored_answer_is_unchanged(session, store):
    from audit.domain.answers import MAX_NOTE_CHARS

    session.answer(3)
    session.set_note("short", private=True)
    with pytest.raises(AnswerError, match="the note is 5,000,000 characters long; a note can be"):
        session.set_note("x" * 5_000_000)
    stored = store.load_audit(session.audit.id).answers["asked"]
    assert (stored.value, stored.note, stored.note_private) == (3, "short", True)
    session.set_note("y" * MAX_NOTE_CHARS)  # the limit itself is allowed
    assert len(store.load_audit(session.audit.id).answers["asked"].note) == MAX_NOTE_CHARS


def test_an_over_long_note_already_stored_still_loads_and_its_answer_can_be_changed(session, store):
    from audit.domain.answers import MAX_NOTE_CHARS, Answer

    long_note = "z" * (MAX_NOTE_CHARS * 3)  # written before the limit existed
    store.save_answer(session.audit.id, Answer("asked", 2, long_note))
    again = AuditSession(store, session.audit.id)
    assert again.current_answer is not None and again.current_answer.note == long_note
    again.answer(4)
    again.toggle_flag()
    stored = store.load_audit(session.audit.id).answers["asked"]
    assert (stored.value, stored.flagged, stored.note) == (4, True, long_note)
