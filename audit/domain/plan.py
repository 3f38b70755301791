"""The action plan: which questions need action, in what order, why, and by when.

One row per question: its first action is what to do, its further actions are the "next steps"
shown with it. The order is one ranking (docs/scoring.md, "The action plan"): urgency, then harm,
then gap, then how bad the answer is. Deterministic: the same questionnaire and answers always
give the same plan. A user's edits (owner, due date, status) are laid over by action id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from audit.domain.answers import Answer, asked_questions, describe_value
from audit.domain.audit import ActionEdit, ActionStatus
from audit.domain.gaps import GapPicture, gap_picture
from audit.domain.questionnaire import OWN_IDEA_TAG, Kind, Level, Question, Questionnaire, Section
from audit.domain.scoring import AuditScore, PhaseResult, Verdict, is_unreachable, question_score

CATEGORY_ORDER = (Verdict.FIX_FIRST, Verdict.DELIGHT, Verdict.IMPROVE)
HORIZON_DAYS = {Verdict.FIX_FIRST: 30, Verdict.DELIGHT: 60, Verdict.IMPROVE: 90}
# -- calibration (docs/scoring.md): what a small business can carry out ---------------------
# At most this many actions are due within 30 days, and the main plan holds at most this many
# rows; the rest wait on a "later" list.
FIX_NOW_MAX = 5
MAIN_PLAN_MAX = 12
# Outside a phase a question without its own harm level is taken as moderate.
DEFAULT_HARM = Level.MODERATE
DEFAULT_GOODWILL = Level.MODERATE
# A basic in a phase that fails its floor does at least this much harm; an unreachable
# business (a reachability question at its worst point) does the most.
FLOOR_HARM = Level.HIGH
UNREACHABLE_HARM = Level.VERY_HIGH
_LEVEL_WORDS = {
    Level.LOW: "low",
    Level.MODERATE: "moderate",
    Level.HIGH: "high",
    Level.VERY_HIGH: "very high",
}
_CLOSED = (ActionStatus.DONE, ActionStatus.DROPPED)
# How a reason quotes the answer it rests on: the reader's own, or their team's median
# (audit/domain/voices.py), which may be someone else's words.
ONE_VOICE = "You answered"
TEAM_VOICE = "Your team's middle answer is"
# The marker beside the status of an open action whose due date has passed.
LATE_MARK = "late"
# The marker word beside the status of an action `audit repeat` brought over from the last audit.
CARRIED_MARK = "carried over"


class PlanPart(StrEnum):
    MAIN = "main"  # the plan itself: at most 12 rows, at most 5 due within 30 days
    LATER = "later"  # weak answers that wait until the main plan is done
    CLOSED = "closed"  # marked done or dropped by the user

    @property
    def heading(self) -> str:
        return _PART_HEADINGS[self]


_PART_HEADINGS = {
    PlanPart.MAIN: "The plan",
    PlanPart.LATER: "Later, once the plan above is done",
    PlanPart.CLOSED: "Done or dropped",
}


@dataclass(frozen=True)
class Action:
    id: str  # "<question id>/1": stable across runs, so edits stay attached
    rank: int  # 1 is done first
    text: str
    question_id: str
    section_id: str
    section_title: str
    category: Verdict
    horizon_days: int
    reason: str
    urgency: float
    next_steps: tuple[str, ...] = ()
    part: PlanPart = PlanPart.MAIN
    level: Level = Level.MODERATE  # the harm of a basic, the goodwill of an extra
    gap: float = 0.0  # weight x (1 - score)
    owner: str = ""
    due: str = ""
    status: ActionStatus = ActionStatus.TODO
    carried_from: str = ""  # the earlier audit whose open action this is (`audit repeat`)

    @property
    def is_open(self) -> bool:
        return self.status not in _CLOSED

    @property
    def status_text(self) -> str:
        """The status as every list shows it: "To do", or "To do, carried over"."""
        return self.status.label + (f", {CARRIED_MARK}" if self.carried_from else "")

    def is_late(self, today: date) -> bool:
        """Still open after its due date."""
        return self.is_open and bool(self.due) and self.due < today.isoformat()

    def status_on(self, today: date) -> str:
        """The status as a list shows it on `today`: "To do (late)" once the due date passed."""
        return self.status_text + (f" ({LATE_MARK})" if self.is_late(today) else "")


def arranged(
    main: Sequence[Action], later: Sequence[Action], closed: Sequence[Action]
) -> tuple[Action, ...]:
    """A plan put together from its parts: the main plan keeps MAIN_PLAN_MAX rows, the rows
    pushed past it wait at the top of the later list, and ranks run from 1 without a hole.
    What is added to a plan after `build_plan` (perception gaps, customers' findings) goes
    through here, so it counts towards the same twelve rows."""
    waiting = [*main[MAIN_PLAN_MAX:], *later]
    ordered = [
        *main[:MAIN_PLAN_MAX],
        *(replace(a, part=PlanPart.LATER) for a in waiting),
        *(replace(a, part=PlanPart.CLOSED) for a in closed),
    ]
    return tuple(replace(action, rank=n) for n, action in enumerate(ordered, start=1))


@dataclass(frozen=True)
class _Row:
    question: Question
    section: Section
    answer: Answer
    fraction: float | None  # None for an own-idea text answer
    gap: float
    level: Level
    urgency: float
    candidate: Verdict  # fix first, delight or improve, before the caps
    importance: str = ""  # a weak gap: the importance points its section was given, in words

    @property
    def key(self) -> tuple[bool, float, int, float, float, str]:
        # A customer who cannot reach you comes first: nothing else can help until they do.
        # Then worse first: urgency, then harm (or goodwill), then gap, then the lower answer.
        # The id only orders rows that are equal in every way that matters.
        fraction = self.fraction if self.fraction is not None else 1.0
        unreachable = is_unreachable(self.question, self.fraction)
        return (
            not unreachable,
            -self.urgency,
            -self.level.rank,
            -self.gap,
            fraction,
            self.question.id,
        )


def build_plan(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    score: AuditScore,
    edits: Mapping[str, ActionEdit] | None = None,
    *,
    answered: str = ONE_VOICE,
) -> tuple[Action, ...]:
    """One ranked row per weak answer: fix first (at most 5), delight, improve; then later.
    `answered` leads each reason: TEAM_VOICE where the answers are several people's combined."""
    edits = edits or {}
    rows = _weak_rows(questionnaire, answers, score)
    own = [row for row in rows if row.fraction is None]
    scored = sorted((row for row in rows if row.fraction is not None), key=lambda r: r.key)

    def status(row: _Row) -> ActionStatus:
        return edits.get(f"{row.question.id}/1", ActionEdit()).status

    open_rows = [row for row in scored if status(row) not in _CLOSED]
    closed = [row for row in scored + own if status(row) in _CLOSED]
    own_open = [row for row in own if status(row) not in _CLOSED]

    urgent = [row for row in open_rows if row.candidate is Verdict.FIX_FIRST]
    fix_now = urgent[:FIX_NOW_MAX]
    fixing_now = {row.question.id for row in fix_now}
    # Urgent fixes beyond the first five are seated in the main plan before anything else.
    rest = urgent[FIX_NOW_MAX:] + [r for r in open_rows if r.candidate is not Verdict.FIX_FIRST]
    room = max(0, MAIN_PLAN_MAX - len(fix_now) - len(own_open))
    main_rest, later = rest[:room], rest[room:]

    def category(row: _Row) -> Verdict:
        if row.question.id in fixing_now:
            return Verdict.FIX_FIRST
        return Verdict.DELIGHT if row.candidate is Verdict.DELIGHT else Verdict.IMPROVE

    delight = [row for row in main_rest if category(row) is Verdict.DELIGHT]
    improve = own_open + sorted(
        (row for row in main_rest if category(row) is Verdict.IMPROVE), key=lambda r: r.key
    )
    later.sort(key=lambda r: r.key)
    ordered = [
        *((row, PlanPart.MAIN) for row in fix_now + delight + improve),
        *((row, PlanPart.LATER) for row in later),
        *((row, PlanPart.CLOSED) for row in closed),
    ]
    actions = []
    for rank, (row, part) in enumerate(ordered, start=1):
        chosen = category(row)
        phase = score.phase(row.section.id)
        edit = edits.get(f"{row.question.id}/1", ActionEdit())
        text, *next_steps = _action_texts(row)
        actions.append(
            Action(
                id=f"{row.question.id}/1",
                rank=rank,
                text=text,
                question_id=row.question.id,
                section_id=row.section.id,
                section_title=row.section.title,
                category=chosen,
                horizon_days=HORIZON_DAYS[chosen],
                reason=_reason(row, phase, chosen, answered) + _carried(edit),
                urgency=round(row.urgency, 6),
                next_steps=tuple(next_steps),
                part=part,
                level=row.level,
                gap=round(row.gap, 6),
                owner=edit.owner,
                due=edit.due,
                status=edit.status,
                carried_from=edit.carried_from,
            )
        )
    return tuple(actions)


def _carried(edit: ActionEdit) -> str:
    # In the reason too, so every page and export that shows the reason says where it came from;
    # in words a client reads (an audit id means nothing to them).
    return f" {CARRIED_MARK.capitalize()} from the last audit." if edit.carried_from else ""


def _action_texts(row: _Row) -> list[str]:
    if row.fraction is None:
        return [str(row.answer.value).strip()]
    return list(row.question.actions)


def _weak_rows(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], score: AuditScore
) -> list[_Row]:
    asked = {q.id for q in asked_questions(questionnaire, answers)}
    gaps = gap_picture(questionnaire, answers)
    rows = []
    for section in questionnaire.sections:
        phase = score.phase(section.id)
        for question in section.questions:
            answer = answers.get(question.id)
            if question.id not in asked or answer is None:
                continue
            if OWN_IDEA_TAG in question.tags:
                if isinstance(answer.value, str) and answer.value.strip():
                    own = _Row(
                        question, section, answer, None, 0.0, Level.LOW, 0.0, Verdict.IMPROVE
                    )
                    rows.append(own)
                continue
            fraction = question_score(question, answer, answers, asked)
            if question.kind is Kind.PAIRED:
                row = _gap_row(question, section, answer, fraction, gaps)
                rows.extend([row] if row else [])
                continue
            if fraction is None or fraction >= questionnaire.weak_below:
                continue
            gap = question.weight * (1.0 - fraction)
            if question.is_extra:
                level = question.goodwill or (phase.positive if phase else DEFAULT_GOODWILL)
                candidate = Verdict.DELIGHT
            else:
                level = harm_of(question, fraction, phase)
                candidate = Verdict.FIX_FIRST if level.rank >= Level.HIGH.rank else Verdict.IMPROVE
            rows.append(
                _Row(question, section, answer, fraction, gap, level, gap * level.rank, candidate)
            )
    return rows


