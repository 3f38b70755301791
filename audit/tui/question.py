"""One question at a time: its section and progress, the answer choices, help at hand.

Every answer, note, flag and N/A is saved through the session the moment it is given; the line
above the footer says so. Picking a point, a choice or yes/partly/no moves on to the next
question; typed answers and ticked choices move on with Enter.
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
from textual.widgets import Input, OptionList, ProgressBar, SelectionList, Static
from textual.widgets.option_list import Option

from audit.console import clipped
from audit.domain.answers import AnswerError, describe_value
from audit.domain.questionnaire import Kind, Requirement
from audit.session import AuditSession
from audit.storage.files import StoreError
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.modals import ChoiceModal, NoteResult, TextModal
from audit.tui.text import literal

if TYPE_CHECKING:
    from audit.tui.app import AuditApp

PICKED, NOT_PICKED = "●", "○"
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
            yield SelectionList[str](id="multiple")
            yield AnswerBox(id="typed")
            yield Static(id="answer-meta")
        yield Static(id="saved")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        audit = self.session.audit
        client = self.audit_app.store.client(audit.client_id)
        title = f"{client.name} · {self.session.questionnaire.title}"
        self.query_one("#title-bar", Static).update(literal(title))
        self.show_question()

    def on_screen_resume(self) -> None:
        self.show_question()

    # -- showing -------------------------------------------------------------------------------

    @shows_errors
    def show_question(self) -> None:
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
        multiple = self.query_one("#multiple", SelectionList)
        typed = self.query_one("#typed", Input)
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
                multiple.clear_options()
                chosen = value if isinstance(value, tuple) else ()
                multiple.add_options(
                    (literal(c.label), c.id, c.id in chosen) for c in question.choices
                )
                multiple.display = True
                multiple.focus()
            case Kind.NUMBER | Kind.TEXT:
                typed.value = "" if value is None else str(value)
                typed.type = "number" if question.kind is Kind.NUMBER else "text"
                typed.placeholder = self._typed_placeholder()
                typed.display = True
                typed.focus()
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
            Kind.MULTIPLE: "Space ticks or unticks a choice (saved at once) · → moves on",
            Kind.NUMBER: "Type a number and press Enter · Esc leaves the box",
            Kind.TEXT: "Type and press Enter · Esc leaves the box",
        }
        extra = " · a: not applicable" if question.allow_na else ""
        meta.append(hints[question.kind] + extra + " · h: why this matters", "dim")
        self.query_one("#answer-meta", Static).update(meta)

    def _saved(self, message: str, error: bool = False) -> None:
        saved = self.query_one("#saved", Static)
        saved.set_class(error, "error")
        saved.update(literal(message))

    # -- answering -----------------------------------------------------------------------------

    def _give(self, raw: object, advance: bool) -> None:
        """Save `raw` as the answer; move on if asked to. Errors stay on this question."""
        question = self.session.question
        _, planned_before = self.session.assigned_actions_in_plan(question.id)
        try:
            answer = self.session.answer(raw)
        except (AnswerError, StoreError) as error:
            self._saved(f"Not saved: {error}", error=True)
            return
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

    def _advance(self) -> None:
        if self.session.at_last:
            self.show_question()
            self.action_review()
            return
        self.session.next()
        self.show_question()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option_id
        value: object = int(key) if self.session.question.kind is Kind.SCALE and key else key
        self._give(value, advance=True)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        selected = tuple(event.selection_list.selected)
        answer = self.session.current_answer
        if answer is not None and answer.value == selected:
            return  # the list was just filled from the stored answer
        if answer is None and not selected:
            return
        self._give(list(selected), advance=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._saved("Type an answer first, or press → to skip this question.", error=True)
            return
        self._give(event.value, advance=True)

    def on_key(self, event: events.Key) -> None:
        """Digits pick a point or choice; y, p and n answer yes/partly/no."""
        if isinstance(self.focused, Input):
            return
        question = self.session.question
        if question.kind is Kind.YES_PARTLY_NO and event.character in ("y", "p", "n"):
            event.stop()
            self._give(event.character, advance=True)
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

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)  # first Esc leaves the text box so the letter keys work
            return
        self.app.pop_screen()
