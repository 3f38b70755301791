"""Every screen at 80x24, compared with the accepted SVG in tests/__snapshots__/.

After a deliberate change to a screen, look at the new picture and accept it with
`python -m pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from audit.catalog import load_catalog
from audit.demo import load_demo
from audit.storage.store import Store
from audit.tui.app import DEMO_CLIENT, DEMO_SECTOR, AuditApp
from tests.conftest import FixedClock, counting_ids


@pytest.fixture
def empty_app(tmp_path) -> AuditApp:
    store = Store(tmp_path / "store", clock=FixedClock(), new_id=counting_ids())
    return AuditApp(store, load_catalog([]))


@pytest.fixture
def demo_app(tmp_path) -> AuditApp:
    store = Store(tmp_path / "store", clock=FixedClock(), new_id=counting_ids())
    catalog = load_catalog([])
    load_demo(store, catalog, DEMO_CLIENT, DEMO_SECTOR)
    return AuditApp(store, catalog)


# The business profile both built-ins open with: trade, now and then, 2-9 people, service one
# reason among others.
PROFILE = ["1", "2", "2", "2"]


def test_home_with_no_audits_offers_a_first_step(snap_compare, empty_app):
    assert snap_compare(empty_app)


def test_home_lists_the_demo_audits(snap_compare, demo_app):
    assert snap_compare(demo_app)


def test_new_audit_form(snap_compare, empty_app):
    assert snap_compare(empty_app, press=["n", *"Bay Bikes"])


def test_first_question_of_the_three_phases(snap_compare, empty_app):
    assert snap_compare(empty_app, press=["n", *"Acme", "tab", "tab", "down", "ctrl+s"])


def test_a_scale_question_with_help_note_and_flag(snap_compare, empty_app):
    keys = [
        "n",
        *"Acme",
        "tab",
        "tab",
        "down",
        "ctrl+s",
        *PROFILE,
        "3",
        "y",
        "y",
        "h",
        "o",
        *"ask [b]Jo[/b]",
        "enter",
        "f",
        "4",
        "pageup",
    ]
    assert snap_compare(empty_app, press=keys)


def test_review_lists_what_is_missing(snap_compare, empty_app):
    assert snap_compare(empty_app, press=["n", *"Acme", "tab", "tab", "down", "ctrl+s", "r"])


def test_results_scores(snap_compare, demo_app):
    assert snap_compare(demo_app, press=["down", "enter"])


def test_results_action_plan(snap_compare, demo_app):
    assert snap_compare(demo_app, press=["down", "enter", "right"])


def test_editing_an_action(snap_compare, demo_app):
    assert snap_compare(demo_app, press=["down", "enter", "e", *"Sam"])


def test_help_lists_every_key(snap_compare, demo_app):
    assert snap_compare(demo_app, press=["f1"])


def test_question_in_the_light_theme(snap_compare, empty_app):
    def light(pilot) -> None:
        pilot.app.theme = "textual-light"

    keys = ["n", *"Acme", "tab", "tab", "down", "ctrl+s", *PROFILE, "3", "y", "y", "4"]
    keys.append("pageup")
    assert snap_compare(empty_app, press=keys, run_before=light)


def test_results_in_a_larger_terminal(snap_compare, demo_app):
    assert snap_compare(demo_app, press=["down", "enter"], terminal_size=(120, 36))


def test_multiple_choice_with_two_ticked(snap_compare, empty_app):
    """Ticked and unticked choices differ by their mark; the highlight stays on the last tick."""
    keys = ["n", *"Acme", "tab", "tab", "ctrl+s", *PROFILE, "4", "p", "3", "4", "1", "3"]
    assert snap_compare(empty_app, press=keys)
