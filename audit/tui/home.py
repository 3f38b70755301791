"""Home: every audit with its client, progress and score; start, resume, open, delete."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.modals import ConfirmModal
from audit.tui.tables import RowTable
from audit.tui.text import literal

if TYPE_CHECKING:
    from audit.tui.app import AuditApp

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
        Binding("x,delete", "delete", "Delete"),
        Binding("d", "demo", "Demo"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def audit_app(self) -> AuditApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Customer care audit", id="title-bar")
        yield Static(EMPTY, id="empty", markup=False)
        yield RowTable(id="audits", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # 79 columns with the cell padding: the whole row fits an 80-column terminal.
        for label, width in (
            ("Client", 19),
            ("Audit", 12),
            ("Status", 11),
            ("Done", 5),
            ("Score", 14),
            ("When", 6),
        ):
            table.add_column(label, width=width)
        self.refresh_audits()

    def on_screen_resume(self) -> None:
        # Back from an audit: highlight the one just worked on (a new one is now on top), so
        # p, r and Enter act on it.
        self.refresh_audits(select=self.audit_app.worked_on)

    @shows_errors
    def refresh_audits(self, select: str | None = None) -> None:
        store = self.audit_app.store
        summaries = store.summaries()
        for problem in store.damaged:
            self.notify(
                problem,
                title="An audit could not be read",
                severity="error",
                markup=False,
                timeout=15,
            )
        clients = {c.id: c.name for c in store.clients()}
        table = self.query_one(DataTable)
        keep_row, keep_id = table.cursor_row, select or self._selected()
        table.clear()
        for s in summaries:
            score = s.score_label
            table.add_row(
                literal(clients.get(s.client_id, "?")),
                literal(s.questionnaire_id),
                Text("complete" if s.status == "complete" else "in progress"),
                Text(f"{s.answered}/{s.asked}"),
                Text(score),
                Text(_short_date(s.updated_at)),
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
        self.audit_app.start_new_audit()

    def action_open(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.audit_app.open_audit(audit_id)

    def action_results(self) -> None:
        if (audit_id := self._selected()) is not None:
            self.audit_app.open_results(audit_id)

    @shows_errors
    def action_pdf(self) -> None:
        from audit.engine import view_of

        if (audit_id := self._selected()) is not None:
            self.notify("Writing the PDF…", timeout=3)
            self.audit_app.write_pdf(view_of(self.audit_app.store, audit_id))

    def action_demo(self) -> None:
        self.audit_app.choose_demo()

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
                store = self.audit_app.store
                erased = store.delete_audit(audit_id)  # the same erasure as `audit delete`
                self.notify(erased.describe(store.folder), title="Audit deleted", markup=False)
                self.refresh_audits()

        self.app.push_screen(
            ConfirmModal(question, yes="Delete"), functools.partial(confirmed, self)
        )


def _short_date(iso: str) -> str:
    """ "Nov 23" from an ISO timestamp; the full date is in `audit list`."""
    try:
        return dt.datetime.fromisoformat(iso).strftime("%b %d")
    except ValueError:
        return iso[:6]
