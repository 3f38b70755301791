"""What one typed line at a question says: the answer, a note after ` // ` (` /// ` for a private
one) and `:flag` to flag it for review, e.g. `3 :flag /// ask the owner again`.

Only slashes with a space (or the line's start or end) on both sides start a note, so a URL's
`https://` stays in the answer; a backslash keeps a spaced ` \\// ` as a literal ` // `.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.domain.questionnaire import Kind, Question
from audit.session.questions import key_range, typed_wanted

FLAG_WORD = ":flag"

_NOTE_MARK = re.compile(r"(?:^|(?<=\s))(///|//)(?=\s|$)")
_ESCAPED_MARK = re.compile(r"(?:^|(?<=\s))\\(//)")
_FLAG_AT_END = re.compile(r"(?:^|\s+)" + re.escape(FLAG_WORD) + r"$", re.IGNORECASE)


@dataclass(frozen=True)
class Reply:
    answer: str  # may be empty: a line with only a note or a flag
    note: str | None = None  # None: no note given, so an existing note is kept
    private: bool = False
    flag: bool = False


def split_reply(line: str) -> Reply:
    text, flag = _without_flag(line.strip())
    found = _NOTE_MARK.search(text)
    if found is None:
        return Reply(_unescaped(text), flag=flag)
    answer, flag_before_note = _without_flag(text[: found.start()].strip())
    note = _unescaped(text[found.end() :].strip())
    return Reply(
        _unescaped(answer),
        note or None,
        private=found.group(1) == "///",
        flag=flag or flag_before_note,
    )


def _without_flag(text: str) -> tuple[str, bool]:
    found = _FLAG_AT_END.search(text)
    if found is None:
        return text, False
    return text[: found.start()].rstrip(), True


def _unescaped(text: str) -> str:
    return _ESCAPED_MARK.sub(r"\1", text)


def prompt_label(question: Question) -> str:
    """The words before the cursor at a question: what kind of answer it takes."""
    match question.kind:
        case Kind.SCALE | Kind.SINGLE:
            return f"Answer {key_range(question)}:"
        case Kind.MULTIPLE:
            return "Numbers of every choice that applies, e.g. 1,3 (or none):"
        case Kind.YES_PARTLY_NO:
            return "Answer y (yes), p (partly) or n (no):"
        case Kind.NUMBER:
            return f"Answer (a number{' in ' + question.unit if question.unit else ''}):"
        case Kind.PAIRED | Kind.IMPORTANCE:
            return f"Answer ({typed_wanted(question)}):"
    return "Answer:"
