"""Line numbers for problems: tomllib gives no positions, so the text is scanned once for its
table headers, keys and array items, and each location (`sections[2].questions[3]`) is mapped to
the line where it starts in the file.

The scan understands just enough TOML to stay in step: strings and comments are skipped whole,
and brackets inside a value are counted so that a multi-line array is one value.
"""

from __future__ import annotations

import re

# Strings (all four kinds), comments, the punctuation that shapes a file, and bare words.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\']|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}=,.\n]|[^\s\[\]{}=,."\'#]+'
)
_ID_LABEL = re.compile(r' \(id "[^"\n]*"\)')
_QUOTED = re.compile(r'"([A-Za-z0-9_-]+)"')


class LineIndex:
    """Where each table, key and array item of one file begins."""

    def __init__(self, text: str) -> None:
        self.tables: dict[str, int] = {"": 1}  # location -> line of its header
        self.keys: dict[tuple[str, str], int] = {}  # (location, key) -> line
        self._scan(text)

    def line_of(self, where: str, what: str, key: str = "") -> int:
        """The line a problem at `where` (as the loader names it) is about: the key the message
        names if that table has it, else the table or item itself, else its parent's."""
        path = _ID_LABEL.sub("", where)
        path = "" if path == "top level" else path
        candidates = [key] * bool(key) + _QUOTED.findall(what) + what.split()[:1]
        while True:
            for key in candidates:
                if (path, key) in self.keys:
                    return self.keys[(path, key)]
            if path in self.tables:
                return self.tables[path]
            if not path:
                return 1
            path = path.rsplit(".", 1)[0] if "." in path else ""

    def _scan(self, text: str) -> None:
        current: dict[tuple[str, ...], str] = {}  # a header's dotted name -> its location
        counts: dict[str, int] = {}  # location of an array of tables -> items seen
        table = ""
        line = 1
        tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
        index = 0
        at_start = True
        while index < len(tokens):
            token, _ = tokens[index]
            if token.startswith("#"):
                index += 1
                continue
            if token == "\n":
                line += 1
                at_start = True
                index += 1
                continue
            if at_start and token == "[":
                index, names, many = _header(tokens, index)
                parent = current.get(tuple(names[:-1]), ".".join(names[:-1]))
                name = names[-1] if names else ""
                base = f"{parent}.{name}" if parent else name
                if many:
                    position = counts.get(base, 0)
                    counts[base] = position + 1
                    table = f"{base}[{position}]"
                else:
                    table = base
                for other in [k for k in current if k[: len(names)] == tuple(names)]:
                    del current[other]
                current[tuple(names)] = table
                self.tables.setdefault(table, line)
                continue
            if at_start:
                at_start = False
                key = _unquote(token)
                index += 1
                while index < len(tokens) and tokens[index][0] not in ("=", "\n"):
                    index += 1  # the rest of a dotted key: the first part names it
                self.keys.setdefault((table, key), line)
                if index < len(tokens) and tokens[index][0] == "=":
                    index, line = self._value(tokens, index + 1, line, f"{table}.{key}")
                continue
            index += 1

    def _value(
        self, tokens: list[tuple[str, int]], index: int, line: int, path: str
    ) -> tuple[int, int]:
        """Skip one value, noting the line of each item of a top-level array."""
        path = path.lstrip(".")
        depth = 0
        item = 0
        expect_item = False
        while index < len(tokens):
            token, _ = tokens[index]
            if token == "\n":
                if depth == 0:
                    return index, line
                line += 1
            elif token.startswith("#"):
                pass
            elif token in "[{":
                if depth == 1 and expect_item:
                    self.tables.setdefault(f"{path}[{item}]", line)
                    expect_item = False
                depth += 1
                expect_item = depth == 1 and token == "["
            elif token in "]}":
                depth -= 1
            elif token == "," and depth == 1:
                item += 1
                expect_item = True
            elif depth == 1 and expect_item:
                self.tables.setdefault(f"{path}[{item}]", line)
                expect_item = False
            line += token.count("\n") if token.startswith(('"""', "'''")) else 0
            index += 1
        return index, line


def _header(tokens: list[tuple[str, int]], index: int) -> tuple[int, list[str], bool]:
    """Read `[a.b]` or `[[a.b]]` from `index`; return where it ends, its names, and whether it
    is an item of an array of tables."""
    many = index + 1 < len(tokens) and tokens[index + 1][0] == "["
    index += 2 if many else 1
    names: list[str] = []
    while index < len(tokens) and tokens[index][0] not in ("]", "\n"):
        if tokens[index][0] != ".":
            names.append(_unquote(tokens[index][0]))
        index += 1
    while index < len(tokens) and tokens[index][0] == "]":
        index += 1
    return index, names, many


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        return token[1:-1]
    return token
