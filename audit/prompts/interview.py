"""The guided interview: one plain prompt after another, for consultants on a call, screen readers
and any terminal where a full-screen app is unwelcome.

Everything is printed as plain lines and every prompt is one line ended with Enter, so a screen
reader reads it in order and nothing is redrawn. Answers go through the same session as the TUI's
and are saved the moment they are given; Ctrl-C anywhere keeps them all.

At a question, type the answer, or a command (`audit.prompts.commands` lists them). An answer
may carry a note and a flag in the same line: `3 :flag // only at trade fairs` (`///` for a
private note). What a reply means is the session's question engine (`audit.session.questions`);
this module only asks and prints.
"""

from __future__ import annotations

import contextlib
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from audit.domain.answers import Answer, AnswerError, describe_value, note_problem
from audit.domain.questionnaire import Kind, Question, Requirement
from audit.prompts.commands import Command, command_in, commands_help
from audit.prompts.lines import (
    LineReader,
    PlainPrompts,
    Prompts,
    Stopped,
    ask,
    confirm,
    one_line_width,
    plain_style,
    prompts_for_terminal,
    say_wrapped,
    stopped_by_signals,
)
from audit.prompts.reply import Reply, prompt_label, split_reply
from audit.prompts.start import audit_to_interview, pdf_writer
from audit.prompts.summary import duration, summary_lines
from audit.session import AuditSession
from audit.session.questions import choices_of, not_saved, scale_line, value_of_reply
from audit.session.review import unanswered_count
from audit.storage.files import StoreError
from audit.text import clipped

__all__ = [
    "Interview",
    "PlainPrompts",
    "Prompts",
    "Stopped",
    "audit_to_interview",
    "duration",
    "pdf_writer",
    "plain_style",
    "prompts_for_terminal",
    "stopped_by_signals",
]


class Stop(Exception):
    """The user asked to stop (:quit)."""


def note_saved_line(before: Answer | None, note: str, private: bool) -> str:
    """What saving an inline note did, saying so when it replaced another note: the interview
    shows notes, but one typed in the TUI may not have been looked at."""
    saved = "Private note saved" if private else "Note saved"
    if before is None or not before.note or before.note == note:
        return f"{saved}."
    if before.note_private and not private:
        return f"{saved} in place of the earlier private note; this one is in the client's report."
    return f"{saved} in place of the earlier note."


class Step(Enum):
    """What comes after a reply at a question."""

    AGAIN = "show the current question again"  # it may be another question now
    STAY = "prompt again without printing the question again"
    END = "moved past the last question"


