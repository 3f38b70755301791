"""Who is answering: the modal that picks one of an audit's respondents or names a new one (the
app adds them: the store is the app's, never the modal's)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from audit.domain.respondents import Respondent, Role
from audit.tui.text import literal

NEW_ROLES = (Role.STAFF, Role.MANAGER, Role.CONSULTANT, Role.OWNER, Role.CUSTOMER)


@dataclass(frozen=True)
class RespondentPick:
    """An existing respondent (`respondent_id`), or a new one (`name` and `role`)."""

    respondent_id: str = ""
    name: str = ""
    role: Role = Role.STAFF


class RespondentModal(ModalScreen[RespondentPick | None]):
    """Pick who answers now, or type a new name and pick their role."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, respondents: tuple[Respondent, ...], current: str = "") -> None:
        super().__init__()
        self.respondents = respondents
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="respondent-dialog"):
            yield Label("Who is answering?", classes="dialog-title")
            yield OptionList(
                *(Option(literal(f"{r.name} ({r.role.value})"), id=r.id) for r in self.respondents),
                id="respondents",
            )
            yield Input(placeholder="or type a new person's name, then Enter", id="new-name")
            yield OptionList(
                *(Option(role.value, id=role.value) for role in NEW_ROLES),
                id="new-role",
            )
            yield Static("Enter picks · Tab: someone new · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#new-role", OptionList).display = False  # shown once a name is typed
        listed = self.query_one("#respondents", OptionList)
        ids = [r.id for r in self.respondents]
        if self.current in ids:
            listed.highlighted = ids.index(self.current)
        listed.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            roles = self.query_one("#new-role", OptionList)
            roles.display = True
            roles.highlighted = 0
            roles.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "new-role":
            name = self.query_one("#new-name", Input).value.strip()
            self.dismiss(RespondentPick(name=name, role=Role(str(event.option_id))))
        else:
            self.dismiss(RespondentPick(respondent_id=str(event.option_id)))

    def action_cancel(self) -> None:
        self.dismiss(None)
