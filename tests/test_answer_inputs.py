"""Each answer widget posts what the user did, and the question screen stores it: Enter on a
highlighted choice, Space on a tick, → at the end of a typed answer."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from audit.catalog import load_catalog
from audit.tui.app import AuditApp
from tests.test_tui import run, stored, to_complaint_hours, to_question


@pytest.fixture
def app(store):
    return AuditApp(store, load_catalog([]))


def test_enter_on_a_highlighted_point_stores_it_and_moves_on(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "asked-customers")
        await pilot.press("down", "down", "enter")  # from the first point to the third
        await pilot.pause()
        assert stored(app, screen.session.audit.id).answers["asked-customers"].value == 3
        assert screen.session.question.id != "asked-customers"

    run(app, script)


def test_space_on_a_choice_ticks_it_and_stays(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "listening-channels")
        question = screen.session.question
        await pilot.press("down", "space")
        await pilot.pause()
        answer = stored(app, screen.session.audit.id).answers["listening-channels"]
        assert answer.value == (question.choices[1].id,)
        assert screen.session.question.id == "listening-channels"

    run(app, script)


def test_right_arrow_at_the_end_of_a_typed_number_stores_it(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press("1", "6", "right")
        await pilot.pause()
        assert stored(app, screen.session.audit.id).answers["complaint-hours"].value == 16
        assert screen.session.question.id != "complaint-hours"

    run(app, script)
