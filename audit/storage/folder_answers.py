"""The answers table of a folder store's audit file: each row is one respondent's answer to one
question (a row without a respondent, from before there were several, is the owner's)."""

from __future__ import annotations

from tinydb import TinyDB

from audit.domain.answers import Answer
from audit.domain.respondents import Respondent, Role
from audit.storage.base import with_respondents
from audit.storage.converters import (
    answer_respondent,
    answer_to_doc,
    respondent_to_doc,
    respondents_from_doc,
)


def replace_answers(db: TinyDB, answers: list[Answer], respondent: str) -> None:
    _replace_all(db, [(respondent, answer) for answer in answers])


def _replace_all(db: TinyDB, answers: list[tuple[str, Answer]]) -> None:
    """Store (respondent id, answer) pairs, each replacing that respondent's earlier answer to
    the question. One pass to drop the answers being replaced and one to add: a 1,000-answer
    file, or 1,000 customers, stays linear, where an upsert each would scan the table each time."""
    latest = {(respondent, answer.question_id): answer for respondent, answer in answers}
    _remove_pairs(db, set(latest))
    db.table("answers", cache_size=0).insert_multiple(
        {**answer_to_doc(answer), "respondent": respondent}
        for (respondent, _question), answer in latest.items()
    )


def remove_answers(db: TinyDB, questions: set[str], respondent: str) -> None:
    """Drop this respondent's answers to these questions; nobody else's are touched."""
    _remove_pairs(db, {(respondent, question) for question in questions})


def _remove_pairs(db: TinyDB, pairs: set[tuple[str, str]]) -> None:
    table = db.table("answers", cache_size=0)
    gone = [
        doc.doc_id for doc in table.all() if (answer_respondent(doc), doc.get("question")) in pairs
    ]
    if gone:
        table.remove(doc_ids=gone)


def respondent_ids(db: TinyDB) -> set[str]:
    meta = db.table("meta", cache_size=0).all()[0]
    return {r.id for r in respondents_from_doc(meta.get("respondents"))}


def add_respondents(db: TinyDB, people: list[tuple[str, Role, list[Answer]]]) -> list[Respondent]:
    """Each person as a respondent (one already there by that name, else added with the next
    id), and their answers, with one read and one write of the respondents and the answers."""
    meta = db.table("meta", cache_size=0)
    known = respondents_from_doc(meta.all()[0].get("respondents"))
    found, respondents = with_respondents(known, [(name, role) for name, role, _ in people])
    answers = [
        (respondent.id, answer)
        for respondent, (_name, _role, given) in zip(found, people, strict=True)
        for answer in given
    ]
    meta.update({"respondents": [respondent_to_doc(r) for r in respondents]})
    _replace_all(db, answers)
    return found
