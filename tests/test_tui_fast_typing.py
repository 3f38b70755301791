"""Keys arriving faster than the screen handles them, as from a paste or a fast typist over a
slow link: the text in a dialog is saved whole when Enter follows at once."""

from __future__ import annotations

from textual import events

from audit.catalog import load_catalog
from audit.tui.app import AuditApp
from audit.tui.modals import TextModal
from audit.tui.question import QuestionScreen
from tests.test_tui import run


def _three_phase_audit(store) -> str:
    entry = load_catalog([]).get("three-phases")
    assert entry is not None
    audit = store.create_audit(store.add_client("Juniper Café"), entry.questionnaire, entry.text)
    return audit.id


def _post_keys(app: AuditApp, keys: list[str]) -> None:
    """Every key posted at once, none handled before the next is sent."""
    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        name = "space" if key == " " else key
        app.post_message(events.Key(name, character))


def test_a_note_typed_and_entered_at_once_is_saved_whole(store):
    audit_id = _three_phase_audit(store)
    app = AuditApp(store, load_catalog([]))
    text = "the oat milk ran out; none fit"

    async def script(pilot) -> None:
        await pilot.press("enter")  # open the audit, on its first question
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        question_id = app.screen.session.question.id
        await pilot.press("o")  # a note
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        _post_keys(app, [*text, "enter"])
        await pilot.pause(0.5)
        assert isinstance(app.screen, QuestionScreen)
        assert store.load_audit(audit_id).answers[question_id].note == text

    run(app, script)


def test_a_not_applicable_reason_typed_and_entered_at_once_is_saved_whole(store):
    audit_id = _three_phase_audit(store)
    store.set_cursor(audit_id, "pre-sale-extra")  # the first question that may be N/A
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        question_id = app.screen.session.question.id
        assert question_id == "pre-sale-extra"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        _post_keys(app, [*"counter service", "enter"])
        await pilot.pause(0.5)
        answer = store.load_audit(audit_id).answers[question_id]
        assert (answer.is_na, answer.na_reason) == (True, "counter service")

    run(app, script)


def test_n_a_on_an_answered_question_says_which_answer_it_replaces(store):
    from audit.domain.answers import Answer

    audit_id = _three_phase_audit(store)
    store.save_answer(audit_id, Answer("pre-sale-extra", 2))  # the cursor stays on it
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.session.question.id == "pre-sale-extra"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        assert 'This replaces the answer "2 ' in app.screen.title_text
        await pilot.press("escape")
        await pilot.pause()

    run(app, script)
    assert store.load_audit(audit_id).answers["pre-sale-extra"].value == 2
