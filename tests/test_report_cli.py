"""`audit report` and the report exports as a trainer or consultant types them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf

from audit.storage.store import Store
from tests.conftest import REPO


def demo_ids(cli) -> dict[str, str]:
    cli("demo")
    return {r["questionnaire"]: r["id"] for r in json.loads(cli("list", "--json")[1])}


def test_one_report_to_a_named_file(cli, tmp_path):
    ids = demo_ids(cli)
    target = tmp_path / "plan.pdf"
    code, out, err = cli("report", ids["three-phases"], "-o", str(target))
    assert (code, err) == (0, "") and out.strip() == str(target)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Hollin & Daughters" in text and "Fix first" in text


def test_out_output_and_o_name_the_file_in_every_command_that_writes_one(cli, tmp_path):
    """`--out` was ambiguous in `audit report` (--output or --out-dir?) while `audit cohort
    report` wants it: each spelling now works wherever a file is written."""
    ids = demo_ids(cli)
    audit_id = ids["five-steps"]
    for n, option in enumerate(("--out", "--output", "-o")):
        pdf, data = tmp_path / f"plan{n}.pdf", tmp_path / f"plan{n}.json"
        assert cli("report", audit_id, option, str(pdf))[0] == 0 and pdf.stat().st_size > 0
        assert cli("export", audit_id, "--format", "json", option, str(data))[0] == 0
        assert json.loads(data.read_text())["audit"]["id"] == audit_id


def test_one_report_switches_the_cycle_collector_off_only_in_its_own_process(cli, tmp_path):
    """`audit report ID` ends its process when the PDF is written, so it runs without Python's
    cycle collector; a program (here pytest) that calls main() itself keeps its collector."""
    import gc

    ids = demo_ids(cli)
    assert cli("report", ids["five-steps"], "-o", str(tmp_path / "a.pdf"))[0] == 0
    assert gc.isenabled()
    probe = (
        "import gc, os, sys\n"
        "real_exit = os._exit\n"
        "def leave(code):\n"
        "    print('collector', gc.isenabled(), file=sys.stderr)\n"
        "    real_exit(code)\n"
        "os._exit = leave\n"
        "sys.argv = ['audit', *sys.argv[1:]]\n"
        "from audit.cli import run\n"
        "run()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    store = str(tmp_path / "cli-store")
    target = tmp_path / "b.pdf"
    argv = [sys.executable, "-c", probe, "--db", store, "report", ids["five-steps"]]
    done = subprocess.run(
        [*argv, "-o", str(target)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0 and "collector False" in done.stderr, done.stderr
    assert pypdf.PdfReader(target).pages  # and the report was written whole


def test_a_batch_names_files_safely_and_keeps_going(cli, tmp_path):
    for name in ("../../x", "a/b", "Same Name", "same name!", "Ünïcode Café"):
        cli("new", "--client", name, "--questionnaire", "five-steps")
    # "same name!" is a different client from "Same Name" only by punctuation: both get a file.
    store = Store(tmp_path / "cli-store")
    extra = store.create_audit(store.add_client("Broken Ltd"), *_five_steps())
    broken = store.folder / "audits" / f"{extra.id}.json"
    broken.write_text("{damaged")
    out_dir = tmp_path / "out"
    code, out, err = cli("report", "--all", "--out-dir", str(out_dir), "--jobs", "2")
    assert code == 1
    files = sorted(p.name for p in out_dir.iterdir())
    assert all(p.resolve().parent == out_dir.resolve() for p in out_dir.iterdir())
    assert not (tmp_path / "x").exists() and not (out_dir / "a").exists()
    assert len(files) == len(set(files)) == 5  # every readable audit, no two overwriting
    assert any(f.startswith("x-five-steps-") for f in files)
    assert any(f.startswith("a-b-five-steps-") for f in files)
    assert any(f.startswith("unicode-cafe-five-steps-") for f in files)
    assert "5 reports written" in out and "1 failed" in out
    assert f"audit: failed: left out: {broken}: the file is damaged" in err
    assert len([f for f in files if f.startswith("same-name-five-steps-")]) == 2


def test_a_batch_for_one_client_and_one_questionnaire(cli, tmp_path):
    demo_ids(cli)
    cli("new", "--client", "Other", "--questionnaire", "five-steps")
    out_dir = tmp_path / "one-client"
    code, _, _ = cli("report", "--client", "hollin & daughters kitchens", "--out-dir", str(out_dir))
    assert code == 0 and len(list(out_dir.iterdir())) == 2
    out_dir = tmp_path / "one-questionnaire"
    code, _, _ = cli(
        "report", "--questionnaire", "five-steps", "--out-dir", str(out_dir), "--jobs", "1"
    )
    assert code == 0 and len(list(out_dir.iterdir())) == 2


def test_report_mistakes_are_one_line(cli, tmp_path):
    ids = demo_ids(cli)
    bad_brand = tmp_path / "brand.toml"
    bad_brand.write_text('colour = "red"')
    for argv, message in [
        (["report"], "give one audit id, or one of --all"),
        (["report", "--all"], "a batch needs --out-dir"),
        (["report", ids["five-steps"], "--brand", str(bad_brand)], "is not a colour like"),
        (["report", ids["five-steps"], "--template", str(tmp_path)], "no report.html"),
        (["report", "--client", "Nobody", "--out-dir", str(tmp_path)], "no client named"),
    ]:
        code, out, err = cli(*argv)
        assert code in (1, 2) and out == "" and len(err.splitlines()) == 1, (argv, err)
        assert message in err


def test_html_and_calendar_exports(cli, tmp_path):
    ids = demo_ids(cli)
    code, html, _ = cli("export", ids["three-phases"], "--format", "html")
    assert code == 0 and html.startswith("<!DOCTYPE html>") and "Hollin &amp; Daughters" in html
    code, ics, err = cli("export", ids["three-phases"], "--format", "ics")
    assert code == 0 and "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" not in ics
    assert "no action has a due date" in err
    # Give two actions due dates through the answers of the JSON export? No: through the store.
    from audit.domain.audit import ActionEdit
    from audit.engine import view_of

    store = Store(tmp_path / "cli-store")
    plan = view_of(store, ids["three-phases"]).plan
    store.save_action_edit(
        ids["three-phases"], plan[0].id, ActionEdit("Sam, the owner", "2027-02-01")
    )
    store.save_action_edit(ids["three-phases"], plan[1].id, ActionEdit("", "2027-03-15"))
    code, ics, _ = cli("export", ids["three-phases"], "--format", "ics")
    assert ics.count("BEGIN:VEVENT") == 2 and "DTSTART;VALUE=DATE:20270201" in ics
    assert "Owner: Sam\\, the owner." in ics.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_without_pango_a_report_is_one_line_naming_the_packages(tmp_path):
    probe = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name == 'weasyprint':\n"
        "        raise OSError(\"cannot load library 'libpango-1.0-0'\")\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from audit.cli import main\n"
        "main(['demo'])\n"
        "ids = __import__('audit.storage.store', fromlist=['Store']).Store\n"
        "sys.exit(main(['report', '--all', '--out-dir', sys.argv[1]]))\n"
    )
    env = {**os.environ, "AUDIT_DB": str(tmp_path / "s"), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("audit: PDF reports need the Pango library")
    assert "libpango-1.0-0 libpangoft2-1.0-0" in line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _five_steps():
    from audit.catalog import load_catalog

    entry = load_catalog([]).get("five-steps")
    return entry.questionnaire, entry.text


def test_reports_from_the_cli_land_where_the_app_puts_them_readable_as_the_umask_says(
    cli, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    ids = demo_ids(cli)
    reports = tmp_path / "reports"  # AUDIT_REPORTS, as the app uses (tests/test_tui.py)
    previous = os.umask(0o027)
    try:
        code, out, err = cli("report", ids["five-steps"])
        assert (code, err) == (0, "")
        written = Path(out.strip())
        assert written.is_absolute() and written.parent == reports and written.is_file()
        assert oct(written.stat().st_mode & 0o777) == oct(0o640)
        os.umask(0o022)
        out_dir = tmp_path / "batch"
        code, out, _ = cli("report", "--all", "--out-dir", str(out_dir), "--jobs", "2")
        assert code == 0 and f"written to {out_dir}" in out
        modes = {oct(p.stat().st_mode & 0o777) for p in out_dir.iterdir()}
        assert modes == {oct(0o644)}
        code, out, _ = cli("report", ids["three-phases"], "-o", "relative.pdf")
    finally:
        os.umask(previous)
    assert code == 0 and Path(out.strip()).is_absolute()
    assert oct(Path(out.strip()).stat().st_mode & 0o777) == oct(0o644)


def test_a_batch_keeps_the_letters_of_polish_danish_greek_and_japanese_names(cli, tmp_path):
    names = {
        "Łódź Pierogi Kitchen": "lodz-pierogi-kitchen-",
        "Ørsted Bikes": "orsted-bikes-",
        "Ελληνική Ταβέρνα": "elliniki-taverna-",
        "さくら Sushi": "sakura-sushi-",
        "Zoë\u2019s Bakery": "zoes-bakery-",  # a typographic apostrophe
    }
    for name in names:
        cli("new", "--client", name, "--questionnaire", "five-steps")
    out_dir = tmp_path / "out"
    code, _, err = cli("report", "--all", "--out-dir", str(out_dir), "--jobs", "2")
    assert code == 0 and all(line.startswith("report ") for line in err.splitlines())  # progress
    files = sorted(p.name for p in out_dir.iterdir())
    for start in names.values():
        assert sum(f.startswith(start + "five-steps-") for f in files) == 1, (start, files)
    assert not any(f.startswith("client-") for f in files)


# Loaded by every Python process of the batch (sitecustomize), workers too: a report's final
# write (its fsync) hangs once another report is in the folder, so a Ctrl-C is sure to find
# one half-written.
SLOW_WRITES = """
import os, time
real_fsync = os.fsync
def fsync(fd):
    path = os.readlink(f"/proc/self/fd/{fd}")
    folder = os.path.dirname(path)
    if path.endswith(".tmp") and any(n.endswith(".pdf") for n in os.listdir(folder)):
        time.sleep(60)
    real_fsync(fd)
