"""The interview and the TUI answer paired questions and importance points of the example
service-gap questionnaire, and refuse points that do not add up, in one line."""

from __future__ import annotations

import io

from audit.domain.audit import Mode, Status
from audit.domain.loader import load_questionnaire
from tests.test_interview import interview_with
from tests.test_service_gaps import EXAMPLE, REPLIES


def new_gap_audit(store):
    text = EXAMPLE.read_text(encoding="utf-8")
    questionnaire = load_questionnaire(text, str(EXAMPLE))
    client = store.add_client("Gap Client")
    return store.create_audit(client, questionnaire, text, mode=Mode.INTERVIEW, auditor="Kim")


def end_of_interview(message: str, _interview) -> str:
    return "y\r" if message.startswith("Finish") else "n\r"


def test_an_interview_takes_pairs_and_refuses_points_that_do_not_add_up(store):
    audit = new_gap_audit(store)
    pairs = [f"{reply}\r" for qid, reply in REPLIES.items() if qid != "importance"]
    script = [
        *pairs,
        "30 25 20 15 20\r",  # 110: refused, the question stays
        "30 25 20 15 10\r",
        end_of_interview,
        end_of_interview,
    ]
    _interview, lines, typist, error = interview_with(store, audit.id, script)
    assert error is None
    stored = store.load_audit(audit.id)
    assert stored.status is Status.COMPLETE
    assert stored.answers["on-time"].value == (6, 4)
    assert stored.answers["importance"].value == (30, 25, 20, 15, 10)
    assert (
        "Not saved: the points add up to 110, not 100: share exactly 100 across the 5 sections. "
        "Type it again, or ? for help." in lines
    )
    assert "  Points: 1 Very little ... 7 A great deal" in lines
    assert typist.prompts_seen[0] == (
        "Answer (what customers expect, then what they get, each 1 to 7, like 6 3):"
    )


def test_the_tui_takes_a_pair_and_points_typed_in_the_box_and_shows_the_gaps(store):
    from textual.widgets import Input

    from audit.catalog import load_catalog
    from audit.tui.app import AuditApp
    from audit.tui.question import QuestionScreen
    from audit.tui.results import ResultsScreen
    from tests.test_tui import run, screen_text

    audit = new_gap_audit(store)
    app = AuditApp(store, load_catalog([]))

    async def script(pilot) -> None:
        app.open_audit(audit.id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "Type expected, then received (1 Very little ... 7 A great deal)" in screen_text(app)
        for qid, reply in REPLIES.items():
            assert screen.session.question.id == qid
            if qid == "importance":
                await pilot.press(*"30 25 20 15 20", "enter")  # 110: refused, stays
                await pilot.pause()
                assert "Not saved: the points add up to 110, not 100" in screen_text(app)
                assert screen.session.question.id == "importance"
                screen.query_one("#typed", Input).value = ""
            await pilot.press(*reply, "enter")
            await pilot.pause()
        answers = store.load_audit(audit.id).answers
        assert answers["quick-reply"].value == (6, 3)
        assert answers["importance"].value == (30, 25, 20, 15, 10)
        app.open_results(audit.id)
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "  Reliability: -1.5, weak (30 of 100 points)\n  Responsiveness: -1.5" in text
        assert "Overall gap, weighted by importance points: -0.75" in text

    run(app, script)


def test_the_pdf_has_the_gap_table_beside_the_scores(store):
    import pypdf

    from tests.test_report import flat, render
    from tests.test_service_gaps import answers_for

    audit = new_gap_audit(store)
    store.save_answers(audit.id, list(answers_for(store.questionnaire_of(audit), REPLIES).values()))
    text = flat(
        " ".join(
            page.extract_text()
            for page in pypdf.PdfReader(io.BytesIO(render(store, audit.id))).pages
        )
    )
    assert "What customers get against what they expect" in text
    # The gaps worked out in tests/test_service_gaps.py, with the points of each part.
    assert "Reliability -1.5 weak 30 of 100 Responsiveness -1.5 weak 25 of 100" in text
    assert "Empathy -0.5 15 of 100 Tangibles +0.5 10 of 100 Overall, weighted -0.75" in text
    assert "Customers expect 6 and get 3 of 7 in Responsiveness: a gap of -3 points" in text
    # No section chart with a weak mark of 67: these questions are weak by their gap.
    assert "weak below 67" not in text
