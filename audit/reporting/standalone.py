"""The HTML export as one file that needs nothing else: a report to e-mail or open in a browser.

The rendered report links its stylesheet and may use other files of its template folder. Here
every such reference becomes part of the file: stylesheets are inlined, images and fonts become
data: URIs, and a reference to anything outside the template folder (another file, a network
address) is removed, under the same rule as the PDF renderer's. A few screen-only styles make a
browser show the pages as the PDF lays them out: an A4 sheet on a grey desk.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

MAX_INLINED_BYTES = 5_000_000
# Attributes that make a browser load something, or take the reader elsewhere.
_URL_ATTRIBUTES = {"src", "href", "xlink:href", "poster", "srcset", "data", "action", "background"}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)'"\s;]*))\s*\)?[^;]*;""", re.IGNORECASE
)
_ATTRIBUTE = re.compile(r"""(\s+)([^\s=/>"']+)(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
SCREEN_CSS = """
@media screen {
  html { background: #d9dde1; }
  body { box-sizing: border-box; width: 210mm; margin: 8mm auto; padding: 18mm 16mm;
         background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, .25); }
  .cover { height: auto; min-height: 240mm; margin: -18mm -16mm 18mm; }
  img, svg { max-width: 100%; height: auto; }
}
"""


def standalone_html(page: str, folder: Path) -> str:
    """`page` (rendered from the templates in `folder`) with every outside reference inlined
    or removed, so the file shows the same on any machine, offline."""
    return _Inliner(folder.resolve()).rewrite(page)


class _Inliner(HTMLParser):
    def __init__(self, root: Path) -> None:
        super().__init__(convert_charrefs=False)
        self.root = root
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the source
        self.lines: list[int] = []
        self.in_style = False

    def rewrite(self, page: str) -> str:
        offset = 0
        for line in page.splitlines(keepends=True):
            self.lines.append(offset)
            offset += len(line)
        self.lines.append(offset)
        self.feed(page)
        self.close()
        out, last = [], 0
        for start, end, replacement in sorted(self.edits):
            out += [page[last:start], replacement]
            last = end
        out.append(page[last:])
        text = "".join(out)
        head_end = text.lower().find("</head>")
        style = f"<style>{SCREEN_CSS}</style>\n"
        return text[:head_end] + style + text[head_end:] if head_end >= 0 else style + text

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        self.in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            start = self._offset()
            self.edits.append((start, start + len(data), self._css(data)))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        rel = " ".join((v or "").lower() for k, v in attrs if k == "rel")
        if tag == "link" and "stylesheet" in rel:
            href = next((v for k, v in attrs if k == "href" and v), "")
            css = self._css(self._file_text(href))
            self.edits.append((start, start + len(raw), f"<style>{css}</style>" if css else ""))
            return
        # The raw tag is edited attribute by attribute: an SVG's viewBox keeps its case.
        rewritten = _ATTRIBUTE.sub(lambda m: self._attribute(tag, m), raw)
        if rewritten != raw:
            self.edits.append((start, start + len(raw), rewritten))

    def _attribute(self, tag: str, match: re.Match[str]) -> str:
        name = match.group(2).lower()
        quoted = match.group(4)
        if quoted is None:
            return match.group(0)
        value = html.unescape(quoted[1:-1] if quoted[:1] in "\"'" else quoted)
        if name in _URL_ATTRIBUTES:
            inlined = self._url_value(tag, name, value)
            if inlined == value:
                return match.group(0)
            if inlined is None:
                return ""
            value = inlined
        elif name == "style" and "url(" in value.lower():
            value = self._css(value)
        else:
            return match.group(0)
        return f'{match.group(1)}{match.group(2)}="{html.escape(value)}"'

    def _url_value(self, tag: str, name: str, value: str) -> str | None:
        """What the attribute becomes: itself (a fragment or data: URI), a data: URI of a file
        of the folder, or None (dropped)."""
        if value.startswith("#") or value.lower().startswith("data:"):
            return value
        if tag == "a":  # a link out of the file: its text stays, the link goes
            return None
        if name == "srcset" or tag == "base":
            return None
        return self._data_uri(value)

    def _css(self, css: str, depth: int = 0) -> str:
        def imported(match: re.Match[str]) -> str:
            url = next(g for g in match.groups() if g is not None)
            text = self._file_text(url) if depth < 3 else ""  # a loop of imports ends
            return self._css(text, depth + 1) if text else ""

        def inlined(match: re.Match[str]) -> str:
            url = next(g for g in match.groups() if g is not None)
            if url.startswith("#") or url.lower().startswith("data:"):
                return match.group(0)
            return f'url("{self._data_uri(url) or "data:,"}")'

        return _CSS_URL.sub(inlined, _CSS_IMPORT.sub(imported, css))

    def _file(self, url: str) -> Path | None:
        """The template-folder file `url` names, or None for anything else."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("", "file") or parts.netloc:
            return None
        path = Path(urllib.request.url2pathname(parts.path))
        resolved = (path if path.is_absolute() else self.root / path).resolve()
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            return None
        if resolved.stat().st_size > MAX_INLINED_BYTES:
            return None
        return resolved

    def _file_text(self, url: str) -> str:
        path = self._file(url)
        if path is None:
            return ""
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def _data_uri(self, url: str) -> str | None:
        path = self._file(url)
        if path is None:
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
