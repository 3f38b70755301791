"""The interview with real questionary prompts, typed into through prompt_toolkit's pipe input."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from audit.catalog import load_catalog
from audit.domain.audit import Mode, Status
from audit.domain.questionnaire import Kind
from audit.prompts.interview import Interview, Prompts
from audit.session import AuditSession

CTRL_C = "\x03"


class Typist:
    """Types the next scripted reply into the pipe each time a prompt starts waiting.

    A reply is either a fixed string or a function of the prompt's message and the interview,
    so a test can answer "whatever question comes" the way a user would.
    """

    def __init__(self, pipe, script) -> None:
        self.pipe = pipe
        self.script = deque(script)
        self.prompts_seen: list[str] = []
        self.interview: Interview | None = None

    def __call__(self, message: str) -> None:
        self.prompts_seen.append(message)
        if not self.script:
            raise AssertionError(f"the interview asked more than the script holds: {message}")
        reply = self.script.popleft()
        if callable(reply):
            reply = reply(message, self.interview)
        self.pipe.send_text(reply)


def interview_with(store, audit_id, script, write_pdf=None):
    lines: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        typist = Typist(pipe, script)
        interview = Interview(
            AuditSession(store, audit_id),
            Prompts(input=pipe, output=DummyOutput(), before_prompt=typist),
            say=lines.append,
            write_pdf=write_pdf,
        )
        typist.interview = interview
        error = None
        try:
            interview.run()
        except KeyboardInterrupt as caught:
            error = caught
    return interview, lines, typist, error


def new_audit(store, questionnaire_id):
    entry = load_catalog([]).get(questionnaire_id)
    client = store.add_client("Call Client")
    return store.create_audit(
        client, entry.questionnaire, entry.text, mode=Mode.INTERVIEW, auditor="Kim"
    )


def any_answer(message: str, interview: Interview) -> str:
    """A valid reply for whatever question is on: the second option, or a plain value."""
    if message.startswith("Finish") or message.startswith("Write the PDF"):
        return "y" if message.startswith("Finish") else "n"  # a confirm takes one key, no Enter
    question = interview.session.question
    match question.kind:
        case Kind.SCALE | Kind.SINGLE:
            return "2\r"
        case Kind.YES_PARTLY_NO:
            return "p\r"
        case Kind.MULTIPLE:
            return "1,2\r"
        case Kind.NUMBER:
            low = question.minimum if question.minimum is not None else 0
            return f"{int(low) + 3}\r"
    return "written on the call\r"


@pytest.mark.parametrize("questionnaire_id", ["five-steps", "three-phases"])
def test_a_full_interview_of_each_builtin(store, questionnaire_id):
    audit = new_audit(store, questionnaire_id)
    script = [any_answer] * 80
    interview, lines, _typist, error = interview_with(store, audit.id, script)
    assert error is None
    stored = store.load_audit(audit.id)
    assert stored.status is Status.COMPLETE
    asked = {q.id for q in interview.session.asked}
    assert {q for q, a in stored.answers.items() if a.is_answered} == asked
    assert any(line.startswith("Overall score:") for line in lines)
    assert sum(line.endswith(" s spent)") for line in lines) == len(stored.time_spent)
    assert (
        any(line.startswith("  1. Fix first") for line in lines) or "No weak answers" in lines[-1]
    )


def test_back_change_and_a_condition_switching_on_and_off(store):
    audit = new_audit(store, "three-phases")
    script = [
        "3\r",  # ongoing support
        "2 // most come through friends\r",  # recommended (heard of us), with a note
        "y\r",  # tenders yes: the quoting questions appear
        ":back\r",  # back to tenders
        "n\r",  # now no: they disappear
        ":back\r",
        ":back\r",  # at "recommended"
        ":flag\r",
        ":quit\r",
    ]
    interview, lines, _, _ = interview_with(store, audit.id, script)
    answers = store.load_audit(audit.id).answers
    assert (
        answers["recommended"].note == "most come through friends"
        and answers["recommended"].flagged
    )
    assert answers["tenders"].value == "no"
    assert "quote-on-time" not in {q.id for q in interview.session.asked}
    assert any(line.startswith("Stopped. Everything answered so far is saved") for line in lines)


def test_bad_replies_stay_on_the_question(store):
    audit = new_audit(store, "five-steps")
    # "9" is refused inside the prompt (the validator), then erased and replaced by "3".
    script = ["9\r" + "\x7f" + "3\r", ":quit\r"]
    interview_with(store, audit.id, script)
    assert store.load_audit(audit.id).answers["asked-customers"].value == 3


def test_ctrl_c_keeps_everything_and_resume_continues_on_the_same_question(store):
    audit = new_audit(store, "five-steps")
    _, _, _, error = interview_with(store, audit.id, ["2\r", "p\r", CTRL_C])
    assert isinstance(error, KeyboardInterrupt)
    answers = store.load_audit(audit.id).answers
    assert set(answers) == {"asked-customers", "segments"}
    # Resuming asks the question that was on screen when Ctrl-C came.
    interview, lines, _typist, _ = interview_with(store, audit.id, [":quit\r"])
    on_screen = [line for line in lines if line.startswith("Question ")]
    assert on_screen[-1].startswith("Question 3 of ")
    assert interview.session.question.id == "stage-expectations"


def test_durations_read_naturally():
    from audit.prompts.interview import duration

    assert [duration(s) for s in (0, 40.4, 59.6, 61, 150, 3599, 3600, 3900)] == [
        "0 s",
        "40 s",
        "1 min",
        "1 min",
        "2 min",
        "1 h 00 min",
        "1 h 00 min",
        "1 h 05 min",
    ]


def test_not_applicable_and_private_note(store):
    audit = new_audit(store, "five-steps")
    questionnaire = load_catalog([]).get("five-steps").questionnaire
    target = next(q for q in questionnaire.questions if q.allow_na and not q.when)
    asked = AuditSession(store, audit.id).asked
    skips = ["\r"] * asked.index(target)  # Enter moves on without answering
    script = [*skips, ":na\r", "not our trade\r", ":back\r", ":note\r", "ask the owner\r", "y"]
    script.append(":quit\r")
    interview_with(store, audit.id, script)
    answer = store.load_audit(audit.id).answers[target.id]
    assert answer.na_reason == "not our trade"
    assert (answer.note, answer.note_private) == ("ask the owner", True)


def test_an_interview_audit_finishes_in_the_tui(store):
    from tests.test_tui import QuestionScreen, ResultsScreen, answer_current

    audit = new_audit(store, "three-phases")
    interview_with(store, audit.id, ["1\r", "1\r", "n\r", "4\r", ":quit\r"])
    before = store.load_audit(audit.id).answers
    from audit.tui.app import AuditApp

    app = AuditApp(store, load_catalog([]))

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            assert screen.session.question.id == "honest-adverts"  # where the interview stopped
            while isinstance(app.screen, QuestionScreen):
                await answer_current(pilot, app, choice=3)
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)

    asyncio.run(main())
    after = store.load_audit(audit.id)
    assert after.status is Status.COMPLETE
    assert {k: after.answers[k].value for k in before} == {k: a.value for k, a in before.items()}


def test_the_end_goes_back_to_the_gaps_then_writes_the_pdf_without_private_notes(store, tmp_path):
    import io

    import pypdf

    from audit.prompts.interview import pdf_writer

    audit = new_audit(store, "five-steps")
    finish_replies = deque(["n"])  # "no": go back and fill the gap

    def until_the_end(message: str, interview: Interview) -> str:
        if message.startswith("Finish"):
            return finish_replies.popleft()
        if message.startswith("Write the PDF"):
            return "y"
        return any_answer(message, interview)

    private = "secret remark about the owner"
    script = [":note\r", f"{private}\r", "y", "3\r", "\r"]  # question 2 is left unanswered
    script += [until_the_end] * 80
    target = tmp_path / "plan.pdf"
    writer = pdf_writer(store.folder, audit.id, target, include_private=False)
    _interview, lines, typist, error = interview_with(store, audit.id, script, write_pdf=writer)

    assert error is None and not finish_replies
    # After "no", the interview asked only the gap and the question its answer switched on.
    at_gap = typist.prompts_seen.index("Finish the audit anyway?")
    assert typist.prompts_seen[at_gap + 1 :] == [
        "Answer y (yes), p (partly) or n (no):",  # segments, answered "partly"
        "Answer y (yes), p (partly) or n (no):",  # segment-fit, switched on by "partly"
        "Write the PDF action plan now?",
    ]
    stored = store.load_audit(audit.id)
    assert stored.answers["segments"].is_answered and stored.status is Status.COMPLETE
    assert stored.answers["asked-customers"].note_private
    assert any(line == f"PDF written: {target}" for line in lines)
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "Call Client" in text and private not in text
