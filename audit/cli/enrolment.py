"""Reading the participants of `audit cohort enrol` from a CSV file: every row is checked before
anything is stored, and each problem names its file and line."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from audit.cli.common import Problem

MAX_PARTICIPANTS = 10_000  # a programme, not a mailing list: a bigger file is a mistake
HEADER_NAMES = {"name", "client"}
KNOWN_COLUMNS = {"name", "client", "contact", "sector"}


@dataclass(frozen=True)
class Participant:
    line: int
    name: str
    contact: str = ""
    sector: str = ""


def read_participants(path: Path) -> list[Participant]:
    """The file's participants, or a Problem listing every bad row as `file: line N: what`."""
    from audit.storage.base import MAX_NAME_CHARS, name_key, nfc

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise Problem(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise Problem(f"{path}: not UTF-8 text (save it as 'CSV UTF-8')") from None
    except OSError as error:
        raise Problem(f"{path}: cannot be read: {error.strerror}") from None
    reader = csv.reader(text.splitlines(keepends=True))
    problems: list[str] = []
    found: list[Participant] = []
    seen: dict[str, int] = {}
    columns = ["name", "contact"]
    try:
        for row in reader:
            line = reader.line_num
            cells = [nfc(cell).strip() for cell in row]
            if not any(cells):
                continue  # a blank line between groups is not a participant
            if not found and not problems and line == 1 and cells[0].casefold() in HEADER_NAMES:
                columns = [c.casefold() for c in cells]
                unknown = [c for c in columns if c and c not in KNOWN_COLUMNS]
                if unknown:
                    problems.append(
                        f"{path}: line 1: unknown column {unknown[0]!r} "
                        "(known: name, contact, sector)"
                    )
                continue
            values = dict(zip(columns, cells, strict=False))
            name = values.get("name") or values.get("client") or ""
            extra = len(cells) - len(columns)
            where = f"{path}: line {line}"
            if extra > 0 and any(cells[len(columns) :]):
                problems.append(
                    f"{where}: {len(cells)} cells, but the file has {len(columns)} columns"
                )
            elif not name:
                problems.append(f"{where}: no client name")
            elif any(len(v) > MAX_NAME_CHARS for v in values.values()):
                problems.append(f"{where}: a cell is longer than {MAX_NAME_CHARS} characters")
            elif any(ch < " " for v in values.values() for ch in v):
                problems.append(f"{where}: a cell holds a control character")
            elif name_key(name) in seen:
                problems.append(f"{where}: {name!r} is already on line {seen[name_key(name)]}")
            else:
                seen[name_key(name)] = line
                found.append(
                    Participant(line, name, values.get("contact", ""), values.get("sector", ""))
                )
            if len(found) > MAX_PARTICIPANTS:
                raise Problem(f"{path}: more than {MAX_PARTICIPANTS:,} participants")
    except csv.Error as error:
        problems.append(f"{path}: line {reader.line_num}: {error}")
    if problems:
        raise Problem(
            "\n".join([*problems[:20], "nobody was enrolled; fix the file and try again"])
        )
    if not found:
        raise Problem(f"{path}: no participants in it")
    return found
