"""Stored documents <-> domain objects. Nothing outside `audit.storage` sees a document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from audit.domain.answers import Answer, AnswerValue
from audit.domain.audit import ActionEdit, ActionStatus, Audit, Client, Mode, Status
from audit.domain.respondents import OWNER, OWNER_ID, Respondent, Role

# A store may come from someone else: the dates and times it holds reach the terminal and the
# calendar export, so each must be what this program writes, or the file counts as damaged.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def timestamp(value: Any) -> str:
    """A stored time ("" when never set); ValueError if it is not an ISO time."""
    text = str(value)
    if text and not (_TIMESTAMP.fullmatch(text) and dt.datetime.fromisoformat(text)):
        raise ValueError(f"not a time: {text!r}")
    return text


def due_date(value: Any) -> str:
    """A stored due date ("" when none); ValueError if it is not an ISO date."""
    text = str(value)
    if text and not (_DATE.fullmatch(text) and dt.date.fromisoformat(text)):
        raise ValueError(f"not a date: {text!r}")
    return text


def client_to_doc(client: Client) -> dict[str, Any]:
    return {
        "id": client.id,
        "name": client.name,
        "sector": client.sector,
        "contact": client.contact,
        "created_at": client.created_at,
    }


def client_from_doc(doc: dict[str, Any]) -> Client:
    return Client(
        id=str(doc["id"]),
        name=str(doc["name"]),
        sector=str(doc.get("sector", "")),
        contact=str(doc.get("contact", "")),
        created_at=str(doc.get("created_at", "")),
    )


def audit_to_doc(audit: Audit) -> dict[str, Any]:
    """The audit's own fields, kept in the index; answers and edits live in its own file."""
    return {
        "id": audit.id,
        "client_id": audit.client_id,
        "questionnaire_id": audit.questionnaire_id,
        "questionnaire_version": audit.questionnaire_version,
        "questionnaire_hash": audit.questionnaire_hash,
        "mode": audit.mode.value,
        "auditor": audit.auditor,
        "status": audit.status.value,
        "created_at": audit.created_at,
        "updated_at": audit.updated_at,
        "finished_at": audit.finished_at,
        "follows": audit.follows,
        "cursor": audit.cursor,
        "time_spent": dict(audit.time_spent),
        "respondents": [respondent_to_doc(r) for r in audit.respondents],
    }


def respondent_to_doc(respondent: Respondent) -> dict[str, str]:
    return {"id": respondent.id, "name": respondent.name, "role": respondent.role.value}


def respondents_from_doc(docs: Any) -> tuple[Respondent, ...]:
    """The stored respondents; an audit stored before there were several has only r1."""
    if not docs:
        return (OWNER,)
    respondents = tuple(
        Respondent(str(d["id"]), str(d["name"]), Role(d.get("role", Role.STAFF.value)))
        for d in docs
    )
    if respondents[0].id != OWNER_ID or len({r.id for r in respondents}) != len(respondents):
        raise ValueError("the respondents do not start with r1 or repeat an id")
    return respondents


def split_answers(
    pairs: Iterable[tuple[str, Answer]],
) -> tuple[dict[str, Answer], dict[str, dict[str, Answer]]]:
    """(respondent id, answer) pairs in the order given -> r1's answers, and everyone else's."""
    owner: dict[str, Answer] = {}
    others: dict[str, dict[str, Answer]] = {}
    for respondent_id, answer in pairs:
        target = owner if respondent_id == OWNER_ID else others.setdefault(respondent_id, {})
        target[answer.question_id] = answer
    return owner, others


def answer_respondent(doc: dict[str, Any]) -> str:
    """Whose a stored answer is: one stored before respondents existed is the owner's."""
    return str(doc.get("respondent") or OWNER_ID)


def audit_from_doc(
    doc: dict[str, Any],
    answers: dict[str, Answer] | None = None,
    edits: dict[str, ActionEdit] | None = None,
    updated_at: str = "",
    other_answers: dict[str, dict[str, Answer]] | None = None,
) -> Audit:
    return Audit(
        id=str(doc["id"]),
        client_id=str(doc["client_id"]),
        questionnaire_id=str(doc["questionnaire_id"]),
        questionnaire_version=str(doc.get("questionnaire_version", "")),
        questionnaire_hash=str(doc["questionnaire_hash"]),
        mode=Mode(doc.get("mode", Mode.SELF.value)),
        auditor=str(doc.get("auditor", "")),
        status=Status(doc.get("status", Status.IN_PROGRESS.value)),
        created_at=timestamp(doc.get("created_at", "")),
        updated_at=timestamp(updated_at or doc.get("updated_at", "")),
        finished_at=timestamp(doc.get("finished_at", "")),
        follows=str(doc.get("follows", "")),
        cursor=str(doc.get("cursor", "")),
        time_spent={
            str(k): float(v)
            for k, v in (doc.get("time_spent") or {}).items()
            if isinstance(v, int | float)
        },
        answers=answers or {},
        action_edits=edits or {},
        respondents=respondents_from_doc(doc.get("respondents")),
        other_answers=other_answers or {},
    )


def answer_to_doc(answer: Answer) -> dict[str, Any]:
    value: Any = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    return {
        "question": answer.question_id,
        "value": value,
        "note": answer.note,
        "note_private": answer.note_private,
        "na_reason": answer.na_reason,
        "flagged": answer.flagged,
        "answered_at": answer.answered_at,
    }


def answer_from_doc(doc: dict[str, Any]) -> Answer:
    raw = doc.get("value")
    value: AnswerValue | None = tuple(raw) if isinstance(raw, list) else raw
    na_reason = doc.get("na_reason")
    return Answer(
        question_id=str(doc["question"]),
        value=value,
        note=str(doc.get("note", "")),
        note_private=bool(doc.get("note_private", False)),
        na_reason=str(na_reason) if na_reason is not None else None,
        flagged=bool(doc.get("flagged", False)),
        answered_at=timestamp(doc.get("answered_at", "")),
    )


def edit_to_doc(action_id: str, edit: ActionEdit) -> dict[str, Any]:
    return {
        "action": action_id,
        "owner": edit.owner,
        "due": edit.due,
        "status": edit.status.value,
        "carried_from": edit.carried_from,
    }


def edit_from_doc(doc: dict[str, Any]) -> tuple[str, ActionEdit]:
    return str(doc["action"]), ActionEdit(
        owner=str(doc.get("owner", "")),
        due=due_date(doc.get("due", "")),
        status=ActionStatus(doc.get("status", ActionStatus.TODO.value)),
        carried_from=str(doc.get("carried_from", "")),
    )
