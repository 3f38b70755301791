"""What the client gets and what stays the consultant's: private notes and flags for review are
left out of `audit show`, every export and the PDF, unless `--include-private` asks for an
internal copy, which then says so at its top (the PDF on every page)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from audit.domain.audit import ActionEdit, ActionStatus
from audit.engine import view_of
from audit.storage.store import Store
from tests.conftest import REPO

MARK = "internal: includes private notes"
SECRET = "secret margin 40%"
PUBLIC = "Ruth does the design visits"


@pytest.fixture
def consultant_audit(cli, tmp_path) -> str:
    """A demo audit with a private note and a flag on one answer, a plain note on another."""
    cli("demo")
    audit_id = next(
        r["id"] for r in json.loads(cli("list", "--json")[1]) if r["questionnaire"] == "five-steps"
    )
    store = Store(tmp_path / "cli-store")
    answers = store.load_audit(audit_id).answers
    first, second = list(answers)[:2]
    store.save_answer(
        audit_id, replace(answers[first], note=SECRET, note_private=True, flagged=True)
    )
    store.save_answer(audit_id, replace(answers[second], note=PUBLIC, flagged=False))
    return audit_id


def _no_flag_anywhere(text: str) -> bool:
    return "flagged" not in text.lower()


def test_show_leaves_private_notes_and_flags_out_unless_include_private(cli, consultant_audit):
    code, page, err = cli("show", consultant_audit)
    assert (code, err) == (0, "")
    assert SECRET not in page and PUBLIC in page and _no_flag_anywhere(page)
    assert MARK not in page
    code, page, err = cli("show", consultant_audit, "--include-private")
    assert (code, err) == (0, "")
    assert page.splitlines()[0] == MARK
    assert f"note (private): {SECRET}" in page and "[flagged for review]" in page
    code, out, _ = cli("show", consultant_audit, "--json")
    assert code == 0 and SECRET not in out and '"flagged"' not in out
    code, out, _ = cli("show", consultant_audit, "--json", "--include-private")
    assert code == 0 and SECRET in out and '"flagged": true' in out


@pytest.mark.parametrize("fmt", ["json", "md", "html", "csv", "ics"])
def test_every_export_leaves_private_notes_and_flags_out_unless_include_private(
    cli, consultant_audit, fmt
):
    code, out, _ = cli("export", consultant_audit, "--format", fmt)
    assert code == 0
    assert SECRET not in out and MARK not in out and _no_flag_anywhere(out)
    if fmt in ("json", "md", "html"):
        assert PUBLIC in out
    code, internal, _ = cli("export", consultant_audit, "--format", fmt, "--include-private")
    assert code == 0
    if fmt == "json":
        data = json.loads(internal)
        assert next(iter(data)) == "internal" and data["internal"] == "includes private notes"
        item = next(a for a in data["answers"] if a.get("note") == SECRET)
        assert item["private_note"] is True and item["flagged"] is True
    elif fmt == "md":
        assert internal.splitlines()[0] == f"**{MARK}**"
        assert f"Private note: {SECRET}" in internal and "(flagged for review)" in internal
    elif fmt == "html":
        assert f'<p class="internal-banner">{MARK}</p>' in internal
        assert SECRET in internal and "Flagged for review" in internal


def test_the_clients_json_export_still_reads_back_into_another_audit(
    cli, consultant_audit, tmp_path, monkeypatch
):
    exported = tmp_path / "client.json"
    assert cli("export", consultant_audit, "--format", "json", "-o", str(exported))[0] == 0
    monkeypatch.setenv("AUDIT_DB", str(tmp_path / "other"))
    copy_id = cli("new", "--client", "Copy", "--questionnaire", "five-steps")[1].strip()
    code, out, err = cli("answer", copy_id, "--file", str(exported))
    # The demo's 40 answers; hiring, outsourced and lost-reasons weak among them: 26 + 3 rows.
    assert (code, err) == (0, "") and "40 answers and 29 plan rows saved" in out
    assert SECRET not in cli("show", copy_id, "--include-private")[1]


def pdf_pages(pdf: bytes) -> list[str]:
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]


def test_the_internal_pdf_says_so_on_every_page_and_the_clients_pdf_has_no_flags(
    cli, consultant_audit, tmp_path
):
    client_pdf, internal_pdf = tmp_path / "client.pdf", tmp_path / "internal.pdf"
    assert cli("report", consultant_audit, "-o", str(client_pdf))[0] == 0
    assert cli("report", consultant_audit, "-o", str(internal_pdf), "--include-private")[0] == 0
    client = pdf_pages(client_pdf.read_bytes())
    assert not any(MARK in page or SECRET in page or "Flagged" in page for page in client)
    assert any(PUBLIC in page for page in client)
    internal = pdf_pages(internal_pdf.read_bytes())
    assert [n for n, page in enumerate(internal, 1) if MARK not in page] == []
    assert any(f"Private note: {SECRET}" in p and "Flagged for review" in p for p in internal)
    _save_first_pages(internal_pdf, "internal-copy")


def _save_first_pages(pdf: Path, name: str) -> None:
    """The cover and the summary as PNG under test-artifacts/, to look at the banner."""
    import pypdfium2

    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    for number in (0, 2):
        document[number].render(scale=1.0).to_pil().save(artifacts / f"{name}-{number + 1}.png")


# -- item 12: one word for each action status ----------------------------------------------


def test_a_status_set_on_an_action_reads_the_same_in_show_exports_and_pdf(
    cli, consultant_audit, tmp_path
):
    store = Store(tmp_path / "cli-store")
    plan = view_of(store, consultant_audit).plan
    store.save_action_edit(consultant_audit, plan[0].id, ActionEdit("Sam", "", ActionStatus.DOING))
    store.save_action_edit(consultant_audit, plan[1].id, ActionEdit("", "", ActionStatus.DROPPED))
    show = cli("show", consultant_audit)[1]
    assert "owner Sam, status Doing" in show and "status Dropped" in show
    markdown = cli("export", consultant_audit, "--format", "md")[1]
    assert "status: Doing" in markdown and "status: To do" in markdown
    spreadsheet = cli("export", consultant_audit, "--format", "csv")[1]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(spreadsheet.removeprefix("\ufeff")))}
    assert rows[plan[0].id]["status"] == "Doing" and rows[plan[2].id]["status"] == "To do"
    # A dropped row leaves the ranking and is listed last, under "closed".
    dropped = rows[plan[1].id]
    assert (dropped["rank"], dropped["part"], dropped["status"]) == (
        str(len(plan)),
        "closed",
        "Dropped",
    )
    target = tmp_path / "plan.pdf"
    assert cli("report", consultant_audit, "-o", str(target))[0] == 0
    text = " ".join(pdf_pages(target.read_bytes()))
    assert "Doing" in text and "Dropped" in text and "To do" in text
    assert "In progress" not in text  # that names an unfinished audit, not an action
    for status in ActionStatus:
        assert status.label in {"To do", "Doing", "Done", "Dropped"}