@dataclass
class Interview:
    session: AuditSession
    prompts: LineReader
    say: Callable[[str], None] = say_wrapped
    write_pdf: Callable[[], Path] | None = None
    include_private: bool = False
    _section_shown: str = field(default="", init=False)
    # After the end, when the user goes back to fill gaps: moving on visits only the questions
    # still unanswered, not every answered one in between.
    _filling_gaps: bool = field(default=False, init=False)

    @property
    def client_name(self) -> str:
        with contextlib.suppress(StoreError):
            return self.session.store.client(self.session.audit.client_id).name
        return "an unknown client"  # the interview goes on without the header's name

    # -- the whole conversation ----------------------------------------------------------------

    def run(self) -> None:
        session = self.session
        answered = session.answered_count
        starting = "Resuming audit" if answered or session.audit.cursor else "Audit"
        self.say(
            f"{starting} {session.audit.id} for {self.client_name}: {session.questionnaire.title}"
        )
        if len(session.audit.respondents) > 1:
            who = session.respondent
            self.say(f"Answering as {who.name} ({who.role.value}).")
        self.say(f"{answered} of {len(session.asked)} questions answered so far.")
        self.say("Type ? at any question for help and commands; Ctrl-C stops and keeps everything.")
        try:
            # ask_current is False once the user moves past the last question; finish is False
            # when something must still be answered, and the questions go on from there.
            while self.ask_current() or not self.finish():
                pass
        except Stop:
            self.say(self.resume_hint())

    def resume_hint(self) -> str:
        return (
            f"Stopped. Everything answered so far is saved for {self.client_name}.\n"
            f"Resume with: audit interview {self.session.audit.id}" + self.session.respondent_option
        )

    # -- one question --------------------------------------------------------------------------

    def ask_current(self) -> bool:
        """Ask the current question; False once the user moves past the last one."""
        session = self.session
        question, section = session.question, session.section
        self.show_question(question)
        started = time.monotonic()
        try:
            while True:
                reply = self.prompts.line(prompt_label(question)).strip()
                problem = self.problem_with(question, reply)
                if problem is not None:
                    self.say(not_saved(problem) + ". Type it again, or ? for help.")
                    continue
                step = self.handle(question, reply)
                if step is not Step.STAY or session.question is not question:
                    return step is not Step.END
        finally:
            self._record_time(section.id, time.monotonic() - started)

    def show_question(self, question: Question) -> None:
        session = self.session
        section = session.section
        if section.id != self._section_shown:
            self._section_shown = section.id
            self.say("")
            self.say(session.section_heading())
            if section.description:
                self.say(" ".join(section.description.split()))
        self.say("")
        required = " (required)" if question.required is Requirement.HARD else ""
        position = f"{session.number_of(question)} of {len(session.asked)}"
        self.say(f"Question {position}{required}: {question.text}")
        last_time = session.last_time(question)  # shown for comparison, never the default
        if last_time:
            self.say(last_time)
        if question.kind is not Kind.YES_PARTLY_NO:  # the prompt names y, p and n
            for choice in choices_of(question):
                self.say(f"  {choice.line}")
        if question.kind is Kind.PAIRED:
            self.say(f"  Points: {scale_line(question)}")
        answer = session.current_answer
        if answer is None:
            return
        if answer.is_answered:
            shown = "not applicable" if answer.is_na else describe_value(question, answer.value)
            self.say(f"Current answer: {clipped(shown, 500)} (Enter keeps it)")
        if answer.note:
            self.say(
                f"{'Private note' if answer.note_private else 'Note'}: {clipped(answer.note, 500)}"
            )
        if answer.flagged:
            self.say("Flagged for review.")

    def problem_with(self, question: Question, line: str) -> str | None:
        """Why a typed answer cannot be saved, checked before anything of it is saved."""
        if command_in(line) is not None:
            return None
        reply = split_reply(line)
        if reply.note is not None and (too_long := note_problem(reply.note)) is not None:
            return too_long
        if not reply.answer or reply.answer.startswith(":"):
            return None
        try:
            value_of_reply(question, reply.answer)
        except AnswerError as error:
            return str(error)
        return None

    def handle(self, question: Question, line: str) -> Step:
        command = command_in(line)
        if command is not None:
            return self.run_command(command, question)
        reply = split_reply(line)
        if reply.answer.startswith(":"):
            self.say(f"Unknown command {reply.answer!r}. Type ? for the list.")
            return Step.STAY
        if not reply.answer:  # only a note or a flag: the question waits for its answer
            self.save_note_and_flag(reply)
            return Step.STAY
        value = value_of_reply(question, reply.answer)  # checked by problem_with already
        saved = self.save(lambda: self.session.answer(value))
        if saved is None:
            return Step.STAY
        self.say(f"Saved: {clipped(describe_value(question, saved.value), 500)}")
        self.save_note_and_flag(reply)
        return self.advance()

    def run_command(self, command: Command, question: Question) -> Step:
        session = self.session
        match command:
            case Command.HELP:
                self.say(f"Why this matters: {question.help}")
                self.say(commands_help())
                return Step.AGAIN
            case Command.QUIT:
                raise Stop
            case Command.SKIP:
                return self.advance()
            case Command.BACK:
                if not session.previous():
                    self.say("This is the first question.")
                    return Step.STAY
                return Step.AGAIN
            case Command.NOTE:
                self.ask_note()
                return Step.STAY
            case Command.NOT_APPLICABLE:
                return self.ask_not_applicable(question)
            case Command.FLAG:
                answer = self.save(session.toggle_flag)
                if answer is not None:
                    self.say("Flagged for review." if answer.flagged else "Flag removed.")
                return Step.STAY
            case Command.CLEAR:
                self.save(session.clear)
                self.say("Answer removed.")
                return Step.STAY
            case Command.JUMP:
                self.ask_jump()
                return Step.AGAIN

    def save_note_and_flag(self, reply: Reply) -> None:
        session = self.session
        before = session.current_answer
        if reply.note is not None:
            note = reply.note
            if self.save(lambda: session.set_note(note, reply.private)) is not None:
                self.say(note_saved_line(before, note, reply.private))
        already = before is not None and before.flagged
        if reply.flag and not already and self.save(session.toggle_flag) is not None:
            self.say("Flagged for review.")

    def save(self, change: Callable[[], Any]) -> Any:
        """Run one change to the store; a failure is one line and the question stays."""
        try:
            return change()
        except (AnswerError, StoreError) as error:
            self.say(not_saved(error))
            return None

    def ask_note(self) -> None:
        """A new note, or the current one kept (perhaps made private) or removed."""
        current = self.session.current_answer
        note = current.note if current is not None else ""
        was_private = current is not None and current.note_private
        if note:
            message = "Note (Enter keeps the current one, - removes it):"
        else:
            message = "Note (Enter alone adds none):"
        typed = ask(self.prompts, self.say, message, check=lambda text: note_problem(text.strip()))
        typed = typed.strip()
        if typed == "-" or not (typed or note):
            if note and self.save(lambda: self.session.set_note("", False)) is not None:
                self.say("Note removed.")
            return
        text = typed or note
        private = confirm(
            self.prompts,
            self.say,
            "Private: keep this note out of the client's report?",
            was_private,
        )
        if self.save(lambda: self.session.set_note(text, private)) is not None:
            self.say("Private note saved." if private else "Note saved.")

    def ask_not_applicable(self, question: Question) -> Step:
        if not question.allow_na:
            self.say("This question cannot be marked not applicable.")
            return Step.STAY
        reason = ask(self.prompts, self.say, "Why does it not apply? (a short reason, or Enter):")
        if self.save(lambda: self.session.mark_not_applicable(reason)) is None:
            return Step.STAY
        self.say("Marked not applicable.")
        return self.advance()

    def advance(self) -> Step:
        """Move to the next question to ask; END when there is none."""
        session = self.session
        if not self._filling_gaps:
            return Step.AGAIN if session.next() else Step.END
        later = session.asked[session.index + 1 :]
        gap = next((q for q in later if not session.is_answered(q)), None)
        return Step.AGAIN if gap is not None and session.go_to(gap.id) else Step.END

    def ask_jump(self) -> None:
        targets = self.session.jump_targets()
        for number, target in enumerate(targets, start=1):
            self.say(
                f"  {number}  {target.section.title} ({target.answered} of {target.asked} answered)"
            )
        sections = [target.section for target in targets]

        def check(reply: str) -> str | None:
            ok = reply.strip().isdigit() and 1 <= int(reply) <= len(sections)
            return None if ok or not reply.strip() else f"type a number from 1 to {len(sections)}"

        reply = ask(self.prompts, self.say, "Go to section number (Enter stays here):", check)
        if reply.strip():
            self.session.go_to_section(sections[int(reply) - 1].id)

    def _record_time(self, section_id: str, seconds: float) -> None:
        # The time spent is a courtesy: a store hiccup here is not worth a message.
        with contextlib.suppress(StoreError):
            self.session.audit = self.session.store.add_time(
                self.session.audit.id, section_id, seconds
            )

    # -- the end -------------------------------------------------------------------------------

    def finish(self) -> bool:
        """After the last question: review, finish, summary, PDF. False to keep asking."""
        session = self.session
        review = session.summary()
        blocking, unanswered, flagged = review.blocking, review.unanswered, review.flagged
        self.say("")
        self.say(
            f"That was the last question: {session.answered_count} of "
            f"{len(session.asked)} answered, {len(flagged)} flagged."
        )
        self.list_questions("Unanswered:", unanswered)
        self.list_questions("Flagged for review:", flagged)
        if not session.finishes_audit:  # a manager's or a customer's part ends here
            self.say(f"{session.part_done_text()} (`audit finish {session.audit.id}`)")
            return True
        if blocking:
            first = blocking[0].question
            self.say(f"A required question is unanswered: {first.text}")
            self._go_to_gap(first.id)
            return False
        if unanswered:
            self.say(unanswered_count(len(unanswered)) + ".")
            if not confirm(self.prompts, self.say, "Finish the audit anyway?", default=False):
                self._go_to_gap(unanswered[0].id)
                return False
        self.save(session.complete)
        self.print_summary()
        if self.write_pdf is not None and confirm(
            self.prompts, self.say, "Write the PDF action plan now?", default=True
        ):
            try:
                self.say(f"PDF written: {self.write_pdf().resolve()}")
            except Exception as error:  # a PDF problem must not lose the finished audit
                self.say(f"The PDF could not be written: {str(error).splitlines()[0]}")
        return True

    def list_questions(self, heading: str, questions: list[Question]) -> None:
        if questions:
            self.say(heading)
            for question in questions:
                line = f"Question {self.session.number_of(question)}: {question.text}"
                # One line each, so a long list of gaps still reads at a glance.
                self.say("  " + textwrap.shorten(line, one_line_width() - 2, placeholder=" ..."))

    def _go_to_gap(self, question_id: str) -> None:
        self.say("Back to the unanswered questions (Enter skips one).")
        self._filling_gaps = True
        self.session.go_to(question_id)

    def print_summary(self) -> None:
        for line in summary_lines(self.session):
            self.say(line)
