"""The interview with real questionary prompts, typed into through prompt_toolkit's pipe input."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import Any

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
WAIT_LIMIT = 45.0  # seconds a prompt may wait for keys that never come (a busy CI is slow)
# Both built-ins open with the business profile: a trade firm, now and then, 2-9 people,
# service one reason among others.
PROFILE = ["1\r", "2\r", "2\r", "2\r"]


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
        if len(reply) > 1000:  # more than a pipe may buffer before the prompt starts reading
            threading.Thread(target=self.pipe.send_text, args=(reply,), daemon=True).start()
        else:
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
        # A prompt left waiting for keys the script never types (a refusal the interview does
        # not show as a new prompt) is ended like Ctrl-C, so such a test fails instead of hanging.
        watchdog = threading.Timer(WAIT_LIMIT, lambda: pipe.send_text(CTRL_C))
        watchdog.start()
        try:
            interview.run()
        except KeyboardInterrupt as caught:
            error = caught
        finally:
            watchdog.cancel()
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
        return "y\r" if message.startswith("Finish") else "n\r"
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
        *PROFILE,
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
    # "9" is refused with a line saying why; the prompt comes back empty and "3" is saved.
    script = [*PROFILE, "9\r", "3\r", ":quit\r"]
    _, lines, typist, _ = interview_with(store, audit.id, script)
    assert store.load_audit(audit.id).answers["asked-customers"].value == 3
    assert "Not saved: 9 is outside the points 1 to 5. Type it again, or ? for help." in lines
    assert typist.prompts_seen[4:6] == ["Answer 1-5:", "Answer 1-5:"]


def test_ctrl_c_keeps_everything_and_resume_continues_on_the_same_question(store):
    audit = new_audit(store, "five-steps")
    _, _, _, error = interview_with(store, audit.id, [*PROFILE, "2\r", "p\r", CTRL_C])
    assert isinstance(error, KeyboardInterrupt)
    answers = store.load_audit(audit.id).answers
    profile = {"business-kind", "buying-pattern", "team-size", "service-edge"}
    assert set(answers) == {*profile, "asked-customers", "segments"}
    # Resuming asks the question that was on screen when Ctrl-C came.
    interview, lines, _typist, _ = interview_with(store, audit.id, [":quit\r"])
    on_screen = [line for line in lines if line.startswith("Question ")]
    assert on_screen[-1].startswith("Question 7 of ")
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
    script = [*skips, ":na\r", "not our trade\r", ":back\r", ":note\r", "ask the owner\r", "y\r"]
    script.append(":quit\r")
    interview_with(store, audit.id, script)
    answer = store.load_audit(audit.id).answers[target.id]
    assert answer.na_reason == "not our trade"
    assert (answer.note, answer.note_private) == ("ask the owner", True)


def test_an_interview_audit_finishes_in_the_tui(store):
    from audit.tui.question import QuestionScreen
    from audit.tui.results import ResultsScreen
    from tests.test_tui import answer_current

    audit = new_audit(store, "three-phases")
    interview_with(store, audit.id, [*PROFILE, "1\r", "1\r", "n\r", "4\r", ":quit\r"])
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
    finish_replies = deque(["n\r"])  # "no": go back and fill the gap

    def until_the_end(message: str, interview: Interview) -> str:
        if message.startswith("Finish"):
            return finish_replies.popleft()
        if message.startswith("Write the PDF"):
            return "y\r"
        return any_answer(message, interview)

    private = "secret remark about the owner"
    # After the profile, a private note on asked-customers, answered 3; segments left unanswered.
    script: list[Any] = [*PROFILE, ":note\r", f"{private}\r", "y\r", "3\r", "\r"]
    script += [until_the_end] * 80
    target = tmp_path / "plan.pdf"
    writer = pdf_writer(store.folder, audit.id, target, include_private=False)
    _interview, lines, typist, error = interview_with(store, audit.id, script, write_pdf=writer)

    assert error is None and not finish_replies
    # After "no", the interview asked only the gap and the question its answer switched on.
    at_gap = typist.prompts_seen.index("Finish the audit anyway? (y/N)")
    assert typist.prompts_seen[at_gap + 1 :] == [
        "Answer y (yes), p (partly) or n (no):",  # segments, answered "partly"
        "Answer y (yes), p (partly) or n (no):",  # segment-fit, switched on by "partly"
        "Write the PDF action plan now? (Y/n)",
    ]
    stored = store.load_audit(audit.id)
    assert stored.answers["segments"].is_answered and stored.status is Status.COMPLETE
    assert stored.answers["asked-customers"].note_private
    assert any(line == f"PDF written: {target}" for line in lines)
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "Call Client" in text and private not in text


# -- typed the way a consultant types on a call ----------------------------------------------------


def small_audit(store, small):
    from tests.conftest import SMALL_TOML

    return store.create_audit(store.add_client("Harbour Dental"), small, SMALL_TOML)


def by_question(**replies):
    """A reply for whichever question is on, by its id; confirms by the start of their message."""

    def reply(message: str, interview: Interview) -> str:
        for start, typed in replies.items():
            if message.startswith(start.replace("_", " ")):
                return typed
        return replies[interview.session.question.id.replace("-", "_")]

    return reply


def test_y_and_enter_at_the_private_question_then_the_answer_is_saved_not_skipped(store, small):
    audit = small_audit(store, small)
    answer = by_question(asked="4\r", guarantee="p\r")
    script = [":note\r", "asked at the counter\r", "y\r", answer, answer, ":quit\r"]
    _, lines, typist, error = interview_with(store, audit.id, script)
    assert error is None
    answers = store.load_audit(audit.id).answers
    assert (answers["asked"].value, answers["asked"].note) == (4, "asked at the counter")
    assert answers["asked"].note_private
    assert answers["guarantee"].value == "partly"
    assert typist.prompts_seen[2] == "Private: keep this note out of the client's report? (y/N)"
    assert "Private note saved." in lines


def test_n_and_enter_at_finish_anyway_asks_the_first_gap_instead_of_skipping_it(store, small):
    audit = small_audit(store, small)
    answers = by_question(
        Finish="n\r", guarantee="n\r", reach="1\r", hours="4\r", support="y\r",
        follow_up="3\r", complaints="y\r",
    )  # fmt: skip
    # Enter skips "asked"; six answers; "n" at "Finish the audit anyway?"; then the gap.
    script = ["\r", *[answers] * 6, answers, "2\r"]
    _, _, typist, error = interview_with(store, audit.id, script)
    assert error is None
    stored = store.load_audit(audit.id)
    assert stored.answers["asked"].value == 2 and stored.status is Status.COMPLETE
    at_finish = typist.prompts_seen.index("Finish the audit anyway? (y/N)")
    assert typist.prompts_seen[at_finish + 1] == "Answer 1-5:"  # the gap: "asked"


def test_a_free_text_answer_with_a_url_is_kept_whole_and_spaced_slashes_start_a_note(store, small):
    audit = small_audit(store, small)
    url = "Instagram @harbourdental, https://facebook.com/harbourdental"
    script = ["4\r", "y\r", f"{url} // ask about the new page\r", ":back\r"]
    script += [r"Refund \// replace, as they choose" + "\r", ":quit\r"]
    interview_with(store, audit.id, script)
    answers = store.load_audit(audit.id).answers
    assert answers["how"].value == "Refund // replace, as they choose"
    assert answers["how"].note == "ask about the new page"


def test_a_url_answer_without_a_note_is_saved_as_typed(store, small):
    audit = small_audit(store, small)
    url = "https://facebook.com/harbourdental//reviews"
    interview_with(store, audit.id, ["4\r", "y\r", f"{url}\r", ":quit\r"])
    answer = store.load_audit(audit.id).answers["how"]
    assert (answer.value, answer.note) == (url, "")


def test_1_250_with_a_thousands_comma_and_4h_at_an_hours_question_are_read_as_meant(store, small):
    audit = small_audit(store, small)
    script = ["4\r", "n\r", "1\r", "1,250\r", ":back\r", "4h\r", ":quit\r"]
    _, lines, _, _ = interview_with(store, audit.id, script)
    assert "Saved: 1250 hours" in lines and "Saved: 4 hours" in lines
    assert store.load_audit(audit.id).answers["hours"].value == 4


def test_a_refused_number_is_said_on_its_own_line_and_the_prompt_comes_back_empty(store, small):
    audit = small_audit(store, small)
    script = ["4\r", "n\r", "1\r", "2 days\r", "16\r", ":quit\r"]
    _, lines, typist, error = interview_with(store, audit.id, script)
    assert error is None
    assert (
        "Not saved: '2 days' is not a number of hours; type just the number, like 4 or 4h. "
        "Type it again, or ? for help."
    ) in lines
    assert typist.prompts_seen[3:5] == ["Answer (a number in hours):"] * 2
    assert store.load_audit(audit.id).answers["hours"].value == 16  # not "2 days16"


def test_an_answer_with_a_flag_and_a_private_note_in_one_line(store, small):
    audit = small_audit(store, small)
    script = ["3 :flag /// owner unsure, ask again\r", "p // only for repairs :flag\r", ":quit\r"]
    _, lines, _, _ = interview_with(store, audit.id, script)
    answers = store.load_audit(audit.id).answers
    asked = answers["asked"]
    assert (asked.value, asked.flagged, asked.note_private) == (3, True, True)
    assert asked.note == "owner unsure, ask again"
    guarantee = answers["guarantee"]
    assert (guarantee.value, guarantee.note, guarantee.flagged) == (
        "partly",
        "only for repairs",
        True,
    )
    assert not guarantee.note_private
    assert lines.count("Flagged for review.") == 2


def test_an_existing_note_is_shown_with_the_question_and_can_be_made_private_without_retyping(
    store, small
):
    audit = small_audit(store, small)
    interview_with(store, audit.id, ["4 // Elodie every morning\r", ":quit\r"])
    script = [":back\r", ":note\r", "\r", "y\r", ":quit\r"]
    _, lines, _, _ = interview_with(store, audit.id, script)
    assert "Note: Elodie every morning" in lines
    answer = store.load_audit(audit.id).answers["asked"]
    assert (answer.note, answer.note_private) == ("Elodie every morning", True)


def test_a_pasted_note_over_the_limit_is_refused_and_the_answer_waits(store, small):
    from audit.domain.answers import MAX_NOTE_CHARS

    audit = small_audit(store, small)
    pasted = "\x1b[200~" + "x" * (MAX_NOTE_CHARS + 1) + "\x1b[201~"  # a terminal's paste
    _, lines, _, _ = interview_with(store, audit.id, [f"4 // {pasted}\r", "4\r", ":quit\r"])
    assert any(line.startswith("Not saved: the note is 20,001 characters long") for line in lines)
    answer = store.load_audit(audit.id).answers["asked"]
    assert (answer.value, answer.note) == (4, "")


def test_the_header_and_the_resume_hint_name_the_client(store, small):
    audit = small_audit(store, small)
    _, lines, _, _ = interview_with(store, audit.id, ["4\r", ":quit\r"])
    assert lines[0] == f"Audit {audit.id} for Harbour Dental: Small"
    assert "Stopped. Everything answered so far is saved for Harbour Dental." in "\n".join(lines)
    _, lines, _, _ = interview_with(store, audit.id, [":quit\r"])
    assert lines[0] == f"Resuming audit {audit.id} for Harbour Dental: Small"


def test_the_end_lists_the_unanswered_and_flagged_questions_by_number_and_title(store, small):
    audit = small_audit(store, small)
    answers = by_question(
        Finish="y\r", guarantee="n :flag\r", reach="1\r", support="y\r", follow_up="3\r",
        complaints="y\r",
    )  # fmt: skip
    script = ["\r", answers, answers, "\r", answers, answers, answers, answers]
    _, lines, _, error = interview_with(store, audit.id, script)
    assert error is None
    end = lines[lines.index("That was the last question: 5 of 7 answered, 1 flagged.") :]
    assert end[1:6] == [
        "Unanswered:",
        "  Question 1: We asked customers what they expect",
        "  Question 4: Hours to answer a complaint",
        "Flagged for review:",
        "  Question 2: We offer an easy guarantee",
    ]
    assert "2 questions are unanswered." in end


def run_choice(store, small, script, new=False):
    """`audit interview --client "Harbour Dental" --questionnaire small`, up to question 1."""
    from audit.prompts.interview import audit_to_interview
    from tests.conftest import SMALL_TOML

    lines: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        typist = Typist(pipe, script)
        prompts = Prompts(input=pipe, output=DummyOutput(), before_prompt=typist)
        chosen = audit_to_interview(
            store, prompts, "Harbour Dental", small, SMALL_TOML, new=new, say=lines.append
        )
    return chosen, lines, typist.prompts_seen


def test_starting_again_for_the_same_client_and_questionnaire_offers_the_unfinished_audit(
    store, small
):
    first = small_audit(store, small)
    chosen, lines, prompts = run_choice(store, small, ["\r"])  # Enter: resume
    assert chosen == first.id and len(store.audit_ids()) == 1
    assert lines[0].startswith(f"Harbour Dental already has an unfinished Small audit: {first.id}")
    assert prompts == ["Resume it? (n starts a new one) (Y/n)"]
    chosen, lines, _ = run_choice(store, small, ["n\r"])
    assert chosen != first.id and len(store.audit_ids()) == 2


def test_new_starts_another_audit_without_asking(store, small):
    first = small_audit(store, small)
    chosen, lines, prompts = run_choice(store, small, [], new=True)
    assert chosen != first.id and prompts == [] and lines == []
    assert store.load_audit(chosen).client_id == first.client_id


@pytest.mark.parametrize(
    ("typed", "answer", "note", "private", "flag"),
    [
        ("3", "3", None, False, False),
        ("3 // at fairs", "3", "at fairs", False, False),
        ("3 /// ask the owner", "3", "ask the owner", True, False),
        ("see https://x.example/a//b", "see https://x.example/a//b", None, False, False),
        ("a//b // c // d", "a//b", "c // d", False, False),
        (r"either \// or", "either // or", None, False, False),
        ("3 :flag", "3", None, False, True),
        ("3 :FLAG // call back", "3", "call back", False, True),
        ("3 // call back :flag", "3", "call back", False, True),
        ("// only a note", "", "only a note", False, False),
        ("3 //", "3", None, False, False),
    ],
)
def test_a_typed_line_splits_into_answer_note_and_flag(typed, answer, note, private, flag):
    from audit.prompts.reply import Reply, split_reply

    assert split_reply(typed) == Reply(answer, note, private, flag)


# -- the real program on a dumb terminal: the bytes it writes ---------------------------------


class DumbTerminal:
    """`python -m audit ARGS` on a pseudo-terminal with TERM=dumb (and colour allowed, so only
    TERM says "plain"); everything it writes is kept as raw bytes."""

    def __init__(self, *args: str) -> None:
        import fcntl
        import os
        import struct
        import subprocess
        import sys
        import termios

        from tests.conftest import REPO

        self.fd, child = os.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(TERM="dumb", PYTHONPATH=str(REPO))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "audit", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(child)
        self.output = b""
        self.seen = 0  # what `wait_for` has looked at already

    def _read(self, deadline: float) -> bool:
        import os
        import select
        import time

        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the program ended and closed the terminal
            chunk = b""
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: str) -> None:
        import time

        deadline = time.monotonic() + WAIT_LIMIT
        wanted = text.encode()
        while wanted not in self.output[self.seen :]:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"{text!r} did not appear; the program wrote {self.output!r}")
        self.seen = self.output.index(wanted, self.seen) + len(wanted)

    def type(self, text: str) -> None:
        import os

        os.write(self.fd, text.encode())

    def end(self) -> int:
        import os
        import time

        deadline = time.monotonic() + WAIT_LIMIT
        while time.monotonic() < deadline and self._read(deadline):
            pass
        os.close(self.fd)
        return self.process.wait(timeout=WAIT_LIMIT)


def test_on_a_dumb_terminal_the_interview_writes_no_escape_sequences(tmp_path):
    from audit.storage.store import Store

    start = ("--db", str(tmp_path / "store"), "interview", "--client", "Plain")
    term = DumbTerminal(*start, "--questionnaire", "five-steps")
    for prompt, typed in [
        ("Answer 1-5:", "1\n"),  # the business profile: trade,
        ("Answer 1-4:", "2\n"),  # now and then,
        ("Answer 1-3:", "2\n"),  # 2 to 9 people,
        ("Answer 1-3:", "2\n"),  # service one reason among others
        ("Answer 1-5:", "4\n"),
        ("Answer y (yes), p (partly) or n (no):", ":note\n"),
        ("Note (Enter alone adds none):", "ask the owner\n"),
        ("Private: keep this note out of the client's report? (y/N)", "y\n"),
        ("Answer y (yes), p (partly) or n (no):", "maybe\n"),
        ("Answer y (yes), p (partly) or n (no):", "p // two groups\n"),
        ("Answer 1-5:", "?\n"),
        ("Answer 1-5:", ":quit\n"),
    ]:
        term.wait_for(prompt)
        term.type(typed)
    assert term.end() == 0
    assert b"\x1b" not in term.output and b"\x07" not in term.output
    assert b"Not saved: 'maybe' is not yes, partly or no." in term.output
    store = Store(tmp_path / "store")
    (audit_id,) = store.audit_ids()
    answers = store.load_audit(audit_id).answers
    assert (answers["asked-customers"].value, answers["segments"].value) == (4, "partly")
    assert answers["segments"].note == "two groups" and not answers["segments"].note_private
    assert b"Note saved in place of the earlier private note; this one is in the client" in (
        term.output
    )

    # The same command again offers the unfinished audit; Enter resumes it, where it stopped.
    again = DumbTerminal(*start, "--questionnaire", "five-steps")
    again.wait_for("Plain already has an unfinished")
    again.wait_for("Resume it? (n starts a new one) (Y/n)")
    again.type("\n")
    again.wait_for(f"Resuming audit {audit_id} for Plain")
    again.wait_for("Question 7 of")
    again.wait_for("Answer 1-5:")
    again.type(":quit\n")
    assert again.end() == 0 and b"\x1b" not in again.output
    assert store.audit_ids() == [audit_id]

    # --new starts another one without asking.
    another = DumbTerminal(*start, "--questionnaire", "five-steps", "--new")
    another.wait_for("Question 1 of")
    another.wait_for("Answer 1-5:")
    another.type(":quit\n")
    assert another.end() == 0 and b"Resume it?" not in another.output
    assert len(store.audit_ids()) == 2
