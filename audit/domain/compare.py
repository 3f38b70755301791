"""Two or more audits of one questionnaire side by side: did what the business did work?

Pure: it reads audits, their questionnaires, scores and plans, and says what changed. The rules
(what counts as like with like, what "worked" means, when a trend is steady) are in
docs/scoring.md, "Since last time"; every number used here is named below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from audit.domain.answers import asked_questions
from audit.domain.audit import ActionStatus, Audit
from audit.domain.plan import Action
from audit.domain.questionnaire import Question, Questionnaire
from audit.domain.scoring import AuditScore, Verdict, number_bounds, question_score
from audit.domain.voices import is_gap_action

# A section whose score moved by no more than this many points (of 100) from the first audit to
# the last is "steady": a single answer one step up or down on a five-point scale in a section
# of five questions moves it by 5, which is noise rather than a trend.
STEADY_WITHIN = 5.0


class CompareError(ValueError):
    """Audits that cannot be set side by side (different questionnaires, fewer than two)."""


class Outcome(StrEnum):
    """What became of the question behind an action that was marked done."""

    WORKED = "worked"  # no longer weak in the later audit
    BETTER = "better"  # higher, but still weak
    SAME = "same"
    WORSE = "worse"
    UNKNOWN = "unknown"  # not comparable: not asked, N/A, unanswered or its scale changed

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.WORKED: "worked, no longer weak",
    Outcome.BETTER: "better, still weak",
    Outcome.SAME: "no change",
    Outcome.WORSE: "worse",
    Outcome.UNKNOWN: "cannot tell",
}


class Trend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"


class Audited(Protocol):
    """What a comparison reads of one audit (the front ends' AuditView has all of it)."""

    @property
    def audit(self) -> Audit: ...
    @property
    def questionnaire(self) -> Questionnaire: ...
    @property
    def score(self) -> AuditScore: ...
    @property
    def plan(self) -> tuple[Action, ...]: ...


@dataclass(frozen=True)
class QuestionChange:
    question_id: str
    text: str
    before: float | None  # 0-100, None when not comparable or not answered
    after: float | None
    why_not: str = ""  # why the two cannot be compared, when they cannot

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ActionResult:
    """An action of the earlier audit's plan and what its question did since."""

    action: Action
    change: QuestionChange
    outcome: Outcome


@dataclass(frozen=True)
class SectionChange:
    section_id: str
    title: str
    scores: tuple[float | None, ...]  # one per audit, oldest first
    trend: Trend | None  # None with fewer than three audits or a gap in the scores

    @property
    def delta(self) -> float | None:
        first, last = self.scores[0], self.scores[-1]
        return None if first is None or last is None else last - first


@dataclass(frozen=True)
class PhaseChange:
    section_id: str
    title: str
    verdicts: tuple[Verdict | None, ...]  # one per audit, oldest first


@dataclass(frozen=True)
class Comparison:
    audit_ids: tuple[str, ...]  # oldest first
    dates: tuple[str, ...]  # when each audit was started, ISO
    overall: tuple[float | None, ...]
    sections: tuple[SectionChange, ...]
    phases: tuple[PhaseChange, ...]
    done: tuple[ActionResult, ...]  # marked done in the audit before the last
    dropped: tuple[ActionResult, ...]
    still_open: tuple[ActionResult, ...]
    new_weak: tuple[QuestionChange, ...]  # weak now, not weak (or not asked) last time

    @property
    def overall_delta(self) -> float | None:
        first, last = self.overall[0], self.overall[-1]
        return None if first is None or last is None else last - first


def compare(audits: Sequence[Audited]) -> Comparison:
    """Set audits of one questionnaire side by side, oldest first; the last two give the actions."""
    if len(audits) < 2:
        raise CompareError("name at least two audits to compare")
    ids = {a.audit.questionnaire_id for a in audits}
    if len(ids) > 1:
        raise CompareError(
            "only audits of one questionnaire can be compared; these use " + ", ".join(sorted(ids))
        )
    if len({a.audit.client_id for a in audits}) > 1:
        raise CompareError("these audits are of different clients; compare one client's audits")
    ordered = _oldest_first(audits)
    earlier, later = ordered[-2], ordered[-1]
    # A row of what customers said (no question of its own) has no answer to compare.
    results = [_result(action, earlier, later) for action in earlier.plan if action.question_id]
    return Comparison(
        audit_ids=tuple(a.audit.id for a in ordered),
        dates=tuple(a.audit.created_at for a in ordered),
        overall=tuple(a.score.overall for a in ordered),
        sections=_sections(ordered),
        phases=_phases(ordered),
        done=tuple(r for r in results if r.action.status is ActionStatus.DONE),
        dropped=tuple(r for r in results if r.action.status is ActionStatus.DROPPED),
        still_open=tuple(r for r in results if r.action.is_open),
        new_weak=_new_weak(earlier, later),
    )


def _oldest_first(audits: Sequence[Audited]) -> list[Audited]:
    # By the time started; of two started in the same second, a repeat comes after the audit
    # it follows.
    by_id = {a.audit.id: a.audit for a in audits}

    def depth(audit_id: str) -> int:
        steps, seen = 0, {audit_id}
        while (follows := by_id[audit_id].follows) in by_id and follows not in seen:
            steps, audit_id = steps + 1, follows
            seen.add(follows)
        return steps

    return sorted(audits, key=lambda a: (a.audit.created_at, depth(a.audit.id), a.audit.id))


def question_change(question_id: str, earlier: Audited, later: Audited) -> QuestionChange:
    """One question's score then and now, or why the two numbers would not mean the same.

    `question_id` may be the question's id in either audit: a question that declares
    `replaces = [...]` is the same question as the one it replaces.
    """
    now_q = matching_later(question_id, later.questionnaire)
    then_q = (
        matching_earlier(now_q, earlier.questionnaire)
        if now_q is not None
        else earlier.questionnaire.question(question_id)
    )
    shown = now_q or then_q
    text = shown.text if shown else question_id
    if now_q is None:
        return QuestionChange(question_id, text, None, None, "no longer asked")
    if then_q is None:
        return QuestionChange(question_id, text, None, _percent(now_q, later), "new question")
    if _scale_of(then_q, earlier) != _scale_of(now_q, later):
        return QuestionChange(question_id, text, None, None, "its answer scale changed")
    before, after = _percent(then_q, earlier), _percent(now_q, later)
    if before is None or after is None:
        return QuestionChange(question_id, text, before, after, _missing(before, after))
    return QuestionChange(question_id, text, before, after)


def matching_earlier(question: Question, earlier: Questionnaire) -> Question | None:
    """The earlier questionnaire's question that `question` stands for: the one with its id,
    else the first that it replaces (the loader keeps those ids from being questions too)."""
    same = earlier.question(question.id)
    if same is not None:
        return same
    return next(
        (found for old in question.replaces if (found := earlier.question(old)) is not None), None
    )


def matching_later(question_id: str, later: Questionnaire) -> Question | None:
    """The later questionnaire's question for an earlier id: the same id, or the question that
    replaces it."""
    same = later.question(question_id)
    if same is not None:
        return same
    return next((q for q in later.questions if question_id in q.replaces), None)


def _missing(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "not answered either time"
    return "not answered last time" if before is None else "not answered this time"


def _asked(audited: Audited) -> set[str]:
    return {q.id for q in asked_questions(audited.questionnaire, audited.audit.answers)}


def _percent(question: Question, audited: Audited) -> float | None:
    answers = audited.audit.answers
    fraction = question_score(question, answers.get(question.id), answers, _asked(audited))
    return None if fraction is None else fraction * 100


def _scale_of(question: Question, audited: Audited) -> tuple[object, ...]:
    # Everything that turns an answer into a score: if any differs, equal numbers mean different
    # things (a 4 of 5 is not a 4 of 7), so the two are not compared.
    choices = tuple((c.id, c.score) for c in question.choices)
    # The bounds are the ones this audit's profile picks: a business that moved to subscriptions
    # is judged on other numbers.
    bounds = number_bounds(question, audited.audit.answers, _asked(audited))
    return (question.kind, question.points, choices, bounds, question.unit)


def _result(action: Action, earlier: Audited, later: Audited) -> ActionResult:
    change = question_change(action.question_id, earlier, later)
    return ActionResult(action, change, _outcome(change, later.questionnaire.weak_below))


def _outcome(change: QuestionChange, weak_below: float) -> Outcome:
    delta = change.delta
    if delta is None or change.after is None:
        return Outcome.UNKNOWN
    if change.after >= weak_below * 100:
        return Outcome.WORKED
    if delta > 0:
        return Outcome.BETTER
    return Outcome.SAME if delta == 0 else Outcome.WORSE


def _sections(ordered: Sequence[Audited]) -> tuple[SectionChange, ...]:
    last = ordered[-1]
    changes = []
    for section in last.score.sections:
        scores = tuple(_section_score(a, section.section_id) for a in ordered)
        changes.append(SectionChange(section.section_id, section.title, scores, _trend(scores)))
    return tuple(changes)


def _section_score(audited: Audited, section_id: str) -> float | None:
    found = next((s for s in audited.score.sections if s.section_id == section_id), None)
    return None if found is None else found.score


def _trend(scores: tuple[float | None, ...]) -> Trend | None:
    if len(scores) < 3 or any(s is None for s in scores):
        return None
    first, last = scores[0], scores[-1]
    assert first is not None and last is not None
    if abs(last - first) <= STEADY_WITHIN:
        return Trend.STEADY
    return Trend.RISING if last > first else Trend.FALLING


def _phases(ordered: Sequence[Audited]) -> tuple[PhaseChange, ...]:
    changes = []
    for phase in ordered[-1].score.phases:
        verdicts = tuple(
            next((p.verdict for p in a.score.phases if p.section_id == phase.section_id), None)
            for a in ordered
        )
        changes.append(PhaseChange(phase.section_id, phase.title, verdicts))
    return tuple(changes)


def _new_weak(earlier: Audited, later: Audited) -> tuple[QuestionChange, ...]:
    # A perception gap says the team disagrees, not that the answer is weak: only a question's
    # own action counts, so a question with both is listed once.
    weak_before = {a.question_id for a in earlier.plan if not is_gap_action(a.id)}
    found = []
    for action in later.plan:
        question = later.questionnaire.question(action.question_id)
        if question is None or not question.scored or is_gap_action(action.id):
            continue
        then = matching_earlier(question, earlier.questionnaire)
        if then is not None and then.id in weak_before:
            continue
        change = question_change(action.question_id, earlier, later)
        found.append(change)
    return tuple(found)
