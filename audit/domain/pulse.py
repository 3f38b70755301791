"""What customers say: NPS, CSAT, CES and per-phase scores over many customers' answers.

Pure functions over the customer-pulse questionnaire and a list of answer mappings, one per
customer. The definitions are the standard ones, written out in docs/scoring.md ("What customers
say"), which also has the worked example `tests/test_pulse.py` checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.domain.answers import Answer
from audit.domain.audit import Audit, answers_of
from audit.domain.questionnaire import Questionnaire
from audit.domain.respondents import Role
from audit.domain.scoring import SectionScore, score_audit

PULSE_QUESTIONNAIRE = "customer-pulse"
# The question ids the three measures are read from (questionnaires/customer-pulse.toml).
RECOMMEND = "recommend"  # 0-10
SATISFIED = "satisfied"  # point 1-5
EFFORT = "effort"  # point 1-7, 7 = very easy
# NPS: 9 and 10 are promoters, 0 to 6 detractors, 7 and 8 passives (the standard cut-offs).
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6
# CSAT: the share answering one of the top two points of the five ("satisfied", "very").
SATISFIED_FROM = 4
EFFORT_POINTS = 7


@dataclass(frozen=True)
class PhaseVoice:
    """The customers' score for one section (a phase), 0-100, over those who answered it."""

    section_id: str
    title: str
    score: float | None
    customers: int


@dataclass(frozen=True)
class Pulse:
    """Everything the customers' answers of one pulse audit add up to."""

    customers: int  # answer sets with at least one answer
    promoters: int
    passives: int
    detractors: int
    satisfied: int  # answering 4 or 5 of 5
    satisfaction_answers: int
    effort_total: int  # the effort points added up, for the mean
    effort_answers: int
    phases: tuple[PhaseVoice, ...]
    overall: float | None  # the mean of each customer's overall pulse score, 0-100
    overall_customers: int

    @property
    def recommend_answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def nps(self) -> float | None:
        """% promoters minus % detractors, -100 to +100; None when nobody answered."""
        if not self.recommend_answers:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.recommend_answers

    @property
    def csat(self) -> float | None:
        """% of satisfaction answers at 4 or 5 of 5; None when nobody answered."""
        if not self.satisfaction_answers:
            return None
        return 100.0 * self.satisfied / self.satisfaction_answers

    @property
    def ces(self) -> float | None:
        """The mean effort answer on its 1-7 scale (7 = very easy); None when nobody answered."""
        if not self.effort_answers:
            return None
        return self.effort_total / self.effort_answers

    def phase(self, section_id: str) -> PhaseVoice | None:
        return next((p for p in self.phases if p.section_id == section_id), None)


def measure_pulse(questionnaire: Questionnaire, customers: Sequence[Mapping[str, Answer]]) -> Pulse:
    """NPS, CSAT, CES, a score per section and overall, over every customer's answers.

    A customer who left a question unanswered (or N/A) is not counted for it; every count says
    how many customers a number stands on."""
    answered = [answers for answers in customers if any(a.is_answered for a in answers.values())]
    promoters = passives = detractors = 0
    satisfied = satisfaction_answers = effort_total = effort_answers = 0
    for answers in answered:
        recommend = _number(answers.get(RECOMMEND))
        if recommend is not None:
            if recommend >= PROMOTER_FROM:
                promoters += 1
            elif recommend <= DETRACTOR_UP_TO:
                detractors += 1
            else:
                passives += 1
        satisfaction = _number(answers.get(SATISFIED))
        if satisfaction is not None:
            satisfaction_answers += 1
            satisfied += satisfaction >= SATISFIED_FROM
        effort = _number(answers.get(EFFORT))
        if effort is not None:
            effort_answers += 1
            effort_total += int(effort)
    scores = [score_audit(questionnaire, answers) for answers in answered]
    phases = tuple(
        _phase_voice(section.id, section.title, [s.section(section.id) for s in scores])
        for section in questionnaire.sections
        if any(question.id not in _MEASURES for question in section.questions)
    )
    overall = [s.overall for s in scores if s.overall is not None]
    return Pulse(
        customers=len(answered),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        satisfied=satisfied,
        satisfaction_answers=satisfaction_answers,
        effort_total=effort_total,
        effort_answers=effort_answers,
        phases=phases,
        overall=sum(overall) / len(overall) if overall else None,
        overall_customers=len(overall),
    )


_MEASURES = {RECOMMEND, SATISFIED, EFFORT}


def _phase_voice(section_id: str, title: str, sections: list[SectionScore | None]) -> PhaseVoice:
    given = [s.score for s in sections if s is not None and s.score is not None]
    return PhaseVoice(section_id, title, sum(given) / len(given) if given else None, len(given))


def _number(answer: Answer | None) -> float | None:
    if answer is None or answer.is_na or isinstance(answer.value, bool):
        return None
    return float(answer.value) if isinstance(answer.value, int | float) else None


def customer_answer_sets(audit: Audit) -> list[Mapping[str, Answer]]:
    """The answers of every respondent of `audit` whose role is customer, one mapping each;
    the owner's (and staff's) answers are not what customers say."""
    return [
        answers_of(audit, respondent.id)
        for respondent in audit.respondents
        if respondent.role is Role.CUSTOMER
    ]


def signed(nps: float) -> str:
    """NPS as it is usually written: +20, 0, -35."""
    rounded = round(nps)
    return f"+{rounded}" if rounded > 0 else str(rounded)
