"""The results' "Since last time" tab, driven through Pilot at 80x24: there with an earlier
audit of the questionnaire (key l), absent without one, user text literal, every line within
the screen, and the PDF of the `p` key given the earlier audits for its page.

The audits are those of tests/test_compare.py, whose numbers are worked out there by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent

from audit.catalog import load_catalog
from audit.domain.audit import ActionStatus
from audit.domain.loader import load_questionnaire
from audit.storage.store import Store
from audit.tui.app import AuditApp
from audit.tui.results import ResultsScreen
from tests.conftest import SMALL_TOML, FixedClock, counting_ids
from tests.test_compare import FIRST, SECOND, THIRD, _done
from tests.test_compare import _audit as start_audit
from tests.test_tui import run


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store(tmp_path, clock) -> Store:
    return Store(tmp_path / "store", clock=clock, new_id=counting_ids())


@pytest.fixture
def two(store, clock) -> tuple[str, str]:
    first = start_audit(store, clock, "2026-09-01T09:00:00", FIRST)
    _done(store, first, "asked", "hours", status=ActionStatus.DONE)
    _done(store, first, "guarantee", status=ActionStatus.DROPPED)
    return first, start_audit(store, clock, "2026-12-01T09:00:00", SECOND)


def since_lines(app: AuditApp) -> list[str]:
    rendered = app.screen.query_one("#since", Static).render()
    return str(getattr(rendered, "plain", rendered)).splitlines()


async def open_results(pilot: Pilot[None], app: AuditApp, audit_id: str) -> ResultsScreen:
    app.open_results(audit_id)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ResultsScreen)
    return screen


def test_l_shows_what_changed_since_the_last_audit(store, two):
    app = AuditApp(store, load_catalog([]))
    first, second = two

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_results(pilot, app, second)
        tabs = screen.query_one(TabbedContent)
        assert "Since last time (l)" in str(tabs.get_tab("since-tab").label)
        await pilot.press("l")
        await pilot.pause()
        assert tabs.active == "since-tab"
        lines = since_lines(app)
        assert "2026-09-01 → 2026-12-01 (this one)" in lines
        # Overall (16.67 + 2x50 + 0) / 4 = 29 then, (66.67 + 2x50 + 50) / 4 = 54 now.
        overall = next(line for line in lines if line.startswith("Overall score"))
        assert overall.split()[-4:] == ["29", "→", "54", "+25"]
        basics = next(line for line in lines if line.startswith("Basics"))
        assert basics.split()[-4:] == ["17", "→", "67", "+50"]
        assert any(line.startswith("After the sale") and "Fix first → Delight" in line
                   for line in lines[lines.index("Phase verdicts then and now"):])  # fmt: skip
        text = "\n".join(lines)
        done = text[text.index("Done since last time") : text.index("Dropped")]
        # Asked customers: 25 then (point 2 of 5), 100 now; hours: 0 then, 50 now, still weak.
        assert "• Ask five customers this month.\n    25 then, 100 now  ✓ worked, no longer" in done
        assert "• Answer complaints the same day.\n    0 then, 50 now  ↑ better, still weak" in done
        dropped = text[text.index("Dropped") : text.index("Still open")]
        assert "Write the guarantee down." in dropped and "= no change" in dropped
        weak = text[text.index("New weak spots") :]
        assert "• Ways customers can reach a person\n    100 then, 50 now" in weak
        # Fits 80 columns: the tab's padding and scroll bar leave 76 for the text.
        assert max(cell_len(line) for line in lines) <= 76
        assert screen.earlier and screen.earlier[0].audit.id == first

    run(app, script)


def test_without_an_earlier_audit_there_is_no_tab_and_l_says_why(store, two):
    app = AuditApp(store, load_catalog([]))
    first, _ = two
    notes: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        screen = await open_results(pilot, app, first)  # the later audit is not earlier
        tabs = screen.query_one(TabbedContent)
        assert not tabs.get_tab("since-tab").display
        screen.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("l")
        await pilot.pause()
        assert tabs.active == "scores-tab"
        assert notes == [
            "No earlier audit of this questionnaire for this client: nothing to compare yet."
        ]

    run(app, script)


def test_three_audits_give_a_trend_per_section(store, clock, two):
    third = start_audit(store, clock, "2027-03-01T09:00:00", THIRD)
    app = AuditApp(store, load_catalog([]))

    async def script(pilot: Pilot[None]) -> None:
        await open_results(pilot, app, third)
        await pilot.press("l")
        await pilot.pause()
        lines = since_lines(app)
        assert "2026-09-01 → 2026-12-01 → 2027-03-01 (this one)" in lines
        # Basics 16.67, 66.67, then 100 (guarantee yes): +33 since last time, rising.
        basics = next(line for line in lines if line.startswith("Basics"))
        assert basics.split()[-7:] == ["17", "→", "67", "→", "100", "+33", "rising"]
        channels = next(line for line in lines if line.startswith("Channels"))
        assert channels.split()[-7:] == ["50", "→", "50", "→", "50", "+0", "steady"]
        # The actions come from the second audit, where none was marked done.
        assert "No action of the last plan was marked done." in lines
        assert max(cell_len(line) for line in lines) <= 76

    run(app, script)


def test_action_text_is_shown_literally_and_wraps_under_its_bullet(tmp_path, clock):
    # An action whose text looks like markup, long enough to wrap on an 80-column screen.
    text = (
        "Ask [bold]five[/bold] customers this month, and write down in one line what each of "
        "them expected from us before the first visit."
    )
    marked = SMALL_TOML.replace("Ask five customers this month.", text)
    store = Store(tmp_path / "marked", clock=clock, new_id=counting_ids())
    questionnaire = load_questionnaire(marked, "marked.toml")
    ids = []
    for when, answers in (("2026-09-01", FIRST), ("2026-12-01", SECOND)):
        clock.now = datetime.fromisoformat(when).replace(tzinfo=UTC)
        client = store.find_client("Bakery") or store.add_client("Bakery")
        ids.append(store.create_audit(client, questionnaire, marked).id)
        store.save_answers(ids[-1], answers)
    _done(store, ids[0], "asked", status=ActionStatus.DONE)
    app = AuditApp(store, load_catalog([]))

    async def script(pilot: Pilot[None]) -> None:
        await open_results(pilot, app, ids[1])
        await pilot.press("l")
        await pilot.pause()
        lines = since_lines(app)
        start = next(i for i, line in enumerate(lines) if line.startswith("• Ask [bold]five"))
        shown = lines[start][2:] + " " + lines[start + 1][2:]
        assert lines[start + 1].startswith("  ") and text.startswith(shown.strip())
        assert max(cell_len(line) for line in lines) <= 76

    run(app, script)


def test_the_pdf_key_hands_the_earlier_audits_to_the_report(store, two, monkeypatch):
    app = AuditApp(store, load_catalog([]))
    first, second = two
    asked: list[tuple[str, list[str]]] = []

    def write_pdf(view, earlier=()):
        asked.append((view.audit.id, [v.audit.id for v in earlier]))

    monkeypatch.setattr(app, "write_pdf", write_pdf)

    async def script(pilot: Pilot[None]) -> None:
        await open_results(pilot, app, second)
        await pilot.press("p")
        await pilot.pause()

    run(app, script)
    assert asked == [(second, [first])]


def test_the_lines_follow_the_terminals_width(store, two):
    app = AuditApp(store, load_catalog([]))
    _, second = two
    widths: list[int] = []

    async def script(pilot: Pilot[None]) -> None:
        await open_results(pilot, app, second)
        await pilot.press("l")
        await pilot.pause()
        widths.append(max(cell_len(line) for line in since_lines(app)))
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        widths.append(max(cell_len(line) for line in since_lines(app)))

    run(app, script)
    # At 80 columns a title gets its 44 cells; at 60 the lines shrink to the 56 left.
    assert widths[0] <= 76 and widths[1] <= 56
