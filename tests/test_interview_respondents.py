"""The interview as one respondent of several: the header says who, their answers are theirs
alone, and the resume hint brings them back as themselves."""

from __future__ import annotations

import contextlib

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
