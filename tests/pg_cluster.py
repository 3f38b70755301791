"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, on a free port of
the loopback, stopped and removed afterwards.

The server refuses to run as root, and CI runs as root: then initdb and pg_ctl run as the
`postgres` user, in a folder it owns. Where no server can be started the tests that need one
skip and say why, unless AUDIT_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "test-only-password"
SUPERUSER = "postgres"


class NoServer(Exception):
    """Why no PostgreSQL server could be started here."""


def find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    raise NoServer(f"{name} was not found (install the postgresql package)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    def __init__(self, *, durable: bool = False) -> None:
        """`durable` keeps fsync on, as a real server has it (the tests do not need it)."""
        self.durable = durable
        self.as_user: list[str] = []
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError:
                raise NoServer("running as root and there is no `postgres` user") from None
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.initdb, self.pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="audit-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._databases = 0
        try:
            self._init()
            self.start()
        except BaseException:
            self.remove()
            raise

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [*self.as_user, *command], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise NoServer(f"{Path(command[0]).name} failed: {last[0]}")

    def _init(self) -> None:
        if self.owner is not None:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        secret = self.folder / "pw"
        secret.write_text(PASSWORD)
        if self.owner is not None:
            os.chown(secret, self.owner.pw_uid, self.owner.pw_gid)
        self._run(
            self.initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=scram-sha-256",
            f"--pwfile={secret}", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        secret.unlink()

    def start(self) -> None:
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c max_connections=60"
        )
        if not self.durable:
            options += " -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-w", "-t", "60",
                  "-l", str(self.folder / "log"), "start")  # fmt: skip

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(NoServer, subprocess.SubprocessError):
                self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        self._databases += 1
        name = f"audit_test_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)
