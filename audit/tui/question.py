"""One question at a time: its section and progress, the answer choices, help at hand.

Every answer, note, flag and N/A is saved through the session the moment it is given; the line
above the footer says so. Picking a point, a choice or yes/partly/no moves on to the next
question; typed answers move on with Enter, ticked choices with →. Text typed in the box and not
yet saved is given when the question is left by any way (→ ←, Esc, Ctrl+Q), never dropped.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from audit.domain.answers import AnswerError, describe_value
from audit.domain.questionnaire import Kind, Requirement
from audit.session import AuditSession
from audit.storage.files import StoreError
from audit.text import clipped
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.modals import ChoiceModal, NoteResult, TextModal
from audit.tui.text import literal

if TYPE_CHECKING:
    from audit.tui.app import AuditApp

PICKED, NOT_PICKED = "●", "○"
# Multiple choice: the tick is a character, so ticked and unticked differ without colour.
TICKED, NOT_TICKED = "[x]", "[ ]"
LEAVE_ANYWAY = " · Esc or Ctrl+Q again leaves without it"
YES_PARTLY_NO = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"))


class AnswerBox(Input):
    """The box for number and text answers. → at the end of the text and ← at its start move
    between questions, as they do on every other kind of question."""

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and self.cursor_at_end and isinstance(self.screen, QuestionScreen):
            self.screen.action_next()
            return
        super().action_cursor_right(select)

    def action_cursor_left(self, select: bool = False) -> None:
        if not select and self.cursor_position == 0 and isinstance(self.screen, QuestionScreen):
            self.screen.action_previous()
            return
        super().action_cursor_left(select)


class TickList(OptionList):
    """The choices of a multiple-choice question: Space or Enter ticks or unticks the highlighted
    one (the screen does the ticking, through `OptionSelected`)."""

    BINDINGS = [Binding("space", "select", "Tick", show=False)]


class QuestionScreen(Screen[None]):
    BINDINGS = [
        # Page keys win over the answer widgets (a short list needs no paging); the arrows
        # stay with a text box, where they move the cursor.
        Binding("pagedown", "next", "Next", key_display="→", priority=True),
        Binding("pageup", "previous", "Back", key_display="←", priority=True),
        Binding("right", "next", "Next", show=False),
        Binding("left", "previous", "Back", show=False),
        Binding("h", "toggle_help", "Why?"),
        Binding("o", "note", "Note"),
        # Not in the footer (no room at 80 columns): the hint line says "a: not applicable".
        Binding("a", "not_applicable", "N/A", show=False),
        Binding("f", "flag", "Flag"),
        Binding("s", "sections", "Jump"),
        Binding("r", "review", "Review"),
        Binding("x", "clear", "Clear", show=False),
        Binding("escape", "leave", "Home"),
    ]

    def __init__(self, session: AuditSession) -> None:
        super().__init__()
        self.session = session
        self.show_help = False
        self._shown_id: str | None = None  # the question on screen, to keep its highlight
        self._box_shows: tuple[str, str] | None = None  # (question, stored text) in the box
        self._refused: str | None = None  # typed text refused when leaving: a 2nd time leaves

    @property
    def audit_app(self) -> AuditApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        yield Static(id="where")
        with Horizontal(id="progress-row"):
            yield Static("Answered", id="progress-label")
            yield ProgressBar(total=1, show_eta=False, id="overall")
            yield Static(id="progress-count")
        with VerticalScroll(id="question-body"):
            yield Static(id="question-text")
            yield Static(id="help-text")
            yield OptionList(id="choices", markup=False)
            yield TickList(id="multiple", markup=False)
            # The cursor goes to the end, not a selection of all: a key pressed by mistake
            # adds a letter to see and remove, it does not replace the answer.
            yield AnswerBox(id="typed", select_on_focus=False)
            yield Static(id="answer-meta")
        yield Static(id="saved")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        audit = self.session.audit
        client = self.audit_app.store.client(audit.client_id)
        title = f"{client.name} · {self.session.questionnaire.title}"
        self.query_one("#title-bar", Static).update(literal(title))
        # Tab from outside the box goes straight into it, not to the scrolling body first.
        self.query_one("#question-body").can_focus = False
        self.show_question()

    def on_screen_resume(self) -> None:
        # Back from the review, a dialog or the help, the letter keys stay commands (`s` jumps,
        # it does not type an "s"); Enter or Tab goes into the box.
        self.show_question(enter_box=False)

    # -- showing -------------------------------------------------------------------------------

    @shows_errors
    def show_question(self, enter_box: bool = True) -> None:
        """Show the current question. Arriving at a question goes into its answer box (unless
        `enter_box` is False); a note, a flag or a tick on the same question leaves the focus
        where it was, so a letter pressed next is a command, not a word in the answer."""
        session = self.session
        if not session.asked:
            return
        question, section = session.question, session.section
        answer = session.current_answer
        at, of = session.position_in_section()
        sections = session.questionnaire.sections
        number = [s.id for s in sections].index(section.id) + 1
        where = f"Section {number} of {len(sections)}: {section.title} · question {at} of {of}"
        self.query_one("#where", Static).update(literal(where))
        bar = self.query_one("#overall", ProgressBar)
        bar.update(total=len(session.asked), progress=session.answered_count)
        count = f"{session.answered_count} of {len(session.asked)} questions"
        self.query_one("#progress-count", Static).update(count)

        text = Text()
        text.append_text(literal(question.text, "bold"))
        if question.required is Requirement.HARD:
            text.append("  (required)", "italic")
        self.query_one("#question-text", Static).update(text)
        help_text = self.query_one("#help-text", Static)
        help_text.update(literal(f"Why this matters: {question.help}"))
        help_text.display = self.show_help

        choices = self.query_one("#choices", OptionList)
        multiple = self.query_one("#multiple", TickList)
        typed = self.query_one("#typed", Input)
        same_question = self._shown_id == question.id
        self._shown_id = question.id
        if not same_question:
            self._refused = None
        for widget in (choices, multiple, typed):
            widget.display = False
        value = answer.value if answer is not None else None
        match question.kind:
            case Kind.SCALE | Kind.SINGLE | Kind.YES_PARTLY_NO:
                options = self._options()
                choices.clear_options()
                choices.add_options(
                    Option(
                        literal(f"{PICKED if key == value else NOT_PICKED} {shown}"), id=str(key)
                    )
                    for key, shown in options
                )
                keys: list[object] = [key for key, _ in options]
                choices.highlighted = keys.index(value) if value in keys else 0
                choices.display = True
                choices.focus()
            case Kind.MULTIPLE:
                # A tick redraws the marks; the highlight stays where it was.
                keep = multiple.highlighted if same_question else None
                chosen = value if isinstance(value, tuple) else ()
                multiple.clear_options()
                marks = {c.id: TICKED if c.id in chosen else NOT_TICKED for c in question.choices}
                multiple.add_options(
                    Option(literal(f"{marks[c.id]} {n}  {c.label}"), id=c.id)
                    for n, c in enumerate(question.choices, start=1)
                )
                multiple.highlighted = keep if keep is not None else 0
                multiple.display = True
                multiple.focus()
            case Kind.NUMBER | Kind.TEXT:
                # The box keeps what was typed while the stored answer stays the same (back
                # from help or a dialog); it shows the stored answer once that changes.
                stored = "" if value is None else str(value)
                if self._box_shows != (question.id, stored):
                    typed.value = stored
                    self._box_shows = (question.id, stored)
                # Plain text even for numbers: "2 days" is refused with the reason on Enter,
                # not cut to "2" by dropping the letters as they are typed.
                typed.type = "text"
                typed.placeholder = self._typed_placeholder()
                typed.display = True
                if enter_box and not same_question:
                    typed.focus()
                elif not enter_box:
                    self.set_focus(None)
        self._show_meta()
        self.refresh_bindings()  # Back and N/A depend on the question

    def _options(self) -> list[tuple[str | int, str]]:
        question = self.session.question
        if question.kind is Kind.SCALE:
            return [(n, f"{n}  {label}") for n, label in enumerate(question.points, start=1)]
        if question.kind is Kind.YES_PARTLY_NO:
            return [(key, f"{label[0].lower()}  {label}") for key, label in YES_PARTLY_NO]
        return [(c.id, f"{n}  {c.label}") for n, c in enumerate(question.choices, start=1)]

    def _typed_placeholder(self) -> str:
        question = self.session.question
        if question.kind is Kind.TEXT:
            return "type the answer, then Enter"
        bounds = []
        if question.minimum is not None:
            bounds.append(f"at least {question.minimum:g}")
        if question.maximum is not None:
            bounds.append(f"at most {question.maximum:g}")
        unit = f" {question.unit}" if question.unit else ""
        return f"a number{unit}" + (f" ({', '.join(bounds)})" if bounds else "") + ", then Enter"

    def _show_meta(self) -> None:
        question, answer = self.session.question, self.session.current_answer
        meta = Text()
        if answer is not None and answer.is_na:
            meta.append("N/A: this question does not apply")
            if answer.na_reason:
                meta.append(" (")
                meta.append_text(literal(clipped(answer.na_reason, 500)))
                meta.append(")")
            meta.append("\n")
        elif answer is not None and answer.value is not None:
            meta.append("Your answer: ")
            meta.append_text(literal(describe_value(question, answer.value), "bold"))
            meta.append("\n")
        if answer is not None and answer.note:
            meta.append("Private note: " if answer.note_private else "Note: ")
            meta.append_text(literal(clipped(answer.note, 500)))
            meta.append("\n")
        if answer is not None and answer.flagged:
            meta.append("⚑ Flagged for review\n")
        hints = {
            Kind.SCALE: f"Press 1-{len(question.points)} to answer",
            Kind.SINGLE: f"Press 1-{len(question.choices)} to answer",
            Kind.YES_PARTLY_NO: "Press y, p or n to answer",
            Kind.MULTIPLE: f"1-{len(question.choices)} or Space tick or untick (saved at once)"
            " · 0: none of these · → moves on",
            Kind.NUMBER: "Type a number and press Enter · Esc leaves the box, Enter goes in",
            Kind.TEXT: "Type and press Enter · Esc leaves the box, Enter goes in",
        }
        extra = " · a: not applicable" if question.allow_na else ""
        meta.append(hints[question.kind] + extra + " · h: why this matters", "dim")
        self.query_one("#answer-meta", Static).update(meta)

    def _saved(self, message: str, error: bool = False) -> None:
        saved = self.query_one("#saved", Static)
        saved.set_class(error, "error")
        saved.update(literal(message))

    # -- answering -----------------------------------------------------------------------------

    def _give(self, raw: object, advance: bool, refused_then: str = "") -> bool:
        """Save `raw` as the answer; move on if asked to. Errors stay on this question, with
        `refused_then` after the reason; False if it was not saved."""
        question = self.session.question
        _, planned_before = self.session.assigned_actions_in_plan(question.id)
        try:
            answer = self.session.answer(raw)
        except (AnswerError, StoreError) as error:
            self._saved(f"Not saved: {error}{refused_then}", error=True)
            return False
        shown = describe_value(question, answer.value)
        self._saved(f"✓ Saved: {shown}")
        _, planned_now = self.session.assigned_actions_in_plan(question.id)
        if planned_now < planned_before:
            # An owner was given work that this better answer takes off the plan: say so.
            self.notify(
                "This answer takes an assigned action off the plan. Its owner and due date "
                "are kept and come back if the answer does.",
                title="Action plan changed",
                timeout=8,
            )
        if advance:
            self._advance()
        else:
            self.show_question()
        return True

    def _advance(self) -> None:
        if self.session.at_last:
            self.show_question()
            self.action_review()
            return
        self.session.next()
        self.show_question()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "multiple":
            self._toggle_choice(event.option_index)
            return
        key = event.option_id
        value: object = int(key) if self.session.question.kind is Kind.SCALE and key else key
        self._give(value, advance=True)

    @shows_errors
    def _toggle_choice(self, index: int) -> None:
        """Tick or untick choice `index`. Unticking the last one leaves the question unanswered:
        "none of these" scores 0, so it is saved only when asked for (0)."""
        question, answer = self.session.question, self.session.current_answer
        ticked = set(answer.value) if answer and isinstance(answer.value, tuple) else set()
        ticked ^= {question.choices[index].id}
        self.query_one("#multiple", TickList).highlighted = index
        if ticked:
            self._give([c.id for c in question.choices if c.id in ticked], advance=False)
            return
        self.session.withdraw()
        self._saved("Nothing ticked: not answered. Press 0 if none of these apply.")
        self.show_question()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._saved("Type an answer first, or press → to skip this question.", error=True)
            return
        self._give(event.value, advance=True)

    def on_key(self, event: events.Key) -> None:
        """Digits pick a point or choice, or tick one (0: none of these); y, p and n answer
        yes/partly/no; Enter goes into the box of a typed answer."""
        if isinstance(self.focused, Input):
            return
        question = self.session.question
        if question.kind is Kind.YES_PARTLY_NO and event.character in ("y", "p", "n"):
            event.stop()
            self._give(event.character, advance=True)
        elif question.kind in (Kind.NUMBER, Kind.TEXT) and event.key == "enter":
            event.stop()
            self.query_one("#typed", Input).focus()
        elif question.kind is Kind.MULTIPLE and (event.character or "").isdigit():
            number = int(event.character or "0")
            if number == 0:
                event.stop()
                self._give([], advance=False)  # "none of these", said in so many words
            elif number <= len(question.choices):
                event.stop()
                self._toggle_choice(number - 1)
        elif question.kind in (Kind.SCALE, Kind.SINGLE) and (event.character or "").isdigit():
            number = int(event.character or "0")
            options = self._options()
            if 1 <= number <= len(options):
                event.stop()
                self._give(options[number - 1][0], advance=True)

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "not_applicable":
            return bool(self.session.asked) and self.session.question.allow_na
        if action == "previous":
            return not self.session.at_first
        return True

    def _pending_typed_answer(self) -> str | None:
        """Text typed in the box but not yet given with Enter (None if there is none)."""
        question, answer = self.session.question, self.session.current_answer
        if question.kind not in (Kind.NUMBER, Kind.TEXT):
            return None
        typed = self.query_one("#typed", Input).value.strip()
        stored = "" if answer is None or answer.value is None else str(answer.value)
        return typed if typed and typed != stored else None

    @shows_errors
    def action_next(self) -> None:
        pending = self._pending_typed_answer()
        if pending is not None:
            # Moving on gives what was typed, as Enter would: typing is never silently lost.
            self._give(pending, advance=True)
            return
        if self.session.at_last:
            self.action_review()
            return
        self.session.next()
        self._saved("")
        self.show_question()

    @shows_errors
    def action_previous(self) -> None:
        pending = self._pending_typed_answer()
        if pending is not None:
            question = self.session.question
            self._give(pending, advance=False)
            if self.session.question is question and self._pending_typed_answer() is not None:
                return  # not saved (the reason is on screen): stay on it
        if self.session.previous():
            self._saved("")
            self.show_question()

    def action_toggle_help(self) -> None:
        self.show_help = not self.show_help
        self.query_one("#help-text").display = self.show_help

    def action_note(self) -> None:
        answer = self.session.current_answer
        note, private = (answer.note, answer.note_private) if answer else ("", False)

        @shows_errors
        def done(self: QuestionScreen, result: NoteResult | None) -> None:
            if result is None:
                return
            self.session.set_note(result.text, result.private)
            self._saved("✓ Note saved" if result.text else "✓ Note removed")
            self.show_question()

        self.app.push_screen(
            TextModal("Note on this answer", note, "anything worth remembering", private=private),
            functools.partial(done, self),
        )

    def action_not_applicable(self) -> None:
        @shows_errors
        def done(self: QuestionScreen, result: NoteResult | None) -> None:
            if result is None:
                return
            self.session.mark_not_applicable(result.text)
            self._saved("✓ Marked not applicable")
            self._advance()

        self.app.push_screen(
            TextModal("Why does this question not apply?", "", "a short reason (optional)"),
            functools.partial(done, self),
        )

    @shows_errors
    def action_flag(self) -> None:
        answer = self.session.toggle_flag()
        self._saved("✓ Flagged for review" if answer.flagged else "✓ Flag removed")
        self.show_question()

    @shows_errors
    def action_clear(self) -> None:
        self.session.clear()
        self._saved("✓ Answer cleared")
        self.show_question()

    @shows_errors
    def action_sections(self) -> None:
        session = self.session
        items = []
        for section in session.questionnaire.sections:
            mine = [q for q in session.asked if q in section.questions]
            if not mine:
                continue
            done = sum(1 for q in mine if session.is_answered(q))
            items.append((section.id, f"{section.title}  ({done} of {len(mine)} answered)"))

        def picked(section_id: str | None) -> None:
            if section_id and session.go_to_section(section_id):
                self._saved("")
                self.show_question()

        self.app.push_screen(ChoiceModal("Jump to a section", items, session.section.id), picked)

    def action_review(self) -> None:
        self.audit_app.open_review(self.session)

    def keep_typed(self) -> bool:
        """Before the questions are left: save what is typed in the box and not yet given.

        False if it cannot be saved (the reason is on screen): the user stays, to correct it;
        leaving again with the same text leaves without it, as the message says.
        """
        pending = self._pending_typed_answer() if self.session.asked else None
        if pending is None or pending == self._refused:
            return True
        if self._give(pending, advance=False, refused_then=LEAVE_ANYWAY):
            return True
        self._refused = pending
        return False

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)  # first Esc leaves the text box so the letter keys work
            return
        if self.keep_typed():
            self.app.pop_screen()
