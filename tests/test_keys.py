"""The list of keys (F1) is built from the screens' bindings: every binding is in it, and it
names no key that no screen binds."""

from __future__ import annotations

import pytest

from audit.tui.app import HELP_SECTIONS, AuditApp, keys_help
from audit.tui.keys import bindings_of, key_name


def explained(rows) -> set[str]:
    return {action for row in rows for action in row.actions}


@pytest.mark.parametrize(("title", "screen"), HELP_SECTIONS, ids=[t for t, _ in HELP_SECTIONS])
def test_every_binding_of_a_screen_is_in_the_key_list(title, screen):
    everywhere = {f"app.{action}" for action in explained(AuditApp.KEY_HELP)}
    mine = explained(screen.KEY_HELP)
    missing = [
        (b.key, b.action)
        for b in bindings_of(screen.BINDINGS)
        if b.action not in mine and b.action not in everywhere
    ]
    assert missing == [], f"{title}: bindings the help does not list"


@pytest.mark.parametrize(("title", "screen"), HELP_SECTIONS, ids=[t for t, _ in HELP_SECTIONS])
def test_the_key_list_names_only_bound_actions(title, screen):
    bound = {b.action for b in bindings_of(screen.BINDINGS)} | {"command_palette"}
    assert explained(screen.KEY_HELP) <= bound, f"{title}: the help names an unbound action"


def test_the_key_list_shows_the_key_each_binding_uses():
    text = keys_help()
    assert "  F1 or ?      this help" in text  # f1,question_mark
    assert "  Ctrl+Q       quit (answers are already saved)" in text
    assert "  x            clear the answer" in text
    assert text.endswith("Esc, q or F1 closes this list.\n")
    assert [key_name(k) for k in ("escape", "ctrl+s", "f12", "n")] == ["Esc", "Ctrl+S", "F12", "n"]


def test_f1_opens_the_list_built_from_the_bindings(store):
    from audit.catalog import load_catalog
    from audit.tui.modals import HelpModal
    from tests.test_tui import run, screen_text

    app = AuditApp(store, load_catalog([]))

    async def script(pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert keys_help().strip() in screen_text(app)

    run(app, script)


def test_f1_on_a_question_opens_at_the_questions_keys_and_long_lines_wrap_under_their_column(
    store, small
):
    from audit.catalog import load_catalog
    from audit.tui.modals import HelpModal
    from audit.tui.question import QuestionScreen
    from tests.conftest import SMALL_TOML
    from tests.test_tui import run

    store.create_audit(store.add_client("Juniper Café"), small, SMALL_TOML)
    app = AuditApp(store, load_catalog([]))
    text = keys_help()
    lines = text.splitlines()
    # A wrapped line goes on under the explanations, not under the keys.
    assert "               (multiple choice)" in lines

    async def script(pilot):
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        from textual.containers import VerticalScroll

        assert app.screen.query_one(VerticalScroll).scroll_y == lines.index("A question") + 2

    run(app, script)
