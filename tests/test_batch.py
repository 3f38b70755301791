"""A trainer's batch: what it says while it runs, what it says at the end, what it leaves out."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pypdf

from audit.engine import view_of
from audit.locations import report_templates
from audit.reporting import batch
from audit.reporting.brand import Brand
from audit.storage.store import Store


def cohort(cli, tmp_path: Path) -> dict[str, str]:
    """The two finished demo audits, one untouched audit and one fully answered but never
    finished; returns audit ids by client."""
    cli("demo")
    finished = json.loads(cli("list", "--json")[1])
    five = next(r["id"] for r in finished if r["questionnaire"] == "five-steps")
    answers = tmp_path / "answers.json"
    assert cli("export", five, "--format", "json", "-o", str(answers))[0] == 0
    untouched = cli("new", "--client", "Apex Roofing", "--questionnaire", "five-steps")[1]
    answered = cli("new", "--client", "Stitch & Bloom", "--questionnaire", "five-steps")[1]
    assert cli("answer", answered.strip(), "--file", str(answers))[0] == 0
    return {"Apex Roofing": untouched.strip(), "Stitch & Bloom": answered.strip(), "five": five}


def test_a_batch_marks_unfinished_audits_and_ends_with_a_table_of_what_it_wrote(cli, tmp_path):
    ids = cohort(cli, tmp_path)
    out_dir = tmp_path / "plans"
    code, out, err = cli("report", "--all", "--out-dir", str(out_dir), "--jobs", "1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["CLIENT", "SCORE", "BAND", "FILE"]
    # By client; the untouched audit is a draft with no score, the answered but unfinished one
    # keeps its band and says it is unfinished, as its PDF does.
    assert [line.split("  ")[0] for line in lines[1:5]] == [
        "Apex Roofing",
        "Hollin & Daughters Kitchens",
        "Hollin & Daughters Kitchens",
        "Stitch & Bloom",
    ]
    apex = next(line for line in lines if line.startswith("Apex Roofing"))
    assert apex.split()[2:4] == ["-", "DRAFT"]
    assert apex.split()[-1] == f"apex-roofing-five-steps-{ids['Apex Roofing']}.pdf"
    stitch = next(line for line in lines if line.startswith("Stitch & Bloom"))
    demo_score = next(
        r["score"] for r in json.loads(cli("list", "--json")[1]) if r["id"] == ids["five"]
    )
    # The demo's score, copied with its answers.
    assert stitch.split()[3:6] == [f"{demo_score:.0f}", "Developing,", "unfinished"]
    hollin = [line for line in lines if line.startswith("Hollin")]
    assert sorted(line.split()[4] for line in hollin) == ["42", "47"]
    assert lines[5] == "unfinished: 2 of 4, marked above (--complete-only leaves them out)"
    assert lines[6] == f"4 reports written to {out_dir.absolute()}, 0 failed"
    # Not a terminal: one plain line per report, no carriage returns.
    progress = err.splitlines()
    assert "\r" not in err and len(progress) == 4
    assert all(line.startswith(f"report {n} of 4 written: ") for n, line in enumerate(progress, 1))
    assert any(line.endswith(f"{ids['Apex Roofing']}.pdf (DRAFT)") for line in progress)
    # Every file in the table is there; the draft's PDF says DRAFT on its cover.
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == sorted(line.split()[-1] for line in lines[1:5])
    cover = pypdf.PdfReader(out_dir / apex.split()[-1]).pages[0].extract_text()
    assert "DRAFT" in cover


def test_complete_only_leaves_unfinished_audits_out_and_says_how_many(cli, tmp_path):
    cohort(cli, tmp_path)
    out_dir = tmp_path / "plans"
    code, out, err = cli(
        "report", "--all", "--complete-only", "--out-dir", str(out_dir), "--jobs", "1"
    )
    assert code == 0, err
    assert sorted(p.name.split("-")[0] for p in out_dir.iterdir()) == ["hollin", "hollin"]
    assert "2 audits left out: unfinished (--complete-only)" in out.splitlines()
    assert "DRAFT" not in out and "2 reports written" in out
    code, out, err = cli("report", "--client", "Apex Roofing", "--complete-only", "--out-dir", "x")
    assert (code, out) == (1, "") and err == "audit: all 1 audits that match are unfinished\n"
    code, _, err = cli("report", "1234", "--complete-only")
    assert code == 2 and "--complete-only is for a batch" in err and len(err.splitlines()) == 1


def test_the_batch_is_handed_a_loader_and_a_writer_and_never_opens_a_store(cli, tmp_path):
    ids = cohort(cli, tmp_path)
    store = Store(tmp_path / "cli-store")
    views = {i: view_of(store, i) for i in (ids["five"], ids["Apex Roofing"])}
    written: dict[Path, bytes] = {}
    loaded: list[str] = []

    def load(audit_id: str):
        loaded.append(audit_id)
        if audit_id == "gone":
            raise LookupError("no such audit")
        return views[audit_id]

    settings = batch.Settings(
        load,
        lambda path, data: written.__setitem__(path, data),
        report_templates(),
        Brand(),
        dt.date(2027, 1, 11),
        False,
    )
    folder = tmp_path / "nowhere-yet"
    jobs = [batch.Job(i, folder / f"{i}.pdf", "Client") for i in [*views, "gone"]]
    seen: list[batch.Outcome] = []
    outcomes = batch.run_batch(settings, jobs, 1, seen.append)
    assert loaded == [*views, "gone"] and seen == outcomes
    assert sorted(written) == sorted(folder / f"{i}.pdf" for i in views)
    assert all(data.startswith(b"%PDF-") for data in written.values())
    by_id = {o.audit_id: o for o in outcomes}
    assert by_id["gone"].error == "no such audit" and by_id["gone"].client == "Client"
    assert by_id[ids["Apex Roofing"]].draft and by_id[ids["Apex Roofing"]].unfinished
    assert (
        round(by_id[ids["five"]].score or 0) == 42 and by_id[ids["five"]].standing == "Developing"
    )
    table = batch.summary_table(outcomes)
    assert table[0].split() == ["CLIENT", "SCORE", "BAND", "FILE"]
    assert [line.split() for line in table if "gone" in line] == [
        ["Client", "-", "failed", "gone.pdf"]
    ]


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    done = batch.Outcome("a1", Path("/x/acme-a1.pdf"), draft=True)
    failed = batch.Outcome("b2", Path("/x/bee-b2.pdf"), "the disk is full")
    terminal = Terminal()
    bar = batch.Progress(2, terminal)
    bar.advance(done)
    bar.advance(failed)
    bar.finish()
    assert terminal.getvalue() == (
        "\r  [###############...............] 1/2"
        "\r  [##############################] 2/2, 1 failed\n"
    )
    log = io.StringIO()
    lines = batch.Progress(2, log)
    lines.advance(done)
    lines.advance(failed)
    lines.finish()
    assert log.getvalue() == (
        "report 1 of 2 written: acme-a1.pdf (DRAFT)\nreport 2 of 2 failed: bee-b2.pdf\n"
    )
