"""One client as one JSON file: everything the store holds about them, to hand over or move.

    {"audit_client_export": 2,
     "client": {"name", "sector", "contact", "created_at"},
     "audits": [{the audit's fields, "respondents": [{"id", "name", "role"}, ...],
                 "answers": [{..., "respondent": "r1"}, ...], "action_edits": [...]}, ...],
     "questionnaires": {"<sha256 of the text>": "<the exact questionnaire text>", ...}}

Private notes are in it. The file is written in a fixed order (audits by creation, answers by
respondent, then question), so exporting an imported client gives the same bytes. Format 1
(before respondents) is still read: its answers are all the owner's (r1). Reading one back
checks every field, and a problem is one line naming where it is: the file may come from
anywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from audit.domain.answers import MAX_NOTE_CHARS, Answer, AnswerError, parse_value
from audit.domain.audit import ActionEdit, ActionStatus, Audit, Client, Mode, Status, every_answer
from audit.domain.loader import QuestionnaireError, content_hash, load_questionnaire
from audit.domain.questionnaire import Questionnaire
from audit.domain.respondents import OWNER, OWNER_ID, Respondent, Role
from audit.storage.converters import answer_to_doc, audit_to_doc, edit_to_doc, split_answers
from audit.storage.erasure import SAFE_ID
from audit.storage.files import StoreError

FORMAT_KEY = "audit_client_export"
FORMAT_VERSION = 2  # 2: respondents, and whose each answer is
MAX_EXPORT_BYTES = 500_000_000
MAX_TEXT_CHARS = 200  # names, sectors, contacts, auditors, owners: as the store allows


E = TypeVar("E", Mode, Status, ActionStatus, Role)


class ExportFileError(StoreError):
    """An export file that cannot be imported; the message is one line naming where."""


@dataclass(frozen=True)
class ClientExport:
    client: Client  # its id is empty: the store that imports it gives one
    audits: tuple[Audit, ...]
    questionnaires: Mapping[str, str]  # content hash -> text


def export_document(client: Client, audits: list[Audit], texts: Mapping[str, str]) -> str:
    """The export file's text, in a fixed order."""
    document = {
        FORMAT_KEY: FORMAT_VERSION,
        "client": {
            "name": client.name,
            "sector": client.sector,
            "contact": client.contact,
            "created_at": client.created_at,
        },
        "audits": [
            _audit_doc(audit) for audit in sorted(audits, key=lambda a: (a.created_at, a.id))
        ],
        "questionnaires": {h: texts[h] for h in sorted({a.questionnaire_hash for a in audits})},
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _audit_doc(audit: Audit) -> dict[str, Any]:
    doc = audit_to_doc(audit)
    del doc["client_id"]  # the importing store's own id goes there
    order = {r.id: n for n, r in enumerate(audit.respondents)}
    pairs = sorted(every_answer(audit), key=lambda p: (order.get(p[0], 0), p[1].question_id))
    doc["answers"] = [{**answer_to_doc(a), "respondent": who} for who, a in pairs]
    doc["action_edits"] = [
        edit_to_doc(a, audit.action_edits[a]) for a in sorted(audit.action_edits)
    ]
    return doc


def private_notes(audits: list[Audit]) -> int:
    return sum(a.note_private and bool(a.note) for audit in audits for _, a in every_answer(audit))


# -- reading one back ----------------------------------------------------------------------------


def read_export(path: Path) -> ClientExport:
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise ExportFileError(f"{path}: the file is larger than {MAX_EXPORT_BYTES // 10**6} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExportFileError(f"{path}: no such file") from None
    except OSError as error:
        raise ExportFileError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ExportFileError(f"{path}: not UTF-8 text (at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ExportFileError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ExportFileError(f"{path}: not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer of thousands of digits
        raise ExportFileError(f"{path}: not valid JSON (a number too large)") from None
    return _Reader(str(path)).document(data)


class _Reader:
    """Checks an export document field by field; the first problem ends it, in one line."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> ExportFileError:
        return ExportFileError(
            f"{self.source}: {where}: {what}" if where else f"{self.source}: {what}"
        )

    def document(self, data: Any) -> ClientExport:
        if not isinstance(data, dict) or FORMAT_KEY not in data:
            raise self.fail("", f"not a client export of audit (no {FORMAT_KEY!r} key)")
        version = data[FORMAT_KEY]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail(FORMAT_KEY, "must be a whole number")
        if version > FORMAT_VERSION:
            raise self.fail(
                "", f"written by a newer audit (format {version}, this one reads {FORMAT_VERSION})"
            )
        texts = self.questionnaires(data.get("questionnaires"))
        parsed = {h: self.questionnaire(h, text) for h, text in texts.items()}
        client = self.client(self.mapping(data.get("client"), "client"))
        audits = self.sequence(data.get("audits"), "audits")
        read = tuple(self.audit(doc, f"audits[{n}]", parsed) for n, doc in enumerate(audits))
        ids = [audit.id for audit in read]
        if len(set(ids)) != len(ids):
            twice = next(i for i in ids if ids.count(i) > 1)
            raise self.fail("audits", f"the id {twice!r} is given twice")
        return ClientExport(client, read, texts)

    def questionnaires(self, value: Any) -> dict[str, str]:
        copies = self.mapping(value, "questionnaires")
        for digest, text in copies.items():
            where = f"questionnaires[{digest[:12]}…]"
            if not isinstance(text, str):
                raise self.fail(where, "must be the questionnaire's text")
            if content_hash(text) != digest:
                raise self.fail(where, "the text does not match its hash (it was changed)")
        return dict(copies)

    def questionnaire(self, digest: str, text: str) -> Questionnaire:
        try:
            return load_questionnaire(text, f"questionnaires[{digest[:12]}…]")
        except QuestionnaireError as error:
            raise self.fail("", error.problems[0]) from None

    def client(self, doc: dict[str, Any]) -> Client:
        name = self.text(doc, "name", "client", required=True)
        if not name.strip():
            raise self.fail("client.name", "a client needs a name")
        return Client(
            id="",
            name=name.strip(),
            sector=self.text(doc, "sector", "client"),
            contact=self.text(doc, "contact", "client"),
            created_at=self.text(doc, "created_at", "client", limit=None),
        )

    def audit(self, value: Any, where: str, parsed: dict[str, Questionnaire]) -> Audit:
        doc = self.mapping(value, where)
        audit_id = self.text(doc, "id", where, required=True, limit=None)
        if not SAFE_ID.fullmatch(audit_id):
            raise self.fail(f"{where}.id", "must be letters, digits, - or _ (at most 64)")
        where = f"{where} ({audit_id})"
        digest = self.text(doc, "questionnaire_hash", where, required=True, limit=None)
        questionnaire = parsed.get(digest)
        if questionnaire is None:
            raise self.fail(
                f"{where}.questionnaire_hash", "no questionnaire with this hash in the file"
            )
        questionnaire_id = self.text(doc, "questionnaire_id", where, required=True, limit=None)
        if questionnaire_id != questionnaire.id:
            raise self.fail(
                f"{where}.questionnaire_id",
                f"{questionnaire_id!r}, but its questionnaire is {questionnaire.id!r}",
            )
        respondents = self.respondents(doc.get("respondents"), f"{where}.respondents")
        known = {r.id for r in respondents}
        answers = []
        for n, item in enumerate(self.sequence(doc.get("answers", []), f"{where}.answers")):
            answer = self.answer(item, f"{where}.answers[{n}]", questionnaire)
            who = self.text(item, "respondent", f"{where}.answers[{n}]", limit=None) or OWNER_ID
            if who not in known:
                raise self.fail(f"{where}.answers[{n}].respondent", f"no respondent {who!r}")
            answers.append((who, answer))
        owner_answers, other_answers = split_answers(answers)
        edits = [
            self.edit(item, f"{where}.action_edits[{n}]")
            for n, item in enumerate(
                self.sequence(doc.get("action_edits", []), f"{where}.action_edits")
            )
        ]
        return Audit(
            id=audit_id,
            client_id="",
            questionnaire_id=questionnaire_id,
            questionnaire_version=self.text(doc, "questionnaire_version", where, limit=None),
            questionnaire_hash=digest,
            mode=self.choice(doc, "mode", where, Mode, Mode.SELF),
            auditor=self.text(doc, "auditor", where),
            status=self.choice(doc, "status", where, Status, Status.IN_PROGRESS),
            created_at=self.text(doc, "created_at", where, limit=None),
            updated_at=self.text(doc, "updated_at", where, limit=None),
            finished_at=self.text(doc, "finished_at", where, limit=None),
            follows=self.text(doc, "follows", where, limit=None),
            cursor=self.text(doc, "cursor", where, limit=None),
            time_spent=self.seconds(doc.get("time_spent", {}), f"{where}.time_spent"),
            answers=owner_answers,
            action_edits=dict(edits),
            respondents=respondents,
            other_answers=other_answers,
        )

    def respondents(self, value: Any, where: str) -> tuple[Respondent, ...]:
        if value is None:  # format 1: the owner alone
            return (OWNER,)
        found = []
        for n, item in enumerate(self.sequence(value, where)):
            doc = self.mapping(item, f"{where}[{n}]")
            respondent_id = self.text(doc, "id", f"{where}[{n}]", required=True, limit=None)
            expected = OWNER_ID if n == 0 else None
            if not re.fullmatch(r"r[1-9][0-9]{0,5}", respondent_id) or (
                expected and respondent_id != expected
            ):
                raise self.fail(f"{where}[{n}].id", "must be r1 first, then r2, r3, ...")
            name = self.text(doc, "name", f"{where}[{n}]", required=True).strip()
            if not name:
                raise self.fail(f"{where}[{n}].name", "must not be empty")
            role = self.choice(doc, "role", f"{where}[{n}]", Role, Role.STAFF)
            found.append(Respondent(respondent_id, name, role))
        if not found or len({r.id for r in found}) != len(found):
            raise self.fail(where, "must list r1 first and each id once")
        return tuple(found)

    def answer(self, value: Any, where: str, questionnaire: Questionnaire) -> Answer:
        doc = self.mapping(value, where)
        question_id = self.text(doc, "question", where, required=True, limit=None)
        question = questionnaire.question(question_id)
        if question is None:
            raise self.fail(f"{where}.question", f"{question_id!r} is not in its questionnaire")
        raw = doc.get("value")
        try:
            checked = None if raw is None else parse_value(question, raw)
        except AnswerError as error:
            raise self.fail(f"{where}.value", str(error)) from None
        na_reason = doc.get("na_reason")
        if na_reason is not None and not isinstance(na_reason, str):
            raise self.fail(f"{where}.na_reason", "must be text or null")
        return Answer(
            question_id=question_id,
            value=checked,
            note=self.text(doc, "note", where, limit=MAX_NOTE_CHARS),
            note_private=self.flag(doc, "note_private", where),
            na_reason=na_reason,
            flagged=self.flag(doc, "flagged", where),
            answered_at=self.text(doc, "answered_at", where, limit=None),
        )

    def edit(self, value: Any, where: str) -> tuple[str, ActionEdit]:
        doc = self.mapping(value, where)
        return self.text(doc, "action", where, required=True, limit=None), ActionEdit(
            owner=self.text(doc, "owner", where),
            due=self.text(doc, "due", where, limit=None),
            status=self.choice(doc, "status", where, ActionStatus, ActionStatus.TODO),
            carried_from=self.text(doc, "carried_from", where, limit=None),
        )

    # -- field checks ----------------------------------------------------------------------------

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        return value

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(
        self,
        doc: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        limit: int | None = MAX_TEXT_CHARS,
    ) -> str:
        if key not in doc:
            if required:
                raise self.fail(where, f"{key!r} is missing")
            return ""
        value = doc[key]
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "must be text")
        if limit is not None and len(value) > limit:
            raise self.fail(f"{where}.{key}", f"is longer than {limit} characters")
        return value

    def flag(self, doc: dict[str, Any], key: str, where: str) -> bool:
        value = doc.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "must be true or false")
        return value

    def choice(self, doc: dict[str, Any], key: str, where: str, kind: type[E], default: E) -> E:
        value = doc.get(key, default.value)
        try:
            return kind(value)
        except ValueError:
            known = ", ".join(member.value for member in kind)
            raise self.fail(f"{where}.{key}", f"{value!r} is not one of {known}") from None

    def seconds(self, value: Any, where: str) -> dict[str, float]:
        spent = self.mapping(value, where)
        for section, number in spent.items():
            if (
                isinstance(number, bool)
                or not isinstance(number, int | float)
                or not 0 <= number < float("inf")
            ):
                raise self.fail(f"{where}.{section}", "must be a number of seconds")
        return {section: float(number) for section, number in spent.items()}
