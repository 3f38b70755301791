"""Several voices in one audit: the internal respondents' answers combined into the audit's own,
how far apart they are, and where they disagree enough to be a finding (docs/scoring.md,
"Several respondents").

The owner, managers, staff and consultants speak for the business; customers do not, so their
answers are kept but never combined here. With one internal respondent every answer is theirs,
exactly as before there were several.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from audit.domain.answers import Answer, asked_questions, describe_value
from audit.domain.audit import ActionEdit, ActionStatus, Audit, answers_of
from audit.domain.plan import HORIZON_DAYS, Action, PlanPart, arranged
from audit.domain.questionnaire import Level, Questionnaire
from audit.domain.respondents import OWNER_ID, Respondent
from audit.domain.scoring import Verdict, question_score, score_audit

# Respondents this far apart on a question (as a share of its scale) see it differently.
GAP_SHARE = 0.5
# At most this many perception gaps are in the main plan (calibration, docs/scoring.md): a team
# settles a few disagreements at a time, and a plan of nothing but "check together" rows has no
# room left for what to fix and where to delight. The rest wait at the top of the later list.
GAPS_IN_PLAN_MAX = 3
# A perception gap's action is "<question>/gap", beside the question's own "<question>/1".
GAP_ACTION = "gap"


def is_gap_action(action_id: str) -> bool:
    return action_id.rpartition("/")[2] == GAP_ACTION


@dataclass(frozen=True)
class Said:
    """One internal respondent's scored answer to one question."""

    respondent: Respondent
    answer: Answer
    fraction: float  # 0 (worst) to 1 (best), as scoring gives it


@dataclass(frozen=True)
class QuestionVoices:
    """What the internal respondents said to one question, lowest first."""

    question_id: str
    weight: float
    said: tuple[Said, ...]

    # Unrounded, so each page rounds once (95.45 shows as 95, never 95.5 and then 96); the
    # JSON gives one decimal (voices_data).
    @property
    def low(self) -> float:
        return self.said[0].fraction * 100

    @property
    def high(self) -> float:
        return self.said[-1].fraction * 100

    @property
    def spread(self) -> float:
        return self.high - self.low

    @property
    def is_gap(self) -> bool:
        return len(self.said) > 1 and self.said[-1].fraction - self.said[0].fraction >= GAP_SHARE

    def names_at(self, fraction: float) -> tuple[str, ...]:
        return tuple(s.respondent.name for s in self.said if s.fraction == fraction)


@dataclass(frozen=True)
class Voices:
    """The internal respondents of an audit and how their answers compare."""

    respondents: tuple[Respondent, ...]
    questions: tuple[QuestionVoices, ...]
    # Each internal respondent's own overall score, lowest and highest (None: too few answers).
    overall_low: float | None
    overall_high: float | None

    @property
    def several(self) -> bool:
        return len(self.respondents) > 1

    @property
    def gaps(self) -> tuple[QuestionVoices, ...]:
        """The perception gaps, ranked: the widest spread first, then the heavier question,
        then the questionnaire's order (the order `questions` is in)."""
        gaps = (q for q in self.questions if q.is_gap)
        return tuple(sorted(gaps, key=lambda q: (-q.spread, -q.weight)))


def internal_respondents(audit: Audit) -> tuple[Respondent, ...]:
    """The business's own respondents: the owner, and each other one who has answered (someone
    added who has not answered yet changes nothing)."""
    return tuple(
        r
        for r in audit.respondents
        if r.role.internal and (r.id == OWNER_ID or answers_of(audit, r.id))
    )


def answers_in_context(
    audit: Audit, questionnaire: Questionnaire, respondent_id: str
) -> Mapping[str, Answer]:
    """A respondent's answers over the owner's answers to the questions that score nothing (the
    kind of business, its size, how it sells): the business's profile is given once, by the
    owner, and decides which questions everyone else is asked. Their own answer wins."""
    own = answers_of(audit, respondent_id)
    if respondent_id == OWNER_ID:
        return own
    profile = {
        question_id: answer
        for question_id, answer in audit.answers.items()
        if (question := questionnaire.question(question_id)) is not None and not question.scored
    }
    return {**profile, **own}


