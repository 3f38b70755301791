"""A corpus of crafted text sent everywhere text goes: answers, notes, N/A reasons, client
names, owners, brand fields and questionnaire text, through the TUI, the interview, every export
and the PDF. Each payload must come out as the characters it is, and nothing else."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import time

import pypdf
import pytest

from audit.catalog import load_catalog
from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit
from audit.domain.loader import load_questionnaire
from audit.engine import view_of
from audit.locations import report_templates
from audit.reporting import exports
from audit.reporting.brand import Brand
from audit.reporting.render import render_html, render_pdf, visible
from audit.storage.store import Store
from audit.text import clipped, plain

PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    "<style>@import url(file:///etc/hostname); * { display: none }</style>",
    '<object data="file:///etc/passwd"></object><iframe src="https://evil.example/"></iframe>',
    '<a rel="attachment" href="file:///etc/passwd">attach me</a>',
    "<svg><image href='http://evil.example/i.png'/></svg>",
    'style="background: url(http://evil.example/track.png)"',
    '"><script>alert(1)</script>',
    "</td></tr></table></section><h1>Injected heading</h1>",
    "{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %} {# hidden #}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "[bold red]markup[/] [link=https://evil.example]click[/link] [@click=app.quit]x[/]",
    "\x1b[31mred\x1b[0m \x1b]0;new title\x07 \x1b[2J",
    "bell\x07 backspace\x08 nul\x00 delete\x7f",
    "\u202eevil\u202c and \u2067isolate\u2069 right-to-left",
    '=HYPERLINK("http://evil.example","x") +1 -1 @SUM(A1)',
    "](javascript:alert(1)) | a | table | `code` *em* _u_ # heading",
    "line one\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "&lt;already escaped&gt; &amp;amp; &#60;",
    "zero\u200bwidth com\u0301bining 👍🏽 ünïcödé",
    "../../../../etc/passwd a/b\\c",
    "T" * 20_000,  # a huge unbroken token
    ("a megabyte note " * 65_536)[:1_000_000],
    "url(data:text/html;base64,PHNjcmlwdD4=) @font-face { src: url(file:///x) }",
]
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAME_PAYLOADS = [p for p in PAYLOADS if len(p) <= 200 and "\x00" not in p]


def squashed(text: str) -> str:
    """For comparing extracted PDF text: no whitespace, no invisible break points."""
    return re.sub(r"[\s\u200b]+", "", text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store with every payload in every kind of place, and the audit's id."""
    folder = tmp_path_factory.mktemp("hostile") / "store"
    store = Store(folder)
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    client = store.add_client(NAME_PAYLOADS[0], sector=NAME_PAYLOADS[1], contact=NAME_PAYLOADS[2])
    audit = store.create_audit(client, entry.questionnaire, entry.text, auditor=NAME_PAYLOADS[3])
    answers = []
    for n, question in enumerate(entry.questionnaire.questions):
        payload = PAYLOADS[n % len(PAYLOADS)]
        if question.kind.value == "text":
            answers.append(Answer(question.id, value=payload[:100_000], note=payload))
        elif question.allow_na:  # a reason as long as one may be, whichever payload lands here
            answers.append(Answer(question.id, na_reason=payload[:2_000], note=payload))
        elif question.kind.value == "scale":
            answers.append(Answer(question.id, value=1, note=payload))
        elif question.kind.value == "single":  # the last choice: a team, so staff questions show
            answers.append(Answer(question.id, value=question.choices[-1].id, note=payload))
        else:
            answers.append(Answer(question.id, note=payload))  # a note alone, no answer yet
    store.save_answers(audit.id, answers)
    for n, action in enumerate(view_of(store, audit.id).plan):
        owner = NAME_PAYLOADS[n % len(NAME_PAYLOADS)]
        store.save_action_edit(audit.id, action.id, ActionEdit(owner=owner, due="2027-01-31"))
    return store, audit.id


def placed(store: Store, audit_id: str) -> list[str]:
    """Every payload as the store holds it in this audit (notes, N/A reasons, owners, names)."""
    view = view_of(store, audit_id)
    texts = [view.client.name, view.client.sector, view.client.contact, view.audit.auditor]
    for answer in view.audit.answers.values():
        texts += [answer.note, answer.na_reason or ""]
    texts += [action.owner for action in view.plan]
    return [t for t in texts if t]


def test_the_corpus_is_big_and_stored_exactly(hostile):
    store, audit_id = hostile
    assert len(PAYLOADS) >= 20
    assert set(PAYLOADS) <= set(placed(store, audit_id))  # every payload went in, unchanged


