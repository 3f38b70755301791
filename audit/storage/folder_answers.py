"""The answers table of a folder store's audit file: each row is one respondent's answer to one
question (a row without a respondent, from before there were several, is the owner's)."""

from __future__ import annotations

from tinydb import TinyDB

from audit.domain.answers import Answer
from audit.domain.respondents import Respondent, Role
from audit.storage.base import with_respondent
from audit.storage.converters import (
    answer_respondent,
    answer_to_doc,
    respondent_to_doc,
    respondents_from_doc,
)


def replace_answers(db: TinyDB, answers: list[Answer], respondent: str) -> None:
    # One pass to drop the answers being replaced and one to add: a 1,000-answer file stays
    # linear, where an upsert per answer would scan the table once per answer.
    latest = {answer.question_id: answer for answer in answers}
    remove_answers(db, set(latest), respondent)
    db.table("answers", cache_size=0).insert_multiple(
        {**answer_to_doc(answer), "respondent": respondent} for answer in latest.values()
    )


def remove_answers(db: TinyDB, questions: set[str], respondent: str) -> None:
    """Drop this respondent's answers to these questions; nobody else's are touched."""
    table = db.table("answers", cache_size=0)
    gone = [
        doc.doc_id
        for doc in table.all()
        if doc.get("question") in questions and answer_respondent(doc) == respondent
    ]
    if gone:
        table.remove(doc_ids=gone)


def respondent_ids(db: TinyDB) -> set[str]:
    meta = db.table("meta", cache_size=0).all()[0]
    return {r.id for r in respondents_from_doc(meta.get("respondents"))}


def add_respondent(db: TinyDB, name: str, role: Role, answers: list[Answer]) -> Respondent:
    """The respondent named `name` (added with the next id if new), with `answers` stored."""
    meta = db.table("meta", cache_size=0)
    known = respondents_from_doc(meta.all()[0].get("respondents"))
    respondent, respondents = with_respondent(known, name, role)
    meta.update({"respondents": [respondent_to_doc(r) for r in respondents]})
    replace_answers(db, answers, respondent.id)
    return respondent
