"""Scores: per question (0-1), per section and overall (0-100), the band, and the phase picture.

The rules, documented in docs/scoring.md:
- only questions that are asked (their condition holds) and scored count;
- N/A questions leave the score, and so do unanswered ones: a score is never pulled down by a
  question nobody has answered yet; `answered` against `applicable` shows how complete it is;
- a section's score is the weighted mean of its answered questions' scores, times 100;
- the overall score is the mean of the section scores weighted by section weight, over the
  sections that have a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from audit.domain.answers import Answer, asked_questions, conditions_hold
from audit.domain.questionnaire import Kind, Level, Question, Questionnaire, Section

# What customers expect at each level, on the same 0-100 scale as a section score: "low" means
# they hope for little more than a third of what an excellent business does.
EXPECTED_SCORE = {Level.LOW: 30.0, Level.MODERATE: 50.0, Level.HIGH: 70.0, Level.VERY_HIGH: 85.0}

BANDS = ((80.0, "Leading"), (60.0, "Established"), (40.0, "Developing"), (0.0, "Reactive"))

YES_PARTLY_NO_SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}


class Verdict(StrEnum):
    FIX_FIRST = "fix-first"  # a shortfall where failure does real harm
    DELIGHT = "delight"  # low expectations and much to gain: room to stand out
    IMPROVE = "improve"  # a shortfall where failure costs less
    KEEP_DOING = "keep-doing"  # delivering what customers expect
    UNKNOWN = "unknown"  # nothing answered yet

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.FIX_FIRST: "Fix first",
    Verdict.DELIGHT: "Delight opportunity",
    Verdict.IMPROVE: "Improve",
    Verdict.KEEP_DOING: "Keep doing",
    Verdict.UNKNOWN: "Not enough answers",
}


def question_score(question: Question, answer: Answer | None) -> float | None:
    """The answer's score from 0 to 1, or None when it does not count (unscored, N/A, no value)."""
    if answer is None or answer.is_na or answer.value is None or not question.scored:
        return None
    value = answer.value
    match question.kind:
        case Kind.SCALE if isinstance(value, int):
            return (value - 1) / (len(question.points) - 1)
        case Kind.YES_PARTLY_NO:
            return YES_PARTLY_NO_SCORE.get(str(value))
        case Kind.SINGLE:
            choice = question.choice(str(value))
            return choice.score if choice and choice.score is not None else 0.0
        case Kind.MULTIPLE if isinstance(value, tuple):
            total = sum(c.score or 0.0 for c in question.choices)
            chosen = sum(c.score or 0.0 for c in question.choices if c.id in value)
            return min(chosen / total, 1.0) if total > 0 else None
        case Kind.NUMBER if isinstance(value, int | float):
            assert question.best is not None and question.worst is not None
            fraction = (value - question.worst) / (question.best - question.worst)
            return max(0.0, min(1.0, fraction))
    return None


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    title: str
    score: float | None  # 0-100, None when nothing scored is answered
    applicable: int  # asked, scored questions
    answered: int  # of those, answered with a value
    not_applicable: int  # asked questions marked N/A
    skipped: int  # questions whose condition does not hold

    @property
    def complete(self) -> bool:
        return self.answered + self.not_applicable >= self.applicable


@dataclass(frozen=True)
class PhaseResult:
    """One phase of the three-phase model, with the profile shifted by the context answers."""

    section_id: str
    title: str
    expectation: Level
    positive: Level
    negative: Level
    reasons: tuple[str, ...]  # why the profile was shifted, from the file's adjustments
    expected: float
    delivered: float | None
    verdict: Verdict

    @property
    def gap(self) -> float | None:
        """Positive when the business delivers less than customers expect."""
        return None if self.delivered is None else self.expected - self.delivered