def _gap_row(
    question: Question,
    section: Section,
    answer: Answer,
    fraction: float | None,
    gaps: GapPicture | None,
) -> _Row | None:
    """A paired question is weak by its gap, not its score: customers get less than they
    expect by more than the file's `gap_weak_beyond`. Its urgency grows with the importance
    points the respondent gave its section (docs/scoring.md, "Service gaps")."""
    found = gaps.of(question.id) if gaps else None
    if gaps is None or found is None or not found.weak or fraction is None:
        return None
    level = question.harm or DEFAULT_HARM
    gap = question.weight * (1.0 - fraction)
    urgency = gap * level.rank * gaps.importance_factor(section.id)
    candidate = Verdict.FIX_FIRST if level.rank >= Level.HIGH.rank else Verdict.IMPROVE
    shared = gaps.section(section.id)
    points = shared.points if shared is not None else None
    words = (
        f" {section.title} was given {points} of {gaps.total} importance points."
        if points is not None
        else ""
    )
    return _Row(question, section, answer, fraction, gap, level, urgency, candidate, words)


def harm_of(question: Question, fraction: float, phase: PhaseResult | None) -> Level:
    """How much harm this weak basic does: its own level, else its phase's, raised when terrible."""
    level = question.harm or (phase.negative if phase else DEFAULT_HARM)
    if phase is not None and "floor" in phase.terrible and level.rank < FLOOR_HARM.rank:
        level = FLOOR_HARM
    if is_unreachable(question, fraction):
        level = UNREACHABLE_HARM
    return level


