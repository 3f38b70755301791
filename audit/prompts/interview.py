"""The guided interview: one plain prompt after another, for consultants on a call, screen readers
and any terminal where a full-screen app is unwelcome.

Everything is printed as plain lines and every prompt is a one-line questionary text prompt, so
a screen reader reads it in order and nothing is redrawn. Answers go through the same session as
the TUI's and are saved the moment they are given; Ctrl-C anywhere keeps them all.

At a question, type the answer, or a command:
    ?        why this question matters, and these commands
    :note    a note on this question (asked whether it is private)
    :na      not applicable, with a reason (where allowed)
    :flag    flag (or unflag) for review
    :skip    move on without answering (Enter does the same)
    :back    the previous question
    :jump    go to a section
    :clear   remove this question's answer
    :quit    stop here; everything answered so far is kept
An answer may carry a note after "//", e.g. `3 // only at trade fairs`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.console import clipped, plain
from audit.domain.answers import AnswerError, describe_value
from audit.domain.questionnaire import Kind, Question, Requirement
from audit.session import AuditSession
from audit.storage.files import StoreError

COMMANDS = """\
Commands (type them at any question):
  ?        why this question matters, and this list
  :note    add or change a note on this question
  :na      mark it not applicable, with a reason (where allowed)
  :flag    flag or unflag it for review
  :skip    move on without answering (Enter does the same)
  :back    go back to the previous question
  :jump    go to a section
  :clear   remove this question's answer
  :quit    stop; everything answered so far is kept
  An answer may carry a note after //, for example: 3 // only at trade fairs"""

YES_PARTLY_NO = {"y": "yes", "p": "partly", "n": "no", "yes": "yes", "partly": "partly", "no": "no"}


class Stop(Exception):
    """The user asked to stop (:quit)."""


class Stopped(Exception):
    """The program was told to stop from outside: SIGTERM, or SIGHUP when the terminal closed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Stopped`, raised where the interview can end cleanly: a
    prompt that is waiting ends the way Ctrl-C does (the terminal is put back as it was)."""

    def stop(signum: int, _frame: object) -> None:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        if app is not None and app.is_running and app.loop is not None:
            # The thread-safe call wakes the prompt's event loop at once.
            app.loop.call_soon_threadsafe(lambda: app.exit(exception=Stopped(signum)))
        else:
            raise Stopped(signum)  # between prompts; a save in progress is atomic

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@dataclass
class Prompts:
    """questionary prompts on the given input and output (None: the terminal).

    `before_prompt` is called with each prompt's message just before it waits for keys; tests
    use it to type into a pipe.
    """

    input: Any = None
    output: Any = None
    before_prompt: Callable[[str], None] | None = None
    style: Any = None

    def text(self, message: str, validate: Callable[[str], bool | str] | None = None) -> str:
        import questionary

        question = questionary.text(
            message,
            validate=validate,
            qmark=">",
            style=self.style,
            input=self.input,
            output=self.output,
        )
        if self.before_prompt is not None:
            self.before_prompt(message)
        answer: str = question.unsafe_ask()
        return answer

    def confirm(self, message: str, default: bool = False) -> bool:
        import questionary

        question = questionary.confirm(
            message,
            default=default,
            qmark=">",
            style=self.style,
            input=self.input,
            output=self.output,
        )
        if self.before_prompt is not None:
            self.before_prompt(message)
        answer: bool = question.unsafe_ask()
        return answer