@dataclass(frozen=True)
class AuditScore:
    sections: tuple[SectionScore, ...]
    overall: float | None
    band: str | None
    phases: tuple[PhaseResult, ...]
    asked: int
    answered: int  # asked questions answered or marked N/A

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def phase(self, section_id: str) -> PhaseResult | None:
        return next((p for p in self.phases if p.section_id == section_id), None)

    @property
    def progress(self) -> float:
        return self.answered / self.asked if self.asked else 1.0


def band_for(score: float | None) -> str | None:
    if score is None:
        return None
    return next(name for floor, name in BANDS if score >= floor)


def score_audit(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> AuditScore:
    asked = asked_questions(questionnaire, answers)
    asked_ids = {q.id for q in asked}
    sections = tuple(_score_section(s, answers, asked_ids) for s in questionnaire.sections)
    weighted = [
        (section.weight, result.score)
        for section, result in zip(questionnaire.sections, sections, strict=True)
        if result.score is not None and section.weight > 0
    ]
    total_weight = sum(weight for weight, _ in weighted)
    overall = sum(w * s for w, s in weighted) / total_weight if total_weight else None
    phases = tuple(
        _phase(section, result, answers, asked_ids)
        for section, result in zip(questionnaire.sections, sections, strict=True)
        if section.profile is not None
    )
    answered = sum(1 for q in asked if (a := answers.get(q.id)) is not None and a.is_answered)
    return AuditScore(sections, overall, band_for(overall), phases, len(asked), answered)


def _score_section(
    section: Section, answers: Mapping[str, Answer], asked_ids: set[str]
) -> SectionScore:
    total = weights = 0.0
    applicable = answered = not_applicable = skipped = 0
    for question in section.questions:
        if question.id not in asked_ids:
            skipped += 1
            continue
        answer = answers.get(question.id)
        if answer is not None and answer.is_na:
            not_applicable += 1
            continue
        if not question.scored:
            continue
        applicable += 1
        score = question_score(question, answer)
        if score is not None:
            answered += 1
            total += question.weight * score
            weights += question.weight
    score_100 = 100.0 * total / weights if weights else None
    return SectionScore(
        section.id, section.title, score_100, applicable, answered, not_applicable, skipped
    )


def _phase(
    section: Section, result: SectionScore, answers: Mapping[str, Answer], asked_ids: set[str]
) -> PhaseResult:
    assert section.profile is not None
    expectation, positive, negative = (
        section.profile.expectation,
        section.profile.positive,
        section.profile.negative,
    )
    reasons = []
    for adjustment in section.profile.adjustments:
        if conditions_hold(adjustment.when, answers, asked_ids):
            expectation = adjustment.expectation or expectation
            positive = adjustment.positive or positive
            negative = adjustment.negative or negative
            reasons.append(adjustment.reason)
    expected = EXPECTED_SCORE[expectation]
    verdict = phase_verdict(expectation, positive, negative, expected, result.score)
    return PhaseResult(
        section.id,
        section.title,
        expectation,
        positive,
        negative,
        tuple(reasons),
        expected,
        result.score,
        verdict,
    )


def phase_verdict(
    expectation: Level, positive: Level, negative: Level, expected: float, delivered: float | None
) -> Verdict:
    """Article 000's argument as a rule, checked in this order:

    1. falling short where a failure does high harm is *fix first*;
    2. low or moderate expectations with high potential for goodwill are a *delight* opportunity,
       unless the business is already excellent there;
    3. any other shortfall is *improve*; meeting or beating expectations is *keep doing*.
    """
    if delivered is None:
        return Verdict.UNKNOWN
    shortfall = expected - delivered
    if shortfall > 0 and negative.rank >= Level.HIGH.rank:
        return Verdict.FIX_FIRST
    if (
        expectation.rank <= Level.MODERATE.rank
        and positive.rank >= Level.HIGH.rank
        and delivered < EXCELLENT
    ):
        return Verdict.DELIGHT
    return Verdict.IMPROVE if shortfall > 0 else Verdict.KEEP_DOING


EXCELLENT = 90.0  # a phase scoring this well has little room left to surprise anyone
