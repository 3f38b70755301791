"""Without Pango, asking for a PDF gives one line naming the packages to install."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_missing_pango_is_one_line_with_package_names(tmp_path):
    # Simulate a machine without Pango: the import fails the way cffi fails to open the library.
    probe = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name == 'weasyprint':\n"
        "        raise OSError(\"cannot load library 'libpango-1.0-0': not found\")\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from audit.reporting.pdf_engine import PdfUnavailable, load_weasyprint\n"
        "try:\n"
        "    load_weasyprint()\n"
        "except PdfUnavailable as error:\n"
        "    print(error)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert "libpango-1.0-0 libpangoft2-1.0-0" in line and "brew install pango" in line
    assert "cannot load library" in line


def test_weasyprint_loads_here():
    from audit.reporting.pdf_engine import load_weasyprint

    assert hasattr(load_weasyprint(), "HTML")
