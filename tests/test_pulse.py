"""What customers say: NPS, CSAT, CES and the phase scores, worked out by hand
(docs/scoring.md, "What customers say", has the same ten customers)."""

from __future__ import annotations

import pytest

from audit.catalog import load_catalog
from audit.domain.answers import Answer
from audit.domain.customers import OVERALL, customers_view, finding_actions, with_findings
from audit.domain.plan import Action, PlanPart
from audit.domain.pulse import measure_pulse, signed
from audit.domain.scoring import Verdict, score_audit


@pytest.fixture(scope="module")
def builtins():
    catalog = load_catalog([])
    assert catalog.problems == []
    return {e.questionnaire.id: e.questionnaire for e in catalog.entries}


def customer(**values):
    """One customer's answers; `None` marks a question they said does not apply."""
    answers = {}
    for key, value in values.items():
        question = key.replace("_", "-")
        if value is None:
            answers[question] = Answer(question, na_reason="needed nothing since")
        else:
            answers[question] = Answer(question, value)
    return answers


# The docs' ten customers: recommend, satisfied, effort, customer-during, customer-after.
TEN = [
    (10, 5, 7, 4, 5),
    (10, 5, 6, 4, 5),
    (9, 4, 6, 3, 3),
    (8, 4, 5, 3, 1),
    (7, 4, 5, 3, None),
    (6, 3, 4, 2, None),
    (5, 2, 3, 2, None),
    (3, 1, 2, 1, None),
    (9, 5, 7, 5, None),
    (10, 4, 6, 4, None),
]


def ten_customers():
    return [
        customer(
            recommend=r,
            satisfied=s,
            effort=e,
            customer_before=4,
            customer_during=d,
            customer_after=a,
        )
        for r, s, e, d, a in TEN
    ]


def test_the_docs_ten_customers_give_nps_csat_and_ces(builtins):
    pulse = measure_pulse(builtins["customer-pulse"], ten_customers())
    # recommend: promoters 10,10,9,9,10 = 5; passives 8,7 = 2; detractors 6,5,3 = 3.
    assert (pulse.promoters, pulse.passives, pulse.detractors) == (5, 2, 3)
    # NPS = 5/10 - 3/10 = 50% - 30% = +20
    assert pulse.nps == pytest.approx(20.0)
    assert signed(20.0) == "+20"
    # satisfied at 4 or 5: 5,5,4,4,4,5,4 = 7 of 10 -> CSAT 70%
    assert (pulse.satisfied, pulse.satisfaction_answers) == (7, 10)
    assert pulse.csat == pytest.approx(70.0)
    # effort: 7+6+6+5+5+4+3+2+7+6 = 51 over 10 -> CES 5.1 on 1-7
    assert pulse.ces == pytest.approx(5.1)


def test_the_docs_ten_customers_give_a_score_per_phase(builtins):
    pulse = measure_pulse(builtins["customer-pulse"], ten_customers())
    assert [p.section_id for p in pulse.phases] == ["before", "during", "after"]
    # before: point 4 of 5 is 75 for all ten
    assert (pulse.phase("before").score, pulse.phase("before").customers) == (75.0, 10)
    # during: points 4,4,3,3,3,2,2,1,5,4 -> 75,75,50,50,50,25,25,0,100,75 = 525 / 10 = 52.5
    assert pulse.phase("during").score == pytest.approx(52.5)
    # after: four answered 5,5,3,1 -> 100,100,50,0 = 250 / 4 = 62.5; the six N/A are left out
    assert pulse.phase("after").score == pytest.approx(62.5)
    assert pulse.phase("after").customers == 4


def test_a_customer_who_answered_nothing_is_not_counted(builtins):
    pulse = measure_pulse(builtins["customer-pulse"], [customer(recommend=10), {}])
    assert pulse.customers == 1
    assert pulse.nps == pytest.approx(100.0)
    # no satisfaction or effort answer: no number rather than a 0
    assert pulse.csat is None and pulse.ces is None


def test_overall_is_the_mean_of_each_customers_pulse_score(builtins):
    pulse = measure_pulse(
        builtins["customer-pulse"],
        [
            # every answer at its best: 100 in all four sections -> 100
            customer(
                recommend=10,
                satisfied=5,
                effort=7,
                customer_before=5,
                customer_during=5,
                customer_after=5,
            ),
            # every answer at its worst, after N/A: 0 in three sections -> 0
            customer(
                recommend=0,
                satisfied=1,
                effort=1,
                customer_before=1,
                customer_during=1,
                customer_after=None,
            ),
            # 5/10, 3 of 5, 4 of 7 and 3 of 5 are each half-way: 50 in two sections -> 50
            customer(recommend=5, satisfied=3, effort=4, customer_during=3),
        ],
    )
    # (100 + 0 + 50) / 3 = 50
    assert pulse.overall == pytest.approx(50.0)
    assert pulse.overall_customers == 3
    assert signed(-35.4) == "-35" and signed(0.2) == "0"


def self_answers(**values):
    return {k.replace("_", "-"): Answer(k.replace("_", "-"), v) for k, v in values.items()}


