"""The new-audit form's Cohort field: typed at 80x24, stored with the audit."""

from __future__ import annotations

from textual.widgets import Input

from audit.catalog import load_catalog
from audit.tui.app import AuditApp
from tests.test_tui import run


def test_the_cohort_typed_in_the_form_is_stored_with_the_audit(store):
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        for ch in "Bay Bikes":
            await pilot.press(ch if ch != " " else "space")
        # The user tabs down to the last field, as the form is laid out.
        cohort = app.screen.query_one("#cohort", Input)
        while app.focused is not cohort:
            await pilot.press("tab")
        for ch in "May workshop":
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(app, script)
    (audit_id,) = store.audit_ids()
    assert store.load_audit(audit_id).cohort == "May workshop"