os.fsync = fsync
"""


AUDIT = [sys.executable, "-m", "audit"]


def test_ctrl_c_stops_a_batch_within_2_s_removes_half_written_files_and_lists_the_rest(
    tmp_path,
):
    env = {**os.environ, "AUDIT_DB": str(tmp_path / "store"), "PYTHONPATH": str(REPO)}
    for number in range(6):
        subprocess.run(
            [*AUDIT, "new", "--client", f"Client {number}", "--questionnaire", "five-steps"],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
    out_dir = tmp_path / "out"
    (tmp_path / "slow" / "sitecustomize.py").parent.mkdir()
    (tmp_path / "slow" / "sitecustomize.py").write_text(SLOW_WRITES)
    batch = subprocess.Popen(
        [*AUDIT, "report", "--all", "--out-dir", str(out_dir), "--jobs", "2"],
        env={**env, "PYTHONPATH": f"{tmp_path / 'slow'}{os.pathsep}{REPO}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        deadline = time.monotonic() + 120
        while not (_names(out_dir, ".pdf") and _names(out_dir, ".tmp")):
            assert batch.poll() is None and time.monotonic() < deadline, batch.communicate()
            time.sleep(0.05)
        os.killpg(batch.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
        pressed = time.monotonic()
        out, err = batch.communicate(timeout=30)
        took = time.monotonic() - pressed
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
    assert batch.returncode == 130 and took < 2.0, (batch.returncode, took, err)
    assert _names(out_dir, ".tmp") == []  # the half-written report is gone
    written = _names(out_dir, ".pdf")
    assert 1 <= len(written) < 6
    assert sorted(Path(line).name for line in out.splitlines()) == written
    assert all(Path(line).is_absolute() for line in out.splitlines())
    assert f"interrupted: {len(written)} of 6 reports written" in err
    for path in out_dir.iterdir():
        assert pypdf.PdfReader(path).pages  # every file left is a whole PDF


def _names(folder: Path, suffix: str) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(suffix))
