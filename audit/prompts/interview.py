"""The guided interview: one plain prompt after another, for consultants on a call, screen readers
and any terminal where a full-screen app is unwelcome.

Everything is printed as plain lines and every prompt is one line ended with Enter, so a screen
reader reads it in order and nothing is redrawn. Answers go through the same session as the TUI's
and are saved the moment they are given; Ctrl-C anywhere keeps them all.

At a question, type the answer, or a command (COMMANDS below lists them). An answer may carry a
note and a flag in the same line: `3 :flag // only at trade fairs` (`///` for a private note).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from audit.console import clipped, plain
from audit.domain.answers import Answer, AnswerError, describe_value, note_problem
from audit.domain.audit import Mode, Status
from audit.domain.questionnaire import Kind, Question, Questionnaire, Requirement
from audit.prompts.lines import (
    LineReader,
    PlainPrompts,
    Prompts,
    Stopped,
    ask,
    confirm,
    plain_style,
    prompts_for_terminal,
    stopped_by_signals,
)
from audit.prompts.reply import Reply, split_reply
from audit.session import AuditSession
from audit.storage.files import StoreError
from audit.storage.store import Store

__all__ = [
    "Interview",
    "PlainPrompts",
    "Prompts",
    "Stopped",
    "audit_to_interview",
    "pdf_writer",
    "plain_style",
    "prompts_for_terminal",
    "stopped_by_signals",
]

COMMANDS = """\
Commands (type them at any question, then Enter):
  ?        why this question matters, and this list
  :note    add, change or remove a note on this question
  :na      mark it not applicable, with a reason (where allowed)
  :flag    flag or unflag it for review
  :skip    move on without answering (Enter does the same)
  :back    go back to the previous question
  :jump    go to a section
  :clear   remove this question's answer
  :quit    stop; everything answered so far is kept
