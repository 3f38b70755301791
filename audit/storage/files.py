"""The disk under the store: atomic JSON files, the TinyDB storage on top of them, and the lock.

TinyDB rewrites a whole file on every write and knows nothing of crashes or other processes;
this module makes each rewrite atomic (temp file, fsync, rename) and serialises writers with
filelock, which locks the same way on Linux, macOS and Windows.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

with warnings.catch_warnings():
    # Where there is no OS lock at all (no fcntl, not Windows) filelock falls back to a lock
    # file's existence and warns so at import: that would reach the user on every command.
    warnings.simplefilter("ignore")
    import filelock


class StoreError(Exception):
    """A store problem for the user: the message is one line and names the file."""


class StoreCorrupt(StoreError):
    """A store file that cannot be read as ours; it is left exactly as it is."""


class StoreBusy(StoreError):
    """Another program holds the store's lock for longer than we are willing to wait."""


# Far beyond any honest store file (notes are capped at a million characters each); a larger
# one, or a link to /dev/zero, is damage rather than a file to read into memory.
MAX_STORE_FILE_BYTES = 256 * 1024 * 1024


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`, None if the file does not exist; StoreCorrupt if unreadable."""
    raw = read_store_bytes(path)
    if raw is None:
        return None
    data = parse_store_json(path, raw)
    if data is None:
        raise damaged(path, "the file is not an audit store file")
    return data


def read_store_bytes(path: Path) -> bytes | None:
    """The bytes of a store file, None if it does not exist. A store may come from someone
    else: a symbolic link, a device, a FIFO or a huge file is damage, never followed or read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise damaged(path, "the file is a symbolic link, not a store file") from None
        raise StoreError(f"{path}: cannot be read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise damaged(path, "this is not a regular file")
        try:
            raw = stream.read(MAX_STORE_FILE_BYTES + 1)
        except OSError as error:
            raise StoreError(f"{path}: cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_STORE_FILE_BYTES:
        raise damaged(path, f"the file is larger than {MAX_STORE_FILE_BYTES} bytes")
    return raw


def store_text(path: Path, raw: bytes) -> str:
    """A store file's bytes as text, or StoreCorrupt naming what makes them no store file."""
    if not raw.strip():
        raise damaged(path, "the file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise damaged(path, "the file starts with a byte-order mark (an editor added it)")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise damaged(path, f"the file holds NUL bytes (the first at byte {nul})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise damaged(path, f"the file is not UTF-8 text (at byte {error.start})") from None


def parse_store_json(path: Path, raw: bytes) -> dict[str, Any] | None:
    """The object in a store file's bytes; None if it is JSON of another shape; StoreCorrupt
    (naming what is wrong) if it is not JSON at all."""
    text = store_text(path, raw)
    with json_damage(path):
        data = json.loads(text)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return None
    return data


@contextlib.contextmanager
def json_damage(path: Path) -> Iterator[None]:
    """What goes wrong while decoding a store file's JSON, as the one line naming it."""
    try:
        yield
    except json.JSONDecodeError as error:
        raise damaged(
            path,
            f"the file is damaged (not valid JSON at line {error.lineno}, column {error.colno})",
        ) from None
    except RecursionError:
        raise damaged(path, "the file is damaged (nested too deeply)") from None
    except ValueError:  # an integer of thousands of digits
        raise damaged(path, "the file is damaged (a number too large)") from None


def backup_of(path: Path) -> Path:
    """Where the version of a store file before its last save is kept."""
    return path.with_name(path.name + ".bak")


def damaged(path: Path, what: str) -> StoreCorrupt:
    """The one line for a damaged store file: what is wrong, that it was kept, and the way
    back to the last good copy when there is one."""
    message = f"{path}: {what}; it was left as it is"
    backup = backup_of(path)
    if backup.exists():
        message += f"; `audit repair` puts back its last good copy ({backup.name})"
    return StoreCorrupt(message)


def write_atomically(
    path: Path, text: str, *, shared: bool = False, keep_previous: bool = False
) -> None:
    write_atomically_bytes(path, text.encode("utf-8"), shared=shared, keep_previous=keep_previous)


def write_atomically_bytes(
    path: Path, content: bytes, *, shared: bool = False, keep_previous: bool = False
) -> None:
    write_atomically_chunks(path, (content,), shared=shared, keep_previous=keep_previous)


def write_atomically_chunks(
    path: Path, chunks: Iterable[bytes], *, shared: bool = False, keep_previous: bool = False
) -> None:
    """Replace `path` with `chunks`, written in turn (a big cache need never be whole in
    memory), so that a crash leaves either the old or the new file whole.

    Store files stay private to the user (0600); `shared` files (exports, reports) get the
    usual permissions the user's umask gives a new file. With `keep_previous`, the version
    being replaced stays as `backup_of(path)`: a hard link, so keeping it copies nothing.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise StoreError(f"{path}: could not be saved: the folder does not exist") from None
        raise StoreError(f"{path}: could not be saved: {_reason(error)}") from None
    previous: Path | None = None
    try:
        if shared:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_previous:
            previous = _link_previous(path)
        os.replace(temporary, path)
    except BaseException as error:
        for leftover in (temporary, previous):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        if isinstance(error, OSError):
            raise StoreError(f"{path}: could not be saved: {_reason(error)}") from None
        raise
    if previous is not None:
        # The save is done; only now does the backup move on to the version just replaced.
        with contextlib.suppress(OSError):
            os.replace(previous, backup_of(path))
    sync_folder(path.parent)


def _link_previous(path: Path) -> Path | None:
    """A second name for the current version of `path` (a hard link: nothing is copied), to
    become its backup once the new version is in place. Only ever called on a file this unit
    of work has just read whole, so what it keeps is a good copy. A file system without hard
    links costs the backup, never the save."""
    link = path.with_name(f".{path.name}.previous.tmp")
    with contextlib.suppress(OSError):
        os.unlink(link)
    try:
        os.link(path, link)
    except OSError:
        return None
    return link


def sync_folder(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk too.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    return error.strerror or str(error)


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class OneWriteStorage(Storage):
    """TinyDB storage for one unit of work: the file is read once and written once, on commit.

    Every change of one operation (one answer, or a whole answers file) lands in a single atomic
    write; an exception before `commit` leaves the file exactly as it was. Nothing is cached
    between operations, so a crash never loses a write that was reported as saved.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self._changed = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            self._data = read_json(self.path)
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._loaded = True
        self._changed = True

    def commit(self) -> None:
        if self._changed and self._data is not None:
            write_atomically(self.path, dump(self._data), keep_previous=True)
            self._changed = False

    def close(self) -> None:
        pass


class StoreLock:
    """An exclusive, re-entrant lock on the store shared by processes (filelock) and threads.

    Held only for the length of one read-modify-write, so two programs can work on one store
    in turn; one that cannot get the lock within `timeout` seconds is told the store is in use.
    filelock opens the lock file without following a link and creates it 0600.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._thread_lock = threading.RLock()
        self._depth = 0
        # One process-wide holder; the threads of this process take turns on _thread_lock.
        self._file_lock = filelock.FileLock(path, mode=0o600, thread_local=False)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._file_lock.release()

    def _acquire(self) -> None:
        if self.path.is_symlink():  # a link would create or lock a file elsewhere
            raise self._linked()
        try:
            # A short poll: a save holds the lock for about a millisecond.
            self._file_lock.acquire(timeout=self.timeout, poll_interval=0.005)
        except filelock.Timeout:  # before OSError: Timeout is a TimeoutError
            raise StoreBusy(
                f"{self.path.parent}: the store is in use by another program; "
                "close it or try again in a moment"
            ) from None
        except OSError as error:
            if error.errno == errno.ELOOP:  # made a link since the check above
                raise self._linked() from None
            raise StoreError(f"{self.path}: cannot open the lock file: {_reason(error)}") from None

    def _linked(self) -> StoreCorrupt:
        return StoreCorrupt(
            f"{self.path}: the lock file is a symbolic link; it was left as it is "
            "(remove it if this store is yours)"
        )