def _raised_by_floor(question: Question, phase: PhaseResult) -> bool:
    return (question.harm or phase.negative).rank < FLOOR_HARM.rank


def _reason(row: _Row, phase: PhaseResult | None, category: Verdict, answered: str) -> str:
    question, section = row.question, row.section
    if row.fraction is None:
        return f'Your own answer to "{question.text}" in {section.title}.'
    if question.kind is Kind.PAIRED and isinstance(row.answer.value, tuple):
        expected, received = row.answer.value
        return (
            f"Customers expect {expected} and get {received} of {len(question.points)} in "
            f"{section.title}: a gap of {int(received) - int(expected)} points, and a failure "
            f"here does {_LEVEL_WORDS[row.level]} harm.{row.importance}"
        )
    given = (
        f'{answered} "{describe_value(question, row.answer.value)}" '
        f"({round(row.fraction * 100)}/100)"
    )
    level = _LEVEL_WORDS[row.level]
    if question.is_extra:
        why = f"an extra effort here earns {level} goodwill, over and above what customers expect"
    elif is_unreachable(question, row.fraction):
        why = "customers who cannot reach you go elsewhere before you can impress them"
    elif phase is not None and "floor" in phase.terrible and _raised_by_floor(question, phase):
        why = (
            f"this phase is below the floor where even low expectations are let down ({level} harm)"
        )
    elif phase is not None:
        expect = _LEVEL_WORDS[phase.expectation]
        why = f"customers' expectations here are {expect} and a failure does {level} harm"
    else:
        why = f"a failure here does {level} harm to customers"
    if category is Verdict.IMPROVE and row.candidate is Verdict.FIX_FIRST:
        why += f"; it waits until the {FIX_NOW_MAX} most urgent fixes are done"
    weight = " on a question that counts double" if question.weight >= 2 else ""
    return f"{given}{weight} in {section.title}: {why}."