In the same line as an answer:
  3 // only at trade fairs     with a note
  3 /// ask the owner          with a private note
  3 :flag                      flagged for review (also: 3 :flag // a note)
  Type \\// for a literal // between spaces; https://... needs nothing."""

YES_PARTLY_NO = {"y": "yes", "p": "partly", "n": "no", "yes": "yes", "partly": "partly", "no": "no"}


class Stop(Exception):
    """The user asked to stop (:quit)."""


COMMAND_WORDS = ("", "?", ":quit", ":skip", ":back", ":note", ":na", ":flag", ":clear", ":jump")


def is_command(line: str) -> bool:
    """A whole-line command, as opposed to an answer (which may carry a note or a flag)."""
    return line.lower() in COMMAND_WORDS


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


def one_line_width() -> int:
    """The width `say_wrapped` wraps at."""
    return max(40, min(shutil.get_terminal_size().columns, 100) - 1)


def say_wrapped(text: str) -> None:
    """Print `text` wrapped to the terminal at word boundaries, keeping each line's indent.

    Control characters are shown as code points: an escape sequence in a note or a
    questionnaire must not retitle, recolour or clear the consultant's terminal.
    """
    width = one_line_width()
    for line in (plain(part) for part in text.split("\n")):
        indent = line[: len(line) - len(line.lstrip())]
        wrapped = textwrap.wrap(
            line, width, subsequent_indent=indent + "   ", break_on_hyphens=False
        )
        print("\n".join(wrapped) if wrapped else "")


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
            f"Resume with: audit interview {self.session.audit.id}"
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
                reply = self.prompts.line(self.prompt_label(question)).strip()
                problem = self.problem_with(question, reply)
                if problem is not None:
                    self.say(f"Not saved: {problem}. Type it again, or ? for help.")
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
            number = [s.id for s in session.questionnaire.sections].index(section.id) + 1
            self.say("")
            self.say(f"Section {number} of {len(session.questionnaire.sections)}: {section.title}")
            if section.description:
                self.say(" ".join(section.description.split()))
        self.say("")
        required = " (required)" if question.required is Requirement.HARD else ""
        position = f"{self.number_of(question)} of {len(session.asked)}"
        self.say(f"Question {position}{required}: {question.text}")
        for line in self.option_lines(question):
            self.say(f"  {line}")
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

    def number_of(self, question: Question) -> int:
        return self.session.asked.index(question) + 1

    def option_lines(self, question: Question) -> list[str]:
        match question.kind:
            case Kind.SCALE:
                return [f"{n}  {label}" for n, label in enumerate(question.points, start=1)]
            case Kind.SINGLE | Kind.MULTIPLE:
                return [f"{n}  {c.label}" for n, c in enumerate(question.choices, start=1)]
        return []

    def prompt_label(self, question: Question) -> str:
        match question.kind:
            case Kind.SCALE:
                return f"Answer 1-{len(question.points)}:"
            case Kind.SINGLE:
                return f"Answer 1-{len(question.choices)}:"
            case Kind.MULTIPLE:
                return "Numbers of every choice that applies, e.g. 1,3 (or none):"
            case Kind.YES_PARTLY_NO:
                return "Answer y (yes), p (partly) or n (no):"
            case Kind.NUMBER:
                return f"Answer (a number{' in ' + question.unit if question.unit else ''}):"
        return "Answer:"

    def problem_with(self, question: Question, line: str) -> str | None:
        """Why a typed answer cannot be saved, checked before anything of it is saved."""
        if is_command(line):
            return None
        reply = split_reply(line)
        if reply.note is not None and (too_long := note_problem(reply.note)) is not None:
            return too_long
        if not reply.answer or reply.answer.startswith(":"):
            return None
        try:
            self.value_of(question, reply.answer)
        except AnswerError as error:
            return str(error)
        return None

    def value_of(self, question: Question, text: str) -> object:
        """The raw value a typed reply stands for; numbers pick choices by position."""
        from audit.domain.answers import parse_value

        raw: object = text
        if question.kind is Kind.SINGLE and text.isdigit():
            index = int(text)
            if not 1 <= index <= len(question.choices):
                raise AnswerError(f"{text} is not one of 1 to {len(question.choices)}")
            raw = question.choices[index - 1].id
        elif question.kind is Kind.MULTIPLE:
            if text.lower() in ("none", "0", "-"):
                raw = []
            else:
                picked = []
                for part in text.replace(";", ",").replace(" ", ",").split(","):
                    if not part:
                        continue
                    if not part.isdigit() or not 1 <= int(part) <= len(question.choices):
                        raise AnswerError(
                            f"{part!r} is not one of the numbers 1 to {len(question.choices)}"
                        )
                    picked.append(question.choices[int(part) - 1].id)
                raw = picked
        elif question.kind is Kind.YES_PARTLY_NO:
            raw = YES_PARTLY_NO.get(text.lower(), text)
        return parse_value(question, raw)

    def handle(self, question: Question, line: str) -> Step:
        session = self.session
        command = line.lower()
        if command == "?":
            self.say(f"Why this matters: {question.help}")
            self.say(COMMANDS)
            return Step.AGAIN
        if command == ":quit":
            raise Stop
        if command in ("", ":skip"):
            return self.advance()
        if command == ":back":
            if not session.previous():
                self.say("This is the first question.")
                return Step.STAY
            return Step.AGAIN
        if command == ":note":
            self.ask_note()
            return Step.STAY
        if command == ":na":
            return self.ask_not_applicable(question)
        if command == ":flag":
            answer = self.save(session.toggle_flag)
            if answer is not None:
                self.say("Flagged for review." if answer.flagged else "Flag removed.")
            return Step.STAY
        if command == ":clear":
            self.save(session.clear)
            self.say("Answer removed.")
            return Step.STAY
        if command == ":jump":
            self.ask_jump()
            return Step.AGAIN
        reply = split_reply(line)
        if reply.answer.startswith(":"):
            self.say(f"Unknown command {reply.answer!r}. Type ? for the list.")
            return Step.STAY
        if not reply.answer:  # only a note or a flag: the question waits for its answer
            self.save_note_and_flag(reply)
            return Step.STAY
        value = self.value_of(question, reply.answer)  # checked by problem_with already
        saved = self.save(lambda: session.answer(value))
        if saved is None:
            return Step.STAY
        self.say(f"Saved: {clipped(describe_value(question, saved.value), 500)}")
        self.save_note_and_flag(reply)
        return self.advance()

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
            self.say(f"Not saved: {error}")
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
        sections = [
            s
            for s in self.session.questionnaire.sections
            if any(q in s.questions for q in self.session.asked)
        ]
        for number, section in enumerate(sections, start=1):
            answered = sum(
                1
                for q in section.questions
                if q in self.session.asked and self.session.is_answered(q)
            )
            asked = sum(1 for q in section.questions if q in self.session.asked)
            self.say(f"  {number}  {section.title} ({answered} of {asked} answered)")

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
        review = session.review()
        blocking = [item for item in review if item.blocking]
        unanswered = [item.question for item in review if item.problem == "unanswered"]
        flagged = [item.question for item in review if item.problem == "flagged"]
        self.say("")
        self.say(
            f"That was the last question: {session.answered_count} of "
            f"{len(session.asked)} answered, {len(flagged)} flagged."
        )
        self.list_questions("Unanswered:", unanswered)
        self.list_questions("Flagged for review:", flagged)
        if blocking:
            first = blocking[0].question
            self.say(f"A required question is unanswered: {first.text}")
            self._go_to_gap(first.id)
            return False
        if unanswered:
            count = len(unanswered)
            self.say(f"{count} question{'s are' if count > 1 else ' is'} unanswered.")
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
                line = f"Question {self.number_of(question)}: {question.text}"
                # One line each, so a long list of gaps still reads at a glance.
                self.say("  " + textwrap.shorten(line, one_line_width() - 2, placeholder=" ..."))

    def _go_to_gap(self, question_id: str) -> None:
        self.say("Back to the unanswered questions (Enter skips one).")
        self._filling_gaps = True
        self.session.go_to(question_id)

    def print_summary(self) -> None:
        from audit.domain.plan import build_plan

        session = self.session
        score = session.score()
        plan = build_plan(
            session.questionnaire, session.audit.answers, score, session.audit.action_edits
        )
        overall = "-" if score.overall is None else f"{score.overall:.0f}"
        self.say("")
        self.say(f"Overall score: {overall} out of 100, {score.standing}")
        spent = session.audit.time_spent
        for section in score.sections:
            if section.applicable == 0 and section.section_id not in spent:
                continue
            value = "no score" if section.score is None else f"{section.score:.0f}"
            self.say(
                f"  {section.title}: {value} ({duration(spent.get(section.section_id, 0.0))} spent)"
            )
        for phase in score.phases:
            self.say(
                f"  {phase.title}: customers expect {phase.expected:.0f}, your basics "
                f"{'-' if phase.delivered is None else f'{phase.delivered:.0f}'}: "
                f"{phase.verdict.label}"
            )
        if plan:
            self.say("The most important actions:")
            for action in plan[:5]:
                self.say(
                    f"  {action.rank}. {action.category.label}, within "
                    f"{action.horizon_days} days: {action.text}"
                )
            if len(plan) > 5:
                self.say(f"  ... and {len(plan) - 5} more: audit show {session.audit.id}")
        else:
            self.say("No weak answers: nothing needs fixing.")


def audit_to_interview(
    store: Store,
    prompts: LineReader,
    client_name: str,
    questionnaire: Questionnaire,
    text: str,
    auditor: str = "",
    new: bool = False,
    say: Callable[[str], None] = say_wrapped,
) -> str:
    """The id of the audit to interview: the client's unfinished audit of this questionnaire if
    the user says to resume it, else a new one (at once with `new`)."""
    client = store.find_client(client_name)
    earlier = None if client is None or new else unfinished_audit(store, client.id, questionnaire)
    if client is not None and earlier is not None:
        say(
            f"{client.name} already has an unfinished {questionnaire.title} audit: "
            f"{earlier.id}, {earlier.answered} of {earlier.asked} answered, "
            f"last changed {earlier.changed}."
        )
        if confirm(prompts, say, "Resume it? (n starts a new one)", default=True):
            return earlier.id
        say(f"Starting a new audit; audit interview {earlier.id} still resumes the other one.")
    client = client or store.add_client(client_name)
    audit = store.create_audit(client, questionnaire, text, mode=Mode.INTERVIEW, auditor=auditor)
    return audit.id


@dataclass(frozen=True)
class Unfinished:
    id: str
    answered: int
    asked: int
    changed: str  # the date of the last change


def unfinished_audit(
    store: Store, client_id: str, questionnaire: Questionnaire
) -> Unfinished | None:
    """The client's most recently changed audit of `questionnaire` that is not finished."""
    for summary in store.summaries(client_id):  # newest change first
        if summary.questionnaire_id == questionnaire.id and summary.status != Status.COMPLETE:
            changed = summary.updated_at[:10]
            return Unfinished(summary.audit_id, summary.answered, summary.asked, changed)
    return None


def duration(seconds: float) -> str:
    """'40 s', '3 min', '1 h 05 min': how long a section took, to the nearest sensible unit."""
    if round(seconds) < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def pdf_writer(
    store_folder: Path, audit_id: str, target: Path, include_private: bool
) -> Callable[[], Path]:
    def write() -> Path:
        import functools

        from audit.engine import load_view
        from audit.locations import report_templates
        from audit.reporting.batch import Job, Settings, write_report
        from audit.reporting.brand import Brand
        from audit.storage.files import write_atomically_bytes

        settings = Settings(
            functools.partial(load_view, store_folder),
            functools.partial(write_atomically_bytes, shared=not include_private),
            report_templates(),
            Brand(),
            dt.date.today(),
            include_private,
        )
        write_report(settings, Job(audit_id, target))
        return target

    return write