def test_the_owner_rating_delivery_far_above_customers_is_a_finding(builtins):
    three = builtins["three-phases"]
    # The owner answers only the during-delivery basic `as-agreed`: point 5 of 5 = 100.
    score = score_audit(three, self_answers(business_kind="shop", as_agreed=5))
    during = score.phase("during")
    assert during.delivered == pytest.approx(100.0)
    view = customers_view(score, measure_pulse(builtins["customer-pulse"], ten_customers()))
    rows = {row.section_id: row for row in view.rows}
    assert list(rows) == ["before", "during", "after", OVERALL]
    # you say 100, ten customers say 52.5: 47.5 points lower, at least 5 customers -> finding
    assert rows["during"].gap == pytest.approx(47.5)
    assert rows["during"].finding
    # nothing answered before the sale: no self-rating, so no gap and no finding
    assert rows["before"].you is None and not rows["before"].finding
    # with phases, the overall comparison never makes a finding of its own
    assert not rows[OVERALL].finding
    (action,) = finding_actions(view)
    assert action.id == "customers-during/1"
    assert "You rate your care during delivery at 100" in action.reason
    assert "10 customers give it 52 on average, 48 points lower" in action.reason


def test_a_gap_needs_five_customers_and_25_points(builtins):
    three = builtins["three-phases"]
    pulse_questionnaire = builtins["customer-pulse"]
    score = score_audit(three, self_answers(business_kind="shop", as_agreed=4))  # 75
    # four customers at point 1 (0): 75 points lower, but only four customers
    four = measure_pulse(pulse_questionnaire, [customer(customer_during=1)] * 4)
    assert not customers_view(score, four).findings
    # five customers at point 3 (50): 25 points lower, five customers -> exactly on the line
    five = measure_pulse(pulse_questionnaire, [customer(customer_during=3)] * 5)
    assert [r.section_id for r in customers_view(score, five).findings] == ["during"]
    # five customers at 4 of 5 and one at 3: (75*5 + 50) / 6 = 70.8, under 5 points: none
    close = measure_pulse(
        pulse_questionnaire, [customer(customer_during=4)] * 5 + [customer(customer_during=3)]
    )
    assert not customers_view(score, close).findings


def test_customers_rating_higher_than_the_owner_is_no_finding(builtins):
    three = builtins["three-phases"]
    score = score_audit(three, self_answers(business_kind="shop", as_agreed=1))  # 0
    pulse = measure_pulse(builtins["customer-pulse"], [customer(customer_during=5)] * 6)
    view = customers_view(score, pulse)
    during = next(r for r in view.rows if r.section_id == "during")
    assert during.gap == pytest.approx(-100.0) and not view.findings


def test_five_steps_compares_only_the_overall_and_can_make_it_a_finding(builtins):
    five = builtins["five-steps"]
    question = next(q for q in five.questions if q.scored and q.kind.value == "yes-partly-no")
    score = score_audit(five, {question.id: Answer(question.id, "yes")})
    assert score.overall == pytest.approx(100.0)
    # five customers, every answer half-way (see the overall test): 50 each -> 50
    halfway = customer(recommend=5, satisfied=3, effort=4, customer_during=3)
    view = customers_view(score, measure_pulse(builtins["customer-pulse"], [halfway] * 5))
    assert [r.section_id for r in view.rows] == [OVERALL]
    # you say 100, customers 50: 50 points lower, five customers -> a finding on the overall
    assert [r.section_id for r in view.findings] == [OVERALL]


def plan_row(rank, category, part=PlanPart.MAIN):
    return Action(
        id=f"q{rank}/1",
        rank=rank,
        text="t",
        question_id=f"q{rank}",
        section_id="s",
        section_title="S",
        category=category,
        horizon_days=30,
        reason="r",
        urgency=0.0,
        part=part,
    )


def test_findings_come_first_among_improvements_and_keep_the_plan_at_twelve(builtins):
    three = builtins["three-phases"]
    score = score_audit(three, self_answers(business_kind="shop", as_agreed=5))
    pulse = measure_pulse(builtins["customer-pulse"], ten_customers())
    findings = finding_actions(customers_view(score, pulse))
    # a full main plan: 2 fixes, 1 delight, 9 improvements; then one later row
    plan = [plan_row(n, Verdict.FIX_FIRST) for n in (1, 2)]
    plan += [plan_row(3, Verdict.DELIGHT)]
    plan += [plan_row(n, Verdict.IMPROVE) for n in range(4, 13)]
    plan += [plan_row(13, Verdict.IMPROVE, PlanPart.LATER)]
    merged = with_findings(plan, findings)
    ids = [a.id for a in merged]
    assert ids[:4] == ["q1/1", "q2/1", "q3/1", "customers-during/1"]
    assert [a.rank for a in merged] == list(range(1, 15))
    main = [a for a in merged if a.part is PlanPart.MAIN]
    # twelve rows in the main plan: the last improvement (q12) is pushed to the top of later
    assert len(main) == 12
    assert [a.id for a in merged if a.part is PlanPart.LATER] == ["q12/1", "q13/1"]
