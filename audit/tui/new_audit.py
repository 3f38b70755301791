"""New audit: who it is for, what kind of business it is, which questionnaire, whether it is
a self-assessment or an interview led by an auditor, and the cohort it belongs to, if any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from audit.catalog import Catalog, Entry
from audit.domain.audit import Mode
from audit.domain.questionnaire import Questionnaire
from audit.tui.footer import KeysFooter
from audit.tui.marks import MarkedRadioButton
from audit.tui.messages import CreateAudit
from audit.tui.text import literal

if TYPE_CHECKING:
    from audit.tui.service import AuditService


class NewAuditScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "app.pop_screen", "Cancel"),
    ]

    def __init__(self, service: AuditService, catalog: Catalog) -> None:
        super().__init__()
        self.service, self.catalog = service, catalog

    def compose(self) -> ComposeResult:
        names = self.service.client_names()
        yield Static("New audit", id="title-bar")
        with VerticalScroll(id="new-form"):
            yield Label("Client (business name)")
            yield Input(
                placeholder="e.g. Harbour Bakery",
                suggester=SuggestFromList(names, case_sensitive=False),
                id="client",
            )
            yield Label("Kind of business")
            yield Select(
                kind_options(self.catalog),
                prompt="Choose, or leave it to the first question",
                id="kind",
            )
            yield Label("Questionnaire")
            yield OptionList(
                *(
                    Option(literal(_label(e.questionnaire)), id=e.questionnaire.id)
                    for e in self.catalog.entries
                ),
                id="questionnaire",
            )
            yield Label("Who answers")
            with RadioSet(id="mode"):
                yield MarkedRadioButton("The business assesses itself", True, name=Mode.SELF.value)
                yield MarkedRadioButton(
                    "An auditor interviews the business", name=Mode.INTERVIEW.value
                )
            yield Label("Auditor's name (optional)")
            yield Input(placeholder="who runs the audit", id="auditor")
            yield Label("Cohort (optional)")
            yield Input(
                placeholder="a workshop or programme, e.g. Spring workshop 2027",
                suggester=SuggestFromList(self.service.cohort_names(), case_sensitive=False),
                id="cohort",
            )
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (Ctrl+S)", variant="primary", id="start")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#questionnaire", OptionList).highlighted = 0
        self.query_one("#client", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.app.pop_screen()

    def on_option_list_option_selected(self) -> None:
        self.focus_next()

    def action_start(self) -> None:
        client = self.query_one("#client", Input).value.strip()
        if not client:
            self._error("Type the client's business name first.")
            self.query_one("#client", Input).focus()
            return
        choices = self.query_one("#questionnaire", OptionList)
        if choices.highlighted is None:
            self._error("Pick a questionnaire.")
            return
        questionnaire_id = choices.get_option_at_index(choices.highlighted).id
        pressed = self.query_one("#mode", RadioSet).pressed_button
        mode = Mode(pressed.name) if pressed and pressed.name else Mode.SELF
        auditor = self.query_one("#auditor", Input).value.strip()
        cohort = self.query_one("#cohort", Input).value.strip()
        self.post_message(
            CreateAudit(client, str(questionnaire_id), mode, auditor, self.chosen_kind(), cohort)
        )

    def chosen_kind(self) -> str | None:
        value = self.query_one("#kind", Select).value
        return value if isinstance(value, str) else None

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(literal(message))


def _label(questionnaire: Questionnaire) -> str:
    # Conditions skip some questions, so the count is a ceiling.
    return f"{questionnaire.title}  (up to {len(questionnaire.questions)} questions)"


# The profile question both built-ins ask first; the form answers it as `audit new --kind` does.
KIND_QUESTION = "business-kind"


def kind_options(catalog: Catalog) -> list[tuple[str, str]]:
    """(short label, kind id) from the first questionnaire that asks the kind of business."""
    for entry in catalog.entries:
        question = entry.questionnaire.question(KIND_QUESTION)
        if question is not None:
            return [(short_kind(c.label), c.id) for c in question.choices]
    return []


def short_kind(label: str) -> str:
    # The choice labels explain themselves with examples; the form has room for the gist only.
    for mark in (" (", ":"):
        label = label.split(mark, 1)[0]
    return label


def kind_label(entry: Entry, kind: str | None) -> str:
    """The chosen kind's short label, if this questionnaire asks it; else empty."""
    question = entry.questionnaire.question(KIND_QUESTION)
    choice = question.choice(kind) if question is not None and kind else None
    return short_kind(choice.label) if choice is not None else ""
