"""What a user installs: the wheel carries the questionnaires and templates, and the commands
that need neither Textual nor WeasyPrint never import them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

# The front ends and the PDF stack: none is needed to list, show or start an audit.
HEAVY = ("textual", "weasyprint", "matplotlib", "questionary", "prompt_toolkit", "jinja2")


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["show", "missing"], ["questionnaires", "list"], ["demo"]],
)
def test_light_commands_import_neither_textual_nor_weasyprint(tmp_path, argv):
    probe = (
        "import sys\n"
        "from audit.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY', loaded, file=sys.stderr)\n"
    )
    env = {**os.environ, "AUDIT_DB": str(tmp_path / "store"), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert "HEAVY []" in result.stderr, result.stderr


def test_python_dash_m_runs_the_command(tmp_path):
    env = {**os.environ, "AUDIT_DB": str(tmp_path / "store"), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "audit", "questionnaires", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0 and "three-phases" in result.stdout


def test_the_wheel_carries_questionnaires_and_report_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in Path(REPO, "questionnaires").rglob("*"):
        if shipped.is_file():
            assert f"audit/_data/{shipped.relative_to(REPO)}" in names
    assert any(n.startswith("audit/_data/reports/") for n in names)
    assert "audit/cli/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "audit = audit.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()
