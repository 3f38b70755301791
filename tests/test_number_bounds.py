"""Number questions whose good and bad values follow the business profile (issue 13 item 2)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from audit.catalog import load_catalog
from audit.console import questionnaire_page
from audit.domain.answers import Answer
from audit.domain.compare import question_change
from audit.domain.plan import build_plan
from audit.domain.questionnaire import Questionnaire
from audit.domain.scoring import score_audit
from tests.test_loader import HEADER, problems_of, q


@pytest.fixture(scope="module")
def five_steps():
    catalog = load_catalog([])
    return next(e.questionnaire for e in catalog.entries if e.questionnaire.id == "five-steps")


def churn_answers(pattern: str, churn: float) -> dict[str, Answer]:
    values: dict[str, str | float] = {
        "business-kind": "professional",
        "buying-pattern": pattern,
        "team-size": "small",
        "know-churn": "yes",
        "churn-rate": churn,
    }
    return {k: Answer(k, v) for k, v in values.items()}


@pytest.mark.parametrize(
    ("pattern", "churn_score"),
    [
        ("subscription", (15 - 20) / (3 - 20)),  # 5/17 = 0.294
        ("regular", (15 - 40) / (5 - 40)),  # 25/35 = 0.714: the question's own pair
        ("now-and-then", 1.0),  # (15-60)/(20-60) = 1.125, clamped
    ],
)
def test_losing_15_percent_of_customers_scores_by_how_they_buy(five_steps, pattern, churn_score):
    score = score_audit(five_steps, churn_answers(pattern, 15))
    strategy = score.section("strategy")
    # know-churn "yes" scores 1; lost-reasons is asked but unanswered, so it does not count.
    assert strategy.score == pytest.approx(100 * (1.0 + churn_score) / 2)


def test_the_plan_asks_a_subscription_business_to_act_on_churn_a_now_and_then_one_not(five_steps):
    def planned(pattern: str) -> list[str]:
        answers = churn_answers(pattern, 15)
        plan = build_plan(five_steps, answers, score_audit(five_steps, answers))
        return [a.question_id for a in plan]

    assert "churn-rate" in planned("subscription")  # 0.29 is below weak_below 0.67
    assert "churn-rate" not in planned("now-and-then")  # 1.0
    assert "churn-rate" not in planned("regular")  # 0.71


def test_the_questionnaire_page_shows_every_pair_and_when_it_applies(five_steps):
    page = " ".join(questionnaire_page(five_steps).split())
    assert (
        "best 3 and worst 20 if buying-pattern is subscription, best 20 and worst 60 if "
        "buying-pattern is now-and-then, else best 5 and worst 40" in page
    )


KIND = q(
    "buying",
    'kind = "single"\nchoices = [{ id = "once", label = "O" }, { id = "often", label = "F" }]',
    actions=False,
)


def number(extra: str, own: str = "best = 5\nworst = 40") -> str:
    return HEADER + KIND + q("churn", f'kind = "number"\nmin = 0\nmax = 100\n{own}\n{extra}')


def test_good_bounds_load_in_order(five_steps):
    churn = five_steps.question("churn-rate")
    assert [(b.best, b.worst) for b in churn.bounds] == [(3, 20), (20, 60)]
    assert churn.bounds[0].when[0].question == "buying-pattern"


@pytest.mark.parametrize(
    ("extra", "own", "said"),
    [
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "often" }\n'
            "best = 50\nworst = 10",
            "best = 5\nworst = 40",
            '.bounds[0]: "best" must be lower than "worst", as in the question\'s own pair',
        ),
        (
            "[[sections.questions.bounds]]\nbest = 1\nworst = 10",
            "best = 5\nworst = 40",
            '.bounds[0]: "when" is missing: say which businesses these bounds are for',
        ),
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "often" }\n'
            "best = 1\nworst = 150",
            "best = 5\nworst = 40",
            '.bounds[0]: "worst" 150.0 lies outside "min" to "max"',
        ),
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "oftn" }\n'
            "best = 1\nworst = 10",
            "best = 5\nworst = 40",
            '.bounds[0]: "buying" has no choice "oftn"',
        ),
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "often" }\nbest = 1',
            "best = 5\nworst = 40",
            '.bounds[0]: "worst" is missing',
        ),
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "often" }\n'
            "best = 1\nworst = 10",
            "",
            '"bounds" needs the question\'s own "best" and "worst" too',
        ),
        (
            '[[sections.questions.bounds]]\nwhen = { question = "buying", is = "often" }\n'
            "best = 1\nworse = 10",
            "best = 5\nworst = 40",
            '.bounds[0]: unknown key "worse" (did you mean "worst"?)',
        ),
        ('bounds = "tight"', "best = 5\nworst = 40", '"bounds" must be a list of tables'),
    ],
)
def test_a_bad_bounds_table_is_one_clear_line(extra, own, said):
    problems = problems_of(number(extra, own))
    assert any(said in line for line in problems), problems
    assert all(
        re.match(r"q\.toml: line \d+: sections\[0\]\.questions\[1\]", line) for line in problems
    )


def test_bounds_on_a_question_that_is_not_a_number_are_refused():
    text = (
        HEADER
        + KIND
        + q(
            "x",
            'kind = "yes-partly-no"\n[[sections.questions.bounds]]\n'
            'when = { question = "buying", is = "often" }\nbest = 1\nworst = 2',
        )
    )
    (problem,) = problems_of(text)
    assert problem.endswith('"bounds" belongs to a number, not to kind "yes-partly-no"')


class _Seen:
    """An audit as a comparison reads it: its answers and its questionnaire."""

    def __init__(self, questionnaire: Questionnaire, answers: dict[str, Answer]) -> None:
        self.questionnaire = questionnaire
        self.audit: Any = SimpleNamespace(answers=answers)
        self.score = score_audit(questionnaire, answers)
        self.plan = build_plan(questionnaire, answers, self.score)


def test_a_business_that_moved_to_subscriptions_is_not_compared_on_churn(five_steps):
    then = _Seen(five_steps, churn_answers("regular", 15))
    same = question_change("churn-rate", then, _Seen(five_steps, churn_answers("regular", 10)))
    # (10-40)/(5-40) = 85.7% against (15-40)/(5-40) = 71.4%
    assert same.before == pytest.approx(100 * 25 / 35)
    assert same.after == pytest.approx(100 * 30 / 35)
    moved = question_change(
        "churn-rate", then, _Seen(five_steps, churn_answers("subscription", 10))
    )
    assert (moved.before, moved.after, moved.why_not) == (None, None, "its answer scale changed")
