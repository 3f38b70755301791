"""Without Pango, asking for a PDF gives one line naming the packages to install."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _run_probe(probe: str) -> str:
    """What `probe` prints, run in a fresh Python (so WeasyPrint is imported anew there)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


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
    (line,) = _run_probe(probe).splitlines()
    assert "libpango-1.0-0 libpangoft2-1.0-0" in line and "brew install pango" in line
    assert "cannot load library" in line


def test_weasyprint_loads_here():
    from audit.reporting.pdf_engine import load_weasyprint

    assert hasattr(load_weasyprint(), "HTML")


def test_the_libraries_are_found_with_one_process_not_one_per_spelling():
    """WeasyPrint's import asks for each library under several spellings; each miss used to
    start ldconfig, gcc and ld. Now one `ldconfig -p` answers them all, and the import works."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the lookup is changed on Linux only")
    probe = (
        "import subprocess\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def counted(self, args, *a, **k):\n"
        "    started.append(args[0])\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = counted\n"
        "from audit.reporting.pdf_engine import load_weasyprint\n"
        "weasyprint = load_weasyprint()\n"
        "import ctypes.util\n"
        "assert ctypes.util.find_library.__module__ == 'ctypes.util'  # put back\n"
        "print(hasattr(weasyprint, 'HTML'), started)\n"
    )
    assert _run_probe(probe).strip() == "True ['/sbin/ldconfig']"


def test_the_one_listing_answers_as_ctypes_does():
    import ctypes.util

    from audit.reporting.pdf_engine import _ldconfig_finder

    find = _ldconfig_finder()
    if find is None:
        pytest.skip("no glibc ldconfig here: the lookup is left as it is")
    # Spellings WeasyPrint tries, found and not found, and one that is not installed anywhere.
    for name in ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "c", "gobject-2.0-0"):
        assert find(name) == ctypes.util.find_library(name), name
    assert find("no-such-library-anywhere") is None


@pytest.mark.parametrize("face", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_fonts_are_subset_to_the_same_bytes_without_reading_the_dropped_tables(face):
    """The subsetter WeasyPrint uses (fontTools, when the system has no HarfBuzz-Subset) is
    given the font without the tables it was told to drop: the embedded font must come out
    byte for byte as the unchanged subsetter makes it."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from audit.reporting.pdf_engine import load_weasyprint

    load_weasyprint()
    faster = subset.Subsetter.subset
    unchanged = faster.__wrapped__
    data = (REPO / "reports" / "fonts" / face).read_bytes()

    def subset_with(method):
        # WeasyPrint's own options (weasyprint/pdf/fonts.py, _fonttools_subset).
        options = subset.Options(
            retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
            hinting=False, desubroutinize=True, notdef_outline=False,
        )  # fmt: skip
        options.drop_tables += ["GSUB", "GPOS", "SVG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=list(range(1, 400, 3)))
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        assert "GPOS" in font and "GSUB" in font  # else there is nothing to compare
        method(subsetter, font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    ours = subset_with(faster)
    assert ours == subset_with(unchanged)
    assert len(ours) < len(data) / 2  # it was subset at all
