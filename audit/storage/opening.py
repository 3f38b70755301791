"""One way to open a store from what the user gave: a folder path, or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.storage.base import AuditStore
from audit.storage.files import StoreError

URL_SCHEMES = ("postgresql://", "postgres://")
INSTALL_HINT = "pip install 'customer-care-audit[postgres]'"


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


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
