"""The PostgreSQL store's tables, how they migrate forward, and how a connection is opened and
its failures told to the user in one line (never with the password in it).

Each schema version is a list of statements; a database at version N runs the lists after N
in order, in one transaction, under an advisory lock so two programs opening a new database at
once do not both create it. A database written by a newer version of audit is refused.
"""

from __future__ import annotations

import re
from typing import Any, LiteralString
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from audit.storage.base import NotFound
from audit.storage.files import StoreBusy, StoreError

CONNECT_TIMEOUT_SECONDS = 5
# Taken while a database's schema is created or migrated; the number only has to be ours.
MIGRATION_LOCK = 0x61756469  # "audi"

MIGRATIONS: dict[int, list[LiteralString]] = {
    1: [
        """CREATE TABLE clients (
            id text PRIMARY KEY,
            name text NOT NULL,
            name_key text NOT NULL UNIQUE,
            sector text NOT NULL DEFAULT '',
            contact text NOT NULL DEFAULT '',
            created_at text NOT NULL DEFAULT ''
        )""",
        "CREATE TABLE questionnaires (hash text PRIMARY KEY, body text NOT NULL)",
        "CREATE SEQUENCE audit_versions",
        # `doc` holds the audit's own fields as the folder store's index does; `version` is
        # new with every change, so a cached summary or audit knows when it is stale.
        """CREATE TABLE audits (
            id text PRIMARY KEY,
            client_id text NOT NULL REFERENCES clients (id),
            questionnaire_hash text NOT NULL REFERENCES questionnaires (hash),
            doc jsonb NOT NULL,
            version bigint NOT NULL DEFAULT nextval('audit_versions')
        )""",
        "CREATE INDEX audits_by_client ON audits (client_id)",
        # `seq` keeps the order answers were given in, as the folder store's file does.
        """CREATE TABLE answers (
            audit_id text NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
            question text NOT NULL,
            seq bigserial NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (audit_id, question)
        )""",
        """CREATE TABLE action_edits (
            audit_id text NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
            action text NOT NULL,
            seq bigserial NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (audit_id, action)
        )""",
    ],
    2: [
        """CREATE TABLE summaries (
            audit_id text PRIMARY KEY REFERENCES audits (id) ON DELETE CASCADE,
            version bigint NOT NULL,
            doc jsonb NOT NULL
        )""",
    ],
    # Several respondents per audit: each answer is one respondent's, and every answer stored
    # before was the owner's (r1); each audit lists its respondents in its `doc`.
    3: [
        "ALTER TABLE answers ADD COLUMN IF NOT EXISTS respondent text NOT NULL DEFAULT 'r1'",
        "ALTER TABLE answers DROP CONSTRAINT IF EXISTS answers_pkey",
        "ALTER TABLE answers ADD PRIMARY KEY (audit_id, respondent, question)",
        """UPDATE audits SET doc = jsonb_set(doc, '{respondents}',
            '[{"id": "r1", "name": "Owner", "role": "owner"}]'::jsonb)
            WHERE NOT doc ? 'respondents'""",
    ],
}
SCHEMA_VERSION = max(MIGRATIONS)
# Every table holding store data, children after parents (for counting and copying).
TABLES = ("clients", "questionnaires", "audits", "answers", "action_edits", "summaries")


class DatabaseUnavailable(StoreError):
    """The database cannot be reached, refused us, or went away in the middle of a change."""


def redacted(url: str) -> str:
    """The URL as it may be shown: any password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL urllib can take apart: blank anything that may be secret
        url = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)
        return re.sub(r"(password=)[^&]*", r"\1***", url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        user, has_password, _ = credentials.partition(":")
        netloc = f"{user}:***@{host}" if has_password else netloc
    query = urlencode(
        [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="*"
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def connect(url: str, shown: str, lock_timeout: float) -> psycopg.Connection[Any]:
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise DatabaseUnavailable(f"{shown}: cannot connect: {reason(error)}") from None
    except ValueError:  # psycopg's own message may quote the URL, password and all
        raise StoreError(f"{shown}: this is not a PostgreSQL connection URL") from None
    try:
        # A writer waits this long for another's row lock before the store says it is busy.
        connection.execute(
            "SELECT set_config('lock_timeout', %s, false)", (f"{int(lock_timeout * 1000)}ms",)
        )
    except psycopg.Error as error:
        connection.close()
        raise DatabaseUnavailable(f"{shown}: cannot connect: {reason(error)}") from None
    return connection


def reason(error: psycopg.Error) -> str:
    """What went wrong, in words a user can act on, on one line."""
    text = str(error)
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return "another program holds this audit; close it or try again in a moment"
    if "password authentication failed" in text or "no password supplied" in text:
        return "the server refused this user name or password"
    if missing := re.search(r'database "([^"]*)" does not exist', text):
        return f"the server has no database named {missing.group(1)!r} (create it first)"
    if missing := re.search(r'role "([^"]*)" does not exist', text):
        return f"the server has no user named {missing.group(1)!r}"
    if "Connection refused" in text or "No such file or directory" in text:
        return "no database server is running there (connection refused)"
    if "server closed the connection" in text or "terminating connection" in text:
        return "the server closed the connection"
    if "timeout expired" in text:
        return "the server did not answer in time"
    if "could not translate host name" in text:
        return "the server's host name is not known"
    if "permission denied" in text:
        return "this user may not use the store's tables (permission denied)"
    # libpq quotes a URL it cannot parse, password and all.
    text = re.sub(r"postgres(ql)?://[^\s\"]*", "the URL", text)
    text = re.sub(r"(password\s*=\s*)\S+", r"\1***", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else type(error).__name__
    return re.sub(r"^(connection failed: )?(FATAL|ERROR):\s*", "", first)


def lost(shown: str, error: psycopg.Error) -> StoreError:
    """The one line for a failure in the middle of an operation."""
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return StoreBusy(f"{shown}: {reason(error)}")
    if isinstance(error, psycopg.OperationalError):
        # What happened first, the URL last: a narrow screen shows the start of the line.
        return DatabaseUnavailable(
            f"the connection to the database was lost ({reason(error)}): the last change was "
            f"not saved, everything before it was ({shown})"
        )
    return StoreError(f"{shown}: the database refused the change: {reason(error)}")


def prepare(connection: psycopg.Connection[Any], shown: str, create: bool) -> None:
    """Check the schema's version; create or migrate it forward, or refuse a newer one."""
    with connection.transaction(), connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        cur.execute("SELECT to_regclass('audit_schema') IS NOT NULL")
        exists = cur.fetchone()
        if not (exists and exists[0]):
            if not create:
                raise NotFound(
                    f"{shown}: no audit store in this database; start one with `audit new` "
                    "or `audit store copy FOLDER URL`"
                )
            cur.execute("CREATE TABLE audit_schema (version integer NOT NULL)")
            cur.execute("INSERT INTO audit_schema (version) VALUES (0)")
        cur.execute("SELECT version FROM audit_schema")
        row = cur.fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{shown}: written by a newer version of audit (schema {version}, this one "
                f"reads {SCHEMA_VERSION}); upgrade audit to open it"
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                cur.execute(statement)
        if version < SCHEMA_VERSION:
            cur.execute("UPDATE audit_schema SET version = %s", (SCHEMA_VERSION,))


def row_counts(connection: psycopg.Connection[Any]) -> dict[str, int]:
    """How many rows each table of the store holds."""
    counts: dict[str, int] = {}
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            row = cur.fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts
