"""The limits and the keys a questionnaire file may use, and how problems are collected."""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.domain.loader.lines import LineIndex
from audit.domain.questionnaire import (
    Test,
)

MAX_FILE_BYTES = 1_000_000
MAX_QUESTIONS = 1_000
MAX_TEXT_CHARS = 5_000
# Per question; far beyond any honest questionnaire, and each a bound on the work every later
# command does (a file with 200,000 actions took minutes and gigabytes to report).
MAX_ITEMS = {"actions": 50, "tags": 50, "points": 20, "choices": 100, "in": 100, "bounds": 20}
# Checked before tomllib parses: it is quadratic on long dotted keys and recursive on nesting.
MAX_NESTING = 12
MAX_KEY_PARTS = 12
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

TOP_KEYS = {
    "id",
    "title",
    "version",
    "description",
    "weak_below",
    "gap_weak_beyond",
    "scales",
    "sections",
}
SCALE_KEYS = {"points", "labels"}
SECTION_KEYS = {"id", "title", "description", "weight", "profile", "questions"}
PROFILE_KEYS = {"expectation", "positive", "negative", "adjust", "core"}
ADJUST_KEYS = {"when", "reason", "expectation", "positive", "negative"}
QUESTION_KEYS = {
    "id",
    "text",
    "help",
    "kind",
    "required",
    "weight",
    "allow_na",
    "when",
    "actions",
    "tags",
    "points",
    "choices",
    "min",
    "max",
    "best",
    "worst",
    "unit",
    "bounds",
    "harm",
    "goodwill",
    "replaces",
    "scale",
    "total",
    "across",
}
CHOICE_KEYS = {"id", "label", "score"}
BOUNDS_KEYS = {"when", "best", "worst"}
CONDITION_TESTS = {test.value for test in Test}


@dataclass
class Problems:
    source: str
    lines: list[str]
    text: str | None = None  # the file's text, to give each problem its line number
    _index: LineIndex | None = None

    def add(self, where: str, what: str, key: str = "") -> None:
        """One problem; `key` names the key it is about when the message may not."""
        where = where or "top level"
        if self.text is None or where.startswith("line ") or where == "end of file":
            self.lines.append(f"{self.source}: {where}: {what}")
            return
        if self._index is None:  # scanned only when there is something to report
            self._index = LineIndex(self.text)
        line = self._index.line_of(where, what, key)
        self.lines.append(f"{self.source}: line {line}: {where}: {what}")
