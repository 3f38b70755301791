"""Scores: per question (0-1), per section and overall (0-100), the band, and the phase picture.

The rules, documented in docs/scoring.md:
- only questions that are asked (their condition holds) and scored count;
- N/A questions leave the score, and so do unanswered ones: a score is never pulled down by a
  question nobody has answered yet; `answered` against `applicable` shows how complete it is;
- a section's score is the weighted mean of its answered questions' scores, times 100;
- the overall score is the mean of the section scores weighted by section weight, over the
  sections that have a score;
- a phase is judged on its basics against what customers expect there; its extras are its
  goodwill, reported beside it and never counted towards meeting the expectation, and they make
  a phase stand out only on top of basics that are not weak;
- until enough is answered the audit is a draft: no band, and no verdict for a thin phase.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from audit.domain.answers import Answer, asked_questions, conditions_hold
from audit.domain.questionnaire import (
    REACHABLE_TAG,
    Kind,
    Level,
    Question,
    Questionnaire,
    Requirement,
    Section,
)

# -- calibration: this product's own numbers, not the article's (docs/scoring.md says why) -----
# What customers expect at each level, on the same 0-100 scale as a phase's basics score.
EXPECTED_SCORE = {Level.LOW: 30.0, Level.MODERATE: 50.0, Level.HIGH: 70.0, Level.VERY_HIGH: 85.0}
BANDS = ((80.0, "Leading"), (60.0, "Established"), (40.0, "Developing"), (0.0, "Reactive"))
# While the core phase is "fix first" the band is at most the second lowest: failing the core
# job is what customers punish hardest, whatever the other phases score.
CORE_FAILING_BAND_CAP = "Developing"
# Below this basics score a phase is failing whatever customers expect there: article 000's
# "neutral unless you do something terrible" has a floor.
TERRIBLE_BELOW = 30.0
# A shortfall this small (in points) is within what a self-rating can tell apart: the phase is to
# improve, not to fix first, even where a failure does high harm.
CLOSE_MARGIN = 5.0
# Extras scoring this well on top of basics that meet expectations make a phase stand out, as long
# as the basics are not weak: below the questionnaire's weak line (`weak_below`, 67 of 100 in the
# built-ins) most basics are in the plan, and a customer who cannot find the opening hours is not
# won over by a free taste.
STAND_OUT_GOODWILL = 75.0
# An audit is a draft until every required question is answered and this share of the asked,
# scored questions is; a phase gets a verdict once this share of its scored questions is.
DRAFT_ANSWERED_SHARE = 0.8
PHASE_ANSWERED_SHARE = 0.5

YES_PARTLY_NO_SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}


class Verdict(StrEnum):
    FIX_FIRST = "fix-first"  # a shortfall where failure does real harm, or something terrible
    DELIGHT = "delight"  # basics met, low expectations, much goodwill to gain from extras
    IMPROVE = "improve"  # a shortfall where failure costs less
    KEEP_DOING = "keep-doing"  # delivering what customers expect
    STAND_OUT = "stand-out"  # expectations met and the extras done well
    UNKNOWN = "unknown"  # not enough answered to judge

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]

    @property
    def short_label(self) -> str:
        """For narrow places: a table column, a chart's axis."""
        return _VERDICT_SHORT.get(self, self.label)


_VERDICT_LABELS = {
    Verdict.FIX_FIRST: "Fix first",
    Verdict.DELIGHT: "Delight opportunity",
    Verdict.IMPROVE: "Improve",
    Verdict.KEEP_DOING: "Keep doing",
    Verdict.STAND_OUT: "Stand out",
    Verdict.UNKNOWN: "Not enough answers yet",
}
_VERDICT_SHORT = {Verdict.DELIGHT: "Delight", Verdict.UNKNOWN: "Too few answers"}


def number_bounds(
    question: Question, answers: Mapping[str, Answer], asked_ids: Collection[str]
) -> tuple[float | None, float | None]:
    """The best and worst values that apply to this audit: the first of the question's
    `bounds` whose conditions hold on the answers, else its own pair."""
    for case in question.bounds:
        if conditions_hold(case.when, answers, set(asked_ids)):
            return case.best, case.worst
    return question.best, question.worst


