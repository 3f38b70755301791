"""Every path `audit` uses by default, and where its shipped data files are found.

Installed from a wheel, the questionnaires and report templates sit inside the package
(`audit/_data/...`); in a source checkout they sit at the top of the repository. One resolver
serves both, so the program behaves the same either way.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "customer-care-audit"
STORE_ENV = "AUDIT_DB"
QUESTIONNAIRES_ENV = "AUDIT_QUESTIONNAIRES"
REPORTS_ENV = "AUDIT_REPORTS"

_PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """The shipped folder `name` ("questionnaires" or "reports"), installed or in a checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def builtin_questionnaires() -> Path:
    return data_folder("questionnaires")


def report_templates() -> Path:
    return data_folder("reports")


def reports_folder() -> Path:
    """Where the app, `audit report` and the interview write a PDF unless told otherwise:
    AUDIT_REPORTS, else `customer-care-audit` in the user's documents folder. Absolute, so
    the path shown after writing is one the user can open from anywhere."""
    chosen = os.environ.get(REPORTS_ENV)
    if chosen:
        return Path(chosen).expanduser().absolute()
    from platformdirs import user_documents_path

    return (user_documents_path() / "customer-care-audit").absolute()


def default_store() -> Path:
    """`--db` wins over AUDIT_DB, which wins over this: a folder in the user's data directory."""
    from platformdirs import user_data_path  # only when no store was named

    return user_data_path(APP_NAME, appauthor=False) / "store"


def store_is_default(given: str | None) -> bool:
    return not (given or os.environ.get(STORE_ENV))


def store_path(given: str | None) -> Path:
    chosen = given or os.environ.get(STORE_ENV) or ""
    return Path(chosen).expanduser() if chosen else default_store()


def questionnaire_folders(given: list[str] | None) -> list[Path]:
    """The user's questionnaire folders: every --questionnaires, then AUDIT_QUESTIONNAIRES."""
    folders = [Path(g).expanduser() for g in given or []]
    from_env = os.environ.get(QUESTIONNAIRES_ENV, "")
    folders += [Path(part).expanduser() for part in from_env.split(os.pathsep) if part.strip()]
    return folders
