"""One audit seen whole: its answers with everything derived from them (score, plan, asked).

Plain data built by a pure function, so reporting and every front end can take a view without
knowing where it was read from; `audit.engine.view_of` reads one from the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.domain.answers import asked_questions
from audit.domain.audit import Audit, Client
from audit.domain.gaps import GapPicture, gap_picture
from audit.domain.plan import Action, build_plan
from audit.domain.questionnaire import Question, Questionnaire
from audit.domain.scoring import AuditScore, score_audit


@dataclass(frozen=True)
class AuditView:
    """One audit with everything derived from it, as of one moment."""

    audit: Audit
    client: Client
    questionnaire: Questionnaire
    score: AuditScore
    plan: tuple[Action, ...]
    asked: tuple[Question, ...]
    gaps: GapPicture | None = None  # on a questionnaire with paired questions only

    def unanswered(self) -> list[Question]:
        return [q for q in self.asked if not self._answered(q)]

    def _answered(self, question: Question) -> bool:
        answer = self.audit.answers.get(question.id)
        return answer is not None and answer.is_answered


def build_view(audit: Audit, client: Client, questionnaire: Questionnaire) -> AuditView:
    """The view of `audit` as answered so far, scored against the questionnaire it began with."""
    score = score_audit(questionnaire, audit.answers)
    return AuditView(
        audit=audit,
        client=client,
        questionnaire=questionnaire,
        score=score,
        plan=build_plan(questionnaire, audit.answers, score, audit.action_edits),
        asked=asked_questions(questionnaire, audit.answers),
        gaps=gap_picture(questionnaire, audit.answers),
    )
