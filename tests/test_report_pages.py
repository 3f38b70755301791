"""The PDF read back page by page: charts whose labels and alt text hold every number, page
breaks that leave no row or question alone, paper sizes, the white cover, the brand on every
page, and the tagged structure checked by an outside validator and by our own walk of it."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys

import pypdf
import pytest

from audit.domain.answers import Answer
from audit.domain.loader import load_questionnaire
from audit.domain.plan import PlanPart
from audit.engine import view_of
from audit.reporting import charts
from audit.reporting.brand import Brand, BrandError, load_brand, with_print_options
from audit.storage.store import Store
from tests.conftest import REPO, FixedClock, counting_ids
from tests.test_report import flat, render, save_pages

# Five sections whose titles are long enough to need two lines in a chart.
FIVE_TITLES = [
    "Understanding what customers expect before they ever pick up the phone",
    "Checking those expectations against what the offer really promises",
    "Being consistent on every job, whoever does it and whatever the day",
    "Treating customers as long relationships rather than single sales",
    "Planning the whole customer experience from first contact to follow-up",
]


def five_section_toml() -> str:
    parts = ['id = "five-long"\ntitle = "Five long sections"\nversion = "1"\nweak_below = 0.6\n']
    for s, title in enumerate(FIVE_TITLES):
        parts.append(f'[[sections]]\nid = "s{s}"\ntitle = "{title}"\n')
        for q in range(4):
            parts.append(
                f'[[sections.questions]]\nid = "s{s}q{q}"\n'
                f'text = "Question {q + 1} of section {s + 1}: we do this every week"\n'
                f'help = "Why it matters."\nkind = "yes-partly-no"\n'
                f'actions = ["Do thing {q + 1} of section {s + 1} every week."]\n'
            )
    return "\n".join(parts)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("pages") / "s", clock=FixedClock(), new_id=counting_ids())


@pytest.fixture(scope="module")
def demo(store):
    from audit.catalog import load_catalog
    from audit.demo import load_demo

    made = load_demo(store, load_catalog([]), "Hollin & Daughters Kitchens", "Kitchens")
    return {store.load_audit(audit_id).questionnaire_id: audit_id for audit_id, _, _ in made}


@pytest.fixture(scope="module")
def five(store):
    text = five_section_toml()
    questionnaire = load_questionnaire(text, "five.toml")
    audit = store.create_audit(store.add_client("Five Sections Ltd"), questionnaire, text)
    values = ["yes", "partly", "no", "no"]
    store.save_answers(
        audit.id,
        [Answer(f"s{s}q{q}", values[(q + s) % 4]) for s in range(5) for q in range(4)],
    )
    return audit.id


def pages_of(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


# -- charts -------------------------------------------------------------------------------------


def test_five_long_section_titles_are_drawn_whole_without_overlap():
    scores: list[float | None] = [72, 40, 55, None, 18]
    svg = charts.section_bars(FIVE_TITLES, scores, "#1f6f8b", 60)
    # Titles are the left-aligned text with no styling of its own (the axis has a size).
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]*)</text>', svg)
    label_lines = [(float(y), words) for x, y, words in texts if float(x) == 0]
    # Every word of every title is there, in order, and no word is cut.
    assert " ".join(words for _, words in label_lines) == " ".join(FIVE_TITLES)
    # Each line fits beside the number column, by the same wide estimate of a character.
    for _, words in label_lines:
        assert len(words) * charts.FONT * charts.CHAR <= charts.TRACK
    # Lines stand at least one line apart: nothing overlaps.
    ys = sorted(y for y, _ in label_lines)
    assert all(b - a >= charts.LINE for a, b in itertools.pairwise(ys))
    assert "not answered" in svg and "weak below 60" in svg


def test_a_chart_title_is_escaped_and_its_alt_text_states_the_numbers():
    svg = charts.section_bars(["<b>Fish & chips</b>", "Tea"], [50, 81], "#1f6f8b", 67)
    assert "<b>" not in svg and "&lt;b&gt;Fish &amp; chips&lt;/b&gt;" in svg
    title = re.search(r"<title>(.*?)</title>", svg)
    assert title is not None
    assert "Fish &amp; chips&lt;/b&gt; 50; Tea 81" in title.group(1)
    assert "weak mark is 67" in title.group(1)


def test_the_phase_chart_shows_expectations_as_levels_not_numbers(store, demo):
    from audit.reporting.context import report_context

    context = report_context(view_of(store, demo["three-phases"]), Brand(), today=TODAY)
    svg = str(context["charts"]["phases"])
    assert set(context["charts"]) == {"phases"}  # one chart: its sections are the phases
    axis = re.findall(r'font-size="9">([^<]*)</text>', svg)
    assert axis == ["low", "moderate", "high", "very high"]
    assert "customers expect very high" in svg
    alt = re.search(r"<title>(.*?)</title>", svg)
    assert alt is not None
    # The demo: after the sale, expected very high, delivered 31 on the basics, fix first.
    assert "After the sale: customers expect very high, you deliver 31 out of 100, fix first" in (
        alt.group(1)
    )


def test_matplotlib_is_not_imported_to_make_a_report(store, demo, tmp_path):
    script = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from audit.engine import view_of\n"
        "from audit.storage.store import Store\n"
        "from audit.reporting.brand import Brand\n"
        "from audit.reporting.render import render_html, render_pdf\n"
        f"store = Store(Path({str(store.folder)!r}))\n"
        f"html = render_html(view_of(store, {demo['five-steps']!r}), Path({str(TEMPLATES)!r}),"
        " Brand(), today=dt.date(2026, 11, 23))\n"
        f"render_pdf(html, Path({str(TEMPLATES)!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- page breaks --------------------------------------------------------------------------------


def _page_of(pages: list[str], key: str, start: int) -> int:
    return next(i for i in range(start, len(pages)) if key in pages[i])


@pytest.mark.parametrize("which", ["three-phases", "five-steps", "five-long"])
def test_no_page_holds_one_or_two_rows_or_questions_alone(store, demo, five, which):
    audit_id = five if which == "five-long" else demo[which]
    view = view_of(store, audit_id)
    pdf = render(store, audit_id)
    pages = pages_of(pdf)
    save_pages(pdf, f"pages-{which}")
    plan = next(i for i, p in enumerate(pages) if "The action plan" in p and i > 1)
    details = next(i for i, p in enumerate(pages) if "Answers, section by section" in p and i > 1)
    # The plan: per horizon (one table each), at least three of its rows on any page it is on.
    rows: dict[tuple[int, int], list[int]] = {}
    for action in (a for a in view.plan if a.part is PlanPart.MAIN):
        page = _page_of(pages, flat(action.text)[:40], plan)
        rows.setdefault((action.horizon_days, page), []).append(action.rank)
    for (days, page), ranks in rows.items():
        whole = [a for a in view.plan if a.part is PlanPart.MAIN and a.horizon_days == days]
        assert len(ranks) >= min(3, len(whole)), rows
        # A table that runs onto another page repeats its header there.
        assert "Action and why, with its owner" in pages[page], (page, ranks)
    # The answers: at least three questions of a section on any page that holds some of it.
    # Every question that was asked is listed (the others are a count, see below).
    asked = {q.id for q in view.asked}
    for section in view.questionnaire.sections:
        questions = [q for q in section.questions if q.id in asked]
        if not questions:
            continue
        on: dict[int, int] = {}
        for question in questions:
            page = _page_of(pages, flat(question.text)[:35], details)
            on[page] = on.get(page, 0) + 1
        assert all(n >= min(3, len(questions)) for n in on.values()), (section.id, on)
        # The heading is on the page of the section's first question.
        first = _page_of(pages, flat(questions[0].text)[:35], details)
        assert flat(section.title)[:30] in pages[first]


def test_questions_earlier_answers_ruled_out_are_a_count_not_a_list(store, demo):
    """The demo kitchen firm's answers rule out four questions of the three-phases audit (the
    parcel, stock and returns ones): the answers pages count them under their section instead of
    printing each with "Not asked"."""
    audit_id = demo["three-phases"]
    view = view_of(store, audit_id)
    asked = {q.id for q in view.asked}
    ruled_out = {
        s.title: [q for q in s.questions if q.id not in asked] for s in view.questionnaire.sections
    }
    counts = {title: len(qs) for title, qs in ruled_out.items() if qs}
    # By hand from the demo's answers: 3 in "During delivery", 1 in "After the sale".
    assert sorted(counts.values()) == [1, 3], counts
    text = flat(" ".join(pages_of(render(store, audit_id))))
    assert "Not asked" not in text
    for questions in ruled_out.values():
        for question in questions:
            assert flat(question.text)[:40] not in text
    assert "3 questions were not asked: they apply only after certain earlier answers." in text
    assert "1 question was not asked: it applies only after certain earlier answers." in text
    # Each count follows its own section: after its heading, before the next one's.
    titles = [s.title for s in view.questionnaire.sections]
    details = text.index("Answers, section by section")
    for title, count in counts.items():
        start = text.index(flat(title), details)
        after = [t for t in titles[titles.index(title) + 1 :]]
        end = min([text.index(flat(t), start) for t in after] or [len(text)])
        assert f"{count} question" in text[start:end], title


# -- paper, cover and brand ---------------------------------------------------------------------


def test_letter_paper_gives_612_by_792_pages(cli, tmp_path):
    assert cli("demo")[0] == 0
    audit_id = cli("list")[1].splitlines()[1].split()[0]
    target = tmp_path / "letter.pdf"
    code, _, err = cli("report", audit_id, "--paper", "letter", "-o", str(target))
    assert code == 0, err
    sizes = {
        (round(p.mediabox.width), round(p.mediabox.height)) for p in pypdf.PdfReader(target).pages
    }
    assert sizes == {(612, 792)}
    # The default stays A4 (595 x 842 points).
    code, _, err = cli("report", audit_id, "-o", str(tmp_path / "a4.pdf"))
    page = pypdf.PdfReader(tmp_path / "a4.pdf").pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    # A wrong size is one usage line from argparse, not a traceback.
    code, _, err = cli("report", audit_id, "--paper", "a5")
    assert code == 2 and "invalid choice: 'a5'" in err


def test_the_brand_file_chooses_paper_and_a_white_cover(tmp_path):
    brand_file = tmp_path / "brand.toml"
    brand_file.write_text('name = "N"\npaper = "Letter"\ncover = "white"\n')
    brand = load_brand(brand_file)
    assert (brand.paper, brand.cover) == ("letter", "white")
    assert with_print_options(brand, "a4", False).paper == "a4"  # --paper wins over the file
    brand_file.write_text('paper = "a3"\n')
    with pytest.raises(BrandError, match=r"paper: 'a3' is not one of a4, letter"):
        load_brand(brand_file)


def _cover_pixel(pdf: bytes) -> tuple[int, int, int]:
    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    return image.getpixel((image.width // 2, image.height - 20))


def test_print_gives_a_white_cover_and_the_brand_heads_every_page(store, demo):
    brand = Brand(name="Northwind", colour="#1f6f8b", contact={"email": "hi@north.example"})
    coloured = render(store, demo["five-steps"], brand)
    white = render(store, demo["five-steps"], with_print_options(brand, None, True))
    assert _cover_pixel(coloured) == (0x1F, 0x6F, 0x8B)
    assert _cover_pixel(white) == (255, 255, 255)
    pages = pages_of(white)
    assert "Hollin & Daughters Kitchens" in pages[0]
    # The contact line is in the header of every page after the cover.
    assert all("hi@north.example" in page for page in pages[1:])
    save_pages(white, "white-cover")


# -- accessibility ------------------------------------------------------------------------------


def _walk(element, found):
    """The structure elements under `element`, depth first: the tree's reading order."""
    element = element.get_object()
    if isinstance(element, pypdf.generic.DictionaryObject) and "/S" in element:
        found.append(element)
    kids = element.get("/K", []) if isinstance(element, pypdf.generic.DictionaryObject) else []
    if not isinstance(kids, list):
        kids = [kids]
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, pypdf.generic.DictionaryObject) and "/S" in kid:
            _walk(kid, found)
    return found


