"""One way to open a store from what the user gave: a folder path, or a PostgreSQL URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from audit.locations import STORE_ENV, store_path
from audit.storage.base import AuditStore
from audit.storage.files import StoreError

URL_SCHEMES = ("postgresql://", "postgres://")
INSTALL_HINT = "pip install 'customer-care-audit[postgres]'"


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def store_location(given: str | None) -> str | Path:
    """The store the user named: --db, else AUDIT_DB, else the default folder; a database URL
    is kept as it is, anything else is a folder path."""
    chosen = given or os.environ.get(STORE_ENV) or ""
    if is_database_url(chosen):
        return chosen
    return store_path(given)


def open_store(location: str | Path, **options: Any) -> AuditStore:
    """The store at `location`; `options` are the stores' own (create, clock, new_id, ...)."""
    if is_database_url(location):
        try:
            from audit.storage.postgres import PostgresStore
        except ImportError:
            raise StoreError(
                f"a PostgreSQL store needs the psycopg driver, which is not installed: "
                f"{INSTALL_HINT}"
            ) from None
        return PostgresStore(str(location), **options)
    from audit.storage.store import Store

    return Store(Path(location), **options)
