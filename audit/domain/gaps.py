"""Service gaps: what customers get against what they expect, per question and per section,
weighted by the importance points the respondent shared across the sections.

The rules, documented in docs/scoring.md ("Service gaps"):
- a paired question's gap is received minus expected, in points of its scale: below 0 when
  customers get less than they expect;
- it is weak when it falls short by more than the questionnaire's `gap_weak_beyond` (1 point
  unless the file says otherwise): gap < -gap_weak_beyond;
- a section's gap is the plain mean of its answered paired questions' gaps;
- the overall gap is the mean of the section gaps weighted by the importance points of each
  section, sum(points x gap) / sum(points), over the sections that have a gap and are shared;
  without an importance answer every section counts the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audit.domain.answers import Answer, asked_questions
from audit.domain.questionnaire import Kind, Question, Questionnaire


@dataclass(frozen=True)
class QuestionGap:
    question_id: str
    section_id: str
    expected: int
    received: int
    weak: bool

    @property
    def gap(self) -> int:
        return self.received - self.expected


@dataclass(frozen=True)
class SectionGap:
    section_id: str
    title: str
    gap: float | None  # mean of the answered paired questions' gaps; None when none is
    answered: int
    paired: int  # asked paired questions in the section
    points: int | None  # importance points given to the section; None when not shared
    weak: bool


@dataclass(frozen=True)
class GapPicture:
    questions: tuple[QuestionGap, ...]
    sections: tuple[SectionGap, ...]
    overall: float | None
    weighted: bool  # the overall gap is weighted by the respondent's importance points
    weak_beyond: float
    total: int  # the importance points shared, 0 without an importance question

    def section(self, section_id: str) -> SectionGap | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def of(self, question_id: str) -> QuestionGap | None:
        return next((g for g in self.questions if g.question_id == question_id), None)

    def importance_factor(self, section_id: str) -> float:
        """A section's points against an even share (1.0 without importance points): 30 of 100
        across five sections is 1.5, so its gaps rank higher in the plan."""
        shared = [s for s in self.sections if s.points is not None]
        section = self.section(section_id)
        if not self.weighted or section is None or section.points is None or not self.total:
            return 1.0
        return section.points * len(shared) / self.total


def pair_of(answer: Answer | None) -> tuple[int, int] | None:
    """(expected, received) of a paired answer, or None when it has no such value."""
    if answer is None or answer.is_na or not isinstance(answer.value, tuple):
        return None
    if len(answer.value) != 2 or not all(isinstance(n, int) for n in answer.value):
        return None
    expected, received = answer.value
    return int(expected), int(received)


def importance_points(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> dict[str, int] | None:
    """Section id -> points, when the importance question is answered."""
    question = questionnaire.importance
    if question is None:
        return None
    answer = answers.get(question.id)
    if answer is None or answer.is_na or not isinstance(answer.value, tuple):
        return None
    values = [n for n in answer.value if isinstance(n, int)]
    if len(values) != len(question.across) or len(values) != len(answer.value):
        return None
    return dict(zip(question.across, values, strict=True))


def gap_picture(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> GapPicture | None:
    """The gaps of an audit on a questionnaire with paired questions; None for any other."""
    if not questionnaire.has_gaps:
        return None
    beyond = questionnaire.gap_weak_beyond
    asked = {q.id for q in asked_questions(questionnaire, answers)}
    points = importance_points(questionnaire, answers)
    shared = points or {}
    gaps: list[QuestionGap] = []
    sections: list[SectionGap] = []
    for section in questionnaire.sections:
        paired = [q for q in section.questions if q.kind is Kind.PAIRED and q.id in asked]
        mine = [g for q in paired if (g := _gap(q, section.id, answers.get(q.id), beyond))]
        gaps.extend(mine)
        mean = sum(g.gap for g in mine) / len(mine) if mine else None
        if not paired and section.id not in shared:
            continue
        sections.append(
            SectionGap(
                section.id,
                section.title,
                mean,
                len(mine),
                len(paired),
                shared.get(section.id),
                mean is not None and mean < -beyond,
            )
        )
    return GapPicture(
        tuple(gaps),
        tuple(sections),
        _overall(sections, points),
        points is not None,
        beyond,
        questionnaire.importance.total if questionnaire.importance else 0,
    )


def _gap(
    question: Question, section_id: str, answer: Answer | None, beyond: float
) -> QuestionGap | None:
    pair = pair_of(answer)
    if pair is None:
        return None
    expected, received = pair
    return QuestionGap(question.id, section_id, expected, received, received - expected < -beyond)


def _overall(sections: list[SectionGap], points: dict[str, int] | None) -> float | None:
    with_gap = [s for s in sections if s.gap is not None]
    if points is None:
        return (
            sum(s.gap for s in with_gap if s.gap is not None) / len(with_gap) if with_gap else None
        )
    weighted = [(s.points, s.gap) for s in with_gap if s.points and s.gap is not None]
    total = sum(p for p, _ in weighted)
    return sum(p * g for p, g in weighted) / total if total else None


def signed(number: float) -> str:
    """A gap as it reads: +0.5, -1.5, 0."""
    text = f"{number:+.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0") else text


def gap_lines(picture: GapPicture) -> list[str]:
    """The gap picture as plain lines, the same in `show`, the interview and the TUI."""
    beyond = signed(-picture.weak_beyond)
    lines = [f"Service gaps (received minus expected, in points; weak below {beyond}):"]
    for section in picture.sections:
        if section.gap is None and section.points is None:
            continue
        gap = "not answered" if section.gap is None else signed(section.gap)
        weak = ", weak" if section.weak else ""
        points = (
            f" ({section.points} of {picture.total} points)" if section.points is not None else ""
        )
        lines.append(f"  {section.title}: {gap}{weak}{points}")
    if picture.overall is not None:
        how = "weighted by importance points" if picture.weighted else "each part counted the same"
        lines.append(f"  Overall gap, {how}: {signed(picture.overall)}")
    return lines
