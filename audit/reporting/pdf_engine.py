"""The one door to WeasyPrint: imported only when a PDF is asked for, and a missing system
library becomes one line that says what to install, not a traceback from cffi."""

from __future__ import annotations

from types import ModuleType

from audit.reporting import ReportError

PANGO_HINT = (
    "PDF reports need the Pango library: install it with "
    "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0` "
    "(Debian, Ubuntu), "
    "`sudo dnf install pango` (Fedora) or `brew install pango` (macOS)"
)


class PdfUnavailable(ReportError):
    """WeasyPrint cannot run here; the message is one line for the user."""


def load_weasyprint() -> ModuleType:
    try:
        import weasyprint
    except OSError as error:  # cffi could not open libpango / libgobject
        raise PdfUnavailable(f"{PANGO_HINT} ({_first_line(error)})") from None
    except ImportError as error:
        raise PdfUnavailable(
            f"PDF reports need WeasyPrint: reinstall audit with pip ({_first_line(error)})"
        ) from None
    module: ModuleType = weasyprint
    return module


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]
