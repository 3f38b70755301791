"""What a questionnaire IS: sections, questions, conditions and impact profiles.

Plain frozen dataclasses built by `audit.domain.loader`; nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    SCALE = "scale"
    YES_PARTLY_NO = "yes-partly-no"
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"
    TEXT = "text"
    # What customers expect and what they get, on one scale: the gap between them is scored.
    PAIRED = "paired"
    # Points the respondent shares across sections to say what matters most to them.
    IMPORTANCE = "importance"


class Requirement(StrEnum):
    HARD = "hard"  # blocks finishing the audit
    SOFT = "soft"  # warns, but the audit can be finished
    NO = "no"


class Level(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very-high"

    @property
    def rank(self) -> int:
        """1 for low up to 4 for very high, for comparisons."""
        return list(Level).index(self) + 1


class Test(StrEnum):
    """The one test a condition applies to an earlier answer."""

    IS = "is"
    IS_NOT = "is_not"
    IN = "in"
    INCLUDES = "includes"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


YES_PARTLY_NO_VALUES = ("yes", "partly", "no")

# Tags with a meaning in the advice model (docs/scoring.md): extras earn goodwill; reachability
# at its worst point is the "something terrible" that no phase forgives; an own-idea text answer
# names something the owner wants done and goes into the plan.
EXTRA_TAG = "delight"
REACHABLE_TAG = "reachable"
OWN_IDEA_TAG = "own-idea"

# A condition value: a choice id, yes/partly/no, a point number or a number; `in` takes a list.
ConditionValue = str | int | float | tuple[str | int | float, ...]


@dataclass(frozen=True)
class Condition:
    question: str
    test: Test
    value: ConditionValue


@dataclass(frozen=True)
class Bounds:
    """Other best and worst values for a number question, used when every condition holds: how
    many customers leaving a year is good depends on how they buy."""

    when: tuple[Condition, ...]
    best: float
    worst: float


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    score: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    kind: Kind
    required: Requirement = Requirement.SOFT
    weight: float = 1.0
    allow_na: bool = False
    when: tuple[Condition, ...] = ()
    actions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    points: tuple[str, ...] = ()  # scale labels, point 1 first
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    best: float | None = None
    worst: float | None = None
    unit: str = ""
    bounds: tuple[Bounds, ...] = ()  # the first whose `when` holds replaces best and worst
    # The question's own impact where it differs from its phase's (or where there is no phase):
    # over-promising in a quote is asked before the sale but does its harm during delivery.
    harm: Level | None = None
    goodwill: Level | None = None
    # Ids this question had in earlier versions of the file: a re-audit compares it with them.
    replaces: tuple[str, ...] = ()
    # An importance question: the points to share and the section ids they are shared across.
    total: int = 0
    across: tuple[str, ...] = ()
    # The named scale (`[scales.NAME]`) the points came from, if any.
    scale: str = ""

    @property
    def scored(self) -> bool:
        """Whether an answer to this question counts towards a score."""
        if self.weight <= 0:
            return False
        match self.kind:
            case Kind.TEXT | Kind.IMPORTANCE:
                return False
            case Kind.SINGLE | Kind.MULTIPLE:
                return any(choice.score is not None for choice in self.choices)
            case Kind.NUMBER:
                return self.best is not None and self.worst is not None
            case _:
                return True

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def is_extra(self) -> bool:
        """An "over and above" effort: it earns goodwill and never counts towards a basic."""
        return EXTRA_TAG in self.tags


@dataclass(frozen=True)
class ProfileAdjustment:
    """A context answer that shifts a phase's profile (article 000: recommendations, support)."""

    when: tuple[Condition, ...]
    reason: str
    expectation: Level | None = None
    positive: Level | None = None
    negative: Level | None = None


@dataclass(frozen=True)
class Profile:
    """A phase's profile: what customers expect, what extra effort earns, what failure costs."""

    expectation: Level
    positive: Level
    negative: Level
    adjustments: tuple[ProfileAdjustment, ...] = ()
    # The core phase (doing the job itself): while it is "fix first", the overall band is capped.
    core: bool = False


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    weight: float = 1.0
    profile: Profile | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    version: str
    description: str
    sections: tuple[Section, ...]
    weak_below: float = 0.67
    content_hash: str = field(default="", compare=False)
    # A paired question is weak when what customers get falls short of what they expect by more
    # than this many points of its scale (docs/scoring.md, "Service gaps").
    gap_weak_beyond: float = 1.0

    @property
    def has_gaps(self) -> bool:
        """Whether any question asks for expected and received: the gap picture applies."""
        return any(q.kind is Kind.PAIRED for q in self.questions)

    @property
    def importance(self) -> Question | None:
        """The question whose points weight the sections' gaps, if the file has one."""
        return next((q for q in self.questions if q.kind is Kind.IMPORTANCE), None)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def section_of(self, question_id: str) -> Section | None:
        for section in self.sections:
            if any(q.id == question_id for q in section.questions):
                return section
        return None
