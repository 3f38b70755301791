"""`audit repair`: put back the last good copy of each damaged store file.

Every save keeps the version it replaces beside the file (`index.json.bak`, `audits/<id>.json.bak`,
see files.write_atomically). A file damaged from outside (a sync tool, an editor, a failing disk)
is never written over: repair moves it aside as `<name>.damaged-<time>`, for whoever wants to look
into it, and puts the backup in its place, so at most the last change to that file is lost.
Then it finishes an erasure, merge or import that a crash interrupted (see erasure.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from audit.storage.erasure import finish_pending
from audit.storage.files import (
    StoreCorrupt,
    StoreError,
    StoreLock,
    backup_of,
    parse_store_json,
    write_atomically_bytes,
)


@dataclass(frozen=True)
class Repair:
    path: Path
    problem: str
    moved_to: Path | None = None  # where the damaged file now is; None if it was not moved
    restored_from: Path | None = None  # the backup put in its place; None if there was none

    @property
    def done(self) -> bool:
        return self.restored_from is not None


def problem_with(path: Path, kind: str) -> str | None:
    """What is wrong with a store file ('index' or 'audit'), or None if it reads fine."""
    try:
        data = parse_store_json(path, path.read_bytes())
    except StoreCorrupt as error:
        return str(error).removeprefix(f"{path}: ").split("; it was left")[0]
    except FileNotFoundError:
        return "the file is missing"
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    if data is None:
        return "the file is not an audit store file"
    rows = list(data.get("meta", {}).values())
    if kind == "index" and not (rows and isinstance(rows[0].get("schema"), int)):
        return "the file has no schema version"
    if kind == "audit" and not (rows and isinstance(rows[0].get("id"), str)):
        return "the file is not an audit of this store"
    return None


def store_files(folder: Path) -> list[tuple[Path, str]]:
    index = folder / "index.json"
    files = [(index, "index")] if index.exists() or backup_of(index).exists() else []
    return files + [(path, "audit") for path in sorted((folder / "audits").glob("*.json"))]


def repair_store(folder: Path, lock_timeout: float = 5.0) -> list[Repair]:
    """Repair every damaged file of the store in `folder`; what was found and done, per file."""
    if not (folder / "index.json").exists() and not (folder / "index.json.bak").exists():
        raise StoreError(f"{folder}: no audit store here; check the path")
    repairs = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with StoreLock(folder / "lock", lock_timeout).held():
        for path, kind in store_files(folder):
            problem = problem_with(path, kind)
            if problem is None:
                continue
            backup = backup_of(path)
            if not backup.exists() or problem_with(backup, kind) is not None:
                repairs.append(Repair(path, problem))
                continue
            aside = path.with_name(f"{path.name}.damaged-{stamp}")
            moved = path.exists()
            if moved:
                os.replace(path, aside)
            write_atomically_bytes(path, backup.read_bytes())
            repairs.append(Repair(path, problem, aside if moved else None, backup))
    return repairs


def finish_interrupted(folder: Path, lock_timeout: float = 5.0) -> str | None:
    """Finish the erasure, merge or import a crash interrupted; what was done, or None."""
    with StoreLock(folder / "lock", lock_timeout).held():
        return finish_pending(folder)