def voices_of(audit: Audit, questionnaire: Questionnaire) -> Voices:
    internal = internal_respondents(audit)
    context = {r.id: answers_in_context(audit, questionnaire, r.id) for r in internal}
    own_asked = {
        r.id: {q.id for q in asked_questions(questionnaire, context[r.id])} for r in internal
    }
    questions = []
    for question in questionnaire.questions:
        said = []
        for respondent in internal:
            answers = context[respondent.id]
            answer = answers_of(audit, respondent.id).get(question.id)
            asked = own_asked[respondent.id]
            if answer is None or question.id not in asked:
                continue
            fraction = question_score(question, answer, answers, asked)
            if fraction is not None:
                said.append(Said(respondent, answer, fraction))
        if said:
            # Worst first; respondents in the audit's order where they score the same.
            said.sort(key=lambda s: s.fraction)
            questions.append(QuestionVoices(question.id, question.weight, tuple(said)))
    overall = [
        score
        for r in internal
        if (score := score_audit(questionnaire, context[r.id]).overall) is not None
    ]
    return Voices(
        internal,
        tuple(questions),
        min(overall) if overall else None,
        max(overall) if overall else None,
    )


def combined_answers(audit: Audit, questionnaire: Questionnaire) -> Mapping[str, Answer]:
    """The audit's answers as one: per question, the internal respondents' median answer
    (with an even number of them, the lower of the two middle ones). The owner's note and
    flag stay with the question; a question nobody scored keeps the owner's answer, else the
    first internal respondent's."""
    internal = internal_respondents(audit)
    if [r.id for r in internal] in ([OWNER_ID], []):
        return audit.answers
    combined: dict[str, Answer] = {}
    for respondent in internal:
        for question_id, answer in answers_of(audit, respondent.id).items():
            combined.setdefault(question_id, answer)
    combined.update(audit.answers)  # the owner's answer first, where they gave one
    for voices in voices_of(audit, questionnaire).questions:
        median = voices.said[(len(voices.said) - 1) // 2].answer
        base = audit.answers.get(voices.question_id, median)
        combined[voices.question_id] = replace(base, value=median.value, na_reason=None)
    return combined


def with_gap_actions(
    plan: tuple[Action, ...],
    voices: Voices,
    questionnaire: Questionnaire,
    edits: Mapping[str, ActionEdit],
) -> tuple[Action, ...]:
    """The plan with one action per perception gap, the widest GAPS_IN_PLAN_MAX seated after the
    fix-first rows of the main plan (a disagreement is settled before the answers it concerns
    are acted on), within its twelve rows, the others later; closed gap actions go with the
    closed rows. Ranks are numbered again from 1."""
    gap_actions = [_gap_action(q, questionnaire, edits) for q in voices.gaps]
    if not gap_actions:
        return plan
    open_gaps = [a for a in gap_actions if a.part is PlanPart.MAIN]
    closed_gaps = [a for a in gap_actions if a.part is PlanPart.CLOSED]
    fix_first = [a for a in plan if a.part is PlanPart.MAIN and a.category is Verdict.FIX_FIRST]
    rest_main = [a for a in plan if a.part is PlanPart.MAIN and a not in fix_first]
    later = [a for a in plan if a.part is PlanPart.LATER]
    closed = [a for a in plan if a.part is PlanPart.CLOSED]
    # Within the main plan's twelve rows; the rows pushed past it wait first, then the gaps
    # beyond the first few, then the rest of the later list.
    return arranged(
        fix_first + open_gaps[:GAPS_IN_PLAN_MAX] + rest_main,
        open_gaps[GAPS_IN_PLAN_MAX:] + later,
        closed + closed_gaps,
    )


def _gap_action(
    voices: QuestionVoices, questionnaire: Questionnaire, edits: Mapping[str, ActionEdit]
) -> Action:
    question = questionnaire.question(voices.question_id)
    section = questionnaire.section_of(voices.question_id)
    assert question is not None and section is not None
    action_id = f"{question.id}/{GAP_ACTION}"
    edit = edits.get(action_id, ActionEdit())
    low, high = voices.said[0], voices.said[-1]
    reason = (
        f'{_who(voices, low.fraction)} answered "{describe_value(question, low.answer.value)}" '
        f"({voices.low:.0f}/100) and {_who(voices, high.fraction)} "
        f'"{describe_value(question, high.answer.value)}" ({voices.high:.0f}/100): '
        f"{voices.spread:.0f} points apart on a question of {section.title}."
    )
    closed = edit.status in (ActionStatus.DONE, ActionStatus.DROPPED)
    return Action(
        id=action_id,
        rank=0,
        # The question first after a short lead: a narrow plan table shows which one it is.
        text=f"Check together: {question.text}",
        question_id=question.id,
        section_id=section.id,
        section_title=section.title,
        category=Verdict.IMPROVE,
        horizon_days=HORIZON_DAYS[Verdict.IMPROVE],
        reason=reason,
        urgency=0.0,
        next_steps=(
            "Check what really happens: a recent example, the records, or a customer's word.",
            "Agree on one answer and change the audit's answers to it.",
        ),
        part=PlanPart.CLOSED if closed else PlanPart.MAIN,
        level=Level.MODERATE,
        gap=round(voices.spread / 100 * question.weight, 6),
        owner=edit.owner,
        due=edit.due,
        status=edit.status,
        carried_from=edit.carried_from,
    )


def _who(voices: QuestionVoices, fraction: float) -> str:
    names = voices.names_at(fraction)
    roles = {s.respondent.name: s.respondent.role.value for s in voices.said}
    shown = [f"{name} ({roles[name]})" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def team_summary(voices: Voices) -> str:
    """One sentence on who answered and how far apart their own scores are (plain text)."""
    names = ", ".join(f"{r.name} ({r.role.value})" for r in voices.respondents)
    spread = ""
    if voices.overall_low is not None and voices.overall_high is not None:
        spread = (
            f" Their own overall scores run from {voices.overall_low:.0f} to "
            f"{voices.overall_high:.0f}; the audit's score takes the middle answer per question."
        )
    return f"Answered by {len(voices.respondents)} people of the business: {names}.{spread}"


def gap_lines(voices: Voices, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(question text, who answered what) for each perception gap, in ranked order."""
    lines = []
    for gap in voices.gaps:
        question = questionnaire.question(gap.question_id)
        assert question is not None
        said = "; ".join(
            f"{s.respondent.name} ({s.respondent.role.value}): "
            f"{describe_value(question, s.answer.value)}"
            for s in gap.said
        )
        lines.append((question.text, f"{said} ({gap.spread:.0f} points apart)"))
    return lines


def voices_data(voices: Voices) -> dict[str, object]:
    """The voices as plain data for the JSON export and `audit show --json`."""
    return {
        "respondents": [
            {"id": r.id, "name": r.name, "role": r.role.value} for r in voices.respondents
        ],
        "overall_low": _one_decimal(voices.overall_low),
        "overall_high": _one_decimal(voices.overall_high),
        "questions": [
            {
                "question": q.question_id,
                "low": round(q.low, 1),
                "high": round(q.high, 1),
                "spread": round(q.spread, 1),
                "gap": q.is_gap,
                "answers": {s.respondent.id: s.answer.value for s in q.said},
            }
            for q in voices.questions
        ],
        "gaps": [q.question_id for q in voices.gaps],
    }


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
