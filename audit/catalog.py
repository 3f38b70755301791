"""The questionnaires a user can start an audit with: the built-ins and their own folders.

A broken file in a user's folder does not hide the others: it is listed in `problems`, one
`file: location: what` line each, and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from audit.domain.loader import MAX_FILE_BYTES, QuestionnaireError, load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.locations import builtin_questionnaires


@dataclass(frozen=True)
class Entry:
    questionnaire: Questionnaire
    text: str  # kept so a new audit can store the exact copy it was started with
    path: Path
    builtin: bool


@dataclass
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def get(self, questionnaire_id: str) -> Entry | None:
        return next((e for e in self.entries if e.questionnaire.id == questionnaire_id), None)

    def ids(self) -> list[str]:
        return [entry.questionnaire.id for entry in self.entries]


def read_questionnaire_file(path: Path) -> tuple[Questionnaire, str]:
    """Load one questionnaire file; QuestionnaireError (with every problem) if it is unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise QuestionnaireError(
                [f"{path}: the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"]
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise QuestionnaireError([f"{path}: is a folder, not a questionnaire file"]) from None
    except FileNotFoundError:
        raise QuestionnaireError([f"{path}: no such file"]) from None
    except OSError as error:
        raise QuestionnaireError([f"{path}: cannot be read: {error.strerror or error}"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QuestionnaireError(
            [f"{path}: byte {error.start}: the file is not UTF-8 text"]
        ) from None
    return load_questionnaire(text, str(path)), text


def load_catalog(user_folders: list[Path]) -> Catalog:
    catalog = Catalog()
    _add_folder(catalog, builtin_questionnaires(), builtin=True)
    for folder in user_folders:
        if not folder.is_dir():
            catalog.problems.append(f"{folder}: no such questionnaire folder")
            continue
        _add_folder(catalog, folder, builtin=False)
    return catalog


def _add_folder(catalog: Catalog, folder: Path, *, builtin: bool) -> None:
    for path in sorted(folder.glob("*.toml")):
        try:
            questionnaire, text = read_questionnaire_file(path)
        except QuestionnaireError as error:
            catalog.problems.extend(error.problems)
            continue
        taken = catalog.get(questionnaire.id)
        if taken is not None:
            catalog.problems.append(
                f"{path}: id: {questionnaire.id!r} is already used by {taken.path}; "
                "give this questionnaire another id"
            )
            continue
        catalog.entries.append(Entry(questionnaire, text, path, builtin))
