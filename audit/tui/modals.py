"""Small dialogs: confirm, a line of text (note, N/A reason), pick a section, edit an action,
and the list of keys (built by the app from the screens' bindings). Each returns its result
through `dismiss`; none touches the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from audit.domain.audit import ActionEdit, ActionStatus
from audit.domain.dates import DateError, parse_date
from audit.domain.plan import Action
from audit.tui.guard import SAVE_ERRORS
from audit.tui.marks import MarkedCheckbox, MarkedRadioButton
from audit.tui.text import literal


class ConfirmModal(ModalScreen[bool]):
    """Ask a yes/no question; Enter or y confirms, Escape or n cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


@dataclass(frozen=True)
class NoteResult:
    text: str
    private: bool


class TextModal(ModalScreen[NoteResult | None]):
    """One line of text, e.g. a note or the reason a question does not apply."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # Before the focused field: on the Private box, Enter saves too (Space ticks it).
        Binding("enter", "save", "Save", priority=True),
    ]

    def __init__(
        self,
        title: str,
        initial: str = "",
        placeholder: str = "",
        *,
        private: bool | None = None,
        keep: Callable[[NoteResult], object] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.placeholder = placeholder
        self.private = private  # None: no "private" box is offered
        self.keep = keep  # saves the text when the app quits with this dialog open
        self._refused: NoteResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield Input(self.initial, placeholder=self.placeholder, id="text")
            if self.private is not None:
                yield MarkedCheckbox(
                    "Private: keep out of the client's report", self.private, id="private"
                )
            yield Static("Enter saves · Esc cancels", classes="dialog-hint")

    def _result(self) -> NoteResult:
        private = self.query_one("#private", Checkbox).value if self.private is not None else False
        return NoteResult(self.query_one("#text", Input).value.strip(), private)

    def action_save(self) -> None:
        # A priority binding runs when Enter arrives, before the field has taken the keys
        # typed just ahead of it (a pasted line and Enter lose their last letters). In the
        # field, Enter goes on to it instead, and its Submitted message comes after them.
        if isinstance(self.focused, Input):
            raise SkipAction()
        self.dismiss(self._result())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self._result())

    def keep_typed(self) -> bool:
        """Ctrl+Q: a changed note is saved, as a typed answer is, rather than lost.

        False if it cannot be saved (the reason is on screen): the dialog stays, and Ctrl+Q
        again with the same text quits without it, as the message says.
        """
        result = self._result()
        unchanged = NoteResult(self.initial.strip(), bool(self.private))
        if self.keep is None or result in (unchanged, self._refused):
            return True
        try:
            self.keep(result)
        except SAVE_ERRORS as error:
            self._refused = result
            self.notify(
                f"{error} Ctrl+Q again quits without it.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return False
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of a few labelled items (a section to jump to, say); returns its id."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, items: list[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(literal(label), id=item_id) for item_id, label in self.items),
                id="choices",
            )
            yield Static("Enter picks · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        ids = [item_id for item_id, _ in self.items]
        if self.current in ids:
            choices.highlighted = ids.index(self.current)
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionEditModal(ModalScreen[ActionEdit | None]):
    """Who does an action, by when, and how far it is."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, action: Action) -> None:
        super().__init__()
        self.action_item = action

    def compose(self) -> ComposeResult:
        action = self.action_item
        with VerticalScroll(classes="dialog wide"):
            yield Label(f"Action {action.rank}", classes="dialog-title")
            yield Static(literal(action.text), classes="dialog-text")
            with Horizontal(id="edit-fields"):
                with Vertical():
                    yield Label("Owner")
                    yield Input(action.owner, placeholder="who does it", id="owner")
                with Vertical():
                    yield Label("Due (YYYY-MM-DD)")
                    yield Input(action.due, placeholder="e.g. 2027-01-31", id="due")
            yield Label("Status")
            with RadioSet(id="status"):
                for status in ActionStatus:
                    yield MarkedRadioButton(
                        status.label, status == action.status, name=status.value
                    )
            yield Static("", id="edit-error", classes="error")
            yield Static("Tab moves · Ctrl+S saves · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        due = self.query_one("#due", Input).value.strip()
        if due:
            try:
                due = parse_date(due).isoformat()
            except DateError as error:
                self.query_one("#edit-error", Static).update(literal(f"Due date: {error}"))
                return
        pressed = self.query_one(RadioSet).pressed_button
        status = ActionStatus(pressed.name) if pressed and pressed.name else ActionStatus.TODO
        owner = self.query_one("#owner", Input).value.strip()
        edit = ActionEdit(owner, due, status, carried_from=self.action_item.carried_from)
        self.dismiss(edit)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpModal(ModalScreen[None]):
    """The list of keys, as the app builds it from every screen's bindings."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]
    CLOSING = "Esc, q or F1 closes this list."

    def __init__(self, keys: str, start_at: str = "") -> None:
        """`start_at`: the heading of the section to open at (the screen help was asked on)."""
        super().__init__()
        self.keys = keys
        self.start_at = start_at

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label("Keys  ·  Esc closes", classes="dialog-title")
            yield Static(self.keys, markup=False)

    def on_mount(self) -> None:
        lines = self.keys.splitlines()
        if self.start_at in lines:
            # The section's heading at the top, under the title and the line after it.
            self.call_after_refresh(
                self.query_one(VerticalScroll).scroll_to,
                y=lines.index(self.start_at) + 2,
                animate=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
