"""One question at a time: its section and progress, the answer choices, help at hand.

Every answer, note, flag and N/A is saved through the session the moment it is given; the line
above the footer says so. Picking a point, a choice or yes/partly/no moves on to the next
question; typed answers move on with Enter, ticked choices with →. Text typed in the box and not
yet saved is given when the question is left by any way (→ ←, Esc, Ctrl+Q), never dropped.
"""

from __future__ import annotations

import functools

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from audit.domain.answers import describe_value
from audit.domain.questionnaire import Kind, Requirement
from audit.session import AuditSession
from audit.session import questions as engine
from audit.tui.answer_inputs import (
    AnswerBox,
    AnswerMeta,
    ChoiceList,
    Move,
    Picked,
    TickList,
    Toggled,
    Typed,
)
from audit.tui.footer import KeysFooter
from audit.tui.guard import SAVE_ERRORS, shows_errors
from audit.tui.keys import KeyRow
from audit.tui.messages import ChooseRespondent, OpenReview
from audit.tui.modals import ChoiceModal, ConfirmModal, NoteResult, TextModal
from audit.tui.text import literal

LEAVE_ANYWAY = " · Esc or Ctrl+Q again leaves without it"


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
        Binding("w", "respondent", "Who", show=False),
        Binding("escape", "leave", "Home"),
    ]
    KEY_HELP = (
        # The answer keys are the answer widgets' and the question engine's, not bindings.
        KeyRow("pick a point or a choice; tick or untick one (multiple choice)", keys="1-9"),
        KeyRow("none of these (multiple choice)", keys="0"),
        KeyRow("yes / partly / no", keys="y / p / n"),
        KeyRow("tick or untick the highlighted choice (multiple choice)", keys="Space"),
        KeyRow("save a typed number or text and move on; outside the box: go in", keys="Enter"),
        KeyRow("next question", ("next",), keys="→ or PgDn"),
        KeyRow("previous question", ("previous",), keys="← or PgUp"),
        KeyRow("why this question matters", ("toggle_help",)),
        KeyRow("a note on the answer (can be private)", ("note",)),
        KeyRow("not applicable, with a reason (where allowed)", ("not_applicable",)),
        KeyRow("flag for review", ("flag",)),
        KeyRow("clear the answer (asks first)", ("clear",)),
        KeyRow("jump to a section", ("sections",)),
        KeyRow("review and finish", ("review",)),
        KeyRow("who is answering: another respondent, or someone new", ("respondent",)),
        KeyRow("leave a text box; again: back to home (what is typed is saved)", ("leave",)),
    )

    def __init__(self, session: AuditSession, client_name: str) -> None:
        super().__init__()
        self.session = session
        self.client_name = client_name
        self.show_help = False
        self._shown_id: str | None = None  # the question on screen, to keep its highlight
        self._refused: str | None = None  # typed text refused when leaving: a 2nd time leaves

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
            yield ChoiceList(id="choices", markup=False)
            yield TickList(id="multiple", markup=False)
            # The cursor goes to the end, not a selection of all: a key pressed by mistake
            # adds a letter to see and remove, it does not replace the answer.
            yield AnswerBox(id="typed", select_on_focus=False)
            yield AnswerMeta(id="answer-meta")
        yield Static(id="saved")
        yield KeysFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_title()
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
        question, answer = session.question, session.current_answer
        at, of = session.position_in_section()
        where = f"{session.section_heading()} · question {at} of {of}"
        self.query_one("#where", Static).update(literal(where))
        bar = self.query_one("#overall", ProgressBar)
        bar.update(total=len(session.asked), progress=session.answered_count)
        count = f"{session.answered_count} of {len(session.asked)} questions"
        self.query_one("#progress-count", Static).update(count)

        text = Text()
        text.append_text(literal(question.text, "bold"))
        if question.required is Requirement.HARD:
            text.append("  (required)", "italic")
        last_time = session.last_time()  # the earlier audit's answer, shown, never filled in
        if last_time:
            text.append(f"\n{last_time}", "dim")
        self.query_one("#question-text", Static).update(text)
        help_text = self.query_one("#help-text", Static)
        help_text.update(literal(f"Why this matters: {question.help}"))
        help_text.display = self.show_help

        choices = self.query_one(ChoiceList)
        multiple = self.query_one(TickList)
        typed = self.query_one(AnswerBox)
        same_question = self._shown_id == question.id
        self._shown_id = question.id
        if not same_question:
            self._refused = None
        choices.display = question.kind in engine.CHOICE_KINDS
        multiple.display = question.kind is Kind.MULTIPLE
        typed.display = question.kind in engine.TYPED_KINDS
        value = answer.value if answer else None
        if question.kind in engine.CHOICE_KINDS:
            choices.show(question, value)
            choices.focus()
        elif question.kind is Kind.MULTIPLE:
            multiple.show(question, value, keep_highlight=same_question)
            multiple.focus()
        else:
            typed.show(question, value)
            if enter_box and not same_question:
                typed.focus()
            elif not enter_box:
                self.set_focus(None)
        self.query_one(AnswerMeta).show(question, answer)
        self.refresh_bindings()  # Back and N/A depend on the question

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
        except SAVE_ERRORS as error:
            self._saved(engine.not_saved(error) + refused_then, error=True)
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

    def on_picked(self, message: Picked) -> None:
        message.stop()
        self._give(message.value, advance=True)

    def on_toggled(self, message: Toggled) -> None:
        message.stop()
        self._toggle_choice(message.index)

    def on_typed(self, message: Typed) -> None:
        message.stop()
        if not message.text.strip():
            self._saved(engine.NOTHING_TYPED, error=True)
            return
        self._give(message.text, advance=True)

    def on_move(self, message: Move) -> None:
        message.stop()
        if message.forward:
            self.action_next()
        else:
            self.action_previous()

    @shows_errors
    def _toggle_choice(self, index: int) -> None:
        """Tick or untick choice `index`. Unticking the last one leaves the question unanswered:
        "none of these" scores 0, so it is saved only when asked for (0)."""
        value = answer.value if (answer := self.session.current_answer) else None
        ticked = engine.after_toggle(self.session.question, value, index)
        self.query_one(TickList).highlighted = index
        if ticked:
            self._give(ticked, advance=False)
            return
        self.session.withdraw()
        self._saved(engine.NOTHING_TICKED)
        self.show_question()

    def on_key(self, event: events.Key) -> None:
        """Digits pick a point or choice, or tick one (0: none of these); y, p and n answer
        yes/partly/no; Enter goes into the box of a typed answer. What each key stands for is
        the question engine's, as in the interview."""
        if isinstance(self.focused, Input) or not self.session.asked:
            return
        question, key = self.session.question, event.character or ""
        if question.kind in engine.TYPED_KINDS and event.key == "enter":
            event.stop()
            self.query_one(AnswerBox).focus()
        elif (index := engine.ticked_by_key(question, key)) is not None:
            event.stop()
            if index < 0:
                self._give([], advance=False)  # "none of these", said in so many words
            else:
                self._toggle_choice(index)
        elif (value := engine.picked_by_key(question, key)) is not None:
            event.stop()
            self._give(value, advance=True)

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
        if question.kind not in engine.TYPED_KINDS:
            return None
        return self.query_one(AnswerBox).pending(question, answer)

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
            TextModal(
                "Note on this answer",
                note,
                "anything worth remembering",
                private=private,
                keep=lambda result: self.session.set_note(result.text, result.private),
            ),
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

        title = "Why does this question not apply?"
        answer = self.session.current_answer
        if answer is not None and answer.is_answered and not answer.is_na:
            # One key from losing an answer: the dialog says what Enter replaces (Esc keeps it).
            given = describe_value(self.session.question, answer.value)
            title += f' This replaces the answer "{given}"; Esc keeps it.'
        self.app.push_screen(
            TextModal(title, "", "a short reason (optional)"), functools.partial(done, self)
        )

    @shows_errors
    def action_flag(self) -> None:
        answer = self.session.toggle_flag()
        self._saved("✓ Flagged for review" if answer.flagged else "✓ Flag removed")
        self.show_question()

    def action_clear(self) -> None:
        """x: clearing loses the answer and its note, so it asks first (one key is easy to hit)."""
        answer = self.session.current_answer
        if answer is None:
            self._saved("Nothing to clear: this question has no answer yet")
            return
        what = "answer and its note" if answer.note else "answer"

        @shows_errors
        def confirmed(self: QuestionScreen, yes: bool | None) -> None:
            if not yes:
                return
            self.session.clear()
            self._saved("✓ Answer cleared")
            self.show_question()

        self.app.push_screen(
            ConfirmModal(f"Clear the {what} to this question?", yes="Clear"),
            functools.partial(confirmed, self),
        )

    @shows_errors
    def action_sections(self) -> None:
        session = self.session
        items = [
            (t.section.id, f"{t.section.title}  ({t.answered} of {t.asked} answered)")
            for t in session.jump_targets()
        ]

        def picked(section_id: str | None) -> None:
            if section_id and session.go_to_section(section_id):
                self._saved("")
                self.show_question()

        self.app.push_screen(ChoiceModal("Jump to a section", items, session.section.id), picked)

    def action_review(self) -> None:
        self.post_message(OpenReview(self.session))

    def action_respondent(self) -> None:
        self.post_message(ChooseRespondent(self.session))

    def show_respondent(self) -> None:
        """After a change of who is answering: their name on top, their answers below."""
        self._show_title()
        self._saved("")
        self.show_question()

    def _show_title(self) -> None:
        title = f"{self.client_name} · {self.session.questionnaire.title}"
        if len(self.session.audit.respondents) > 1:  # who is answering, when it can vary
            who = self.session.respondent
            title = f"Answering: {who.name} ({who.role.value}) · {title}"  # first: a narrow
            # screen cuts the end of the line
        self.query_one("#title-bar", Static).update(literal(title))

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
