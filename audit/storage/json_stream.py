"""Reading a store's big files one document at a time, for what must stay small at 10,000
audits (opening the store, a cohort's report): parsing index.json whole costs about 3 KB of
Python objects an audit, and summaries.json about 4 KB; the file's text is a sixth of that.

Each document is parsed by the standard library's own JSON decoder; only the punctuation of
the outer levels ({"table": {"doc id": {...}, ...}, ...}) is walked here. A file that is not
of that shape is damage, named as `read_json` names it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from audit.storage.files import damaged, json_damage, read_store_bytes, store_text

_SPACE = re.compile(r"[ \t\n\r]*")


class _NotAnObject(Exception):
    """Valid JSON, but not the object-of-objects a store file is."""


class ObjectWalk:
    """A walk through a JSON text's nested objects, one member at a time.

    `members()` yields each key of the object at the walk's position; before asking for the
    next key the caller consumes the key's value with `value()` or a nested `members()`.
    """

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.position = 0
        self.member_start = 0  # where the last key yielded by `members()` starts
        self._decoder = json.JSONDecoder()

    def members(self) -> Iterator[str]:
        self._expect("{")
        if self._peek("}"):
            self.position += 1
            return
        while True:
            self._skip()
            self.member_start = self.position
            key = self.value()
            if not isinstance(key, str):
                raise _NotAnObject
            self._expect(":")
            self._skip()
            yield key
            if self._peek("}"):
                self.position += 1
                return
            self._expect(",")

    def value(self) -> Any:
        self._skip()
        found, self.position = self._decoder.raw_decode(self.text, self.position)
        return found

    def end(self) -> None:
        """The walk is at the end of the text: anything after the outer object is damage."""
        self._skip()
        if self.position != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, self.position)

    def _skip(self) -> None:
        found = _SPACE.match(self.text, self.position)
        assert found is not None  # the pattern matches the empty string
        self.position = found.end()

    def _peek(self, char: str) -> bool:
        self._skip()
        return self.text.startswith(char, self.position)

    def _expect(self, char: str) -> None:
        if not self._peek(char):
            if self.text.startswith(("[", '"', "t", "f", "n", "-", *"0123456789"), self.position):
                self.value()  # valid JSON of another shape, or a syntax error to report as one
                raise _NotAnObject
            raise json.JSONDecodeError(f"Expecting {char!r}", self.text, self.position)
        self.position += 1


def walk(path: Path) -> ObjectWalk | None:
    """A walk over a store file's text; None if the file does not exist."""
    raw = read_store_bytes(path)
    if raw is None:
        return None
    return ObjectWalk(path, store_text(path, raw))


def table_documents(path: Path, tables: Collection[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, document) for every document of `tables` in a TinyDB file, in file order, each
    parsed alone; the other tables are walked past the same way. Nothing if the file does not
    exist; StoreCorrupt, naming the file, if it is not such a file."""
    found = walk(path)
    if found is None:
        return
    with reading(path):
        for table in found.members():
            for _doc_id in found.members():
                document = found.value()
                if not isinstance(document, dict):
                    raise _NotAnObject
                if table in tables:
                    yield table, document
        found.end()


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """What goes wrong while walking `path`, as the one line `read_json` would give."""
    try:
        with json_damage(path):
            yield
    except _NotAnObject:
        raise damaged(path, "the file is not an audit store file") from None
