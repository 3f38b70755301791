"""`replaces = ["old-id", ...]` on a question: the ids it had in earlier versions of the file, so
a re-audit compares it with the earlier audit's answer (audit/domain/compare.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from audit.domain.loader.fields import show
from audit.domain.loader.rules import ID_PATTERN, Problems
from audit.domain.questionnaire import Question

MAX_REPLACES = 20  # ids per question; a question renamed more often than this is a new one


def replaced_ids(
    problems: Problems, data: dict[str, Any], where: str, own_id: str, question_ids: set[str]
) -> tuple[str, ...]:
    """The ids a question replaces; each one wrong is a problem naming it."""
    if "replaces" not in data:
        return ()
    raw = data["replaces"]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.add(where, '"replaces" must be a list of question ids')
        return ()
    if len(raw) > MAX_REPLACES:
        problems.add(where, f'more than {MAX_REPLACES} items in "replaces"')
        return ()
    kept: list[str] = []
    for old in raw:
        if not ID_PATTERN.match(old):
            problems.add(where, f'"replaces" holds {show(old)}, which is not a question id')
        elif old == own_id:
            problems.add(where, f'"replaces" names the question itself ({show(old)})')
        elif old in kept:
            problems.add(where, f'"replaces" names {show(old)} twice')
        elif old in question_ids:
            # Both would stand for the earlier answer: which one a comparison means is unclear.
            problems.add(
                where, f'"replaces" names {show(old)}, which is still a question in this file'
            )
        else:
            kept.append(old)
    return tuple(kept)


def check_replaced_once(
    problems: Problems, questions: Iterable[Question], where_of: Mapping[str, str]
) -> None:
    """One earlier id is replaced by one question at most: an earlier answer has one successor."""
    first: dict[str, str] = {}
    for question in questions:
        for old in question.replaces:
            if old in first:
                problems.add(
                    where_of.get(question.id, "a question"),
                    f'"replaces" names {show(old)}, which question "{first[old]}" already replaces',
                )
            else:
                first[old] = question.id
