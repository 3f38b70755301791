"""The questionnaires a user can start an audit with: the built-ins and their own folders.

A broken file in a user's folder does not hide the others: it is listed in `problems`, one
`file: location: what` line each, and left out.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from audit.domain.loader import MAX_FILE_BYTES, QuestionnaireError, load_questionnaire
from audit.domain.pulse import PULSE_QUESTIONNAIRE
from audit.domain.questionnaire import Questionnaire
from audit.locations import builtin_questionnaires
from audit.text import plain


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
    """Load one questionnaire file; QuestionnaireError (with every problem) if it is unusable.

    Files come from other people: only a regular file is read (never a FIFO or /dev/zero), at
    most the size limit, and whatever goes wrong in one file is one problem line about it."""
    raw = _read_bounded(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QuestionnaireError(
            [f"{path}: byte {error.start}: the file is not UTF-8 text"]
        ) from None
    try:
        return load_questionnaire(text, str(path)), text
    except QuestionnaireError as error:
        raise QuestionnaireError([plain(line) for line in error.problems]) from None
    except Exception as error:
        what = type(error).__name__
        raise QuestionnaireError([f"{path}: cannot be read as a questionnaire ({what})"]) from None


def _read_bounded(path: Path) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise QuestionnaireError([f"{path}: no such file"]) from None
    except OSError as error:
        raise QuestionnaireError([f"{path}: cannot be read: {error.strerror or error}"]) from None
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise QuestionnaireError([f"{path}: is a folder, not a questionnaire file"])
        if not stat.S_ISREG(mode):
            raise QuestionnaireError([f"{path}: not a regular file, not read"])
        try:
            raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise QuestionnaireError(
                [f"{path}: cannot be read: {error.strerror or error}"]
            ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise QuestionnaireError([f"{path}: the file is larger than {MAX_FILE_BYTES:,} bytes"])
    return raw


def load_catalog(user_folders: list[Path]) -> Catalog:
    catalog = Catalog()
    _add_folder(catalog, builtin_questionnaires(), builtin=True)
    # The self-audits first, then the pulse the customers answer: a business starts with itself.
    catalog.entries.sort(key=lambda entry: entry.questionnaire.id == PULSE_QUESTIONNAIRE)
    for folder in user_folders:
        if not folder.is_dir():
            catalog.problems.append(plain(f"{folder}: no such questionnaire folder"))
            continue
        _add_folder(catalog, folder, builtin=False)
    return catalog


def _add_folder(catalog: Catalog, folder: Path, *, builtin: bool) -> None:
    for path in sorted(folder.glob("*.toml")):
        try:
            questionnaire, text = read_questionnaire_file(path)
        except QuestionnaireError as error:
            catalog.problems.extend(plain(line) for line in error.problems)
            continue
        taken = catalog.get(questionnaire.id)
        if taken is not None:
            catalog.problems.append(
                plain(
                    f"{path}: id: {questionnaire.id!r} is already used by {taken.path}; "
                    "give this questionnaire another id"
                )
            )
            continue
        catalog.entries.append(Entry(questionnaire, text, path, builtin))
