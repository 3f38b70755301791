"""The action plan: which recommended actions apply, in what order, why, and by when.

Deterministic: the same questionnaire and answers always give the same ranked plan. A user's
edits (owner, due date, status) are laid over the derived actions by action id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from audit.domain.answers import Answer, asked_questions, describe_value
from audit.domain.audit import ActionEdit, ActionStatus
from audit.domain.questionnaire import Level, Question, Questionnaire, Section
from audit.domain.scoring import AuditScore, PhaseResult, Verdict, question_score

DELIGHT_TAG = "delight"
CATEGORY_ORDER = (Verdict.FIX_FIRST, Verdict.DELIGHT, Verdict.IMPROVE)
HORIZON_DAYS = {Verdict.FIX_FIRST: 30, Verdict.DELIGHT: 60, Verdict.IMPROVE: 90}
# Outside the phase model, a gap this large (weight x shortfall) is fixed first: a plain "no" on
# an ordinary question, or a half-done job on one that counts double.
FIX_FIRST_GAP = 1.0
# A small business cannot fix everything within a month: only the most urgent questions stay
# "fix first"; the others wait their turn as "improve".
FIX_FIRST_MAX_QUESTIONS = 5
_LEVEL_WORDS = {
    Level.LOW: "low",
    Level.MODERATE: "moderate",
    Level.HIGH: "high",
    Level.VERY_HIGH: "very high",
}


@dataclass(frozen=True)
class Action:
    id: str  # "<question id>/<n>": stable across runs, so edits stay attached
    rank: int  # 1 is done first
    text: str
    question_id: str
    section_id: str
    section_title: str
    category: Verdict
    horizon_days: int
    reason: str
    urgency: float
    owner: str = ""
    due: str = ""
    status: ActionStatus = ActionStatus.TODO


def build_plan(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    score: AuditScore,
    edits: Mapping[str, ActionEdit] | None = None,
) -> tuple[Action, ...]:
    """Every action of every weak answer, ranked: fix first, then delight, then improve."""
    edits = edits or {}
    asked = {q.id for q in asked_questions(questionnaire, answers)}
    weak: list[tuple[int, Section, Question, Answer, float, Verdict, float]] = []
    order = 0
    for section in questionnaire.sections:
        phase = score.phase(section.id)
        for question in section.questions:
            order += 1
            answer = answers.get(question.id)
            fraction = question_score(question, answer) if question.id in asked else None
            if fraction is None or fraction >= questionnaire.weak_below or answer is None:
                continue
            category, urgency = _categorise(question, fraction, phase)
            weak.append((order, section, question, answer, fraction, category, urgency))
    fix_first = sorted(
        (item for item in weak if item[5] is Verdict.FIX_FIRST), key=lambda i: (-i[6], i[0])
    )
    waiting = {item[2].id for item in fix_first[FIX_FIRST_MAX_QUESTIONS:]}
    candidates: list[tuple[tuple[int, float, int, int], Action]] = []
    for order, section, question, answer, fraction, category, urgency in weak:
        if question.id in waiting:
            category = Verdict.IMPROVE
        phase = score.phase(section.id)
        reason = _reason(question, answer, fraction, section, phase, category)
        for index, text in enumerate(question.actions):
            action_id = f"{question.id}/{index + 1}"
            edit = edits.get(action_id, ActionEdit())
            key = (CATEGORY_ORDER.index(category), -urgency, order, index)
            candidates.append(
                (
                    key,
                    Action(
                        id=action_id,
                        rank=0,
                        text=text,
                        question_id=question.id,
                        section_id=section.id,
                        section_title=section.title,
                        category=category,
                        horizon_days=HORIZON_DAYS[category],
                        reason=reason,
                        urgency=urgency,
                        owner=edit.owner,
                        due=edit.due,
                        status=edit.status,
                    ),
                )
            )
    candidates.sort(key=lambda pair: pair[0])
    return tuple(replace(action, rank=rank) for rank, (_, action) in enumerate(candidates, start=1))


def _categorise(
    question: Question, fraction: float, phase: PhaseResult | None
) -> tuple[Verdict, float]:
    """The action's category and its urgency (higher is more urgent within the category)."""
    gap = question.weight * (1.0 - fraction)
    if DELIGHT_TAG in question.tags:
        boost = phase.positive.rank if phase else 1
        return Verdict.DELIGHT, round(gap * boost, 6)
    if phase is None:
        category = Verdict.FIX_FIRST if gap >= FIX_FIRST_GAP else Verdict.IMPROVE
        return category, round(gap, 6)
    if phase.verdict is Verdict.FIX_FIRST:
        return Verdict.FIX_FIRST, round(gap * phase.negative.rank, 6)
    # In a delight phase only the items tagged as extras are delight: a weak basic there (an
    # honest quote, a clear price) is still a basic to put right, not a chance to impress.
    # A weak item inside a phase that holds up overall: still harmful where failure hurts.
    if phase.negative.rank >= Level.HIGH.rank and gap >= FIX_FIRST_GAP:
        return Verdict.FIX_FIRST, round(gap * phase.negative.rank, 6)
    return Verdict.IMPROVE, round(gap, 6)


def _reason(
    question: Question,
    answer: Answer,
    fraction: float,
    section: Section,
    phase: PhaseResult | None,
    category: Verdict,
) -> str:
    given = f'You answered "{describe_value(question, answer.value)}" ({round(fraction * 100)}/100)'
    if phase is None:
        weight = " on a question that counts double" if question.weight >= 2 else ""
        why = {
            Verdict.FIX_FIRST: "a large gap in a basic of good service",
            Verdict.DELIGHT: "an extra effort here can win goodwill beyond what customers expect",
            Verdict.IMPROVE: "a gap worth closing once the urgent work is done",
        }[category]
        return f"{given}{weight} in {section.title}: {why}."
    expect = _LEVEL_WORDS[phase.expectation]
    # Why an expectation shifted is said once, with the phase, not again in every action.
    match category:
        case Verdict.FIX_FIRST:
            why = (
                f"customers' expectations here are {expect} and the risk of harm "
                f"from a failure is {_LEVEL_WORDS[phase.negative]}"
            )
        case Verdict.DELIGHT:
            why = (
                f"customers' expectations here are {expect} while the goodwill an "
                f"extra effort can earn is {_LEVEL_WORDS[phase.positive]}: room to stand out"
            )
        case _:
            why = f"customers' expectations here are {expect}; worth improving"
    return f"{given} in {section.title}: {why}."
