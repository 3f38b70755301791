"""One line's worth of an audit, for lists: who, what, how far, how well."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audit.domain.answers import Answer, asked_questions
from audit.domain.audit import Audit
from audit.domain.plan import PlanPart, build_plan
from audit.domain.pulse import PULSE_QUESTIONNAIRE, customer_answer_sets, measure_pulse, signed
from audit.domain.questionnaire import OWN_IDEA_TAG, Questionnaire
from audit.domain.scoring import question_score, score_audit
from audit.domain.voices import combined_answers

# Raised whenever what a summary holds or means changes, so cached summaries are recomputed.
SUMMARY_FORMAT = 5
# How many of an audit's first actions count as its "top actions" in a cohort report: the
# three the report's summary page shows.
TOP_ACTIONS = 3


@dataclass(frozen=True)
class AuditSummary:
    audit_id: str
    client_id: str
    questionnaire_id: str
    status: str
    mode: str
    answered: int
    asked: int
    score: float | None
    band: str | None  # None while the audit is a draft
    updated_at: str
    standing: str = ""  # the band, or "draft: N of M answered"
    draft: bool = True
    started_at: str = ""
    finished_at: str = ""  # empty while not complete, or for audits finished before it was kept
    # What a cohort report needs of each audit, so it never loads 1,000 of them (cohort.py):
    cohort: str = ""
    section_scores: tuple[tuple[str, float | None], ...] = ()  # (section id, 0-100) in order
    weak_questions: tuple[str, ...] = ()  # ids of scored answers below the weak line
    top_actions: tuple[str, ...] = ()  # question ids of the plan's first open actions
    # A customer pulse is answered by customers, not by the business: a list shows how many
    # replied and their NPS rather than "0 of 6 answered".
    customers: int = 0
    nps: float | None = None

    @property
    def is_pulse(self) -> bool:
        return self.questionnaire_id == PULSE_QUESTIONNAIRE

    @property
    def shows_replies(self) -> bool:
        """An open pulse: a list shows its customers' replies where others show progress."""
        return self.is_pulse and self.status != "complete"

    @property
    def replies_label(self) -> str:
        """How many customers replied to a pulse: "1 reply", "15 replies"."""
        return f"{self.customers} repl{'y' if self.customers == 1 else 'ies'}"

    @property
    def score_label(self) -> str:
        """What a list shows: a band only for a finished audit that is not a draft; a pulse's
        NPS."""
        if self.is_pulse:
            return "-" if self.nps is None else f"NPS {signed(self.nps)}"
        if self.score is None:
            return "-"
        if self.draft:
            return self.standing
        if self.status != "complete":
            return f"{self.score:.0f} so far"  # a band would judge an unfinished audit
        return f"{self.score:.0f} {self.band}"


def summarise(audit: Audit, questionnaire: Questionnaire) -> AuditSummary:
    # Several internal respondents: the list shows their combined score, as the audit does.
    answers = combined_answers(audit, questionnaire)
    result = score_audit(questionnaire, answers)
    plan = build_plan(questionnaire, answers, result, audit.action_edits)
    own_ideas = {q.id for q in questionnaire.questions if OWN_IDEA_TAG in q.tags}
    # An own idea's action is the participant's own words: never something to count across a group.
    top = [
        a.question_id for a in plan if a.part is PlanPart.MAIN and a.question_id not in own_ideas
    ]
    pulse = None
    if questionnaire.id == PULSE_QUESTIONNAIRE:
        pulse = measure_pulse(questionnaire, customer_answer_sets(audit))
    return AuditSummary(
        audit_id=audit.id,
        client_id=audit.client_id,
        questionnaire_id=audit.questionnaire_id,
        status=audit.status.value,
        mode=audit.mode.value,
        answered=result.answered,
        asked=result.asked,
        score=result.overall,
        band=result.band,
        updated_at=audit.updated_at,
        standing=result.standing,
        draft=result.draft,
        started_at=audit.created_at,
        finished_at=audit.finished_at,
        cohort=audit.cohort,
        section_scores=tuple((s.section_id, s.score) for s in result.sections),
        weak_questions=weak_questions(questionnaire, answers),
        top_actions=tuple(top[:TOP_ACTIONS]),
        customers=pulse.customers if pulse else 0,
        nps=pulse.nps if pulse else None,
    )


def weak_questions(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    """The asked, scored questions whose answer scores below the questionnaire's weak line: the
    same test that puts a question in the action plan (docs/scoring.md)."""
    asked = asked_questions(questionnaire, answers)
    asked_ids = {q.id for q in asked}
    weak = []
    for question in asked:
        if OWN_IDEA_TAG in question.tags:
            continue
        fraction = question_score(question, answers.get(question.id), answers, asked_ids)
        if fraction is not None and fraction < questionnaire.weak_below:
            weak.append(question.id)
    return tuple(weak)
