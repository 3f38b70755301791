"""What every front end does with an audit: look at it whole, and answer its questions.

The CLI, the TUI and the interview all go through here, so an answer given in one is checked,
stored and scored exactly as in the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.domain.answers import Answer, AnswerError, asked_questions, parse_value
from audit.domain.audit import Audit, Client
from audit.domain.plan import Action, build_plan
from audit.domain.questionnaire import Question, Questionnaire
from audit.domain.scoring import AuditScore, score_audit
from audit.storage.store import Store


@dataclass(frozen=True)
class AuditView:
    """One audit with everything derived from it, as of one moment."""

    audit: Audit
    client: Client
    questionnaire: Questionnaire
    score: AuditScore
    plan: tuple[Action, ...]
    asked: tuple[Question, ...]

    def unanswered(self) -> list[Question]:
        return [q for q in self.asked if not self._answered(q)]

    def _answered(self, question: Question) -> bool:
        answer = self.audit.answers.get(question.id)
        return answer is not None and answer.is_answered


def view_of(store: Store, audit_id: str) -> AuditView:
    audit = store.load_audit(audit_id)
    questionnaire = store.questionnaire_of(audit)
    score = score_audit(questionnaire, audit.answers)
    return AuditView(
        audit=audit,
        client=store.client(audit.client_id),
        questionnaire=questionnaire,
        score=score,
        plan=build_plan(questionnaire, audit.answers, score, audit.action_edits),
        asked=asked_questions(questionnaire, audit.answers),
    )


@dataclass(frozen=True)
class RawAnswer:
    """An answer as it arrives from a file or a prompt, before it is checked."""

    where: str  # "answers.json: answers[3]" or "answers.csv: line 4", for error messages
    question: str
    value: Any = None
    note: str = ""
    note_private: bool = False
    na_reason: str | None = None
    flagged: bool = False


def check_answer(questionnaire: Questionnaire, raw: RawAnswer) -> Answer:
    """The stored form of `raw`, or AnswerError whose message says where and what is wrong."""
    question = questionnaire.question(raw.question)
    if question is None:
        raise AnswerError(
            f"{raw.where}: no question {raw.question!r} in questionnaire {questionnaire.id!r}"
        )
    if raw.na_reason is not None:
        if not question.allow_na:
            raise AnswerError(f"{raw.where}: question {question.id!r} cannot be marked N/A")
        return Answer(question.id, None, raw.note, raw.note_private, raw.na_reason, raw.flagged)
    if raw.value is None or raw.value == "":
        if raw.note or raw.flagged:  # a note or a flag on a question not answered yet
            return Answer(question.id, None, raw.note, raw.note_private, None, raw.flagged)
        raise AnswerError(f"{raw.where}: question {question.id!r}: no value given")
    try:
        value = parse_value(question, raw.value)
    except AnswerError as error:
        raise AnswerError(f"{raw.where}: question {question.id!r}: {error}") from None
    return Answer(question.id, value, raw.note, raw.note_private, None, raw.flagged)


def apply_answers(store: Store, audit_id: str, raws: list[RawAnswer]) -> int:
    """Check every answer first; store all of them in one write, or none and say why.

    Raises AnswerError with one line per problem, so a file is fixed in one pass.
    """
    audit = store.load_audit(audit_id)
    questionnaire = store.questionnaire_of(audit)
    answers: list[Answer] = []
    problems: list[str] = []
    for raw in raws:
        try:
            answers.append(check_answer(questionnaire, raw))
        except AnswerError as error:
            problems.append(str(error))
    if problems:
        raise AnswerError("\n".join(problems))
    store.save_answers(audit_id, answers)
    return len(answers)
