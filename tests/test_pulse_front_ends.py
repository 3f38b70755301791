"""A customer pulse in the lists and on its own page, in the CLI and the app: its customers'
replies are how far it has got, not "0 of 6" questions the business was never to answer (the
forty customers of tests/test_import_responses.py: NPS +15, CSAT 65%)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from audit.catalog import load_catalog
from audit.storage.store import Store
from audit.tui.app import AuditApp
from audit.tui.results import ResultsScreen
from tests.test_import_responses import HEADER, forty_rows, new_audit
from tests.test_tui import run, screen_text


def test_the_app_lists_a_pulse_by_its_replies_and_shows_what_customers_said(cli, tmp_path):
    pulse_id = new_audit(cli, "customer-pulse")
    path = tmp_path / "june.csv"
    path.write_text("\n".join([HEADER, *forty_rows()]) + "\n", encoding="utf-8")
    assert cli("import-responses", pulse_id, str(path))[0] == 0
    app = AuditApp(Store(Path(tmp_path / "cli-store")), load_catalog([]))

    async def script(pilot) -> None:
        table = app.screen.query_one(DataTable)
        row = [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(0)]
        assert row[2:5] == ["40 replies", "-", "NPS +15"]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "40 customers replied · status in progress" in text
        assert "NPS +15 (40 answers), CSAT 65% (40)" in text
        assert "A pulse has no action plan of its own" in text
        assert "questions answered" not in text and "Score so far" not in text

    run(app, script)
