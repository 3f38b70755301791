"""What `audit repeat` takes from the earlier audit into the next one: its open actions, with
their owner, due date and status, marked as carried over. Answers are never taken: the next
audit asks again, and shows the earlier answer beside each question (audit/session/last_time.py).

The rules are in docs/scoring.md, "Repeating an audit".
"""

from __future__ import annotations

from collections.abc import Iterable

from audit.domain.audit import ActionEdit, Audit, Status
from audit.domain.compare import matching_later
from audit.domain.plan import Action
from audit.domain.questionnaire import Questionnaire


class RepeatRefused(ValueError):
    """An audit that should not be repeated as it is; the message is one line saying why."""


def check_repeatable(earlier: Audit, *, anyway: bool = False) -> None:
    """A draft is refused unless `anyway`: repeating one is most often the wrong audit picked,
    and its half-answered plan would carry over as if it were the finished picture."""
    if earlier.status is not Status.COMPLETE and not anyway:
        raise RepeatRefused(
            f"audit {earlier.id} is not finished; finish it first (`audit finish {earlier.id}`) "
            "or repeat it --anyway"
        )


def carried_edits(
    earlier: Audit, plan: Iterable[Action], newest: Questionnaire
) -> dict[str, ActionEdit]:
    """The open actions of the earlier plan, keyed by their id in the newest questionnaire.

    An action follows its question there: by the same id, or by the question that `replaces`
    it. An action whose question is gone from the newest version is left behind.
    """
    carried = {}
    for action in plan:
        if not action.is_open:
            continue
        question = matching_later(action.question_id, newest)
        if question is None:
            continue
        # The kind stays: "1" for the question's own action, "gap" for a perception gap
        # (audit/domain/voices.py); saving a gap's edit as "/1" would put a done action back.
        kind = action.id.rpartition("/")[2]
        carried[f"{question.id}/{kind}"] = ActionEdit(
            owner=action.owner, due=action.due, status=action.status, carried_from=earlier.id
        )
    return carried
