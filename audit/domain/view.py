"""One audit seen whole: its answers with everything derived from them (score, plan, asked).

Plain data built by a pure function, so reporting and every front end can take a view without
knowing where it was read from; `audit.engine.view_of` reads one from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from audit.domain.answers import asked_questions
from audit.domain.audit import Audit, Client
from audit.domain.customers import CustomersView, customers_view, finding_actions, with_findings
from audit.domain.gaps import GapPicture, gap_picture
from audit.domain.plan import ONE_VOICE, TEAM_VOICE, Action, build_plan
from audit.domain.pulse import PULSE_QUESTIONNAIRE, Pulse
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
    # What the client's customers say, set beside this audit (their latest customer-pulse).
    customers: CustomersView | None = None

    @property
    def is_pulse(self) -> bool:
        """A customer pulse: answered by customers, shown as what they said (no plan)."""
        return self.questionnaire.id == PULSE_QUESTIONNAIRE

    def unanswered(self) -> list[Question]:
        return [q for q in self.asked if not self._answered(q)]

    def _answered(self, question: Question) -> bool:
        answer = self.audit.answers.get(question.id)
        return answer is not None and answer.is_answered


def build_view(
    audit: Audit,
    client: Client,
    questionnaire: Questionnaire,
    pulse: Pulse | None = None,
    pulse_audit_id: str = "",
    pulse_started: str = "",
) -> AuditView:
    """The view of `audit` as answered so far, scored against the questionnaire it began with.
    With several internal respondents its answers are their combined ones (voices.py), and the
    plan holds an action for each perception gap. With `pulse` (what the client's customers
    said) set beside it, its findings are in the plan too. A pulse audit's own view carries its
    pulse with nothing to compare (`rows` empty)."""
    voices = voices_of(audit, questionnaire) if len(audit.respondents) > 1 else None
    if voices is not None and voices.several:
        audit = replace(audit, answers=combined_answers(audit, questionnaire))
    score = score_audit(questionnaire, audit.answers)
    several = voices is not None and voices.several
    answered = TEAM_VOICE if several else ONE_VOICE
    plan = build_plan(questionnaire, audit.answers, score, audit.action_edits, answered=answered)
    if voices is not None:
        plan = with_gap_actions(plan, voices, questionnaire, audit.action_edits)
    customers = None
    if pulse is not None and pulse.customers and questionnaire.id == PULSE_QUESTIONNAIRE:
        customers = CustomersView(pulse_audit_id, pulse_started, pulse, rows=())
    elif pulse is not None and pulse.customers:
        customers = customers_view(score, pulse, pulse_audit_id, pulse_started)
        plan = with_findings(plan, finding_actions(customers), audit.action_edits)
    return AuditView(
        audit=audit,
        client=client,
        questionnaire=questionnaire,
        score=score,
        plan=plan,
        asked=asked_questions(questionnaire, audit.answers),
        gaps=gap_picture(questionnaire, audit.answers),
        voices=voices if voices is not None and voices.several else None,
        customers=customers,
    )
