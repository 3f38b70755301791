"""The PDF as an owner pins it up: page 2 is the plan on a page, the cover holds any name, text
on a brand colour can be read, and page breaks leave no row or heading alone. Read back from
the PDF, page by page."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from audit.answer_files import read_answers_file
from audit.catalog import load_catalog
from audit.demo import demo_folder, demo_kinds, load_demo, load_demo_kind
from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus, Status
from audit.domain.plan import PlanPart
from audit.domain.view import AuditView
from audit.engine import apply_answers, view_of
from audit.reporting.brand import Brand, load_brand
from audit.reporting.contrast import (
    AA_RATIO,
    BLACK,
    DARK_TEXT,
    LIGHT_TEXT,
    contrast_ratio,
    text_on,
)
from audit.storage.store import Store
from tests.conftest import FixedClock, counting_ids
from tests.test_report import flat, render, save_pages

LONG_NAME = (
    "The Old Rectory Bed & Breakfast, Tearoom, Wedding Venue and Artisan Gift Shop of "
    "Upper Slaughter-on-the-Water Limited, Purveyors of Fine Teas and Cakes Since 1887"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store(
        tmp_path_factory.mktemp("plan") / "store", clock=FixedClock(), new_id=counting_ids()
    )


@pytest.fixture(scope="module")
def demo(store):
    made = load_demo(store, load_catalog([]), "Hollin & Daughters Kitchens", "Kitchens")
    return {store.load_audit(audit_id).questionnaire_id: audit_id for audit_id, _, _ in made}


def pages_of(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def draft_audit(store, name="Draft Tearooms", answers=None):
    entry = load_catalog([]).get("three-phases")
    audit = store.create_audit(store.add_client(name), entry.questionnaire, entry.text)
    store.save_answers(
        audit.id,
        answers
        or [
            Answer("after-sale-model", "occasional"),
            Answer("website", 5),
            Answer("as-agreed", 1),
        ],
    )
    return audit.id


def delights_beside(main, wall):
    """What the plan page shows under the fixes: the first two delight actions not on it."""
    return [a for a in main if a.category.value == "delight" and a not in wall][:2]


def test_page_two_is_the_plan_on_a_page_with_the_top_actions(store, demo):
    audit_id = demo["three-phases"]
    view = view_of(store, audit_id)
    main = [a for a in view.plan if a.part is PlanPart.MAIN]
    # Four of the urgent rows when delights share the page (five without), so it stays one.
    has_delights = any(a.category.value == "delight" for a in main)
    urgent = [a for a in main if a.horizon_days <= 30][: 5 - has_delights]
    store.save_action_edit(audit_id, urgent[0].id, ActionEdit("Sam Hollin", "2027-01-15"))
    pdf = render(store, audit_id, Brand(name="Northwind Consulting"))
    page = pages_of(pdf)[1]
    assert "The plan on a page" in page
    assert re.search(rf"{view.score.overall:.0f} ?/ 100 {view.score.band}", page)
    # The phase picture in one line: each phase with its verdict.
    for phase in view.score.phases:
        assert f"{flat(phase.title)} {phase.verdict.label}" in page
    assert 3 <= len(urgent) <= 5
    for action in urgent:
        assert f"{action.rank} {flat(action.text)}" in page
    # Then where to delight customers: the plan's first two delight actions.
    delights = delights_beside(main, urgent)
    assert delights and "Where to delight customers" in page
    for action in delights:
        assert f"{action.rank} {flat(action.text)}" in page
    later_rows = [a for a in main if a not in urgent + delights]
    assert all(flat(a.text)[:40] not in page for a in later_rows)
    # The owner and due date where set; lines to write them in where not.
    assert "Owner Sam Hollin Due 2027-01-15" in page
    assert page.count("Owner") == len(urgent) + len(delights)
    save_pages(pdf, "plan-page-three-phases")


def test_fewer_than_three_urgent_rows_fill_the_page_with_the_first_three(tmp_path):
    store = Store(tmp_path / "store", clock=FixedClock(), new_id=counting_ids())
    made = load_demo(store, load_catalog([]), "Hollin & Daughters Kitchens", "Kitchens")
    audit_id = next(a for a, _, _ in made if store.load_audit(a).questionnaire_id == "five-steps")
    view = view_of(store, audit_id)
    main = [a for a in view.plan if a.part is PlanPart.MAIN]
    # Mark urgent rows done until fewer than three are left: the page then shows the first
    # three main rows.
    while len(urgent := [a for a in main if a.horizon_days <= 30]) >= 3:
        for action in urgent[1:]:
            store.save_action_edit(audit_id, action.id, ActionEdit(status=ActionStatus.DONE))
        main = [a for a in view_of(store, audit_id).plan if a.part is PlanPart.MAIN]
    assert len(main) >= 3
    page = pages_of(render(store, audit_id))[1]
    for action in main[:3]:
        assert flat(action.text) in page
    assert page.count("Owner") == 3
    # Five steps has no phases, so no phase line and no phase words.
    assert "Before the sale" not in page and "During delivery" not in page


def test_a_draft_says_draft_on_page_two(store):
    pdf = render(store, draft_audit(store))
    cover, page = pages_of(pdf)[:2]
    # Three answers, counted like progress: of 7 context questions (the business profile is not
    # answered, so no question for a kind of business is asked) and 6 + 6 + 8 scored ones.
    assert "DRAFT · 3 of 27 answered" in cover
    assert "DRAFT" in page and "so far, with 3 of 27 answered" in page
    assert "Developing" not in page and "Established" not in page  # no band for a draft
    save_pages(pdf, "plan-page-draft")


def test_a_150_character_client_name_keeps_the_cover_to_one_page(store):
    assert len(LONG_NAME) >= 150
    brand = Brand(
        name="Zoe Training", footer="For the client only", contact={"email": "zoe@train.example"}
    )
    pdf = render(store, draft_audit(store, LONG_NAME), brand)
    cover, second = pages_of(pdf)[:2]
    assert flat(LONG_NAME) in cover
    # Everything the cover holds is on the cover, and page 2 starts with the plan.
    assert "zoe@train.example" in cover and "For the client only" in cover
    assert second.split("The plan on a page")[0].count("zoe@train.example") == 0
    assert "The plan on a page" in second
    # The running header shows the name cut to one line.
    assert LONG_NAME[:44].rstrip() + "…" in second
    assert flat(LONG_NAME) not in second
    save_pages(pdf, "plan-page-long-name")


def test_a_light_brand_colour_gets_dark_text(store, demo):
    pdf = render(store, demo["five-steps"], Brand(name="Sunny Training", colour="#ffd700"))
    import pypdfium2

    cover = pypdfium2.PdfDocument(pdf)[0].render(scale=1.0).to_pil().convert("RGB")
    colours = cover.getcolors(maxcolors=1_000_000) or []
    hex_of = "#{:02x}{:02x}{:02x}".format
    dark = sum(n for n, rgb in colours if contrast_ratio(hex_of(*rgb), DARK_TEXT) < 1.2)
    white = sum(n for n, rgb in colours if min(rgb) > 240)
    assert dark > 2000  # the client name and the facts, in dark text
    assert white == 0  # and nothing in white on the yellow
    # The colour reaches every edge of the cover: no white frame from a body margin.
    width, height = cover.size
    for corner in [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]:
        assert cover.getpixel(corner) == (255, 215, 0)
    save_pages(pdf, "plan-page-yellow")


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#ffd700", DARK_TEXT),
        ("#ffd84d", DARK_TEXT),
        ("#1f6f8b", LIGHT_TEXT),
        ("#000000", LIGHT_TEXT),
    ],
)
def test_text_on_a_brand_colour_meets_wcag_aa(colour, text):
    choice = text_on(colour)
    assert (choice.colour, choice.warning) == (text, "")
    assert choice.ratio >= AA_RATIO


def test_contrast_is_worked_out_as_wcag_says():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffd84d") == pytest.approx(1.38, abs=0.01)  # the review's
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_a_mid_tone_brand_colour_gets_one_warning_line(tmp_path, capsys):
    brand_file = tmp_path / "brand.toml"
    brand_file.write_text('color = "#777777"\n')  # `color` is as good as `colour`
    brand = load_brand(brand_file)
    assert brand.colour == "#777777"
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1
    assert warning.startswith(f"{brand_file}: colour: #777777 is a mid tone")
    choice = text_on("#777777")
    assert choice.colour == BLACK and choice.ratio >= AA_RATIO
    brand_file.write_text('colour = "#1f6f8b"\n')
    load_brand(brand_file)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("questionnaire_id", ["three-phases", "five-steps"])
def test_no_page_holds_only_one_or_two_rows_of_the_plan(store, demo, questionnaire_id):
    audit_id = demo[questionnaire_id]
    view = view_of(store, audit_id)
    pages = pages_of(render(store, audit_id))
    plan_start = next(i for i, p in enumerate(pages) if "The action plan" in p and i > 1)
    main = [a for a in view.plan if a.part is PlanPart.MAIN]
    rows_on: dict[int, list[int]] = {}
    for action in main:
        key = flat(action.text)[:40]
        page = next(i for i, p in enumerate(pages) if i >= plan_start and key in p)
        rows_on.setdefault(page, []).append(action.rank)
    assert all(len(ranks) >= 3 for ranks in rows_on.values()), rows_on
    # Headings stay with what follows: each horizon's title is on the page of its first row.
    for days in sorted({a.horizon_days for a in main}):
        first = next(a for a in main if a.horizon_days == days)
        page = next(i for i in rows_on if first.rank in rows_on[i])
        assert re.search(rf"Within {days} days: \w", pages[page])
    # The Owner, Due and Status columns gave their width back: they are a line under each row.
    assert "Action and why, with its owner, due date and status" in pages[plan_start]
    assert sum(p.count("Status To do") for p in pages) == len(main)


# -- every demo kind on both papers: the plan page, the plan's tables, no tail alone -------------

INTRO = "most urgent first, one per question"
WHOLE_TABLE_ROWS = 5  # report.css keeps a horizon's table of this many rows or fewer whole
_KIND_IDS: dict[str, list[str]] = {}
_KIND_PDFS: dict[tuple[str, str], list[tuple[AuditView, list[str]]]] = {}


def kind_reports(store, kind: str, paper: str) -> list[tuple[AuditView, list[str]]]:
    """(view, pages) of each demo audit of `kind` on `paper`, rendered once for the module:
    three tests read the same twenty PDFs."""
    if kind not in _KIND_IDS:
        _, made = load_demo_kind(store, load_catalog([]), kind)
        _KIND_IDS[kind] = [audit_id for audit_id, _, _ in made]
    if (kind, paper) not in _KIND_PDFS:
        _KIND_PDFS[(kind, paper)] = [
            (view_of(store, a), pages_of(render(store, a, Brand(paper=paper))))
            for a in _KIND_IDS[kind]
        ]
    return _KIND_PDFS[(kind, paper)]


def rows_by_group_and_page(view, pages: list[str]) -> dict[int, dict[int, list[int]]]:
    """For each horizon, the ranks of its plan rows on each page, read back from the PDF."""
    start = next(i for i, p in enumerate(pages) if INTRO in p)
    groups: dict[int, dict[int, list[int]]] = {}
    for action in (a for a in view.plan if a.part is PlanPart.MAIN):
        key = flat(action.text)[:40]
        page = next(i for i in range(start, len(pages)) if key in pages[i])
        groups.setdefault(action.horizon_days, {}).setdefault(page, []).append(action.rank)
    return groups


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", demo_kinds())
def test_the_plan_on_a_page_is_one_page_for_every_demo_on_both_papers(store, kind, paper):
    for view, pages in kind_reports(store, kind, paper):
        main = [a for a in view.plan if a.part is PlanPart.MAIN]
        has_delights = any(a.category.value == "delight" for a in main)
        urgent = [a for a in main if a.horizon_days <= 30][: 5 - has_delights]
        wall = urgent if len(urgent) >= 3 else main[:3]
        wall += delights_beside(main, wall)
        where = (kind, paper, view.questionnaire.id)
        assert "The plan on a page" in pages[1], where
        # Every action of the page, with its write-in lines, is on page 2 ...
        for action in wall:
            assert f"{action.rank} {flat(action.text)}" in pages[1], where
        assert pages[1].count("Owner") == len(wall), where
        # ... and page 3 does not carry it on: it starts the summary.
        assert pages[2].startswith("Summary"), (where, pages[2][:80])
        assert not any(flat(a.text)[:40] in pages[2] for a in wall), where


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", demo_kinds())
def test_small_plan_tables_stay_whole_and_the_introduction_goes_with_them(store, kind, paper):
    for view, pages in kind_reports(store, kind, paper):
        groups = rows_by_group_and_page(view, pages)
        where = (kind, paper, view.questionnaire.id, groups)
        intro_page = next(i for i, p in enumerate(pages) if INTRO in p)
        assert intro_page == min(groups[min(groups)]), where
        for on in groups.values():
            rows = sum(len(ranks) for ranks in on.values())
            if rows <= WHOLE_TABLE_ROWS:
                # A table of five rows or fewer is on one page: never 3 + 2.
                assert len(on) == 1, where
            else:
                # A longer one splits with at least three rows on each side.
                assert all(len(ranks) >= 3 for ranks in on.values()), where


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", demo_kinds())
def test_no_page_holds_only_the_tail_of_the_later_list_or_of_the_answers(store, kind, paper):
    """The answers and the method follow on from what is before them, so the last items of
    the later list, or the last questions of the answers, share their page with what comes
    next."""
    for view, pages in kind_reports(store, kind, paper):
        where = (kind, paper, view.questionnaire.id)
        later = [a for a in view.plan if a.part is PlanPart.LATER]
        main = [a for a in view.plan if a.part is PlanPart.MAIN]
        plan_start = next(i for i, p in enumerate(pages) if INTRO in p)
        if later:
            page = pages[_first_page(pages, flat(later[-1].text)[:40], plan_start)]
            # The answers start on it, or plan rows are on it: it is not the list's end alone.
            assert "Answers, section by section" in page or any(
                flat(a.text)[:40] in page for a in main
            ), where
        last = view.questionnaire.sections[-1]
        page = pages[_first_page(pages, flat(last.questions[-1].text)[:35], plan_start)]
        # The method starts on it, or the last section does: not only the section's end.
        assert "How the scores are worked out" in page or flat(last.title) in page, where


def _first_page(pages: list[str], key: str, start: int) -> int:
    return next(i for i in range(start, len(pages)) if key in pages[i])


def test_an_audit_answered_in_full_but_not_finished_says_so_on_the_cover(store):
    entry = load_catalog([]).get("five-steps")
    audit = store.create_audit(store.add_client("Unfinished Café"), entry.questionnaire, entry.text)
    _, raws = read_answers_file(demo_folder("shop") / "five-steps.json")
    apply_answers(store, audit.id, raws)
    view = view_of(store, audit.id)
    assert view.audit.status is Status.IN_PROGRESS
    cover = pages_of(render(store, audit.id))[0]
    asked = len(view.asked)
    assert f"Every question answered ({asked} of {asked}), not yet marked complete" in cover
    assert "In progress" not in cover
    store.set_status(audit.id, Status.COMPLETE)
    finished = pages_of(render(store, audit.id))[0]
    assert f"Complete: {asked} of {asked} questions answered" in finished
