"""The PDF action plan, read back as a user would: its text, its metadata and outline, and
its pages as images (saved under test-artifacts/ to look at)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest

from audit.catalog import load_catalog
from audit.demo import load_demo
from audit.domain.audit import ActionEdit, ActionStatus
from audit.engine import view_of
from audit.reporting.brand import Brand, BrandError, load_brand
from audit.reporting.render import TemplateError, render_html, render_pdf
from audit.storage.store import Store
from tests.conftest import REPO, FixedClock, counting_ids

TEMPLATES = REPO / "reports"
ARTIFACTS = REPO / "test-artifacts"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(
        tmp_path_factory.mktemp("demo") / "store", clock=FixedClock(), new_id=counting_ids()
    )
    made = load_demo(store, load_catalog([]), "Hollin & Daughters Kitchens", "Kitchens")
    return store, {store.load_audit(audit_id).questionnaire_id: audit_id for audit_id, _, _ in made}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Text as one line: line breaks become spaces, and a word broken after its hyphen
    ("long-\nstanding") is whole again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split()))


def render(store, audit_id, brand=None, folder=TEMPLATES, refused=None, **options) -> bytes:
    html = render_html(view_of(store, audit_id), folder, brand or Brand(), today=TODAY, **options)
    return render_pdf(html, folder, refused)


def save_pages(pdf: bytes, name: str) -> list[Path]:
    import pypdfium2

    ARTIFACTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    for number in range(len(document)):
        path = ARTIFACTS / f"{name}-page-{number + 1}.png"
        document[number].render(scale=1.0).to_pil().save(path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("questionnaire_id", ["three-phases", "five-steps"])
def test_demo_report_holds_client_sections_and_ranked_actions(demo, questionnaire_id):
    store, ids = demo
    audit_id = ids[questionnaire_id]
    view = view_of(store, audit_id)
    first = view.plan[0]
    store.save_action_edit(
        audit_id, first.id, ActionEdit("Sam Hollin", "2027-01-15", ActionStatus.DOING)
    )
    pdf = render(store, audit_id, Brand(name="Northwind Consulting"))
    text = flat(pdf_text(pdf))
    assert "Hollin & Daughters Kitchens" in text and "Northwind Consulting" in text
    for section in view.questionnaire.sections:
        assert flat(section.title) in text
    positions = [text.find(flat(a.text)[:40]) for a in view.plan]
    assert all(p >= 0 for p in positions)
    # In the plan the actions appear in rank order (the summary lists the top three first).
    plan_part = text[text.find("Within 30 days") :]
    plan_positions = [plan_part.find(flat(a.text)[:40]) for a in view.plan]
    assert plan_positions == sorted(plan_positions)
    assert "Sam Hollin" in text and "2027-01-15" in text and "Doing" in text
    assert "How the scores are worked out" in text
    pages = save_pages(pdf, f"demo-{questionnaire_id}")
    assert len(pages) >= 6


def test_report_metadata_outline_and_tags(demo):
    store, ids = demo
    reader = pypdf.PdfReader(io.BytesIO(render(store, ids["three-phases"])))
    meta = reader.metadata
    assert meta.title == "Customer care action plan: Hollin & Daughters Kitchens"
    assert meta.author == "Demo"
    assert meta.subject.startswith("Customer care before, during and after the sale")
    root = reader.root_object
    assert str(root["/Lang"]) == "en"
    assert "/StructTreeRoot" in root  # a tagged PDF

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    # No contents page: the bookmarks are the contents, each part at the top level.
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top_level == [
        "The plan on a page",
        "Summary",
        "The action plan",
        "Answers, section by section",
        "How the scores are worked out",
    ]
    assert "Within 30 days: fix first" in list(titles(reader.outline))
    assert "Contents" not in flat(reader.pages[1].extract_text())


def test_private_notes_stay_out_unless_asked_for(demo):
    store, ids = demo
    audit_id = ids["five-steps"]
    audit = store.load_audit(audit_id)
    question = next(iter(audit.answers))
    answer = audit.answers[question]
    from dataclasses import replace

    store.save_answer(audit_id, replace(answer, note="secret margin 40%", note_private=True))
    assert "secret margin 40%" not in pdf_text(render(store, audit_id))
    assert "secret margin 40%" in flat(pdf_text(render(store, audit_id, include_private=True)))


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://example.com/x.css">',
    "<style>@import url(file:///etc/hostname);</style>",
    '<object data="file:///etc/passwd"></object>',
    "{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %}",
    "[bold red]markup[/] \x1b[31mred\x1b[0m",
    "\u202eevil\u202c right-to-left",
    "</td></tr></table><h1>injected</h1>",
    "X" * 20000,
]


def test_hostile_text_is_shown_literally_and_fetches_nothing(tmp_path):
    store = Store(tmp_path / "s", clock=FixedClock(), new_id=counting_ids())
    entry = load_catalog([]).get("five-steps")
    client = store.add_client('<script>alert(1)</script> & "Co" <img src=x>')
    audit = store.create_audit(client, entry.questionnaire, entry.text, auditor="{{ config }}")
    from audit.domain.answers import Answer

    questions = [q for q in entry.questionnaire.questions if q.kind.value == "scale"]
    store.save_answers(
        audit.id,
        [Answer(q.id, 1, note=payload) for q, payload in zip(questions, HOSTILE, strict=False)],
    )
    brand = Brand(
        name='<img src="file:///etc/passwd">',
        footer="url(http://evil.example/)",
        contact={"web": '<a href="http://evil.example">x</a>'},
    )
    refused: list[str] = []
    pdf = render(store, audit.id, brand, refused=refused)
    text = flat(pdf_text(pdf))
    assert refused == []  # nothing even tried: the payloads are text, not elements
    assert '<script>alert(1)</script> & "Co" <img src=x>' in text
    assert '<img src="file:///etc/passwd">' in text
    assert "{{ 7 * 7 }}" in text and "49" not in text.replace("2049", "")
    assert "</td></tr></table><h1>injected</h1>" in text
    assert "{{ config }}" in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/EmbeddedFiles" not in reader.root_object.get("/Names", {})
    assert "root:" not in text  # nothing of /etc/passwd


def test_a_template_cannot_read_outside_its_folder(demo, tmp_path):
    store, ids = demo
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.css").write_text("body { color: black; }")
    (folder / "report.html").write_text(
        '<html><head><link rel="stylesheet" href="report.css">'
        '<link rel="stylesheet" href="../secret.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        "<p>{{ client.name }}</p></body></html>"
    )
    (tmp_path / "secret.css").write_text("body { color: red; }")
    refused: list[str] = []
    pdf = render(store, ids["three-phases"], folder=folder, refused=refused)
    assert "Hollin & Daughters Kitchens" in pdf_text(pdf)
    assert sorted(refused) == sorted(
        [
            (tmp_path / "secret.css").as_uri(),
            "file:///etc/passwd",
            "http://127.0.0.1:9/x.png",
        ]
    )


def test_broken_templates_and_brand_files_are_one_line(demo, tmp_path):
    store, ids = demo
    view = view_of(store, ids["three-phases"])
    with pytest.raises(TemplateError, match=r"no report\.html"):
        render_html(view, tmp_path, Brand(), today=TODAY)
    (tmp_path / "report.html").write_text("<p>{% if %}</p>")
    with pytest.raises(TemplateError, match=r"report.html: line 1: "):
        render_html(view, tmp_path, Brand(), today=TODAY)
    (tmp_path / "report.html").write_text("<p>{{ nothing.here }}</p>")
    with pytest.raises(TemplateError, match="'nothing' is undefined"):
        render_html(view, tmp_path, Brand(), today=TODAY)
    brand = tmp_path / "brand.toml"
    for content, message in [
        ('colour = "blue"', "colour: 'blue' is not a colour like #1f6f8b"),
        ('color = "blue"', "colour: 'blue' is not a colour like #1f6f8b"),
        ('colour = "#ffffff"\ncolor = "#000000"', "color: give colour or color, not both"),
        ('name = "A"\nlogo = "missing.png"', "logo:"),
        ("slogan = 'x'", "slogan: unknown key"),
        ("name = ", "TOML syntax"),
    ]:
        brand.write_text(content)
        with pytest.raises(BrandError, match=message) as caught:
            load_brand(brand)
        assert "\n" not in str(caught.value)


def test_a_brand_with_logo_colour_and_footer(demo, tmp_path):
    store, ids = demo
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#0a7"/></svg>'
    )
    brand_file = tmp_path / "brand.toml"
    brand_file.write_text(
        'name = "Northwind Consulting"\nlogo = "logo.svg"\ncolour = "#7a1f5c"\n'
        'footer = "For the client only"\n[contact]\nemail = "hi@north.example"\n'
    )
    brand = load_brand(brand_file)
    assert brand.logo_data_uri.startswith("data:image/svg+xml;base64,")
    html = render_html(view_of(store, ids["five-steps"]), TEMPLATES, brand, today=TODAY)
    assert "--brand: #7a1f5c" in html
    text = flat(pdf_text(render_pdf(html, TEMPLATES)))
    assert "Northwind Consulting" in text and "hi@north.example" in text
    assert "For the client only" in text


def test_hostile_questionnaire_titles_in_charts(tmp_path):
    from audit.domain.loader import load_questionnaire
    from tests.conftest import SMALL_TOML

    text = SMALL_TOML.replace(
        'title = "Basics"', 'title = "$\\\\frac{ <svg onload=x> & </text> $x^$"'
    )
    questionnaire = load_questionnaire(text, "q.toml")
    store = Store(tmp_path / "s", clock=FixedClock(), new_id=counting_ids())
    audit = store.create_audit(store.add_client("A"), questionnaire, text)
    from audit.domain.answers import Answer

    store.save_answers(
        audit.id,
        [
            Answer("asked", 3),
            Answer("reach", ("phone",)),
            Answer("support", "no"),
            Answer("complaints", "no"),
        ],
    )
    refused: list[str] = []
    pdf = render(store, audit.id, refused=refused)
    assert refused == []
    assert "$\\frac{ <svg onload=x> & </text> $x^$" in flat(pdf_text(pdf))
