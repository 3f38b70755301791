"""The README's install lines, as an owner reads them and as CI reads them."""

from __future__ import annotations

import subprocess

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return [part.split("```", 1)[0].strip() for part in text.split("```sh\n")[1:]]


def test_an_owner_on_a_system_python_finds_a_one_line_install_before_anything_else():
    top = README.split("## ", 1)[0]  # everything above the first section
    first, second, third = _code_blocks(top)
    assert first == "pip install . && audit"
    assert "externally-managed-environment" in top
    assert second.startswith("pipx install . && ~/.local/bin/audit")
    assert "uv tool install . && ~/.local/bin/audit" in second
    assert third == "pip install '.[test]' && python -m pytest"


def test_ci_still_reads_the_test_command_from_the_readme():
    awk = "/^To install the test tools/{found=1} found && /^pip install/{print; exit}"
    found = subprocess.run(
        ["awk", awk, "README.md"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "pip install '.[test]' && python -m pytest"
    assert awk in (REPO / ".ci" / "run").read_text()