def test_the_pdf_shows_every_payload_literally_and_loads_nothing(hostile):
    store, audit_id = hostile
    brand = Brand(name=NAME_PAYLOADS[4], footer=NAME_PAYLOADS[5], contact={"web": NAME_PAYLOADS[6]})
    refused: list[str] = []
    started = time.monotonic()
    html = render_html(view_of(store, audit_id), report_templates(), brand, today=_today())
    pdf = render_pdf(html, report_templates(), refused)
    assert time.monotonic() - started < 60  # the budget is 5 s (bench/); this only guards a hang
    assert refused == []  # nothing even tried: the payloads are text, not elements

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.root_object
    assert "/EmbeddedFiles" not in root.get("/Names", {})  # no attached file
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert annotation.get("/Subtype") != "/FileAttachment"
            target = str(annotation.get("/A", {}).get("/URI", ""))
            assert not target or target.startswith("#"), target  # no link from typed text
    # pypdfium2 reads the text back: pypdf garbles a font subset that holds an emoji.
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    text = squashed("".join(page.get_textpage().get_text_range() for page in document))
    for payload in [*placed(store, audit_id), brand.name, brand.footer]:
        shown = squashed(visible(clipped(payload)))
        if "👍" in shown:  # the emoji has no glyph in the PDF's font; the rest must be there
            shown = shown.split("👍")[0]
        # A clipped megabyte may run over a page break, where the running header and footer
        # stand between its halves: its first part and the clipping marker must both be there.
        assert shown[:1000] in text, payload[:60]
        if len(shown) > 1000:
            assert squashed(shown[-60:]) in text, payload[:60]
    # {{ 7 * 7 }} was not evaluated: no 49 but the questionnaire's own ("10 to 49" people).
    assert "49" not in text.replace("2049", "").replace("10to49", "")
    assert "root:x:0" not in text  # nothing of /etc/passwd


def test_the_html_export_escapes_every_payload(hostile):
    store, audit_id = hostile
    html = render_html(view_of(store, audit_id), report_templates(), Brand(), today=_today())
    # The charts are SVG drawn by charts.py, which escapes every title: set them aside.
    body = re.sub(r"<svg.*?</svg>", "", html.split("<body", 1)[1], flags=re.S)
    # The only elements left are the template's own: no typed tag survives as markup.
    for tag in ("<img", "<script", "<iframe", "<object", "<link", "<style", '<a rel="attach'):
        assert tag not in body
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in body
    assert "{{ 7 * 7 }}" in body


