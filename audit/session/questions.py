"""How a question is offered and answered, the same in every front end: its numbered options,
what a key or a typed reply stands for, and the words that ask for and refuse an answer.

Pure functions of the questionnaire's `Question`: the TUI draws them as a list with marks, the
interview prints them as lines; neither decides again what `3` or `p` means.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.domain.answers import AnswerError, AnswerValue, parse_value
from audit.domain.questionnaire import Kind, Question

# The three answers of a yes/partly/no question, each picked by its first letter.
YES_PARTLY_NO = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"))
# A multiple-choice reply that says "none of these" in so many words.
NONE_OF_THESE = ("none", "0", "-")
CHOICE_KINDS = (Kind.SCALE, Kind.SINGLE, Kind.YES_PARTLY_NO)
# Typed in a box or at the prompt: a paired answer is two point numbers ("6 4"), importance
# points one number a section ("30 20 20 15 15").
TYPED_KINDS = (Kind.NUMBER, Kind.TEXT, Kind.PAIRED, Kind.IMPORTANCE)


@dataclass(frozen=True)
class Choice:
    """One numbered (or lettered) option: `key` picks it, `value` is what is stored."""

    key: str
    value: str | int
    label: str

    @property
    def line(self) -> str:
        return f"{self.key}  {self.label}"


def choices_of(question: Question) -> tuple[Choice, ...]:
    """The options in order: points and choices by number from 1, yes/partly/no by letter."""
    match question.kind:
        case Kind.SCALE:
            return tuple(
                Choice(str(n), n, label) for n, label in enumerate(question.points, start=1)
            )
        case Kind.YES_PARTLY_NO:
            return tuple(Choice(value[0], value, label) for value, label in YES_PARTLY_NO)
        case Kind.SINGLE | Kind.MULTIPLE:
            return tuple(
                Choice(str(n), c.id, c.label) for n, c in enumerate(question.choices, start=1)
            )
    return ()


def picked_by_key(question: Question, key: str) -> str | int | None:
    """The value one key press picks on a single-answer question (a digit, or y/p/n); None if
    the key picks nothing there."""
    if question.kind not in CHOICE_KINDS or not key:
        return None
    return next((c.value for c in choices_of(question) if c.key == key), None)


def ticked_by_key(question: Question, key: str) -> int | None:
    """On a multiple-choice question: the index of the choice a digit ticks or unticks, -1 for
    0 ("none of these"), None for any other key."""
    if question.kind is not Kind.MULTIPLE or not key.isdigit():
        return None
    number = int(key)
    if number == 0:
        return -1
    return number - 1 if number <= len(question.choices) else None


def after_toggle(question: Question, value: AnswerValue | None, index: int) -> list[str]:
    """The choice ids ticked once choice `index` of a multiple-choice question is ticked or
    unticked, in the question's order; empty when the last tick goes."""
    ticked = set(value) if isinstance(value, tuple) else set()
    ticked ^= {question.choices[index].id}
    return [c.id for c in question.choices if c.id in ticked]


def value_of_reply(question: Question, text: str) -> AnswerValue:
    """The value a typed reply stands for, checked; numbers pick choices by position. Raises
    AnswerError with the reason it cannot be saved."""
    raw: object = text
    if question.kind is Kind.SINGLE and text.isdigit():
        index = int(text)
        if not 1 <= index <= len(question.choices):
            raise AnswerError(f"{text} is not one of 1 to {len(question.choices)}")
        raw = question.choices[index - 1].id
    elif question.kind is Kind.MULTIPLE:
        raw = [] if text.lower() in NONE_OF_THESE else _picked_numbers(question, text)
    return parse_value(question, raw)


def _picked_numbers(question: Question, text: str) -> list[str]:
    picked = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= len(question.choices):
            raise AnswerError(f"{part!r} is not one of the numbers 1 to {len(question.choices)}")
        picked.append(question.choices[int(part) - 1].id)
    return picked


def key_range(question: Question) -> str:
    """The keys that answer: "1-5", "y, p or n"; empty for a typed answer."""
    if question.kind is Kind.YES_PARTLY_NO:
        return "y, p or n"
    count = len(choices_of(question))
    return f"1-{count}" if count else ""


def number_wanted(question: Question) -> str:
    """ "a number of days (at least 0, at most 30)": what a number question takes."""
    bounds = []
    if question.minimum is not None:
        bounds.append(f"at least {question.minimum:g}")
    if question.maximum is not None:
        bounds.append(f"at most {question.maximum:g}")
    unit = f" {question.unit}" if question.unit else ""
    return f"a number{unit}" + (f" ({', '.join(bounds)})" if bounds else "")


def scale_line(question: Question) -> str:
    """The points of a paired question on one line: "1 Very little ... 7 A great deal"."""
    named = [f"{n} {label}" for n, label in enumerate(question.points, start=1) if label]
    if len(named) == len(question.points):
        return ", ".join(named)
    return " ... ".join(named) if named else f"1 to {len(question.points)}"


def typed_wanted(question: Question, short: bool = False) -> str:
    """What a typed answer takes, for the prompt and the box: the same words in both; `short`
    fits an 80-column box."""
    match question.kind:
        case Kind.PAIRED:
            top = len(question.points)
            like = f"{top - 1} {top // 2}"
            if short:
                return f"expected, then received, each 1 to {top}, like {like}"
            return f"what customers expect, then what they get, each 1 to {top}, like {like}"
        case Kind.IMPORTANCE:
            parts = len(question.across)
            even = [question.total // parts] * parts
            even[0] += question.total - sum(even)
            example = " ".join(str(n) for n in even)
            if short:
                return f"{parts} numbers adding up to {question.total}, like {example}"
            return (
                f"points for {', '.join(question.across)} in turn, adding up to "
                f"{question.total}, like {example}"
            )
        case Kind.NUMBER:
            return number_wanted(question)
    return "text"


def typed_text(question: Question, value: AnswerValue | None) -> str:
    """A stored answer as it is typed again: "6 4" for a pair, not "(6, 4)"."""
    if value is None:
        return ""
    if question.kind in (Kind.PAIRED, Kind.IMPORTANCE) and isinstance(value, tuple):
        return " ".join(str(n) for n in value)
    return str(value)


# Refusals: the one wording of each, whichever front end says it.
NOT_SAVED = "Not saved: {reason}"
CANNOT_BE_NA = "this question cannot be marked N/A"
NOTHING_TYPED = "Type an answer first, or press → to skip this question."
NOTHING_TICKED = "Nothing ticked: not answered. Press 0 if none of these apply."


def not_saved(reason: object) -> str:
    return NOT_SAVED.format(reason=reason)
