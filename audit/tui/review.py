"""Review: what is unanswered, flagged or not applicable, each a jump away; then finish.

Hard-required questions block finishing; soft-required ones ask for a confirmation.
"""

from __future__ import annotations

import functools

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from audit.session import AuditSession, Problem
from audit.session.review import answer_required_first, unanswered_count
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.keys import KeyRow
from audit.tui.messages import Finished
from audit.tui.modals import ConfirmModal
from audit.tui.text import literal

MARKS = {
    Problem.UNANSWERED: "○ Unanswered",
    Problem.FLAGGED: "⚑ Flagged",
    Problem.NOT_APPLICABLE: "- N/A",
}


class ReviewScreen(Screen[str | None]):
    """Dismisses with the id of a question to go back to, or None."""

    BINDINGS = [
        Binding("c", "complete", "Finish audit"),
        Binding("escape", "back", "Back to questions"),
    ]
    KEY_HELP = (
        KeyRow("go to that question", keys="Enter"),
        KeyRow("finish the audit", ("complete",)),
        KeyRow("back to the questions", ("back",)),
    )

    def __init__(self, session: AuditSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("Review", id="title-bar")
        yield Static(id="review-summary")
        yield OptionList(id="review-items")
        yield KeysFooter()

    def on_mount(self) -> None:
        session = self.session
        review = session.summary()
        items, blocking, unanswered = review.items, review.blocking, review.unanswered
        summary = Text(f"{session.answered_count} of {len(session.asked)} questions answered. ")
        if not session.finishes_audit:  # another respondent's part: the owner finishes the audit
            summary.append(f"{session.part_done_text()} Press c to see the results.")
        elif blocking:
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
        if not session.finishes_audit:
            self.notify(session.part_done_text(), markup=False)
            self.post_message(Finished(session.audit.id))
            return
        review = session.summary()
        if review.blocking:
            message = answer_required_first(review.blocking)
            self.notify(message, severity="error", markup=False)
            return
        unanswered = len(review.unanswered)

        @shows_errors
        def finish(self: ReviewScreen, yes: bool | None = True) -> None:
            if not yes:
                return
            session.complete()
            self.post_message(Finished(session.audit.id))

        if unanswered:
            question = f"{unanswered_count(unanswered)}. Finish anyway?"
            self.app.push_screen(
                ConfirmModal(question, yes="Finish"), functools.partial(finish, self)
            )
        else:
            finish(self)
