"""Opening a store folder: refusing what is not one, and clearing what a crash left."""

from __future__ import annotations

import contextlib
from pathlib import Path

from audit.storage.base import NotFound
from audit.storage.erasure import JOURNAL
from audit.storage.files import StoreCorrupt, StoreError

STORE_ENTRIES = {
    "index.json",
    "index.json.bak",
    "audits",
    "questionnaires",
    "summaries.json",
    "lock",
    JOURNAL,
}


def prepare_folder(store: Path, create: bool) -> None:
    """Refuse a path that is not a store (or, with `create`, not a place for a new one), and
    make the store's folders, private to the user."""
    audits, copies = store / "audits", store / "questionnaires"
    if store.exists() and not store.is_dir():
        raise StoreError(
            f"{store}: this is a file, but the store is a folder; "
            "give --db a folder path (it is created if missing)"
        )
    if not (store / "index.json").exists():
        if not create:
            raise NotFound(
                f"{store}: no audit store here; check the path, or start one "
                "with `audit new` or `audit demo`"
            )
        if store.exists() and any(entry.name not in STORE_ENTRIES for entry in store.iterdir()):
            raise StoreError(
                f"{store}: this folder holds other files and no audit store; "
                "give --db a new or empty folder"
            )
    for folder in (audits, copies, store / "lock"):
        # A link would make every read, write and clean-up work on files elsewhere.
        if folder.is_symlink() or (
            folder.exists() and folder.name != "lock" and not folder.is_dir()
        ):
            raise StoreCorrupt(
                f"{folder}: a symbolic link or other file where the store keeps its "
                "own; it was left as it is and not followed"
            )
    try:
        # Private notes are client data: a new store is for its owner's eyes only.
        for folder in (store, audits, copies):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"{store}: cannot create the store folder: {error.strerror or error}"
        ) from None


def remove_leftover_temporaries(store: Path) -> None:
    # A writer killed between creating its temporary file and renaming it leaves one behind;
    # the real file beside it is whole, so the leftover holds nothing worth keeping.
    for folder in (store, store / "audits", store / "questionnaires"):
        for leftover in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
