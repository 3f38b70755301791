"""What stands between an audit and its finish: the review's items, their tally, and the words
that refuse to finish while a required question is unanswered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from audit.domain.questionnaire import Question, Section


class Problem(StrEnum):
    """Why a question is listed in the review."""

    UNANSWERED = "unanswered"
    FLAGGED = "flagged"
    NOT_APPLICABLE = "not applicable"


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    section: Section
    problem: Problem
    blocking: bool  # an unanswered hard-required question blocks completion


@dataclass(frozen=True)
class ReviewSummary:
    """The review's items and the counts every front end shows before finishing."""

    items: tuple[ReviewItem, ...]

    @property
    def blocking(self) -> list[ReviewItem]:
        return [item for item in self.items if item.blocking]

    def having(self, problem: Problem) -> list[Question]:
        return [item.question for item in self.items if item.problem is problem]

    @property
    def unanswered(self) -> list[Question]:
        return self.having(Problem.UNANSWERED)

    @property
    def flagged(self) -> list[Question]:
        return self.having(Problem.FLAGGED)


def answer_required_first(blocking: Sequence[ReviewItem], *, by_id: bool = False) -> str:
    """The refusal to finish: the required questions still unanswered, by id (for a command
    line, where the id is what one types next) or by the start of their text (on screen)."""
    if by_id:
        return "answer the required questions first: " + ", ".join(
            item.question.id for item in blocking
        )
    names = "; ".join(item.question.text[:50] for item in blocking)
    return f"Answer the required questions first: {names}"


def unanswered_count(count: int) -> str:
    """ "2 questions are unanswered": said before asking to finish anyway."""
    return f"{count} question{'s are' if count != 1 else ' is'} unanswered"
