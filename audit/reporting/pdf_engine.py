"""The one door to WeasyPrint: imported only when a PDF is asked for, and a missing system
library becomes one line that says what to install, not a traceback from cffi.

On Linux, WeasyPrint's import finds Pango, HarfBuzz and the rest through cffi, which asks
`ctypes.util.find_library` for each of several spellings of each name; every spelling that
misses starts `ldconfig`, then `gcc`, then `ld` (68 processes, 0.3 to 0.5 s on a busy machine,
most of it for spellings that can never match, such as an optional library that is not
installed). During that import the same question is answered from one reading of `ldconfig -p`,
by the rule ctypes itself applies to it; a name not in that listing is a miss at once, and cffi
then tries the next spelling (the last ones are exact file names, which the system loader finds
wherever it would).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from audit.reporting import ReportError

PANGO_HINT = (
    "PDF reports need the Pango library: install it with "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0` "
    "(Debian, Ubuntu), "
    "`sudo dnf install pango` (Fedora) or `brew install pango` (macOS)"
)
# ctypes.util's names for the ABI column of `ldconfig -p`, by machine and pointer size.
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


class PdfUnavailable(ReportError):
    """WeasyPrint cannot run here; the message is one line for the user."""


def load_weasyprint() -> ModuleType:
    try:
        with _library_lookups_from_one_listing():
            import weasyprint
    except OSError as error:  # cffi could not open libpango / libgobject
        raise PdfUnavailable(f"{PANGO_HINT} ({_first_line(error)})") from None
    except ImportError as error:
        raise PdfUnavailable(
            f"PDF reports need WeasyPrint: reinstall audit with pip ({_first_line(error)})"
        ) from None
    _read_only_the_tables_kept()
    module: ModuleType = weasyprint
    return module


def _read_only_the_tables_kept() -> None:
    """Without the system's HarfBuzz-Subset, WeasyPrint subsets each embedded font with
    fontTools, whose subsetter (4.68) reads the whole GSUB and GPOS tables to convert their
    layout before it drops them, as WeasyPrint asks it to. Dropping, first, the tables the
    subsetter would drop anyway (by its own rule, in `Subsetter._prune_pre_subset`) gives the
    same font bytes without that reading: 0.06 s of CPU a font instead of 0.14 to 0.17 s."""
    from fontTools import subset

    if getattr(subset.Subsetter.subset, "_drops_first", False):
        return
    real = subset.Subsetter.subset

    @functools.wraps(real)
    def subset_dropping_first(self: subset.Subsetter, font: Any) -> None:
        _drop_what_the_subsetter_drops(font, self.options)
        real(self, font)

    subset_dropping_first._drops_first = True  # type: ignore[attr-defined]
    subset.Subsetter.subset = subset_dropping_first


def _drop_what_the_subsetter_drops(font: Any, options: Any) -> None:
    has_gpos = "GPOS" in font  # the subsetter decides on `kern` while GPOS is still there
    for tag in list(font.keys()):
        name = tag.strip()
        if (
            name in options.drop_tables
            or (name in options.hinting_tables and not options.hinting)
            or (tag == "kern" and not options.legacy_kern and has_gpos)
        ):
            del font[tag]


@contextlib.contextmanager
def _library_lookups_from_one_listing() -> Iterator[None]:
    """ctypes.util.find_library answered from one `ldconfig -p`, while WeasyPrint is first
    imported on Linux; anywhere else, or where there is no ldconfig, nothing changes."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    find = _ldconfig_finder()
    if find is None:
        yield
        return
    real = ctypes.util.find_library
    ctypes.util.find_library = find  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _ldconfig_finder() -> Callable[[str], str | None] | None:
    try:
        listing = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not listing:
        return None
    machine = f"{os.uname().machine}-{struct.calcsize('l') * 8}"
    abi = re.escape(_ABI.get(machine, "libc6")).encode()

    def find(name: str) -> str | None:
        # The pattern ctypes.util._findSoname_ldconfig searches that listing with.
        pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)), abi)
        found = re.search(pattern, listing)
        return os.fsdecode(found.group(1)) if found else None

    return find


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]
