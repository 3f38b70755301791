"""Review: what is unanswered, flagged or not applicable, each a jump away; then finish.

Hard-required questions block finishing; soft-required ones ask for a confirmation.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from audit.session import AuditSession
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.modals import ConfirmModal
from audit.tui.text import literal

if TYPE_CHECKING:
    from audit.tui.app import AuditApp

MARKS = {"unanswered": "○ Unanswered", "flagged": "⚑ Flagged", "not applicable": "- N/A"}


class ReviewScreen(Screen[str | None]):
    """Dismisses with the id of a question to go back to, or None."""

    BINDINGS = [
        Binding("c", "complete", "Finish audit"),
        Binding("escape", "back", "Back to questions"),
    ]

    def __init__(self, session: AuditSession) -> None:
        super().__init__()
        self.session = session

    @property
    def audit_app(self) -> AuditApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Review", id="title-bar")
        yield Static(id="review-summary")
        yield OptionList(id="review-items")
        yield KeysFooter()

    def on_mount(self) -> None:
        session = self.session
        items = session.review()
        blocking = [i for i in items if i.blocking]
        unanswered = [i for i in items if i.problem == "unanswered"]
        summary = Text(f"{session.answered_count} of {len(session.asked)} questions answered. ")
        if blocking:
            summary.append(
                f"{len(blocking)} required question(s) must be answered before you can finish.",
                "bold",
            )
        elif unanswered:
            summary.append(f"{len(unanswered)} unanswered; you can still finish.")
        else:
            summary.append("Everything is answered. Press c to finish and see the results.")
        summary.append("\nEnter on a line goes to that question.", "dim")
        self.query_one("#review-summary", Static).update(summary)
        options = self.query_one(OptionList)
        for index, item in enumerate(items):
            label = Text(MARKS[item.problem] + (" (required)" if item.blocking else "") + "  ")
            label.append_text(literal(f"{item.section.title}: {item.question.text}"))
            options.add_option(Option(label, id=f"{index}:{item.question.id}"))
        if items:
            options.highlighted = 0  # Enter opens the first line at once; Down goes to the 2nd
        else:
            options.add_option(Option("Nothing to review.", disabled=True))
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.dismiss(event.option_id.split(":", 1)[1])

    def action_back(self) -> None:
        self.dismiss(None)

    def action_complete(self) -> None:
        session = self.session
        blocking = session.blocking()
        if blocking:
            names = "; ".join(item.question.text[:50] for item in blocking)
            self.notify(
                f"Answer the required questions first: {names}", severity="error", markup=False
            )
            return
        unanswered = sum(1 for i in session.review() if i.problem == "unanswered")

        @shows_errors
        def finish(self: ReviewScreen, yes: bool | None = True) -> None:
            if not yes:
                return
            session.complete()
            self.audit_app.show_results_after_review(session.audit.id)

        if unanswered:
            question = f"{unanswered} question(s) are unanswered. Finish anyway?"
            self.app.push_screen(
                ConfirmModal(question, yes="Finish"), functools.partial(finish, self)
            )
        else:
            finish(self)
