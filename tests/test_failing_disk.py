"""A disk that fails at each step of a save: the store stays byte-identical, no temporary file
is left, and the user is told in one line."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest

FAILURES = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "Input/output error",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store but the lock, by path: what must not change."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "lock"
    }


class HalfWriter:
    """A file object whose write puts half the bytes on disk, then fails (the disk filled up)."""

    def __init__(self, stream, code: int) -> None:
        self.stream, self.code = stream, code

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name):
        return getattr(self.stream, name)


def fail_at(monkeypatch: pytest.MonkeyPatch, stage: str, code: int) -> None:
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    match stage:
        case "creating the temporary file":
            monkeypatch.setattr(tempfile, "mkstemp", fail)
        case "halfway through writing":
            real = os.fdopen
            monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWriter(real(*a, **k), code))
        case "flushing to disk":
            monkeypatch.setattr(os, "fsync", fail)
        case "renaming into place":
            monkeypatch.setattr(os, "replace", fail)


@pytest.mark.parametrize(
    "stage",
    [
        "creating the temporary file",
        "halfway through writing",
        "flushing to disk",
        "renaming into place",
    ],
)
@pytest.mark.parametrize("code", list(FAILURES))
def test_a_save_that_fails_changes_nothing_and_says_why(cli, tmp_path, monkeypatch, stage, code):
    assert cli("demo")[0] == 0
    folder = tmp_path / "cli-store"
    _, out, _ = cli("list", "--json")
    audit_id = next(a["id"] for a in json.loads(out) if a["questionnaire"] == "five-steps")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": [{"question": "asked-customers", "value": 1}]}))
    before = snapshot(folder)

    fail_at(monkeypatch, stage, code)
    exit_code, _, err = cli("answer", audit_id, "--file", str(answers))
    monkeypatch.undo()

    assert exit_code == 1
    assert err.count("\n") == 1 and err.startswith("audit: ") and "could not be saved" in err
    assert FAILURES[code] in err
    assert snapshot(folder) == before
    assert not [p for p in folder.rglob("*.tmp")]


def test_listing_works_on_a_disk_that_cannot_be_written(cli, tmp_path, monkeypatch):
    """`audit list` refreshes a cache; on a full or read-only disk it still lists."""
    assert cli("demo")[0] == 0
    (tmp_path / "cli-store" / "summaries.json").unlink()  # the cache must be written again
    fail_at(monkeypatch, "creating the temporary file", errno.EROFS)
    code, out, err = cli("list")
    assert code == 0 and out.count("Hollin") == 2 and err == ""


def test_a_file_system_without_hard_links_still_saves(store, small, monkeypatch):
    from audit.domain.answers import Answer

    audit = store.create_audit(store.add_client("Acme"), small, "text")

    def no_links(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    store.save_answer(audit.id, Answer("q1", value=2))
    assert store.load_audit(audit.id).answers["q1"].value == 2
