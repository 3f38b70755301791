"""Files from other people stay harmless: each test is one reproduction of the security
review (../shared/reviews/security.md) and what a user sees instead."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from audit.storage.store import Store


@pytest.fixture
def demo_store(cli, tmp_path) -> tuple[Path, list[str]]:
    assert cli("demo")[0] == 0
    folder = tmp_path / "cli-store"
    return folder, Store(folder).audit_ids()


def template_folder(tmp_path: Path, html: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "report.html").write_text(html)
    return folder


# 1. Templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('echo PWNED > MARKER').read() }}",
        "{{ lipsum.__globals__['os'].popen('echo PWNED > MARKER').read() }}",
        "{{ joiner.__init__.__globals__.os.popen('echo PWNED > MARKER').read() }}",
        "{{ client.name.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",
    ],
)
def test_a_template_from_a_stranger_cannot_run_code(cli, demo_store, tmp_path, payload):
    _, ids = demo_store
    marker = tmp_path / "rce_marker"
    folder = template_folder(tmp_path, "<p>" + payload.replace("MARKER", str(marker)) + "</p>")
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert code == 1
    assert not marker.exists()
    assert "uid=" not in out and "PWNED" not in out
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_template_include_cannot_follow_a_symlink_out_of_its_folder(cli, demo_store, tmp_path):
    _, ids = demo_store
    secret = tmp_path / "victim_secret.txt"
    secret.write_text("THE-SECRET")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "hostname").write_text("THE-HOSTNAME")
    for include in ["inc.html", "etcdir/hostname"]:
        folder = template_folder(tmp_path, '<p>{% include "' + include + '" %}</p>')
        (folder / "inc.html").unlink(missing_ok=True)
        (folder / "inc.html").symlink_to(secret)
        if not (folder / "etcdir").exists():
            (folder / "etcdir").symlink_to(outside)
        code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
        assert code == 1, out
        assert "THE-SECRET" not in out and "THE-HOSTNAME" not in out
        assert "template not found" in err and len(err.strip().splitlines()) == 1


def test_a_template_still_includes_its_own_files(cli, demo_store, tmp_path):
    _, ids = demo_store
    folder = template_folder(tmp_path, '<p>{% include "parts/inc.html" %}{{ client.name }}</p>')
    (folder / "parts").mkdir()
    (folder / "parts" / "inc.html").write_text("INCLUDED-PART ")
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert code == 0, err
    assert "INCLUDED-PART" in out
    (folder / "parts" / "inc.html").write_text("EDITED-PART ")  # the cached environment sees it
    code, out, err = cli("export", ids[0], "--format", "html", "--template", str(folder))
    assert "EDITED-PART" in out


# 2. Stores from elsewhere -------------------------------------------------------------------


def edit_index(folder: Path, change) -> None:
    path = folder / "index.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def edit_audit_file(folder: Path, audit_id: str, change) -> None:
    path = folder / "audits" / f"{audit_id}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def one_line_error(code: int, err: str) -> None:
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_an_audit_id_that_climbs_out_of_the_store_is_damage(cli, demo_store, tmp_path):
    folder, ids = demo_store
    victim = tmp_path / "victim4"
    victim.mkdir()
    other = folder / "audits" / f"{ids[0]}.json"
    (victim / "other_store_audit.json").write_bytes(other.read_bytes())
    before = (victim / "other_store_audit.json").read_bytes()
    evil = "../../victim4/other_store_audit"

    def climb(data):
        for doc in data["audits"].values():
            if doc["id"] == ids[0]:
                doc["id"] = evil

    first = next(iter(json.loads(other.read_text())["answers"].values()))
    answers = tmp_path / "answers.json"
    answer = {"question": first["question"], "value": first["value"], "note": "hello"}
    answers.write_text(json.dumps({"answers": [answer]}))
    assert cli("answer", ids[0], "--file", str(answers))[0] == 0  # the file is a good one
    edit_index(folder, climb)
    code, out, err = cli("answer", evil, "--file", str(answers))
    one_line_error(code, err)
    assert (victim / "other_store_audit.json").read_bytes() == before
    assert not (victim / "other_store_audit.json.bak").exists()
    code, out, err = cli("list")
    assert "not of this store's form" in out + err


def test_a_crlf_due_date_in_a_store_is_damage_not_a_calendar_event(cli, demo_store):
    folder, ids = demo_store

    def inject(data):
        data["action_edits"] = {
            "1": {
                "action": "x",
                "owner": "",
                "due": "2026-12-01\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nURL:http://evil",
                "status": "todo",
            }
        }

    edit_audit_file(folder, ids[0], inject)
    code, out, err = cli("export", ids[0], "--format", "ics")
    one_line_error(code, err)
    assert "BEGIN:VEVENT" not in out and "not an audit of this store" in err


@pytest.mark.parametrize(
    "field, value",
    [("updated_at", "\x1bc reset"), ("created_at", "yesterday"), ("status", "\x1b[2Jdone")],
    ids=["escape in updated_at", "not a time", "escape in status"],
)
def test_bad_times_and_statuses_in_an_audit_file_are_damage(cli, demo_store, field, value):
    folder, ids = demo_store

    def spoil(data):
        next(iter(data["meta"].values()))[field] = value

    edit_audit_file(folder, ids[0], spoil)
    code, out, err = cli("show", ids[0])
    one_line_error(code, err)
    assert "\x1b" not in out + err


def test_a_symlinked_audits_folder_is_damage_and_nothing_elsewhere_is_deleted(
    cli, demo_store, tmp_path
):
    folder, _ = demo_store
    victim = tmp_path / "victim3"
    (folder / "audits").rename(victim)
    keep = victim / ".precious.tmp"
    keep.write_text("mine")
    (folder / "audits").symlink_to(victim)
    code, _out, err = cli("list")
    one_line_error(code, err)
    assert keep.exists()
    assert "symbolic link" in err


def test_a_lock_symlink_creates_no_file_elsewhere(cli, demo_store, tmp_path):
    folder, _ = demo_store
    target = tmp_path / "created-by-audit"
    (folder / "lock").unlink(missing_ok=True)
    (folder / "lock").symlink_to(target)
    code, _out, err = cli("list")
    one_line_error(code, err)
    assert not target.exists()
    assert "symbolic link" in err


@pytest.mark.parametrize(
    "content, what",
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"meta": {"1": {"schema": 1' + "1" * 5000 + "}}}", "number too large"),
    ],
    ids=["deep nesting", "huge integer"],
)
def test_a_deeply_nested_or_huge_number_index_is_one_line(cli, demo_store, content, what):
    folder, _ = demo_store
    (folder / "index.json").write_text(content)
    code, _out, err = cli("list")
    one_line_error(code, err)
    assert what in err


def test_an_audit_file_linked_to_dev_zero_is_damage(cli, demo_store):
    folder, ids = demo_store
    path = folder / "audits" / f"{ids[0]}.json"
    path.unlink()
    path.symlink_to("/dev/zero")
    code, _out, err = cli("show", ids[0])
    one_line_error(code, err)
    assert "symbolic link" in err


def test_a_cache_entry_with_an_empty_stamp_is_not_trusted(cli, demo_store):
    folder, ids = demo_store
    assert cli("list")[0] == 0
    cache = json.loads((folder / "summaries.json").read_text())
    (folder / "audits" / f"{ids[0]}.json").unlink()
    cache[ids[0]]["stamp"] = []
    cache[ids[0]]["summary"]["status"] = "\x1b[2J"
    (folder / "summaries.json").write_text(json.dumps(cache))
    _code, out, err = cli("list")
    assert "\x1b" not in out + err
    assert ids[0] not in out


# 3. iCalendar -------------------------------------------------------------------------------


def test_a_due_date_or_id_with_line_breaks_adds_no_calendar_lines(cli, demo_store):
    import dataclasses

    from audit.engine import view_of
    from audit.reporting.exports import plan_to_ics

    folder, ids = demo_store
    view = view_of(Store(folder), ids[0])
    injected = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nURL:http://evil.example"
    first, second, *rest = view.plan
    plan = (
        dataclasses.replace(first, due="2026-12-01" + injected),
        dataclasses.replace(second, due="2026-12-02", id=second.id + injected),
        *rest,
    )
    audit = dataclasses.replace(view.audit, id=view.audit.id + "\nURL:x")
    ics = plan_to_ics(dataclasses.replace(view, plan=plan, audit=audit), stamp="20261124T000000Z")
    unfolded = ics.replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith("URL") for line in unfolded), unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1 + sum(1 for a in rest if a.due)
    assert "\n" not in ics.replace("\r\n", "")


# 4. Brand files ----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def brand_with_logo(tmp_path: Path, logo: str) -> Path:
    folder = tmp_path / "brand"
    folder.mkdir(exist_ok=True)
    brand = folder / "brand.toml"
    brand.write_text(f'name = "B"\nlogo = {json.dumps(logo)}\n')
    return brand


def logo_refusal(brand: Path) -> str:
    from audit.reporting.brand import BrandError, load_brand

    with pytest.raises(BrandError) as caught:
        load_brand(brand)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_logo_outside_the_brand_folder_is_not_allowed_and_nothing_leaks(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "passport.png").write_bytes(PNG)
    for name in ["../private/passport.png", str(private / "passport.png"), "~/x.png"]:
        assert "not allowed" in logo_refusal(brand_with_logo(tmp_path, name))
    # A file elsewhere that exists and one that does not read the same.
    there = logo_refusal(brand_with_logo(tmp_path, "../private/passport.png"))
    missing = logo_refusal(brand_with_logo(tmp_path, "../private/nothing.png"))
    assert there.replace("passport", "nothing") == missing


def test_a_logo_symlink_device_or_fifo_is_refused_at_once(tmp_path):
    import os
    import time

    private = tmp_path / "private"
    private.mkdir()
    (private / "passport.png").write_bytes(PNG)
    brand = brand_with_logo(tmp_path, "logo.png")
    folder = brand.parent
    (folder / "logo.png").symlink_to(private / "passport.png")
    assert "not allowed" in logo_refusal(brand)
    (folder / "logo.png").unlink()
    (folder / "logo.png").symlink_to("/dev/zero")
    assert "not allowed" in logo_refusal(brand)
    (folder / "logo.png").unlink()
    os.mkfifo(folder / "logo.png")
    started = time.monotonic()
    assert "not allowed" in logo_refusal(brand)
    assert time.monotonic() - started < 2
    (folder / "logo.png").unlink()
    assert "not found" in logo_refusal(brand)


def test_a_logo_is_read_only_up_to_its_limit(tmp_path, monkeypatch):
    from audit.reporting import brand as brand_module

    brand = brand_with_logo(tmp_path, "logo.png")
    (brand.parent / "logo.png").write_bytes(PNG + b"\x00" * 2_000_000)
    read: list[int] = []
    real_fdopen = os.fdopen

    def counting_fdopen(*args, **kwargs):
        stream = real_fdopen(*args, **kwargs)
        real_read = stream.read

        def counting_read(n=-1):
            read.append(n)
            return real_read(n)

        stream.read = counting_read
        return stream

    monkeypatch.setattr(os, "fdopen", counting_fdopen)
    assert "larger than 1 MB" in logo_refusal(brand)
    assert read == [brand_module.MAX_LOGO_BYTES + 1]


def test_only_a_real_svg_is_accepted_as_an_svg_logo(tmp_path):
    from audit.reporting.brand import load_brand

    brand = brand_with_logo(tmp_path, "diary.html")
    (brand.parent / "diary.html").write_text("<html><p>my diary</p><svg></svg></html>")
    assert "not a PNG, JPEG or SVG" in logo_refusal(brand)
    brand = brand_with_logo(tmp_path, "logo.svg")
    (brand.parent / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert load_brand(brand).logo_data_uri.startswith("data:image/svg+xml;base64,")


# 5. Store permissions ----------------------------------------------------------------------


def test_a_new_store_folder_is_for_its_owner_only(cli, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        assert cli("demo")[0] == 0
    finally:
        os.umask(old)
    for folder in ["cli-store", "cli-store/audits", "cli-store/questionnaires"]:
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o700, folder


def test_an_export_with_private_notes_is_for_its_owner_only(cli, demo_store, tmp_path):
    import os

    _, ids = demo_store
    old = os.umask(0o022)
    try:
        for fmt in ["json", "md", "html"]:
            private = tmp_path / f"private.{fmt}"
            shared = tmp_path / f"shared.{fmt}"
            argv = ["export", ids[0], "--format", fmt, "--output"]
            assert cli(*argv, str(private), "--include-private")[0] == 0
            assert cli(*argv, str(shared))[0] == 0
            assert private.stat().st_mode & 0o777 == 0o600, fmt
            assert shared.stat().st_mode & 0o777 == 0o644, fmt
    finally:
        os.umask(old)


def test_a_report_with_private_notes_is_for_its_owner_only(cli, demo_store, tmp_path):
    import os

    _, ids = demo_store
    old = os.umask(0o022)
    try:
        private, shared = tmp_path / "private.pdf", tmp_path / "shared.pdf"
        code, _, err = cli("report", ids[0], "--output", str(private), "--include-private")
        assert code == 0, err
        assert cli("report", ids[0], "--output", str(shared))[0] == 0
    finally:
        os.umask(old)
    assert private.stat().st_mode & 0o777 == 0o600
    assert shared.stat().st_mode & 0o777 == 0o644


# 6. Terminal output ------------------------------------------------------------------------

FIVE_STEPS = (Path(__file__).parent.parent / "questionnaires" / "five-steps.toml").read_text()


def own_questionnaire(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_an_escape_sequence_in_a_questionnaire_never_reaches_the_terminal(cli, tmp_path):
    folder = tmp_path / "qesc"
    text = FIVE_STEPS.replace('id = "five-steps"', 'id = "mine"', 1)
    text = text.replace('version = "1.0"', 'version = "1.0\\u001b]0;PWNED\\u0007\\u001b[2J"', 1)
    own_questionnaire(folder, "good.toml", text)
    bad = 'id = "bad\\u001b[2J"\n"key\\u001bc" = 1\n'
    own_questionnaire(folder, "bad\x1b[31m.toml", bad)
    code, out, err = cli("questionnaires", "list", "--questionnaires", str(folder))
    assert code == 0, err
    assert "mine" in out and "skipped" in err
    assert "\x1b" not in out + err and "\x07" not in out + err
    code, out, err = cli("questionnaires", "validate", str(folder / "bad\x1b[31m.toml"))
    assert code == 1
    assert "\x1b" not in out + err and "<U+001B>" in err


def test_an_answers_file_name_with_an_escape_is_shown_as_code_points(cli, demo_store, tmp_path):
    _, ids = demo_store
    answers = tmp_path / "alice\x1b]0;owned\x07.json"
    answers.write_text("{ not json")
    code, _out, err = cli("answer", ids[0], "--file", str(answers))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "<U+001B>" in err


def test_every_column_of_the_audit_list_is_cleaned(cli, demo_store):
    from audit.console import audit_table
    from audit.domain.summary import AuditSummary

    summary = AuditSummary(
        "id\x1b[2J", "c", "q\x1bc", "st\x1b[2J", "self", 1, 2, 50.0, "band\x1b]0;x\x07", "", ""
    )
    table = audit_table([summary], {})
    assert "\x1b" not in table and "\x07" not in table


# 7. Questionnaires bounded -----------------------------------------------------------------


def test_a_questionnaire_with_200000_actions_is_refused_at_once(cli, tmp_path):
    import time

    many = ", ".join(f'"a{n}"' for n in range(200_000))
    text = FIVE_STEPS.replace("actions = [", f"actions = [{many}, ", 1)
    path = own_questionnaire(tmp_path / "qbig", "many.toml", text)
    started = time.monotonic()
    code, _out, err = cli("questionnaires", "validate", str(path))
    assert time.monotonic() - started < 5
    assert code == 1
    assert 'more than 50 items in "actions"' in err or "larger than" in err


@pytest.mark.parametrize(
    "text, what",
    [
        ("a" + ".a" * 40_000 + " = 1\n", "dotted key"),
        ('"a"' + '."a"' * 20_000 + " = 1\n", "dotted key"),
        ("x = " + "[" * 5_000 + "]" * 5_000 + "\n", "nested more than"),
        ("x = " + "{a = " * 2_000 + "1" + "}" * 2_000 + "\n", "nested more than"),
        ("x = 1" + "1" * 5_000 + "\n", "number too large"),
    ],
    ids=["dotted key", "quoted dotted key", "deep array", "deep inline table", "huge integer"],
)
def test_a_hostile_questionnaire_in_a_folder_is_one_skipped_line(cli, tmp_path, text, what):
    import time

    folder = tmp_path / "qhostile"
    own_questionnaire(folder, "evil.toml", text)
    started = time.monotonic()
    code, out, err = cli("questionnaires", "list", "--questionnaires", str(folder))
    assert time.monotonic() - started < 5
    assert code == 0 and "five-steps" in out
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and what in skipped[0], err
    assert "Traceback" not in err


def test_a_questionnaire_linked_to_dev_zero_is_skipped(cli, tmp_path):
    folder = tmp_path / "qzero"
    folder.mkdir()
    (folder / "evil.toml").symlink_to("/dev/zero")
    code, out, err = cli("questionnaires", "list", "--questionnaires", str(folder))
    assert code == 0 and "five-steps" in out
    assert "not a regular file" in err


@pytest.mark.parametrize("key", ["choices", "in", "tags", "points"])
def test_per_question_lists_are_capped(tmp_path, key):
    from audit.domain.loader import MAX_ITEMS, QuestionnaireError, load_questionnaire

    count = MAX_ITEMS[key] + 1
    if key == "choices":
        items = ", ".join(f'{{id = "c{n}", label = "C{n}"}}' for n in range(count))
        question = f'kind = "single"\nchoices = [{items}]\n'
    elif key == "in":
        values = ", ".join(f'"c{n}"' for n in range(count))
        question = (
            'kind = "single"\nchoices = [{id = "c0", label = "C0"}]\n'
            f'[[sections.questions]]\nid = "later"\ntext = "Later?"\nkind = "text"\n'
            f'when = {{question = "first", in = [{values}]}}\n'
        )
    elif key == "points":
        points = ", ".join(f'"p{n}"' for n in range(count))
        question = f'kind = "scale"\npoints = [{points}]\n'
    else:
        tags = ", ".join(f'"t{n}"' for n in range(count))
        question = f'kind = "text"\ntags = [{tags}]\n'
    text = (
        'id = "capped"\ntitle = "Capped"\nversion = "1"\n[[sections]]\nid = "s"\ntitle = "S"\n'
        f'[[sections.questions]]\nid = "first"\ntext = "First?"\n{question}'
    )
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "capped.toml")
    assert any(f"more than {MAX_ITEMS[key]}" in line for line in caught.value.problems), (
        caught.value.problems
    )


@pytest.mark.parametrize(
    "content, what",
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"answers": [{"question": "x", "value": 1' + "1" * 5000 + "}]}", "number too large"),
    ],
    ids=["deep nesting", "huge integer"],
)
def test_a_deep_or_huge_answers_file_is_one_line(cli, demo_store, tmp_path, content, what):
    _, ids = demo_store
    answers = tmp_path / "answers.json"
    answers.write_text(content)
    code, _out, err = cli("answer", ids[0], "--file", str(answers))
    one_line_error(code, err)
    assert what in err
