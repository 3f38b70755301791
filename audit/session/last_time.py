""" "Last time": the earlier audit's answer to a question, as one line beside it, for an audit
that repeats an earlier one (`Audit.follows`). Both front ends show this line and never fill the
answer in from it: the business answers again, with the old answer in sight.
"""

from __future__ import annotations

from collections.abc import Mapping

from audit.domain.answers import Answer, AnswerValue, describe_value
from audit.domain.audit import Audit
from audit.domain.compare import matching_earlier
from audit.domain.questionnaire import Kind, Question, Questionnaire

# A text answer is quoted up to this many characters: the line must stay one line.
TEXT_CUT = 60


def last_time_line(
    question: Question,
    earlier: Audit,
    earlier_questions: Questionnaire,
    answers: Mapping[str, Answer] | None = None,
    lead: str = "Last time",
) -> str:
    """ "Last time: 3 of 5 (Often)", "Last time: N/A", "Last time: not answered"...

    The earlier question is the one with this id or one it `replaces`; its own scale words the
    answer, so a changed scale still reads as what was chosen then. `answers` are the earlier
    answers to quote (the owner's by default), `lead` what the line calls them.
    """
    then = matching_earlier(question, earlier_questions)
    if then is None:
        return "Last time: not asked (a new question)"
    answer = (earlier.answers if answers is None else answers).get(then.id)
    if answer is None or not answer.is_answered:
        return f"{lead}: not answered"
    if answer.is_na:
        return f"{lead}: N/A"
    return f"{lead}: {_worded(then, answer.value)}"


def _worded(question: Question, value: AnswerValue | None) -> str:
    points = question.points
    if question.kind is Kind.SCALE and isinstance(value, int) and 1 <= value <= len(points):
        return f"{value} of {len(points)} ({points[value - 1]})"
    if question.kind is Kind.TEXT:
        text = " ".join(str(value).split())
        return f"“{text[: TEXT_CUT - 1]}…”" if len(text) > TEXT_CUT else f"“{text}”"
    return describe_value(question, value)