def _marked_content(reader, elements):
    """(page, mcid) of each piece of tagged content, in the structure tree's order."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    order = []
    for element in elements:
        page = pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                order.append((page, kid))
    return order


def _heights(page) -> dict[int, float]:
    """Where on the page each marked content's first text stands (PDF y: up is larger)."""
    current: list[int | None] = [None]
    found: dict[int, float] = {}

    def before(op, args, cm, tm):
        if op == b"BDC" and len(args) > 1 and isinstance(args[1], dict) and "/MCID" in args[1]:
            current[0] = int(args[1]["/MCID"])
        elif op == b"EMC":
            current[0] = None

    def text(words, cm, tm, font, size):
        if words.strip() and current[0] is not None and current[0] not in found:
            found[current[0]] = float(tm[5]) * float(cm[3]) + float(cm[5])

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


@pytest.mark.parametrize("which", ["three-phases", "five-steps"])
def test_the_structure_tree_has_alt_text_header_scopes_and_page_order(store, demo, which):
    view = view_of(store, demo[which])
    reader = pypdf.PdfReader(io.BytesIO(render(store, demo[which])))
    elements = _walk(reader.root_object["/StructTreeRoot"], [])
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures, "no figure in the structure tree"
    alts = [str(e.get("/Alt", "")) for e in figures]
    assert all(alts), alts
    # The chart's alt text holds each number it draws.
    if which == "three-phases":
        for phase in view.score.phases:
            assert f"{phase.title}: customers expect" in alts[0]
            assert f"you deliver {phase.delivered:.0f} out of 100" in alts[0]
    else:
        for section in view.score.sections:
            assert f"{section.title} {section.score:.0f}" in alts[0]
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert headers and all(e["/A"]["/Scope"] in ("/Column", "/Row") for e in headers)
    # Reading order follows the page: the tree visits the pages in order, and on each page its
    # text from top to bottom (cells of one table row may start a few points apart).
    # A chart's text is in the chart's own coordinates: its place is the figure's, left out here.
    order = _marked_content(reader, [e for e in elements if e["/S"] != "/Figure"])
    page_seq = [page for page, _ in order]
    assert page_seq == sorted(page_seq)
    for number, page in enumerate(reader.pages):
        heights = _heights(page)
        seq = [heights[mcid] for p, mcid in order if p == number and mcid in heights]
        assert len(seq) > 10, number
        upward = [(a, b) for a, b in itertools.pairwise(seq) if b > a + 6]
        assert upward == [], (number + 1, upward)


