"""What the question screen says under a question at 80x24: a refusal that says what to type
instead is shown whole, on up to three lines; a confirmation keeps to one."""

from __future__ import annotations

from textual.widgets import Static

from audit.catalog import load_catalog
from audit.tui.app import AuditApp
from audit.tui.question import QuestionScreen
from tests.conftest import SMALL_TOML
from tests.test_tui import run


def test_a_long_refusal_is_shown_whole(store, small):
    audit = store.create_audit(store.add_client("Juniper Café"), small, SMALL_TOML)
    store.set_cursor(audit.id, "hours")  # a number of hours
    app = AuditApp(store, load_catalog([]))
    typed = "about two days when it is busy on a saturday morning and less in the week"

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("enter", *["space" if c == " " else c for c in typed], "enter")
        await pilot.pause()
        saved = app.screen.query_one("#saved", Static)
        shown = str(saved.render())
        assert shown.startswith("Not saved:") and typed in shown
        assert saved.size.height >= 2  # wrapped, not cut at the edge of the screen

    run(app, script)
    assert "hours" not in store.load_audit(audit.id).answers
