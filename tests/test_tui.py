"""The TUI driven by keystrokes through Textual's Pilot, at 80x24; each test checks what was
stored, not only what the screen shows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static

from audit.catalog import load_catalog
from audit.domain.audit import ActionStatus, Status
from audit.domain.questionnaire import Kind
from audit.engine import view_of
from audit.tui.app import AuditApp
from audit.tui.home import HomeScreen
from audit.tui.modals import ChoiceModal, ConfirmModal, TextModal
from audit.tui.question import QuestionScreen
from audit.tui.results import ResultsScreen
from audit.tui.review import ReviewScreen

SIZE = (80, 24)


def run(
    app: AuditApp, script: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = SIZE
) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


@pytest.fixture
def app(store):
    return AuditApp(store, load_catalog([]))


def screen_text(app: AuditApp) -> str:
    """Everything the current screen shows in its Static widgets, as plain text."""
    parts = []
    for widget in app.screen.query(Static):
        rendered = widget.render()
        parts.append(getattr(rendered, "plain", str(rendered)))
    return "\n".join(parts)


async def start_audit(pilot: Pilot[None], client: str, questionnaire_index: int) -> None:
    await pilot.press("n")
    await pilot.pause()
    for ch in client:
        await pilot.press(ch if ch != " " else "space")
    await pilot.press("tab", "tab")  # past the sector, to the questionnaire list
    for _ in range(questionnaire_index):
        await pilot.press("down")
    await pilot.press("ctrl+s")
    await pilot.pause()


# The business profile both built-ins open with: trade, now and then, 2-9 people, service one
# reason among others.
PROFILE_KEYS = ("1", "2", "2", "2")


async def answer_current(pilot: Pilot[None], app: AuditApp, choice: int = 1) -> None:
    """Answer whatever question is on screen with the keys a user would press."""
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    question = screen.session.question
    match question.kind:
        case Kind.SCALE | Kind.SINGLE:
            await pilot.press(str(min(choice, len(question.points or question.choices))))
        case Kind.YES_PARTLY_NO:
            await pilot.press("ypn"[(choice - 1) % 3])
        case Kind.MULTIPLE:
            await pilot.press("space", "down", "space", "pagedown")
        case Kind.NUMBER:
            low = question.minimum if question.minimum is not None else 0
            await pilot.press(*str(int(low) + choice), "enter")
        case Kind.TEXT:
            await pilot.press(*"ok", "enter")
    await pilot.pause()


def option_texts(app: AuditApp, selector: str) -> list[str]:
    options = app.screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def plan_cells(app: AuditApp) -> str:
    table = app.screen.query_one("#plan", DataTable)
    return "\n".join(
        " | ".join(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)
    )


def stored(app: AuditApp, audit_id: str):
    return app.store.load_audit(audit_id)


def test_empty_store_offers_a_first_step_and_the_demo(app):
    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, HomeScreen)
        assert "No audits yet" in screen_text(app)
        await pilot.press("d", "enter")  # the demo key offers the kinds; Enter takes the first
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert len(app.store.summaries()) == 2

    run(app, script)


def test_a_whole_three_phase_audit_by_keyboard(app):
    """New audit, every question, a condition switching on and off, N/A, note, flag, going
    back to change an answer, review, finish, and an action edited on the results."""

    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Bay Bikes", 1)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        session = screen.session
        audit_id = session.audit.id
        assert session.questionnaire.id == "three-phases"

        await pilot.press(*PROFILE_KEYS)
        await pilot.press("3")  # ongoing support
        await pilot.press("2")  # recommended: heard of us
        await pilot.press("y")  # tenders: yes -> the quoting questions appear
        await pilot.pause()
        assert "quote-on-time" in [q.id for q in session.asked]
        answers = stored(app, audit_id).answers
        assert answers["after-sale-model"].value == "ongoing-support"
        assert (answers["recommended"].value, answers["tenders"].value) == ("heard-of-us", "yes")

        # Back to "tenders" and change it: the quoting questions disappear again.
        await pilot.press("pageup")
        assert session.question.id == "tenders"
        await pilot.press("n")
        await pilot.pause()
        assert "quote-on-time" not in [q.id for q in session.asked]
        assert stored(app, audit_id).answers["tenders"].value == "no"

        # A note with markup in it, shown literally, and a flag.
        assert session.question.id == "website"
        await pilot.press("o")
        await pilot.pause()
        for ch in "[bold]ask Jo[/bold]":
            await pilot.press(
                {
                    " ": "space",
                    "[": "left_square_bracket",
                    "]": "right_square_bracket",
                    "/": "slash",
                }.get(ch, ch)
            )
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert "Note: [bold]ask Jo[/bold]" in screen_text(app)
        assert "Flagged for review" in screen_text(app)
        await pilot.press("4")
        await pilot.pause()
        website = stored(app, audit_id).answers["website"]
        assert (website.value, website.note, website.flagged) == (4, "[bold]ask Jo[/bold]", True)

        # Answer the rest, marking the one N/A-able extra as not applicable.
        while isinstance(app.screen, QuestionScreen):
            if session.question.allow_na and session.question.id == "pre-sale-extra":
                await pilot.press("a")
                await pilot.pause()
                await pilot.press(*"no showroom", "enter")
                await pilot.pause()
                continue
            await answer_current(pilot, app, choice=2)
        assert isinstance(app.screen, ReviewScreen)  # the last answer opens the review
        answers = stored(app, audit_id).answers
        assert answers["pre-sale-extra"].na_reason == "no showroom"
        assert "support-line" in answers  # asked, because the firm offers support
        review_lines = option_texts(app, "#review-items")
        assert any(line.startswith("⚑ Flagged") and "Our website" in line for line in review_lines)
        assert any(line.startswith("- N/A") for line in review_lines)

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert stored(app, audit_id).status is Status.COMPLETE
        assert "Overall score" in screen_text(app)
        assert "Fix first" in screen_text(app)

        # Edit the first action: owner, due date, status.
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"Sam", "tab", *"2027-01-31", "tab", "down", "space", "ctrl+s")
        await pilot.pause()
        plan_view = app.screen
        assert isinstance(plan_view, ResultsScreen) and plan_view.view is not None
        first = plan_view.view.plan[0]
        edits = stored(app, audit_id).action_edits
        assert edits[first.id].owner == "Sam" and edits[first.id].due == "2027-01-31"
        assert edits[first.id].status is ActionStatus.DOING
        assert "Sam" in plan_cells(app)

        # s and a switch tabs; on the plan, the table has the keys at once.
        await pilot.press("s")
        await pilot.pause()
        assert "Overall score" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)

        # Back to the questions: looking changes nothing; a better answer to the question
        # behind Sam's action takes it off the plan, and the screen says so.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert stored(app, audit_id).status is Status.COMPLETE
        app.screen.session.go_to(first.question_id)
        app.screen.show_question()
        best = 1 if app.screen.session.question.kind is Kind.YES_PARTLY_NO else 5  # y, or 5
        await answer_current(pilot, app, choice=best)
        assert first.id not in {a.id for a in view_of(app.store, audit_id).plan}, (
            "the better answer should drop the action"
        )
        messages = [n.message for n in app._notifications]
        assert any("takes an assigned action off the plan" in m for m in messages)
        assert stored(app, audit_id).action_edits[first.id].owner == "Sam"  # kept

    run(app, script)


def test_every_kind_of_the_five_steps_by_keyboard(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 0)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        session = screen.session
        kinds = set()
        while isinstance(app.screen, QuestionScreen):
            kinds.add(session.question.kind)
            await answer_current(pilot, app, choice=3)
        # The service-gap kinds are answered in tests/test_gap_front_ends.py.
        assert kinds == set(Kind) - {Kind.PAIRED, Kind.IMPORTANCE}
        audit = stored(app, session.audit.id)
        asked = {q.id for q in session.asked}
        assert {q for q, a in audit.answers.items() if a.is_answered} == asked

    run(app, script)


def test_arrows_leave_a_typed_answer_and_keep_what_was_typed(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 0)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        session = screen.session
        first_number = next(q for q in session.asked if q.kind is Kind.NUMBER)
        session.go_to(first_number.id)
        screen.show_question()
        await pilot.pause()
        await pilot.press("1", "2", "left", "right", "right")  # inside the text, then past it
        await pilot.pause()
        assert session.question.id != first_number.id  # moved on ...
        assert stored(app, session.audit.id).answers[first_number.id].value == 12  # ... and kept
        await pilot.press("left")
        await pilot.pause()
        assert session.question.id == first_number.id
        # At the start of the text, ← goes back; a bad value stays, with the reason.
        await pilot.press("end", "backspace", "backspace", "5", "0", "0", "home", "left")
        await pilot.pause()
        assert session.question.id == first_number.id  # 500 is over the maximum of 100
        assert stored(app, session.audit.id).answers[first_number.id].value == 12
        assert "Not saved" in screen_text(app)

    run(app, script)


def test_leaving_halfway_resumes_on_the_same_question(store):
    app = AuditApp(store, load_catalog([]))

    async def first(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        await pilot.press(*PROFILE_KEYS, "3", "2", "n")  # the profile and three context questions
        await pilot.press("2")  # website
        await pilot.press("pageup")  # back on the website question, then quit
        await pilot.pause()
        await pilot.press("ctrl+q")

    run(app, first)
    again = AuditApp(store, load_catalog([]))

    async def second(pilot: Pilot[None]) -> None:
        # Home: 4 answers of 25 (one of them scored) is a draft, shown instead of a score.
        row = again.screen.query_one(DataTable).get_row_at(0)
        assert [str(cell) for cell in row][2:5] == [
            "in progress",
            "8/29",
            "draft: 8 of 29 answered",
        ]
        await pilot.press("enter")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.question.id == "website"
        assert "Your answer: 2 " in screen_text(again)

    run(again, second)


def test_a_hard_required_question_blocks_finishing(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "required question(s) must be answered" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        audit_id = app.store.audit_ids()[0]
        assert stored(app, audit_id).status is Status.IN_PROGRESS

    run(app, script)


def test_deleting_asks_first(app):
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter")  # the demo key offers the kinds; Enter takes the first
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # cancel
        await pilot.pause()
        assert len(app.store.audit_ids()) == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert len(app.store.audit_ids()) == 1

    run(app, script)


def test_clearing_an_answer_asks_first(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        first = screen.session.question.id
        await answer_current(pilot, app)
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.session.question.id == first
        audit_id = screen.session.audit.id
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # cancel: the answer stays
        await pilot.pause()
        assert app.screen_stack[-1] is screen and first in stored(app, audit_id).answers
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert first not in stored(app, audit_id).answers
        assert "Answer cleared" in screen_text(app)

    run(app, script)


def test_a_store_locked_by_another_program_is_a_message_not_a_crash(tmp_path):
    import fcntl
    import os

    from audit.storage.store import Store
    from tests.conftest import FixedClock, counting_ids

    store = Store(tmp_path / "s", clock=FixedClock(), new_id=counting_ids(), lock_timeout=0.2)
    app = AuditApp(store, load_catalog([]))

    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press(*PROFILE_KEYS)
        await pilot.pause()
        # Another program takes the store's lock and keeps it.
        other = os.open(store.folder / "lock", os.O_RDWR)
        fcntl.flock(other, fcntl.LOCK_EX)
        try:
            await pilot.press("2")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.is_running
            assert "Not saved" in screen_text(app) and "in use by another program" in screen_text(
                app
            )
            assert screen.session.question.id == "after-sale-model"  # it did not move on
        finally:
            os.close(other)
        await pilot.press("2")  # the other program is done: the same key now saves
        await pilot.pause()
        assert (
            stored(app, screen.session.audit.id).answers["after-sale-model"].value == "occasional"
        )

    run(app, script)


def test_writing_the_pdf_from_the_results(app, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_REPORTS", str(tmp_path / "reports"))

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter")  # the demo key offers the kinds; Enter takes the first
        await pilot.pause()
        await pilot.press("enter")  # the first demo audit opens on its results
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (pdf,) = (tmp_path / "reports").glob("*.pdf")
        assert pdf.name.startswith("hollin-daughters-kitchens-")
        assert any(str(pdf) in str(n.message) for n in app._notifications)

    run(app, script)


# -- what the owner's and the consultant's trials broke (issue 12) -------------------------------

FIVE_STEPS_TO_MULTIPLE = ("4", "p", "3", "4")  # the four questions before "listening-channels"


async def to_question(pilot: Pilot[None], app: AuditApp, question_id: str) -> QuestionScreen:
    """A new five-steps audit, answered with keys up to `question_id`."""
    await start_audit(pilot, "Little Crumb Bakery", 0)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    while screen.session.question.id != question_id:
        await answer_current(pilot, app, choice=3)
    return screen


def choice_marks(app: AuditApp) -> list[str]:
    return [line[:3] for line in option_texts(app, "#multiple")]


def test_multiple_choice_opens_on_the_first_choice_and_space_ticks_it(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "listening-channels")
        assert screen.query_one("#multiple", OptionList).highlighted == 0
        await pilot.press("space")
        await pilot.pause()
        audit_id = screen.session.audit.id
        assert stored(app, audit_id).answers["listening-channels"].value == ("reviews",)

    run(app, script)


def test_the_highlight_stays_where_it_was_after_a_tick(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "listening-channels")
        await pilot.press("space", "down", "space", "down", "space")
        await pilot.pause()
        answer = stored(app, screen.session.audit.id).answers["listening-channels"]
        assert answer.value == ("reviews", "social", "events")
        assert screen.query_one("#multiple", OptionList).highlighted == 2

    run(app, script)


def test_digits_toggle_the_choice_with_that_number(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "listening-channels")
        audit_id = screen.session.audit.id
        await pilot.press("4", "2", "6")
        await pilot.pause()
        value = stored(app, audit_id).answers["listening-channels"].value
        assert value == ("social", "complaints", "survey")
        await pilot.press("4")  # again: unticked
        await pilot.pause()
        assert stored(app, audit_id).answers["listening-channels"].value == ("social", "survey")
        assert screen.session.question.id == "listening-channels"  # ticking does not move on
        assert screen.query_one("#multiple", OptionList).highlighted == 3

    run(app, script)


def test_unticking_every_choice_leaves_it_unanswered_and_0_says_none_of_these(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "listening-channels")
        audit_id = screen.session.audit.id
        await pilot.press("o", *"ask Jo", "enter", "f")  # a note and a flag survive unticking
        await pilot.press("space", "down", "space", "up", "space", "down", "space")
        await pilot.pause()
        answer = stored(app, audit_id).answers["listening-channels"]
        assert (answer.value, answer.is_answered) == (None, False)  # not "none of these"
        assert (answer.note, answer.flagged) == ("ask Jo", True)
        assert "Press 0 if none of these apply" in screen_text(app)
        await pilot.press("0")
        await pilot.pause()
        assert stored(app, audit_id).answers["listening-channels"].value == ()
        assert "Saved: none of these" in screen_text(app)

    run(app, script)


def test_ticked_and_unticked_choices_differ_without_colour(app):
    async def script(pilot: Pilot[None]) -> None:
        await to_question(pilot, app, "listening-channels")
        await pilot.press("1", "3")
        await pilot.pause()
        assert choice_marks(app) == ["[x]", "[ ]", "[x]", "[ ]", "[ ]", "[ ]"]
        assert option_texts(app, "#multiple")[1].startswith(
            "[ ] 2  Answering questions and comments in social media"
        )

    run(app, script)


def test_p_on_home_after_a_new_audit_writes_that_audits_pdf(app, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_REPORTS", str(tmp_path / "reports"))

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter")  # two demo audits; the first is highlighted
        await pilot.pause()
        await start_audit(pilot, "Little Crumb Bakery", 1)
        await pilot.press("2", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (pdf,) = (tmp_path / "reports").glob("*.pdf")
        assert pdf.name.startswith("little-crumb-bakery-three-phases-")

    run(app, script)


async def to_complaint_hours(pilot: Pilot[None], app: AuditApp) -> QuestionScreen:
    """A new five-steps audit, then a jump to its fourth section and one answer there."""
    await start_audit(pilot, "Little Crumb Bakery", 0)
    await pilot.press("s", "down", "down", "down", "enter")
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    assert screen.session.question.id == "complaint-hours"
    return screen


def test_letters_after_a_number_are_refused_in_place_and_kept(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press(*"2", "space", *"days", "enter")
        await pilot.pause()
        assert screen.session.question.id == "complaint-hours"  # it did not move on
        assert screen.query_one("#typed", Input).value == "2 days"  # nothing dropped
        assert "Not saved: '2 days'" in screen_text(app)
        assert "complaint-hours" not in stored(app, screen.session.audit.id).answers

    run(app, script)


def test_ctrl_q_keeps_the_number_typed_in_the_box(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press("1", "6", "ctrl+q")
        await pilot.pause()
        assert stored(app, screen.session.audit.id).answers["complaint-hours"].value == 16

    run(app, script)
    assert not app.is_running


def test_ctrl_q_in_the_note_dialog_keeps_the_note_typed(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press("escape", "o")  # the first Esc leaves the number box
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        await pilot.press(*"ring", "space", *"Jo", "ctrl+q")
        await pilot.pause()
        answer = stored(app, screen.session.audit.id).answers["complaint-hours"]
        assert (answer.note, answer.note_private) == ("ring Jo", False)

    run(app, script)
    assert not app.is_running


def test_ctrl_q_on_a_refused_number_says_why_once_then_quits(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press("2", "space", *"days", "ctrl+q")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert "Esc or Ctrl+Q again leaves without it" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running

    run(app, script)


def test_esc_esc_keeps_the_text_typed_in_the_box(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "top-expectations")
        await pilot.press(*"fresh", "space", *"bread", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        answers = stored(app, screen.session.audit.id).answers
        assert answers["top-expectations"].value == "fresh bread"

    run(app, script)


def test_help_in_the_middle_of_typing_keeps_what_was_typed(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_complaint_hours(pilot, app)
        await pilot.press("1", "6", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#typed", Input).value == "16"
        await pilot.press("pagedown")
        await pilot.pause()
        assert stored(app, screen.session.audit.id).answers["complaint-hours"].value == 16

    run(app, script)


def test_s_after_returning_from_review_jumps_and_types_nothing(app):
    async def script(pilot: Pilot[None]) -> None:
        screen = await to_question(pilot, app, "top-expectations")
        audit_id = screen.session.audit.id
        await pilot.press(*"on the day", "enter")  # saved, and on to the next question
        await pilot.press("pageup", "escape", "f")  # back, out of the box, flag it
        await pilot.press("r")  # a letter after the flag is the Review key, not typing
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert option_texts(app, "#review-items")[0].startswith("⚑ Flagged")
        await pilot.press("enter")  # back to the flagged text question
        await pilot.pause()
        assert screen.session.question.id == "top-expectations"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)  # Jump to a section
        assert stored(app, audit_id).answers["top-expectations"].value == "on the day"
        assert screen.query_one("#typed", Input).value == "on the day"

    run(app, script)


def test_enter_on_the_private_checkbox_saves_the_note(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("o", *"ask Jo", "tab", "space", "enter")
        await pilot.pause()
        assert app.screen is screen  # the dialog closed
        answer = stored(app, screen.session.audit.id).answers[screen.session.question.id]
        assert (answer.note, answer.note_private) == ("ask Jo", True)

    run(app, script)


def test_the_private_box_shows_its_tick_as_a_character_not_only_a_colour(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        await pilot.press("o", "tab")
        await pilot.pause()
        box = app.screen.query_one("#private", Checkbox)
        # Under NO_COLOR the colours are gone, so the box itself must read ticked or not.
        assert str(box.render()).startswith("▐ ▌ Private")
        await pilot.press("space")
        await pilot.pause()
        assert str(box.render()).startswith("▐X▌ Private")

    run(app, script)


def test_enter_on_arrival_at_review_opens_the_first_line(app):
    async def script(pilot: Pilot[None]) -> None:
        await start_audit(pilot, "Acme", 1)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("3", "r")
        await pilot.pause()
        review = app.screen  # a name of its own: app.screen changes again below
        assert isinstance(review, ReviewScreen)
        first = screen.session.review()[0].question
        assert app.screen.query_one("#review-items", OptionList).highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.session.question.id == first.id

    run(app, script)


def table_cursor(app: AuditApp, selector: str) -> tuple[int, int]:
    table = app.screen.query_one(selector, DataTable)
    return table.cursor_row, table.row_count


def test_home_and_end_move_to_the_first_and_last_row(app):
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter", "end")
        await pilot.pause()
        assert table_cursor(app, "#audits") == (1, 2)
        await pilot.press("home")
        await pilot.pause()
        assert table_cursor(app, "#audits") == (0, 2)
        await pilot.press("enter", "a", "end")  # the first demo audit's action plan
        await pilot.pause()
        row, rows = table_cursor(app, "#plan")
        assert rows > 10 and row == rows - 1
        await pilot.press("home", "enter")
        await pilot.pause()
        assert "Action 1" in screen_text(app)  # Enter edits the first action, not the last

    run(app, script)


def shown_lines(app: AuditApp, selector: str) -> list[str]:
    """The lines a widget draws on the terminal, as plain text."""
    widget = app.screen.query_one(selector)
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]


def test_the_action_text_uses_the_terminals_width(app):
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter", "enter", "a")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen) and results.view is not None
        first = results.view.plan[0].text
        assert len(first) > 64
        assert first[:64] in shown_lines(app, "#plan")[1]  # 28 characters before, at any width

    run(app, script, size=(120, 40))


def test_the_results_title_fits_80_columns(app):
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("d", "enter", "down", "enter")
        await pilot.pause()
        (title,) = shown_lines(app, "#title-bar")
        assert title.strip().endswith("Customer care before, during and after the sale")

    run(app, script)