@pytest.mark.parametrize("which", ["three-phases", "five-steps", "draft"])
def test_an_outside_pdfua_validator_finds_nothing(store, demo, tmp_path, which):
    pdfua = pytest.importorskip(
        "pdfua", reason="the pdfua validator is not installed: pip install -e '.[test]'"
    )
    if which == "draft":
        from tests.test_plan_page import draft_audit

        audit_id = draft_audit(store, "Draft for the validator")
    else:
        audit_id = demo[which]
    target = tmp_path / "report.pdf"
    target.write_bytes(render(store, audit_id))
    report = pdfua.validate(str(target))
    findings = [f"{f.rule_id}: {f.message}" for f in report.findings]
    assert findings == []


TODAY = __import__("datetime").date(2026, 11, 23)
TEMPLATES = REPO / "reports"


# -- the app ------------------------------------------------------------------------------------


def test_the_app_has_the_pdf_made_soon_after_p_once_results_were_open(tmp_path, monkeypatch):
    """The results screen draws the report in the background; pressing `p` two seconds later
    (or once that drawing is done, on a slow machine) writes it without drawing it again."""
    import asyncio
    import time

    from audit.catalog import load_catalog
    from audit.reporting import render as rendering
    from audit.tui.app import AuditApp
    from audit.tui.results import ResultsScreen

    monkeypatch.setenv("AUDIT_REPORTS", str(tmp_path / "reports"))
    store = Store(tmp_path / "s", clock=FixedClock(), new_id=counting_ids())
    app = AuditApp(store, load_catalog([]))
    drawn: list[int] = []
    real = rendering._write_pdf

    def counted(*args):
        drawn.append(1)
        return real(*args)

    monkeypatch.setattr(rendering, "_write_pdf", counted)
    rendering._last = None
    timing: dict[str, float] = {}

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("d", "enter")  # the demo key offers the kinds: the first one
            await pilot.pause()
            await pilot.press("enter")  # open its first audit
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            opened = time.monotonic()
            while rendering._warming.is_set() or time.monotonic() - opened < 2:
                await asyncio.sleep(0.05)
            pressed = time.monotonic()
            await pilot.press("p")
            await app.workers.wait_for_complete()
            timing["p"] = time.monotonic() - pressed

    asyncio.run(main())
    (pdf,) = (tmp_path / "reports").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert drawn == [1]  # drawn once, in the background: `p` only wrote it
    assert timing["p"] < 1.5, timing


def test_the_method_page_says_a_phase_stands_out_only_on_basics_that_are_not_weak(store, demo):
    """docs/scoring.md: extras done well make a phase *stand out* only when its basics score
    at least the weak line, weak_below 0.67 x 100 = 67 in the built-ins; the method page says
    so where there are phases, and has no phase wording where there are none."""
    phased = flat(" ".join(pages_of(render(store, demo["three-phases"]))))
    method = phased[phased.index("How the scores are worked out", phased.index("Answers")) :]
    assert "extras done well (and basics at 67 or more, so not weak) is stand out" in method
    plain = flat(" ".join(pages_of(render(store, demo["five-steps"]))))
    assert "stand out" not in plain
