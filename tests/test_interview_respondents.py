"""The interview as one respondent of several: the header says who, their answers are theirs
alone, and the resume hint brings them back as themselves."""

from __future__ import annotations

import contextlib
import threading

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from audit.domain.answers import Answer
from audit.domain.audit import answers_of
from audit.domain.respondents import Role
from audit.prompts.interview import Interview, Prompts
from audit.session import AuditSession
from tests.test_interview import CTRL_C, PROFILE, Typist, new_audit


def test_a_staff_member_answers_in_the_interview(store):
    audit = new_audit(store, "three-phases")
    store.save_answers(audit.id, [Answer("business-kind", "shop")])
    mia = store.add_respondent(audit.id, "Mia Ó'Neil", Role.STAFF)
    lines: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        typist = Typist(pipe, [*PROFILE, CTRL_C])
        interview = Interview(
            AuditSession(store, audit.id, mia.id),
            Prompts(input=pipe, output=DummyOutput(), before_prompt=typist),
            say=lines.append,
        )
        typist.interview = interview
        with contextlib.suppress(KeyboardInterrupt):  # the Ctrl-C that ends the script
            interview.run()
    assert "Answering as Mia Ó'Neil (staff)." in lines
    assert interview.resume_hint().endswith(
        f"audit interview {audit.id} --respondent 'Mia Ó'\"'\"'Neil'"
    )
    stored = store.load_audit(audit.id)
    # Mia's four profile answers are hers; the owner's one answer is as it was.
    assert len(answers_of(stored, mia.id)) == 4
    assert {q: a.value for q, a in stored.answers.items()} == {"business-kind": "shop"}


def test_someone_new_starts_on_the_first_question_not_on_anothers_place(store):
    audit = new_audit(store, "three-phases")
    # The owner was last on the third question; the audit keeps that place.
    store.save_answer(audit.id, Answer("team-size", "2-9"))
    ana = store.add_respondent(audit.id, "Ana", Role.CONSULTANT)
    assert AuditSession(store, audit.id).question.id == "team-size"
    assert AuditSession(store, audit.id, ana.id).question.id == "business-kind"


def test_a_managers_last_answer_ends_their_part_and_leaves_the_audit_open(store, small):
    """Finishing is the owner's: a manager who answers everything has done their part, and the
    audit is not marked complete behind the owner's back (nor reopened by the manager's gaps)."""
    from audit.domain.audit import Status
    from tests.test_interview import WAIT_LIMIT, by_question, small_audit

    audit = small_audit(store, small)
    ben = store.add_respondent(audit.id, "Ben", Role.MANAGER)
    answers = by_question(
        asked="4\r", guarantee="n\r", reach="1\r", hours="4\r", support="y\r",
        follow_up="3\r", complaints="y\r",
    )  # fmt: skip
    lines: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        typist = Typist(pipe, [answers] * 7)
        interview = Interview(
            AuditSession(store, audit.id, ben.id),
            Prompts(input=pipe, output=DummyOutput(), before_prompt=typist),
            say=lines.append,
        )
        typist.interview = interview
        watchdog = threading.Timer(WAIT_LIMIT, lambda: pipe.send_text(CTRL_C))
        watchdog.start()
        try:
            interview.run()  # returns by itself: no "Finish the audit?" for Ben
        finally:
            watchdog.cancel()
    stored = store.load_audit(audit.id)
    assert stored.status is Status.IN_PROGRESS
    assert len(answers_of(stored, ben.id)) == 7 and stored.answers == {}
    assert lines[-1] == (
        "Ben's answers are saved. The audit stays open for the others until its owner "
        f"finishes it. (`audit finish {audit.id}`)"
    )
    assert not any(prompt.startswith("Finish") for prompt in typist.prompts_seen)


def test_only_the_owners_session_finishes_the_audit_and_only_its_gaps_reopen_it(store):
    import pytest

    from audit.domain.answers import AnswerError
    from audit.domain.audit import Status

    audit = new_audit(store, "five-steps")
    ben = store.add_respondent(audit.id, "Ben", Role.MANAGER)
    with pytest.raises(AnswerError, match="Ben's answers are saved"):
        AuditSession(store, audit.id, ben.id).complete()
    # The four hard-required questions of five-steps, answered by the owner: it can finish.
    required = [
        Answer("business-kind", "trade"),
        Answer("buying-pattern", "one-off"),
        Answer("team-size", "small"),
        Answer("asked-customers", 3),
    ]
    store.save_answers(audit.id, required)
    AuditSession(store, audit.id).complete()
    assert store.load_audit(audit.id).status is Status.COMPLETE
    # Ben has answered none of them; flagging his first question saves his (empty) answer,
    # and the owner's finished audit stays finished.
    AuditSession(store, audit.id, ben.id).toggle_flag()
    stored = store.load_audit(audit.id)
    assert stored.status is Status.COMPLETE and answers_of(stored, ben.id)["business-kind"].flagged
