"""Home: every audit with its client, progress and score; start, resume, open, delete."""

from __future__ import annotations

import datetime as dt
import functools

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from audit.domain.words import audit_status_word
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.keys import KeyRow
from audit.tui.messages import (
    LoadDemo,
    NewAudit,
    OpenAudit,
    OpenResults,
    RepeatAudit,
    WritePdf,
)
from audit.tui.modals import ConfirmModal
from audit.tui.service import AuditService
from audit.tui.tables import RowTable
from audit.tui.text import literal

EMPTY = """\
Welcome. No audits yet.

Press n to start an audit of your own customer care,
or d to load a demo business with two finished audits to look around.

Press F1 at any time for the keys."""


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new_audit", "New audit"),
        Binding("enter", "open", "Open", show=False),
        Binding("r", "results", "Results"),
        Binding("p", "pdf", "PDF"),
        Binding("u", "repeat", "Repeat"),
        Binding("x,delete", "delete", "Delete"),
        Binding("d", "demo", "Demo"),
        Binding("q", "app.quit", "Quit"),
    ]
    KEY_HELP = (
        KeyRow("start a new audit", ("new_audit",)),
        KeyRow("open: resume it, or its results when complete", ("open",)),
        KeyRow("first / last audit", keys="Home / End"),
        KeyRow("results of the highlighted audit", ("results",)),
        KeyRow("write its PDF action plan", ("pdf",)),
        KeyRow("repeat it: the next audit, open actions carried over", ("repeat",)),
        KeyRow("delete it (asks first)", ("delete",), keys="x"),
        KeyRow("load the demo audits", ("demo",)),
    )

    def __init__(self, service: AuditService) -> None:
        super().__init__()
        self.service = service
        self.worked_on: str | None = None  # the audit last opened (the app says which)

    def compose(self) -> ComposeResult:
        yield Static("Customer care audit", id="title-bar")
        yield Static(EMPTY, id="empty", markup=False)
        yield RowTable(id="audits", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # 79 columns with the cell padding: the whole row fits an 80-column terminal. The
        # date started (with its year) tells a client's audits apart; the list is already in
        # order of last change.
        for label, width in (
            ("Client", 15),
            ("Audit", 12),
            ("Status", 11),
            ("Done", 5),
            ("Score", 14),
            ("Started", 10),
        ):
            table.add_column(label, width=width)
        self.refresh_audits()

    def on_screen_resume(self) -> None:
        # Back from an audit: highlight the one just worked on (a new one is now on top), so
        # p, r and Enter act on it.
        self.refresh_audits(select=self.worked_on)

    @shows_errors
    def refresh_audits(self, select: str | None = None) -> None:
        listing = self.service.listing()
        summaries, clients = listing.summaries, listing.client_names
        for problem in listing.problems:
            self.notify(
                problem,
                title="An audit could not be read",
                severity="error",
                markup=False,
                timeout=15,
            )
        table = self.query_one(DataTable)
        keep_row, keep_id = table.cursor_row, select or self._selected()
        table.clear()
        for s in summaries:
            score = s.score_label
            pulse = s.shows_replies  # customers' replies stand where progress would
            table.add_row(
                literal(clients.get(s.client_id, "?")),
                literal(s.questionnaire_id),
                Text(s.replies_label if pulse else audit_status_word(s.status)),
                Text("-" if pulse else f"{s.answered}/{s.asked}"),
                Text(score),
                Text(_date(s.started_at)),
                key=s.audit_id,
            )
        empty = not summaries
        self.query_one("#empty").display = empty
        table.display = not empty
        if not empty:
            # Stay on the same audit (the list is sorted by last change, so it may have moved).
            ids = [s.audit_id for s in summaries]
            row = ids.index(keep_id) if keep_id in ids else min(keep_row, len(ids) - 1)
            table.move_cursor(row=row)
            table.focus()

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_new_audit(self) -> None:
        self.post_message(NewAudit())

    def action_open(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.post_message(OpenAudit(audit_id))

    def action_results(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.post_message(OpenResults(audit_id))

    @shows_errors
    def action_pdf(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.notify("Writing the PDF…", timeout=3)
            self.post_message(WritePdf(self.service.view(audit_id)))

    def action_repeat(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.post_message(RepeatAudit(audit_id))

    def action_demo(self) -> None:
        self.post_message(LoadDemo())

    def action_delete(self) -> None:
        audit_id = self._selected()
        if audit_id is None:
            return
        row = self.query_one(DataTable).get_row(audit_id)
        question = (
            f"Delete the {row[1].plain} audit of {row[0].plain}? Its answers, notes and "
            "backup copies are erased for good."
        )

        @shows_errors
        def confirmed(self: HomeScreen, yes: bool | None) -> None:
            if yes:
                erased = self.service.delete_audit(audit_id)  # the same as `audit delete`
                self.notify(erased, title="Audit deleted", markup=False)
                self.refresh_audits()

        self.app.push_screen(
            ConfirmModal(question, yes="Delete"), functools.partial(confirmed, self)
        )


def _date(iso: str) -> str:
    """ "2026-11-23" from an ISO timestamp ("-" for an audit from before dates were kept)."""
    try:
        return dt.datetime.fromisoformat(iso).date().isoformat()
    except ValueError:
        return "-"
