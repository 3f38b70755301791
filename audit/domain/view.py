"""One audit seen whole: its answers with everything derived from them (score, plan, asked).

Plain data built by a pure function, so reporting and every front end can take a view without
knowing where it was read from; `audit.engine.view_of` reads one from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from audit.domain.answers import asked_questions
from audit.domain.audit import Audit, Client
from audit.domain.gaps import GapPicture, gap_picture
from audit.domain.plan import Action, build_plan
from audit.domain.questionnaire import Question, Questionnaire
from audit.domain.scoring import AuditScore, score_audit
from audit.domain.voices import Voices, combined_answers, voices_of, with_gap_actions


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
    # How the internal respondents compare; None with one respondent (docs/scoring.md).
    voices: Voices | None = None

    def unanswered(self) -> list[Question]:
        return [q for q in self.asked if not self._answered(q)]

    def _answered(self, question: Question) -> bool:
        answer = self.audit.answers.get(question.id)
        return answer is not None and answer.is_answered


def build_view(audit: Audit, client: Client, questionnaire: Questionnaire) -> AuditView:
    """The view of `audit` as answered so far, scored against the questionnaire it began with.
    With several internal respondents its answers are their combined ones (voices.py), and the
    plan holds an action for each perception gap."""
    voices = voices_of(audit, questionnaire) if len(audit.respondents) > 1 else None
    if voices is not None and voices.several:
        audit = replace(audit, answers=combined_answers(audit, questionnaire))
    score = score_audit(questionnaire, audit.answers)
    plan = build_plan(questionnaire, audit.answers, score, audit.action_edits)
    if voices is not None:
        plan = with_gap_actions(plan, voices, questionnaire, audit.action_edits)
    return AuditView(
        audit=audit,
        client=client,
        questionnaire=questionnaire,
        score=score,
        plan=plan,
        asked=asked_questions(questionnaire, audit.answers),
        gaps=gap_picture(questionnaire, audit.answers),
        voices=voices if voices is not None and voices.several else None,
    )
