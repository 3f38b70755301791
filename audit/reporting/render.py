"""Report templates -> HTML -> PDF, with a renderer that can read only the template folder.

One Jinja2 environment per template folder, built once per process: Jinja's immutable sandbox
(a template from a stranger is code: no attribute that starts with an underscore, no calls that
change data, no `cycler`/`lipsum`/`joiner` globals whose `__globals__` reach `os`), autoescape
on, undefined names are errors. Its loader resolves every name and serves only regular files
inside the folder, so an include cannot follow a symlink out of it. The WeasyPrint fetcher
refuses every URL that is not a file inside that folder (or a `data:` URL,
which is how the charts and the brand's logo arrive), so no text typed by a user, however
crafted, can make the renderer read another file or touch the network.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import os
import re
import stat
import threading
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup

from audit.domain.cohort import GroupComparison
from audit.domain.view import AuditView
from audit.reporting import ReportError
from audit.reporting.brand import Brand
from audit.reporting.context import report_context
from audit.reporting.contrast import readable_on_white
from audit.text import plain

TEMPLATE = "report.html"


class TemplateError(ReportError):
    """A report template folder that cannot be used; the message is one line."""


def environment(folder: Path) -> jinja2.Environment:
    if not (folder / TEMPLATE).is_file():
        raise TemplateError(f"{folder}: no {TEMPLATE} in this template folder")
    return _environment(folder.resolve())


# Globals a report template does not need; each one's functions carry `__globals__`.
_UNNEEDED_GLOBALS = ("cycler", "lipsum", "joiner")
MAX_TEMPLATE_BYTES = 1_000_000


@functools.cache
def _environment(root: Path) -> jinja2.Environment:
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=FolderLoader(root),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=visible,
    )
    for name in _UNNEEDED_GLOBALS:
        env.globals.pop(name, None)
    return env


class FolderLoader(jinja2.BaseLoader):
    """Templates of one folder: each name is resolved and must be a regular file inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source = _read_template(self.root, template)
        # The environment is cached, so a template edited since is read again.
        return source, str(self.root / template), lambda: _same_source(self.root, template, source)

    def list_templates(self) -> list[str]:
        return []


