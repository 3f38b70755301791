"""The answer input of a question, one widget per kind, each posting what the user did as a
message (as Textual's own widgets do): the question screen saves it and moves on.

`ChoiceList` shows points, choices or yes/partly/no and posts `Picked`; `TickList` shows the
choices of a multiple-choice question and posts `Toggled`; `AnswerBox` takes a typed number or
text and posts `Typed`, or `Move` when an arrow key leaves it. The options, their keys and the
hint come from the session's question engine, so they read as they do in the interview.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from audit.domain.answers import Answer, AnswerValue, describe_value
from audit.domain.questionnaire import Kind, Question
from audit.session.questions import (
    choices_of,
    key_range,
    scale_line,
    typed_text,
    typed_wanted,
)
from audit.text import clipped
from audit.tui.text import literal

PICKED, NOT_PICKED = "●", "○"
# Multiple choice: the tick is a character, so ticked and unticked differ without colour.
TICKED, NOT_TICKED = "[x]", "[ ]"


@dataclass
class Picked(Message):
    """A point, a choice or yes/partly/no was picked: save it and move on."""

    value: str | int


@dataclass
class Toggled(Message):
    """The choice at `index` was ticked or unticked (saved at once, the question stays)."""

    index: int


@dataclass
class Typed(Message):
    """A number or text was given with Enter."""

    text: str


@dataclass
class Move(Message):
    """An arrow key at the edge of the box: to the next question, or (not forward) back."""

    forward: bool


class ChoiceList(OptionList):
    """One answer of a few: the picked one is marked ●; Enter on a line picks it."""

    _values: tuple[str | int, ...] = ()

    def show(self, question: Question, value: AnswerValue | None) -> None:
        choices = choices_of(question)
        self._values = tuple(choice.value for choice in choices)
        self.clear_options()
        self.add_options(
            Option(literal(f"{PICKED if c.value == value else NOT_PICKED} {c.line}"), id=c.key)
            for c in choices
        )
        self.highlighted = self._values.index(value) if value in self._values else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Picked(self._values[event.option_index]))


class TickList(OptionList):
    """The choices of a multiple-choice question: Space or Enter ticks or unticks the highlighted
    one."""

    BINDINGS = [Binding("space", "select", "Tick", show=False)]

    def show(self, question: Question, value: AnswerValue | None, keep_highlight: bool) -> None:
        # A tick redraws the marks; the highlight stays where it was.
        keep = self.highlighted if keep_highlight else None
        chosen = value if isinstance(value, tuple) else ()
        self.clear_options()
        self.add_options(
            Option(literal(f"{TICKED if c.value in chosen else NOT_TICKED} {c.line}"), id=c.key)
            for c in choices_of(question)
        )
        self.highlighted = keep if keep is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Toggled(event.option_index))


class AnswerBox(Input):
    """The box for number and text answers. → at the end of the text and ← at its start move
    between questions, as they do on every other kind of question."""

    _shows: tuple[str, str] | None = None  # (question, stored text) last put in the box

    def show(self, question: Question, value: AnswerValue | None) -> None:
        # The box keeps what was typed while the stored answer stays the same (back from help
        # or a dialog); it shows the stored answer once that changes.
        stored = typed_text(question, value)
        if self._shows != (question.id, stored):
            self.value = stored
            self._shows = (question.id, stored)
        # Plain text even for numbers: "2 days" is refused with the reason on Enter, not cut
        # to "2" by dropping the letters as they are typed.
        self.type = "text"
        if question.kind is Kind.TEXT:
            self.placeholder = "type the answer, then Enter"
        else:
            self.placeholder = typed_wanted(question, short=True) + ", then Enter"

    def pending(self, question: Question, answer: Answer | None) -> str | None:
        """Text typed here but not yet given with Enter (None if there is none)."""
        typed = self.value.strip()
        stored = typed_text(question, answer.value if answer else None)
        return typed if typed and typed != stored else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Typed(event.value))

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and self.cursor_at_end:
            self.post_message(Move(forward=True))
            return
        super().action_cursor_right(select)

    def action_cursor_left(self, select: bool = False) -> None:
        if not select and self.cursor_position == 0:
            self.post_message(Move(forward=False))
            return
        super().action_cursor_left(select)


class AnswerMeta(Static):
    """Below the input: the answer as given, its note and flag, and the keys that answer."""

    def show(self, question: Question, answer: Answer | None) -> None:
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
        extra = " · a: not applicable" if question.allow_na else ""
        meta.append(_hint(question) + extra + " · h: why this matters", "dim")
        self.update(meta)


def _hint(question: Question) -> str:
    keys = key_range(question)
    match question.kind:
        case Kind.SCALE | Kind.SINGLE | Kind.YES_PARTLY_NO:
            return f"Press {keys} to answer"
        case Kind.MULTIPLE:
            return f"{keys} or Space tick or untick (saved at once) · 0: none of these · → moves on"
        case Kind.NUMBER:
            return "Type a number and press Enter · Esc leaves the box, Enter goes in"
        case Kind.PAIRED:
            return (
                f"Type expected, then received ({scale_line(question)}) and press Enter"
                " · Esc leaves the box"
            )
        case Kind.IMPORTANCE:
            return f"Type {typed_wanted(question)} and press Enter · Esc leaves the box"
    return "Type and press Enter · Esc leaves the box, Enter goes in"
