"""Choosing who answers in the TUI, by keystrokes at 80x24: the modal on opening an audit
several people answer, adding someone new, and each one's answers stored as theirs."""

from __future__ import annotations

from audit.catalog import load_catalog
from audit.domain.answers import Answer
from audit.domain.audit import answers_of
from audit.domain.respondents import Respondent, Role
from audit.tui.app import AuditApp
from audit.tui.question import QuestionScreen
from audit.tui.respondents import RespondentModal
from tests.test_tui import run, screen_text


def _three_phase_audit(store) -> str:
    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    client = store.add_client("Corner Bakery")
    audit = store.create_audit(client, entry.questionnaire, entry.text)
    store.save_answers(audit.id, [Answer("business-kind", "shop")])
    return audit.id


def _audit_with_mia(store) -> tuple[str, AuditApp]:
    """The audit with Mia (staff) beside the owner, and the app on it."""
    audit_id = _three_phase_audit(store)
    store.add_respondent(audit_id, "Mia", Role.STAFF)
    return audit_id, AuditApp(store, load_catalog([]))


def test_one_respondent_opens_straight_on_the_questions(store):
    _three_phase_audit(store)
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Answering:" not in screen_text(app)

    run(app, script)


def test_the_modal_picks_who_answers_and_adds_someone_new(store):
    audit_id, app = _audit_with_mia(store)

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RespondentModal)
        await pilot.press("down", "enter")  # Mia
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.respondent_id == "r2"
        assert "Answering: Mia (staff) · Corner Bakery" in screen_text(app)
        # Mia has answered nothing, so she starts on the first question.
        assert screen.session.question.id == "business-kind"
        await pilot.press("2")  # her own answer to the first question
        await pilot.pause()
        # w: someone new, a consultant.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, RespondentModal)
        await pilot.press("tab", *"Kim", "enter", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.respondent_id == "r3"
        assert "Answering: Kim (consultant)" in screen_text(app)

    run(app, script)
    audit = store.load_audit(audit_id)
    assert audit.respondents[1:] == (
        Respondent("r2", "Mia", Role.STAFF),
        Respondent("r3", "Kim", Role.CONSULTANT),
    )
    # The owner's answer is untouched; Mia's is hers alone.
    assert audit.answers["business-kind"].value == "shop"
    assert set(answers_of(audit, "r2")) == {"business-kind"}
    assert answers_of(audit, "r3") == {}


def test_escape_in_the_modal_stays_home_and_adds_no_one(store):
    audit_id, app = _audit_with_mia(store)

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (RespondentModal, QuestionScreen))

    run(app, script)
    assert len(store.load_audit(audit_id).respondents) == 2


def test_back_to_questions_from_the_results_asks_who_again(store):
    audit_id = _three_phase_audit(store)
    store.add_respondent(audit_id, "Mia", Role.STAFF, [Answer("business-kind", "trade")])
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        await pilot.press("r")  # the results of the highlighted audit
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, RespondentModal)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.respondent_id == "r2"

    run(app, script)


def test_c_in_another_respondents_review_ends_their_part_not_the_audit(store):
    """Finishing is the owner's: Mia's review says her answers are saved and c shows the
    results, leaving the audit in progress."""
    from audit.domain.audit import Status
    from audit.tui.results import ResultsScreen
    from audit.tui.review import ReviewScreen

    audit_id, app = _audit_with_mia(store)

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # Mia
        await pilot.pause()
        await pilot.press("2", "r")  # her first answer, then the review
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = " ".join(screen_text(app).split())
        assert "Mia's answers are saved. The audit stays open for the others" in text
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)

    run(app, script)
    audit = store.load_audit(audit_id)
    assert audit.status is Status.IN_PROGRESS
    assert set(answers_of(audit, "r2")) == {"business-kind"}