def _read_template(root: Path, template: str) -> str:
    pieces = jinja2.loaders.split_template_path(template)  # refuses ".." parts
    resolved = root.joinpath(*pieces).resolve()
    if not resolved.is_relative_to(root):
        raise jinja2.TemplateNotFound(f"{template} (outside the template folder)")
    try:
        fd = os.open(resolved, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        raise jinja2.TemplateNotFound(template) from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise jinja2.TemplateNotFound(f"{template} (not a regular file)")
        data = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise jinja2.TemplateNotFound(f"{template} (larger than {MAX_TEMPLATE_BYTES} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise jinja2.TemplateNotFound(f"{template} (not UTF-8 text)") from None


def _same_source(root: Path, template: str, source: str) -> bool:
    try:
        return _read_template(root, template) == source
    except jinja2.TemplateNotFound:
        return False


def visible(value: Any) -> Any:
    """Every text the templates print, with control characters and direction overrides shown
    as code points: an escape sequence or a right-to-left override typed into a note cannot
    hide or reorder the text around it. Trusted markup (the charts) passes unchanged."""
    if isinstance(value, str) and not isinstance(value, Markup):
        shown = plain(value, keep="\n\t")
        return _LONG_TOKEN.sub(_with_break_points, shown)
    return value


# A run of text with nowhere to break makes WeasyPrint lay out the whole rest of the run for
# every line it fills: a 20,000-character token took minutes. An invisible break point (a zero
# width space) every BREAK_EVERY characters keeps each line's work small; ordinary words and
# URLs are far shorter than LONG_TOKEN and are left alone.
LONG_TOKEN = 200
BREAK_EVERY = 80
_LONG_TOKEN = re.compile(rf"\S{{{LONG_TOKEN},}}")


def _with_break_points(match: re.Match[str]) -> str:
    token = match.group()
    return "\u200b".join(token[i : i + BREAK_EVERY] for i in range(0, len(token), BREAK_EVERY))


def render_html(
    view: AuditView,
    folder: Path,
    brand: Brand,
    *,
    today: dt.date,
    include_private: bool = False,
    charts: bool = True,
    earlier: Sequence[AuditView] = (),
    group: GroupComparison | None = None,
) -> str:
    """`group`: this audit against its cohort, for the "You and the group" page (none: no page)."""
    context = report_context(
        view, brand, today=today, include_private=include_private, charts=charts, earlier=earlier
    )
    if group is not None:
        from audit.reporting.group_page import group_context

        context["group"] = group_context(view, group, readable_on_white(brand.colour), charts)
    return render_template(folder, context)


def render_template(folder: Path, context: dict[str, Any], name: str = TEMPLATE) -> str:
    try:
        return environment(folder).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        where = f"{folder / (error.name or name)}: line {error.lineno}"
        raise TemplateError(f"{where}: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{folder / name}: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(f"{folder / name}: not allowed in a report template: {error}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"{folder}: template not found: {error.message}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"{folder / name}: {error}") from None


# One PDF at a time per process, and the last one kept: the app draws the report of the results
# it shows in the background (warm_in_background), so that pressing `p` finds it made.
_render_lock = threading.Lock()
_last: tuple[tuple[object, ...], str, bytes] | None = None
_warming = threading.Event()


def render_pdf(html: str, folder: Path, refused: list[str] | None = None) -> bytes:
    """The PDF of `html`; every URL the renderer was refused is added to `refused`."""
    global _last
    root = folder.resolve()
    with _render_lock:
        key = _folder_state(root)
        if _last is not None and _last[0] == key and _last[1] == html:
            return _last[2]  # only a render that was refused nothing is kept
        refusals: list[str] = []
        pdf = _write_pdf(html, root, refusals)
        _last = None if refusals else (key, html, pdf)
    if refused is not None:
        refused.extend(refusals)
    return pdf


def forget_kept_pdf() -> None:
    """Drop the kept PDF, so that the next render_pdf draws (for measuring)."""
    global _last
    with _render_lock:
        _last = None


def _folder_state(root: Path) -> tuple[object, ...]:
    """The template folder and its files' sizes and times: a stylesheet edited since the kept
    PDF was made makes the same HTML a different PDF."""
    try:
        entries = sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(root))
    except OSError:
        entries = []
    return (root, *entries)


def warm_in_background(
    view: AuditView,
    folder: Path,
    brand: Brand,
    today: dt.date,
    earlier: Sequence[AuditView] = (),
) -> None:
    """Draw this audit's report in a daemon thread: WeasyPrint imported, fonts and styles loaded,
    and the PDF kept for render_pdf. Never raises; one warming at a time."""
    if _warming.is_set():
        return
    _warming.set()

    def work() -> None:
        try:
            render_pdf(render_html(view, folder, brand, today=today, earlier=earlier), folder)
        except Exception:  # a failed warm-up only means that `p` renders from cold
            pass
        finally:
            _warming.clear()

    threading.Thread(target=work, name="warm-pdf", daemon=True).start()


def _write_pdf(html: str, folder: Path, refused: list[str]) -> bytes:
    from audit.reporting.pdf_engine import load_weasyprint

    weasyprint = load_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fetcher = template_fetcher(weasyprint, folder, refused)
    document = weasyprint.HTML(
        string=html, base_url=folder.resolve().as_uri() + "/", url_fetcher=fetcher
    )
    fonts = FontConfiguration()
    try:
        pdf: bytes = document.write_pdf(
            pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_header_scopes, font_config=fonts
        )
    finally:
        _remove_font_files(fonts)
    return pdf


def _remove_font_files(fonts: Any) -> None:
    """Delete the copies of the @font-face fonts WeasyPrint wrote to a temporary folder, now,
    rather than when the configuration is garbage-collected: `audit report` ends without
    Python's teardown (audit/cli/main.py), in which that would have happened."""
    folder = getattr(fonts, "_folder", None)
    if folder:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        fonts._folder = None


def _header_scopes(document: Any, pdf: Any) -> None:
    """Give every table header cell a /Scope, which WeasyPrint leaves out: Row where the header
    shares its row with data cells, Column otherwise (the rule HTML uses for scope="auto").
    Without it a checker, and some screen readers, cannot tell which cells a header is for."""
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

    def tag(reference: Any) -> Any:
        number = int(bytes(reference).split()[0]) if isinstance(reference, bytes) else None
        return by_number.get(number) if number is not None else None

    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("S") != "/TH" or "P" not in obj:
            continue
        row = tag(obj["P"])
        kids = [tag(kid) for kid in row.get("K", [])] if isinstance(row, dict) else []
        shares_row = any(isinstance(kid, dict) and kid.get("S") == "/TD" for kid in kids)
        attributes = obj.setdefault("A", {"O": "/Table"})
        attributes["Scope"] = "/Row" if shares_row else "/Column"


def template_fetcher(weasyprint: Any, folder: Path, refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that serves the template folder's files and nothing else."""
    root = folder.resolve()
    from weasyprint.urls import URLFetcherResponse

    class TemplateFolderFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
                resolved = path.resolve()
                if resolved.is_relative_to(root) and resolved.is_file():
                    kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, resolved.read_bytes(), headers={"Content-Type": kind}
                    )
            refused.append(url)
            raise ValueError(f"refused: the report may only use files of {root}")

    return TemplateFolderFetcher(allowed_protocols={"file", "data"})
