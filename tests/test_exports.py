"""The exports as the programs people open them in read them: a spreadsheet (CSV, xlsx), a
calendar (iCalendar), a browser (one HTML file) and a Markdown editor."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import icalendar
import openpyxl

from tests.conftest import REPO

CLIENT = "Zoë's Café; Smith, Jones & Co"
HOSTILE_OWNER = '=HYPERLINK("http://evil.example","x")'


def planned_audit(cli) -> tuple[str, list[dict[str, str]]]:
    """A finished demo audit whose plan has due dates, an owner with a formula in it, one
    action done and one dropped; returns its id and the plan as `plan` shows it (JSON)."""
    cli("demo")
    audit_id = next(
        r["id"] for r in json.loads(cli("list", "--json")[1]) if "three" in r["questionnaire"]
    )
    cli("clients", "rename", "Hollin & Daughters Kitchens", CLIENT)
    assert cli("plan", audit_id, "schedule", "--from", "2027-01-11")[0] == 0
    assert (
        cli("plan", audit_id, "set", "1", "--owner", "Zoë, the owner", "--status", "doing")[0] == 0
    )
    assert cli("plan", audit_id, "set", "2", "--owner", HOSTILE_OWNER)[0] == 0
    plan = json.loads(cli("export", audit_id, "--format", "json")[1])["plan"]
    done, dropped = plan[2]["id"], plan[3]["id"]
    assert cli("plan", audit_id, "set", done, "--status", "done")[0] == 0
    assert cli("plan", audit_id, "set", dropped, "--status", "dropped")[0] == 0
    return audit_id, json.loads(cli("export", audit_id, "--format", "json")[1])["plan"]


def test_a_csv_plan_opens_in_a_windows_spreadsheet_and_two_of_them_combine(cli, tmp_path):
    audit_id, plan = planned_audit(cli)
    target = tmp_path / "plan.csv"
    assert cli("export", audit_id, "--format", "csv", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfclient,audit,questionnaire,rank,")  # UTF-8 with a BOM
    assert b"\r\n" in raw and "Zoë".encode() in raw
    with target.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(plan)
    assert {(r["client"], r["audit"], r["questionnaire"]) for r in rows} == {
        (CLIENT, audit_id, "three-phases")
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id[plan[0]["id"]]["status"] == "Doing"
    assert by_id[plan[0]["id"]]["owner"] == "Zoë, the owner"
    assert {r["status"] for r in rows} == {"Doing", "To do", "Done", "Dropped"}
    # The owner that would be a formula is text: the apostrophe a spreadsheet hides.
    assert by_id[plan[1]["id"]]["owner"] == "'" + HOSTILE_OWNER
    assert all(not cell or cell[0] not in "=+-@" for r in rows for cell in r.values())

    # Semicolons for a German or French Excel: the same cells.
    semi = tmp_path / "plan-semi.csv"
    assert cli("export", audit_id, "--format", "csv", "--delimiter", ";", "-o", str(semi))[0] == 0
    assert semi.read_bytes().startswith(b"\xef\xbb\xbfclient;audit;questionnaire;")
    with semi.open(newline="", encoding="utf-8-sig") as file:
        assert list(csv.DictReader(file, delimiter=";")) == rows
    code, out, err = cli("export", audit_id, "--format", "md", "--delimiter", ";")
    assert (code, out) == (2, "") and err.strip().endswith("--delimiter is for --format csv")


def test_an_xlsx_plan_has_date_cells_numbers_and_text_never_a_formula(cli, tmp_path):
    audit_id, plan = planned_audit(cli)
    target = tmp_path / "plan.xlsx"
    code, _, err = cli("export", audit_id, "--format", "xlsx", "-o", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "Action plan" and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["client", "audit", "questionnaire", "rank"]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(plan)
    first = rows[0]
    # The demo's first fix is due 30 days after 11 January 2027.
    assert first["due"].is_date and first["due"].value == dt.datetime(2027, 2, 10)
    assert first["rank"].value == 1 and first["rank"].data_type == "n"
    assert first["client"].value == CLIENT and first["status"].value == "Doing"
    owner = next(r["owner"] for r in rows if r["id"].value == plan[1]["id"])
    assert owner.value == HOSTILE_OWNER and owner.data_type == "s"  # text, not a formula
    undated = [r for r in rows if not plan[rows.index(r)]["due"]]
    assert undated and all(r["due"].value in (None, "") for r in undated)


def test_an_xlsx_is_not_poured_into_a_terminal(cli, monkeypatch):
    cli("demo")
    audit_id = json.loads(cli("list", "--json")[1])[0]["id"]
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = cli("export", audit_id, "--format", "xlsx")
    assert (code, out) == (2, "") and "add -o FILE" in err and len(err.splitlines()) == 1


def test_the_calendar_has_an_event_per_open_or_done_action_and_none_for_a_dropped_one(cli):
    audit_id, plan = planned_audit(cli)
    code, text, err = cli("export", audit_id, "--format", "ics")
    assert code == 0 and err == ""
    raw = text.encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    dated = [a for a in plan if a["due"] and a["status"] != "dropped"]
    assert len(events) == len(dated) == sum(1 for a in plan if a["due"]) - 1
    dropped = next(a for a in plan if a["status"] == "dropped")
    assert not any(dropped["id"].replace("/", "-") in uid for uid in events)
    # Only the statuses RFC 5545 allows on an event; "done" is said in the title instead.
    assert {str(e["STATUS"]) for e in events.values()} <= {"TENTATIVE", "CONFIRMED", "CANCELLED"}
    done = next(a for a in plan if a["status"] == "done")
    event = events[f"{audit_id}-{done['id'].replace('/', '-')}@customer-care-audit"]
    assert str(event["SUMMARY"]).startswith(f"Done: {done['rank']}. ")
    first = events[f"{audit_id}-{plan[0]['id'].replace('/', '-')}@customer-care-audit"]
    assert first["DTSTART"].dt == dt.date(2027, 2, 10) and first["DTEND"].dt == dt.date(2027, 2, 11)
    assert "Owner: Zoë, the owner. Status: Doing." in str(first["DESCRIPTION"])
    # Commas and semicolons of user text are escaped (the description above came back whole).
    assert b"X-WR-CALNAME:Action plan: Zo\xc3\xab's Caf\xc3\xa9\\; Smith\\, Jones & Co" in raw


def test_the_html_export_is_one_file_with_nothing_outside_it(cli, tmp_path):
    cli("demo")
    audit_id = json.loads(cli("list", "--json")[1])[0]["id"]
    cli("clients", "rename", "Hollin & Daughters Kitchens", '<img src="http://x/a.png"> & Co')
    code, page, _ = cli("export", audit_id, "--format", "html")
    assert code == 0 and page.startswith("<!DOCTYPE html>")
    assert "&lt;img src=&#34;http://x/a.png&#34;&gt; &amp; Co" in page  # the name is text
    assert "<link" not in page and "--brand-text" in page and "@page" in page  # CSS inlined
    references = re.findall(r"""\s(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert all(ref.startswith(("data:", "#")) for ref in references), references
    assert "<svg" in page  # the charts are in the file


def test_a_template_folder_s_files_are_inlined_and_anything_else_is_removed(cli, tmp_path):
    import shutil

    cli("demo")
    audit_id = json.loads(cli("list", "--json")[1])[0]["id"]
    folder = tmp_path / "templates"
    shutil.copytree(REPO / "reports", folder)
    (folder / "dot.png").write_bytes(_PNG)
    (folder / "extra.css").write_text(".cover { background-image: url('dot.png'); }")
    secret = tmp_path / "secret.png"
    secret.write_bytes(_PNG)
    html = (folder / "report.html").read_text()
    html = html.replace(
        '<link rel="stylesheet" href="report.css">',
        '<link rel="stylesheet" href="report.css"><link rel="stylesheet" href="extra.css">'
        '<link rel="stylesheet" href="https://fonts.example/x.css">'
        f'<style>h1 {{ background: url("{secret}"); }}</style>',
    )
    html = html.replace(
        "<body>",
        '<body><img src="dot.png" alt="dot"><img src="../secret.png" alt="out">'
        '<img src="http://tracker.example/p.gif" alt="web"><a href="https://x.example">site</a>',
    )
    (folder / "report.html").write_text(html)
    code, page, err = cli("export", audit_id, "--format", "html", "--template", str(folder))
    assert code == 0, err
    dot = "data:image/png;base64,"
    assert f'<img src="{dot}' in page and 'url("data:image/png;base64,' in page
    assert '<img alt="out">' in page and '<img alt="web">' in page  # the src is gone
    for outside in ("tracker.example", "fonts.example", "https://x.example", str(secret)):
        assert outside not in page
    assert "<a>site</a>" in page  # the link's text stays


def test_the_markdown_export_starts_with_the_actions_to_do_first(cli):
    audit_id, plan = planned_audit(cli)
    text = cli("export", audit_id, "--format", "md")[1]
    lines = text.splitlines()
    start = lines.index("## Do these first")
    assert start < lines.index("## Section scores")
    top = lines[start + 2 : start + 7]
    main = [a for a in plan if a["part"] == "main"][:5]
    assert [line.split(". ", 1)[0] for line in top] == [str(a["rank"]) for a in main]
    assert top[0].endswith("(owner Zoë, the owner, due 2027-02-10)")
    assert lines[start + 7] == ""  # five, no more
    assert "very-high" not in text and "- Status: complete," in text


# A 1x1 PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


PRIVATE = "margin on this job is only 8%"
PUBLIC = "Ruth rings the customer herself"


def _noted_audit(cli, tmp_path) -> tuple[str, str, str]:
    """A demo audit with a private note on one planned question and a plain note on another;
    returns the audit's id and the two actions' ids."""
    from dataclasses import replace

    from audit.engine import view_of
    from audit.storage.store import Store

    cli("demo")
    audit_id = next(
        r["id"] for r in json.loads(cli("list", "--json")[1]) if r["questionnaire"] == "five-steps"
    )
    store = Store(tmp_path / "cli-store")
    first, second = view_of(store, audit_id).plan[:2]
    answers = store.load_audit(audit_id).answers
    store.save_answer(
        audit_id, replace(answers[first.question_id], note=PRIVATE, note_private=True)
    )
    store.save_answer(audit_id, replace(answers[second.question_id], note=PUBLIC))
    return audit_id, first.id, second.id


def _csv_notes(cli, tmp_path, audit_id, *private) -> dict[str, str]:
    target = tmp_path / "plan.csv"
    assert cli("export", audit_id, "--format", "csv", "-o", str(target), *private)[0] == 0
    with target.open(newline="", encoding="utf-8-sig") as file:
        return {row["id"]: row["note"] for row in csv.DictReader(file)}


def _xlsx_notes(cli, tmp_path, audit_id, *private) -> tuple[dict[str, str], str, str | None]:
    """The notes read back from the workbook, its sheet's name and its title."""
    target = tmp_path / "plan.xlsx"
    assert cli("export", audit_id, "--format", "xlsx", "-o", str(target), *private)[0] == 0
    book = openpyxl.load_workbook(target)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    notes = {row["id"]: row["note"] or "" for row in rows}
    return notes, sheet.title, book.properties.title


def test_notes_go_into_the_xlsx_as_into_the_csv_private_ones_only_when_asked(cli, tmp_path):
    audit_id, private_row, public_row = _noted_audit(cli, tmp_path)
    # The client's copy: the plain note on its row, the private one nowhere.
    csv_notes = _csv_notes(cli, tmp_path, audit_id)
    xlsx_notes, sheet, title = _xlsx_notes(cli, tmp_path, audit_id)
    assert xlsx_notes == csv_notes
    assert csv_notes[public_row] == PUBLIC and csv_notes[private_row] == ""
    assert not any(PRIVATE in note for note in csv_notes.values())
    assert sheet == "Action plan" and "internal" not in (title or "")
    # The internal copy: the private note too, marked as private, in both the same.
    csv_notes = _csv_notes(cli, tmp_path, audit_id, "--include-private")
    xlsx_notes, sheet, title = _xlsx_notes(cli, tmp_path, audit_id, "--include-private")
    assert xlsx_notes == csv_notes
    assert csv_notes[private_row] == f"Private note: {PRIVATE}"
    assert csv_notes[public_row] == PUBLIC
    assert sheet == "Action plan (internal)"
    assert title is not None and title.endswith("(internal: includes private notes)")


def test_a_note_longer_than_a_spreadsheet_cell_is_cut_with_a_word_on_the_rest(cli, tmp_path):
    from dataclasses import replace

    from audit.storage.store import Store

    audit_id, _, public_row = _noted_audit(cli, tmp_path)
    store = Store(tmp_path / "cli-store")
    audit = store.load_audit(audit_id)
    question_id = next(q for q, a in audit.answers.items() if a.note == PUBLIC)
    store.save_answer(audit_id, replace(audit.answers[question_id], note="x" * 40_000))
    csv_notes = _csv_notes(cli, tmp_path, audit_id)
    xlsx_notes, _, _ = _xlsx_notes(cli, tmp_path, audit_id)
    # Excel holds 32,767 characters a cell: 32,000 kept, then "… [8,000 more characters: ...]".
    for note in (csv_notes[public_row], xlsx_notes[public_row]):
        assert note.startswith("x" * 32_000) and len(note) < 32_767
        assert note.endswith("[8,000 more characters: see audit export]")