def question_score(
    question: Question,
    answer: Answer | None,
    answers: Mapping[str, Answer] | None = None,
    asked_ids: Collection[str] = (),
) -> float | None:
    """The answer's score from 0 to 1, or None when it does not count (unscored, N/A, no value).

    `answers` and `asked_ids` are the audit's, for a number whose bounds follow the profile;
    without them the question's own best and worst apply."""
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
        case Kind.PAIRED if isinstance(value, tuple) and len(value) == 2:
            # Meeting or beating what customers expect is full marks; each point short of it
            # takes an equal share off (docs/scoring.md, "Service gaps").
            expected, received = (int(n) for n in value)
            return 1.0 - max(0, expected - received) / (len(question.points) - 1)
        case Kind.NUMBER if isinstance(value, int | float):
            best, worst = number_bounds(question, answers or {}, asked_ids)
            assert best is not None and worst is not None
            fraction = (value - worst) / (best - worst)
            return max(0.0, min(1.0, fraction))
    return None


def is_unreachable(question: Question, fraction: float | None) -> bool:
    """A reachability question at its worst point: calls unanswered, days without a reply."""
    return REACHABLE_TAG in question.tags and fraction == 0.0


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    title: str
    score: float | None  # 0-100, None when nothing scored is answered
    applicable: int  # asked, scored questions
    answered: int  # of those, answered with a value
    not_applicable: int  # asked questions marked N/A
    skipped: int  # questions whose condition does not hold


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
    delivered: float | None  # the basics only, 0-100
    goodwill: float | None  # the extras only, 0-100; None when none is answered
    extras: int  # asked extras in the phase
    answered: int  # scored questions answered with a value
    applicable: int  # asked, scored questions not marked N/A
    terrible: tuple[str, ...]  # why the phase fails whatever is expected (question ids, "floor")
    core: bool
    verdict: Verdict

    @property
    def gap(self) -> float | None:
        """Positive when the business delivers less than customers expect."""
        return None if self.delivered is None else self.expected - self.delivered


@dataclass(frozen=True)
class AuditScore:
    sections: tuple[SectionScore, ...]
    overall: float | None
    band: str | None  # None while the audit is a draft
    phases: tuple[PhaseResult, ...]
    asked: int
    answered: int  # asked questions answered or marked N/A
    scored_asked: int  # asked, scored questions
    scored_answered: int  # of those, answered or marked N/A
    required_missing: tuple[str, ...]  # hard-required questions still unanswered
    band_capped: bool = False  # the band was lowered because the core phase is fix first

    def section(self, section_id: str) -> SectionScore | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def phase(self, section_id: str) -> PhaseResult | None:
        return next((p for p in self.phases if p.section_id == section_id), None)

    @property
    def draft(self) -> bool:
        """Too little answered to stand behind a band: say so instead of printing one."""
        if self.required_missing:
            return True
        if not self.scored_asked:
            return False
        return self.scored_answered < DRAFT_ANSWERED_SHARE * self.scored_asked

    @property
    def draft_label(self) -> str:
        # The same count as the progress everywhere else: every asked question, N/A included.
        return f"draft: {self.answered} of {self.asked} answered"

    @property
    def standing(self) -> str:
        """The band, or the draft label: what every front end prints beside the score."""
        if self.draft:
            return self.draft_label
        return self.band or "not enough answers yet"


def band_for(score: float | None) -> str | None:
    if score is None:
        return None
    return next(name for floor, name in BANDS if score >= floor)


def _cap_band(band: str | None, cap: str) -> str | None:
    names = [name for _, name in BANDS]  # best first
    if band is None:
        return None
    return band if names.index(band) >= names.index(cap) else cap


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
        _phase(section, answers, asked_ids, questionnaire.weak_below)
        for section in questionnaire.sections
        if section.profile is not None
    )
    answered = sum(1 for q in asked if (a := answers.get(q.id)) is not None and a.is_answered)
    scored = [q for q in asked if q.scored]
    scored_answered = sum(1 for q in scored if (a := answers.get(q.id)) and a.is_answered)
    missing = tuple(
        q.id
        for q in asked
        if q.required is Requirement.HARD and not ((a := answers.get(q.id)) and a.is_answered)
    )
    band = band_for(overall)
    capped = False
    if any(p.core and p.verdict is Verdict.FIX_FIRST for p in phases):
        lowered = _cap_band(band, CORE_FAILING_BAND_CAP)
        capped, band = lowered != band, lowered
    result = AuditScore(
        sections,
        overall,
        band,
        phases,
        len(asked),
        answered,
        len(scored),
        scored_answered,
        missing,
        capped,
    )
    # A draft keeps its score "so far" but states no band, capped or not.
    return replace(result, band=None, band_capped=False) if result.draft else result


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
        score = question_score(question, answer, answers, asked_ids)
        if score is not None:
            answered += 1
            total += question.weight * score
            weights += question.weight
    score_100 = 100.0 * total / weights if weights else None
    return SectionScore(
        section.id, section.title, score_100, applicable, answered, not_applicable, skipped
    )


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    weights = sum(weight for weight, _ in pairs)
    return 100.0 * sum(w * s for w, s in pairs) / weights if weights else None