def test_the_markdown_csv_ics_and_json_exports_keep_the_payloads_inert(hostile, tmp_path):
    store, audit_id = hostile
    view = view_of(store, audit_id)

    markdown = exports.to_markdown(view)
    # Markdown escapes with a backslash: no bare < (HTML) and no bare ]( (a link) is left.
    assert not re.search(r"(?<!\\)<", markdown) and not re.search(r"(?<!\\)\]\(", markdown)
    assert "\x1b" not in markdown and "\u202e" not in markdown

    rows = list(csv.reader(io.StringIO(exports.plan_to_csv(view))))
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@", cell  # no formula for a spreadsheet

    ics = exports.plan_to_ics(view, stamp="20261124T000000Z")
    unfolded = ics.replace("\r\n ", "").split("\r\n")  # long lines continue after a space
    assert all(re.match(r"^[A-Z-]+[;:]", line) for line in unfolded if line), unfolded
    assert unfolded.count("BEGIN:VEVENT") == sum(1 for a in view.plan if a.due)

    # JSON carries everything whole, and reads back into another store unchanged.
    other = Store(tmp_path / "other")
    entry = load_catalog([]).get("five-steps")
    assert entry is not None
    copy = other.create_audit(other.add_client("Copy"), entry.questionnaire, entry.text)
    exported = tmp_path / "audit.json"
    exported.write_text(exports.to_json(view), encoding="utf-8")
    from audit.answer_files import read_answers_file
    from audit.domain.answers import MAX_NOTE_CHARS, AnswerError
    from audit.engine import apply_answers

    # The megabyte note predates the note limit: the store keeps it, an import refuses it by name.
    with pytest.raises(AnswerError, match=r"answer #\d+: the note is 1,000,000 characters long"):
        read_answers_file(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    for item in data["answers"]:
        item["note"] = item.get("note", "")[:MAX_NOTE_CHARS]
    exported.write_text(json.dumps(data), encoding="utf-8")
    apply_answers(other, copy.id, read_answers_file(exported)[1])
    again = other.load_audit(copy.id).answers
    assert {q: (a.note, a.na_reason) for q, a in again.items()} == {
        q: (a.note[:MAX_NOTE_CHARS], a.na_reason) for q, a in view.audit.answers.items()
    }


def test_the_tui_shows_payloads_as_plain_characters(hostile):
    from textual.widgets import DataTable, Static

    from audit.tui.app import AuditApp
    from audit.tui.question import QuestionScreen

    store, _ = hostile
    app = AuditApp(store, load_catalog([]))
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            row = app.screen.query_one(DataTable).get_row_at(0)
            assert str(row[0]) == plain(
                NAME_PAYLOADS[0]
            )  # the client's name, character for character
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            for question in screen.session.asked:
                screen.session.go_to(question.id)
                screen.show_question()
                await pilot.pause()
                shown = "\n".join(
                    str(getattr(w.render(), "plain", w.render())) for w in app.screen.query(Static)
                )
                # What reaches the terminal, whole: no escape sequence, bell or bidi override.
                drawn = app.export_screenshot()
                assert not CONTROLS.search(drawn), f"a control character drawn at {question.id}"
                answer = screen.session.current_answer
                if answer is not None and answer.note:
                    assert plain(clipped(answer.note, 500)) in shown
                    seen.append(answer.note)

    asyncio.run(main())
    assert len(set(seen)) >= 20


def test_the_interview_prints_payloads_as_plain_characters(capsys, tmp_path):
    """A questionnaire written to attack the consultant's terminal: every text is shown with
    its control characters as code points, and nothing else in it changes."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from audit.prompts.interview import Interview, Prompts
    from audit.session import AuditSession

    short = [p for p in PAYLOADS if len(p) < 400]

    def toml_str(text: str) -> str:  # a TOML basic string: JSON's, with DEL escaped too
        return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")

    sections = []
    for n, payload in enumerate(short):
        sections.append(
            f'[[sections]]\nid = "s{n}"\ntitle = {toml_str(payload)}\n'
            f"description = {toml_str(payload)}\n\n"
            f'[[sections.questions]]\nid = "q{n}"\ntext = {toml_str(payload)}\n'
            f'help = {toml_str(payload)}\nkind = "scale"\n'
            f'points = [{toml_str(payload)}, "two"]\nactions = [{toml_str(payload)}]\n'
        )
    text = 'id = "hostile"\ntitle = "Hostile"\nversion = "1"\n\n' + "\n".join(sections)
    questionnaire = load_questionnaire(text, "hostile.toml")
    store = Store(tmp_path / "store")
    audit = store.create_audit(store.add_client("Call"), questionnaire, text)
    replies = iter(["?\r"] + ["1\r"] * len(short))

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):

        def type_next(_message: str) -> None:
            pipe.send_text(next(replies, ":quit\r"))

        Interview(
            AuditSession(store, audit.id), Prompts(input=pipe, output=DummyOutput(),
                                                   before_prompt=type_next)
        ).run()  # fmt: skip
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\x07" not in printed and "\u202e" not in printed
    assert "<U+001B>[31mred<U+001B>[0m" in printed
    assert "[bold red]markup[/]" in printed and "{{ 7 * 7 }}" in printed


def _today():
    import datetime as dt

    return dt.date(2026, 11, 24)


def test_a_client_name_cannot_leave_the_report_folder(hostile, tmp_path):
    from audit.reporting.batch import report_file_name

    for payload in NAME_PAYLOADS:
        name = report_file_name(payload, "five-steps", "abcd1234")
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_names_longer_than_the_limit_are_refused_in_one_line(tmp_path):
    from audit.storage.files import StoreError

    store = Store(tmp_path / "store")
    with pytest.raises(StoreError, match=r"^the client name is longer than 200 characters$"):
        store.add_client("N" * 201)
    assert store.clients() == []


def test_the_one_file_html_and_the_xlsx_exports_keep_the_payloads_inert(hostile):
    import openpyxl

    from audit.reporting.standalone import standalone_html

    store, audit_id = hostile
    view = view_of(store, audit_id)
    page = standalone_html(
        render_html(view, report_templates(), Brand(), today=_today()), report_templates()
    )
    # Every reference left in the file is inside it; the payloads are text, not elements.
    # (Quotes in text are escaped, so a quoted attribute is markup, never a payload.)
    references = re.findall(r"""\s(?:src|href|data)\s*=\s*["']([^"']*)""", page)
    assert all(ref.startswith(("data:", "#")) for ref in references), references
    for outside in ("url(file:", "url(http", "@import url(file"):
        assert outside not in page.split("<body>")[0]  # nothing of the payloads in the styles
    body = page.split("<body>", 1)[1]
    for tag in ("<img", "<script", "<iframe", "<object", "<link", '<a rel="attach'):
        assert tag not in body

    sheet = openpyxl.load_workbook(io.BytesIO(exports.plan_to_xlsx(view))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert cells and all(c.data_type in ("s", "n", "d") for c in cells)  # never "f", a formula
