"""A table that is a list of rows: Home and End go to the first and the last row."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable


class RowTable(DataTable[Text]):
    """Textual's Home and End scroll sideways, which a row cursor never needs."""

    def action_scroll_home(self) -> None:
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        self.action_scroll_bottom()