def _phase(
    section: Section, answers: Mapping[str, Answer], asked_ids: set[str], weak_below: float
) -> PhaseResult:
    assert section.profile is not None
    profile = section.profile
    expectation, positive, negative = profile.expectation, profile.positive, profile.negative
    reasons = []
    for adjustment in profile.adjustments:
        if conditions_hold(adjustment.when, answers, asked_ids):
            expectation = adjustment.expectation or expectation
            positive = adjustment.positive or positive
            negative = adjustment.negative or negative
            reasons.append(adjustment.reason)
    basics: list[tuple[float, float]] = []
    extras: list[tuple[float, float]] = []
    applicable = extra_count = 0
    unreachable: list[str] = []
    for question in section.questions:
        answer = answers.get(question.id)
        if question.id not in asked_ids or not question.scored or (answer and answer.is_na):
            continue
        applicable += 1
        extra_count += question.is_extra
        fraction = question_score(question, answer, answers, asked_ids)
        if fraction is None:
            continue
        (extras if question.is_extra else basics).append((question.weight, fraction))
        if is_unreachable(question, fraction):
            unreachable.append(question.id)
    delivered, goodwill = _weighted_mean(basics), _weighted_mean(extras)
    expected = EXPECTED_SCORE[expectation]
    answered = len(basics) + len(extras)
    enough = bool(basics) and answered >= PHASE_ANSWERED_SHARE * applicable
    terrible = tuple(unreachable)
    # One weak answer is not yet a failing phase: the floor waits for enough answers.
    if enough and delivered is not None and delivered < TERRIBLE_BELOW:
        terrible = ("floor", *terrible)
    verdict = (
        phase_verdict(
            expectation, positive, negative, delivered, goodwill, extra_count, terrible, weak_below
        )
        if enough
        else Verdict.UNKNOWN
    )
    return PhaseResult(
        section.id,
        section.title,
        expectation,
        positive,
        negative,
        tuple(reasons),
        expected,
        delivered,
        goodwill,
        extra_count,
        answered,
        applicable,
        terrible,
        profile.core,
        verdict,
    )


def phase_verdict(
    expectation: Level,
    positive: Level,
    negative: Level,
    delivered: float | None,
    goodwill: float | None,
    extras: int,
    terrible: tuple[str, ...] = (),
    weak_below: float = 0.67,
) -> Verdict:
    """Article 000's argument as a rule on the phase's basics, checked in this order:

    1. something terrible (basics below the floor, a reachability basic at its worst), or
       falling short by more than the close margin where a failure does high harm, is *fix first*;
    2. any other shortfall is *improve*;
    3. meeting expectations with the extras done well is *stand out*, but only on basics at or
       above the weak line (`weak_below` x 100): on weaker basics it is *improve*, since delight
       counts only on top of the basics;
    4. meeting low or moderate expectations where extras earn high goodwill, with the extras not
       yet done well, is a *delight* opportunity;
    5. meeting or beating expectations is *keep doing*.
    """
    if delivered is None:
        return Verdict.UNKNOWN
    shortfall = EXPECTED_SCORE[expectation] - delivered
    if terrible or (shortfall > CLOSE_MARGIN and negative.rank >= Level.HIGH.rank):
        return Verdict.FIX_FIRST
    if shortfall > 0:
        return Verdict.IMPROVE
    if goodwill is not None and goodwill >= STAND_OUT_GOODWILL:
        # Extras done well on weak basics: the basics are what is left to do.
        return Verdict.STAND_OUT if delivered >= 100.0 * weak_below else Verdict.IMPROVE
    if extras and expectation.rank <= Level.MODERATE.rank and positive.rank >= Level.HIGH.rank:
        return Verdict.DELIGHT
    return Verdict.KEEP_DOING
