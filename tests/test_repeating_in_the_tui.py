"""The bakery owner repeats an audit from the TUI (key u on home and on the results), sees last
time's answer under each question, and a draft is confirmed before it is repeated."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from audit.catalog import load_catalog
from audit.domain.audit import ActionEdit, ActionStatus, Status
from audit.engine import view_of
from audit.tui.app import AuditApp
from audit.tui.home import HomeScreen
from audit.tui.modals import ConfirmModal
from audit.tui.question import QuestionScreen
from audit.tui.results import ResultsScreen
from tests.test_tui import run


def _question_text(app: AuditApp) -> str:
    rendered = app.screen.query_one("#question-text", Static).render()
    return getattr(rendered, "plain", str(rendered))


def _highlighted(app: AuditApp) -> str:
    assert isinstance(app.screen, HomeScreen)
    table = app.screen.query_one(DataTable)
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


def test_u_on_home_starts_the_next_audit_with_last_time_under_each_question(store):
    app = AuditApp(store, load_catalog([]))

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter")  # the kitchen firm's two finished audits
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        # The date each was started (the test store's clock), with its year.
        assert table.get_row_at(0)[-1].plain == "2026-11-23"
        earlier = store.load_audit(_highlighted(app))
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        later = app.screen.session.audit
        assert (later.follows, later.questionnaire_id) == (earlier.id, earlier.questionnaire_id)
        first = app.screen.session.question
        then = earlier.answers[first.id].value
        label = next(c.label for c in first.choices if c.id == then)
        assert _question_text(app).splitlines()[-1] == f"Last time: {label}"
        assert store.load_audit(later.id).answers == {}  # shown, never filled in
        await pilot.press("1")
        await pilot.pause()
        assert "Last time: " in _question_text(app)  # the next question has its line too

    run(app, script)


def test_u_on_the_results_carries_the_open_actions_over(store):
    app = AuditApp(store, load_catalog([]))

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter")
        await pilot.pause()
        earlier = _highlighted(app)
        plan = view_of(store, earlier).plan
        done, doing = plan[0], plan[1]
        store.save_action_edit(earlier, done.id, ActionEdit(status=ActionStatus.DONE))
        store.save_action_edit(
            earlier, doing.id, ActionEdit("Mia", "2027-02-01", ActionStatus.DOING)
        )
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        edits = store.load_audit(app.screen.session.audit.id).action_edits
        assert done.id not in edits
        assert edits[doing.id] == ActionEdit("Mia", "2027-02-01", ActionStatus.DOING, earlier)
        # Every other open action is carried too: all but the one marked done.
        assert len(edits) == len([a for a in plan if a.is_open]) - 1
        await pilot.press("escape")  # home, past the results: the new audit is on top
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    run(app, script)


def test_repeating_a_draft_asks_first(store):
    catalog = load_catalog([])
    entry = catalog.get("five-steps")
    client = store.add_client("Corner Bakery")
    draft = store.create_audit(client, entry.questionnaire, entry.text)
    app = AuditApp(store, catalog)

    async def script(pilot: Pilot[None]) -> None:
        assert _highlighted(app) == draft.id and draft.status is Status.IN_PROGRESS
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "is not finished" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert store.audit_ids() == [draft.id]
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.audit.follows == draft.id

    run(app, script)