def plain_style() -> Any:
    """No colours at all under NO_COLOR or TERM=dumb; questionary's defaults otherwise."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        from questionary import Style

        return Style([("", "noinherit")])
    return None


def say_wrapped(text: str) -> None:
    """Print `text` wrapped to the terminal at word boundaries, keeping each line's indent.

    Control characters are shown as code points: an escape sequence in a note or a
    questionnaire must not retitle, recolour or clear the consultant's terminal.
    """
    import shutil
    import textwrap

    width = max(40, min(shutil.get_terminal_size().columns, 100) - 1)
    for line in (plain(part) for part in text.split("\n")):
        indent = line[: len(line) - len(line.lstrip())]
        wrapped = textwrap.wrap(
            line, width, subsequent_indent=indent + "   ", break_on_hyphens=False
        )
        print("\n".join(wrapped) if wrapped else "")


@dataclass
class Interview:
    session: AuditSession
    prompts: Prompts
    say: Callable[[str], None] = say_wrapped
    write_pdf: Callable[[], Path] | None = None
    include_private: bool = False
    _section_shown: str = field(default="", init=False)
    # After the end, when the user goes back to fill gaps: moving on visits only the questions
    # still unanswered, not every answered one in between.
    _filling_gaps: bool = field(default=False, init=False)

    # -- the whole conversation ----------------------------------------------------------------

    def run(self) -> None:
        session = self.session
        self.say(f"Audit {session.audit.id}: {session.questionnaire.title}")
        self.say(f"{session.answered_count} of {len(session.asked)} questions answered so far.")
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
            "Stopped. Everything answered so far is saved.\n"
            f"Resume with: audit interview {self.session.audit.id}"
        )

    # -- one question --------------------------------------------------------------------------

    def ask_current(self) -> bool:
        """Ask the current question; False once the user moves past the last one."""
        session = self.session
        question, section = session.question, session.section
        if section.id != self._section_shown:
            self._section_shown = section.id
            number = [s.id for s in session.questionnaire.sections].index(section.id) + 1
            self.say("")
            self.say(f"Section {number} of {len(session.questionnaire.sections)}: {section.title}")
            if section.description:
                self.say(" ".join(section.description.split()))
        self.say("")
        position = session.asked.index(question) + 1
        required = " (required)" if question.required is Requirement.HARD else ""
        self.say(f"Question {position} of {len(session.asked)}{required}: {question.text}")
        for line in self.option_lines(question):
            self.say(f"  {line}")
        answer = session.current_answer
        if answer is not None and answer.is_answered:
            shown = "not applicable" if answer.is_na else describe_value(question, answer.value)
            self.say(f"Current answer: {clipped(shown, 500)} (Enter keeps it)")
        started = time.monotonic()
        try:
            reply = self.prompts.text(
                self.prompt_label(question), validate=self.validator(question)
            )
        finally:
            self._record_time(section.id, time.monotonic() - started)
        return self.handle(question, reply.strip())

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

    def validator(self, question: Question) -> Callable[[str], bool | str]:
        """Checks a reply before it leaves the prompt, so a typo is fixed in place."""

        def check(reply: str) -> bool | str:
            text = reply.strip()
            if not text or text == "?" or text.startswith(":"):
                return True
            try:
                self.value_of(question, text.split("//", 1)[0].strip())
            except AnswerError as error:
                return str(error)
            return True

        return check

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

    def handle(self, question: Question, reply: str) -> bool:
        session = self.session
        command = reply.lower()
        if command == "?":
            self.say(f"Why this matters: {question.help}")
            self.say(COMMANDS)
            return True
        if command == ":quit":
            raise Stop
        if command in ("", ":skip"):
            return self.advance()
        if command == ":back":
            if not session.previous():
                self.say("This is the first question.")
            return True
        if command == ":note":
            self.ask_note()
            return True
        if command == ":na":
            return self.ask_not_applicable(question)
        if command == ":flag":
            answer = self.save(session.toggle_flag)
            if answer is not None:
                self.say("Flagged for review." if answer.flagged else "Flag removed.")
            return True
        if command == ":clear":
            self.save(session.clear)
            self.say("Answer removed.")
            return True
        if command == ":jump":
            self.ask_jump()
            return True
        if command.startswith(":"):
            self.say(f"Unknown command {reply!r}. Type ? for the list.")
            return True
        text, _, note = reply.partition("//")
        try:
            value = self.value_of(question, text.strip())
        except AnswerError as error:  # the validator catches these first; kept for safety
            self.say(f"Not saved: {error}")
            return True
        saved = self.save(lambda: session.answer(value))
        if saved is None:
            return True
        if note.strip():
            self.save(lambda: session.set_note(note.strip()))
        self.say(f"Saved: {clipped(describe_value(question, saved.value), 500)}")
        return self.advance()

    def save(self, change: Callable[[], Any]) -> Any:
        """Run one change to the store; a failure is one line and the question stays."""
        try:
            return change()
        except (AnswerError, StoreError) as error:
            self.say(f"Not saved: {error}")
            return None

    def ask_note(self) -> None:
        current = self.session.current_answer
        if current is not None and current.note:
            self.say(f"Current note: {clipped(current.note, 500)}")
        note = self.prompts.text("Note (Enter alone removes it):")
        private = False
        if note.strip():
            private = self.prompts.confirm("Private: keep this note out of the client's report?")
        if self.save(lambda: self.session.set_note(note.strip(), private)) is not None:
            self.say("Note saved." if note.strip() else "Note removed.")

    def ask_not_applicable(self, question: Question) -> bool:
        """False when marking the last question moves past the end."""
        if not question.allow_na:
            self.say("This question cannot be marked not applicable.")
            return True
        reason = self.prompts.text("Why does it not apply? (a short reason, or Enter):")
        if self.save(lambda: self.session.mark_not_applicable(reason)) is None:
            return True
        self.say("Marked not applicable.")
        return self.advance()

    def advance(self) -> bool:
        """Move to the next question to ask; False when there is none (the end)."""
        session = self.session
        if not self._filling_gaps:
            return session.next()
        later = session.asked[session.index + 1 :]
        gap = next((q for q in later if not session.is_answered(q)), None)
        return gap is not None and session.go_to(gap.id)

    def ask_jump(self) -> None:
        sections = [
            s
            for s in self.session.questionnaire.sections
            if any(q in s.questions for q in self.session.asked)
        ]
        for number, section in enumerate(sections, start=1):
            self.say(f"  {number}  {section.title}")

        def check(reply: str) -> bool | str:
            ok = reply.strip().isdigit() and 1 <= int(reply) <= len(sections)
            return True if ok or not reply.strip() else f"type a number from 1 to {len(sections)}"

        reply = self.prompts.text("Go to section number (Enter stays here):", validate=check)
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
        unanswered = [item for item in review if item.problem == "unanswered"]
        flagged = [item for item in review if item.problem == "flagged"]
        self.say("")
        self.say(
            f"That was the last question: {session.answered_count} of "
            f"{len(session.asked)} answered, {len(flagged)} flagged."
        )
        if blocking:
            first = blocking[0].question
            self.say(f"A required question is unanswered: {first.text}")
            self._go_to_gap(first.id)
            return False
        if unanswered:
            self.say(f"{len(unanswered)} question(s) are unanswered.")
            if not self.prompts.confirm("Finish the audit anyway?", default=False):
                self._go_to_gap(unanswered[0].question.id)
                return False
        self.save(session.complete)
        self.print_summary()
        if self.write_pdf is not None and self.prompts.confirm(
            "Write the PDF action plan now?", default=True
        ):
            try:
                self.say(f"PDF written: {self.write_pdf().resolve()}")
            except Exception as error:  # a PDF problem must not lose the finished audit
                self.say(f"The PDF could not be written: {str(error).splitlines()[0]}")
        return True

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
        from audit.locations import report_templates
        from audit.reporting.batch import Job, Settings, write_report
        from audit.reporting.brand import Brand

        settings = Settings(
            store_folder, report_templates(), Brand(), dt.date.today(), include_private
        )
        write_report(settings, Job(audit_id, target))
        return target

    return write
