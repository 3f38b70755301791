"""A consultant's or trainer's branding for reports, from a small TOML file.

    name = "Northwind Consulting"
    logo = "logo.png"          # beside this file; PNG, JPEG or SVG, at most 1 MB
    colour = "#1f6f8b"
    footer = "Prepared for the client's own use"
    paper = "a4"               # or "letter"
    cover = "colour"           # or "white": lighter on ink, for printing
    [contact]
    email = "hello@northwind.example"
    phone = "+44 20 7946 0000"
    web = "northwind.example"

Every problem is one line, `file: key: what is wrong`. The logo is read here and handed to the
report as data, so the renderer itself never opens a file outside the template folder.
"""

from __future__ import annotations

import base64
import os
import re
import stat
import sys
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree import ElementTree

from audit.reporting import ReportError
from audit.reporting.contrast import text_on

MAX_LOGO_BYTES = 1_000_000
MAX_FIELD_CHARS = 200
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#1f6f8b"
KEYS = {"name", "logo", "colour", "footer", "contact", "paper", "cover"}
PAPERS = ("a4", "letter")
COVERS = ("colour", "white")
ALIASES = {"color": "colour"}  # the American spelling is as good
CONTACT_KEYS = {"email", "phone", "web", "address"}
LOGO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class BrandError(ReportError):
    """A brand file that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Brand:
    name: str = ""
    colour: str = DEFAULT_COLOUR
    footer: str = ""
    contact: dict[str, str] = field(default_factory=dict)
    logo_data_uri: str = ""  # "data:image/png;base64,..." or empty
    paper: str = "a4"  # one of PAPERS
    cover: str = "colour"  # one of COVERS: the brand colour full page, or white paper


def with_print_options(brand: Brand, paper: str | None, white_cover: bool) -> Brand:
    """The brand with `audit report --paper` and `--print` applied over its file's choices."""
    return replace(brand, paper=paper or brand.paper, cover="white" if white_cover else brand.cover)


def load_brand(path: Path) -> Brand:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BrandError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BrandError(f"{path}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise BrandError(f"{path}: TOML syntax: {error}") from None
    for alias, key in ALIASES.items():
        if alias in data and key in data:
            raise BrandError(f"{path}: {alias}: give {key} or {alias}, not both")
        if alias in data:
            data[key] = data.pop(alias)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise BrandError(f"{path}: {unknown[0]}: unknown key (known: {', '.join(sorted(KEYS))})")
    texts = {key: _text(path, key, data.get(key, "")) for key in ("name", "footer")}
    colour = _text(path, "colour", data.get("colour", DEFAULT_COLOUR))
    if not COLOUR.match(colour):
        raise BrandError(f"{path}: colour: {colour!r} is not a colour like #1f6f8b")
    if warning := text_on(colour.lower()).warning:
        print(f"{path}: colour: {warning}", file=sys.stderr)  # a warning: the report is still made
    contact = data.get("contact", {})
    if not isinstance(contact, dict):
        raise BrandError(f"{path}: contact: should be a table with email, phone, web, address")
    unknown = sorted(set(contact) - CONTACT_KEYS)
    if unknown:
        raise BrandError(f"{path}: contact.{unknown[0]}: unknown key")
    contacts = {key: _text(path, f"contact.{key}", value) for key, value in contact.items()}
    logo = _logo(path, _text(path, "logo", data.get("logo", ""))) if data.get("logo") else ""
    paper = _choice(path, "paper", data.get("paper", "a4"), PAPERS)
    cover = _choice(path, "cover", data.get("cover", "colour"), COVERS)
    return Brand(texts["name"], colour.lower(), texts["footer"], contacts, logo, paper, cover)


def _choice(path: Path, key: str, value: object, allowed: tuple[str, ...]) -> str:
    text = _text(path, key, value).lower()
    if text not in allowed:
        raise BrandError(f"{path}: {key}: {text!r} is not one of {', '.join(allowed)}")
    return text


def _text(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise BrandError(f"{path}: {key}: should be text")
    if len(value) > MAX_FIELD_CHARS:
        raise BrandError(f"{path}: {key}: longer than {MAX_FIELD_CHARS} characters")
    return value.strip()


def _logo(brand_file: Path, name: str) -> str:
    """The logo as a data URI. It must be a regular file inside the brand file's folder: a
    brand file from someone else must not copy another of the user's files into a report, nor
    learn whether one exists, nor hang or fill memory on a FIFO or /dev/zero."""
    where = f"{brand_file}: logo: {name!r}"
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts or name.startswith("~"):
        raise BrandError(f"{where}: not allowed (give a file name inside the brand file's folder)")
    folder = brand_file.parent.resolve()
    logo = folder.joinpath(*parts)
    if logo.resolve() != logo:  # a symbolic link on the way, inside the folder
        raise BrandError(f"{where}: not allowed (a symbolic link)")
    try:
        descriptor = os.open(logo, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise BrandError(f"{where}: not found beside the brand file") from None
    except OSError as error:
        raise BrandError(f"{where}: cannot be read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise BrandError(f"{where}: not allowed (not a regular file)")
        content = stream.read(MAX_LOGO_BYTES + 1)
    if len(content) > MAX_LOGO_BYTES:
        raise BrandError(f"{where}: larger than 1 MB")
    kind = next((t for magic, t in LOGO_TYPES.items() if content.startswith(magic)), None)
    if kind is None and _is_svg(content):
        kind = "image/svg+xml"
    if kind is None:
        raise BrandError(f"{where}: not a PNG, JPEG or SVG image")
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def _is_svg(content: bytes) -> bool:
    """An SVG document: XML that parses, with an <svg> root and no entity declarations."""
    if b"<!ENTITY" in content:
        return False
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, ValueError):
        return False
    return root.tag in ("svg", "{http://www.w3.org/2000/svg}svg")
