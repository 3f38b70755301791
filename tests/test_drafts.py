"""An audit with only a few answers says "draft" everywhere a band would otherwise stand: the
list, the full page, every export and the PDF, on its cover and on every page."""

from __future__ import annotations

import io
import json

import pypdf

# A bakery (kind shop): its kind, the after-sale model, website and as-agreed answered, of 7
# context questions (4 of them the business profile) and 6 + 7 + 8 scored ones; a shop is asked
# how long customers wait instead of finishing by a date or within a quote.
DRAFT = "draft: 4 of 28 answered"


def three_answers(cli, tmp_path) -> str:
    audit_id = cli(
        "new", "--client", "Little Crumb", "--questionnaire", "three-phases", "--kind", "shop"
    )[1].strip()
    path = tmp_path / "three.json"
    answers = [
        {"question": "after-sale-model", "value": "occasional"},
        {"question": "website", "value": 5},
        {"question": "as-agreed", "value": 1},
    ]
    path.write_text(json.dumps({"answers": answers}))
    assert cli("answer", audit_id, "--file", str(path))[0] == 0
    return audit_id


def test_a_draft_has_no_band_in_the_list_or_on_its_page(cli, tmp_path):
    audit_id = three_answers(cli, tmp_path)
    listed = cli("list")[1]
    assert DRAFT in listed and "Established" not in listed and "Developing" not in listed
    (row,) = json.loads(cli("list", "--json")[1])
    assert (row["band"], row["draft"], row["standing"]) == (None, True, DRAFT)
    page = cli("show", audit_id)[1]
    assert f"Overall score: 50 ({DRAFT})" in page
    assert page.count("Not enough answers yet") == 3  # no phase has half its answers


def test_every_export_of_a_draft_says_so(cli, tmp_path):
    audit_id = three_answers(cli, tmp_path)
    exported = json.loads(cli("export", audit_id, "--format", "json")[1])
    scores = exported["scores"]
    assert (scores["band"], scores["draft"], scores["standing"]) == (None, True, DRAFT)
    assert {p["verdict"] for p in scores["phases"]} == {"unknown"}
    markdown = cli("export", audit_id, "--format", "md")[1]
    assert f"Overall score: 50 ({DRAFT})" in markdown
    html = cli("export", audit_id, "--format", "html")[1]
    assert "DRAFT · 4 of 28 answered" in html


def test_the_pdf_of_a_draft_says_draft_on_its_cover_and_every_page(cli, tmp_path):
    audit_id = three_answers(cli, tmp_path)
    target = tmp_path / "draft.pdf"
    assert cli("report", audit_id, "-o", str(target))[0] == 0
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages]
    assert len(pages) > 3
    assert all("DRAFT" in " ".join(text.split()) for text in pages)
    # Band names appear only where the method explains them, never as this audit's band.
    judged = [text for text in pages if "How the scores are worked out" not in text]
    assert not any(band in text for text in judged for band in ("Established", "Developing"))


def test_a_finished_audit_is_no_draft(cli):
    cli("demo")
    rows = json.loads(cli("list", "--json")[1])
    assert all(not row["draft"] and row["band"] for row in rows)
