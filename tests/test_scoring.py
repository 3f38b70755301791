"""Scores against numbers worked out by hand (docs/scoring.md walks through the same case)."""

from __future__ import annotations

import pytest

from audit.domain.answers import Answer
from audit.domain.plan import build_plan
from audit.domain.questionnaire import Level
from audit.domain.scoring import Verdict, phase_verdict, score_audit

FULL = {
    "asked": 4,  # (4-1)/(5-1) = 0.75, weight 2
    "guarantee": "partly",  # 0.5
    "how": "Refund within 30 days",  # text: not scored
    "reach": ("phone", "chat"),  # (0.5 + 0.25) / 1.0 = 0.75
    "hours": 15,  # (15 - 48) / (4 - 48) = 0.75
    "support": "yes",  # weight 0: context only
    "follow-up": 2,  # (2-1)/(4-1) = 1/3, tagged delight
    "complaints": "no",  # 0
}


def answers(**overrides):
    values = {**FULL, **overrides}
    return {k: Answer(k, v) for k, v in values.items() if v is not None}


def test_section_and_overall_scores_match_hand_computation(small):
    score = score_audit(small, answers())
    basics, channels, after = score.sections
    assert basics.score == pytest.approx(100 * (2 * 0.75 + 0.5) / 3)  # 66.67
    assert channels.score == pytest.approx(75.0)
    assert after.score == pytest.approx(100 * (1 / 3 + 0) / 2)  # 16.67
    # Section weights 1, 2, 1.
    assert score.overall == pytest.approx((66.6667 + 2 * 75 + 16.6667) / 4, abs=1e-3)  # 58.33
    assert score.band == "Developing"
    assert (score.answered, score.asked) == (8, 8)


def test_na_and_skipped_questions_leave_the_score(small):
    na = answers(guarantee=None)
    na["guarantee"] = Answer("guarantee", None, na_reason="we sell services")
    basics = score_audit(small, na).section("basics")
    assert basics.score == pytest.approx(75.0)  # only "asked" counts
    assert (basics.not_applicable, basics.skipped) == (1, 1)  # "how" is skipped


def test_unanswered_questions_do_not_pull_the_score_down(small):
    score = score_audit(small, answers(reach=None, hours=None))
    assert score.section("channels").score is None
    assert score.overall == pytest.approx((66.6667 + 16.6667) / 2, abs=1e-3)
    assert (score.answered, score.asked) == (6, 8)


def test_nothing_answered_has_no_score(small):
    score = score_audit(small, {})
    assert score.overall is None and score.band is None
    assert score.phases[0].verdict is Verdict.UNKNOWN


def test_context_answers_shift_the_phase_profile(small):
    with_support = score_audit(small, answers()).phase("after")
    assert with_support.expectation is Level.VERY_HIGH and with_support.expected == 85.0
    assert with_support.reasons == ("you offer support",)
    # Delivered is judged on the basics only: complaints "no" = 0; follow-up is an extra.
    assert (with_support.delivered, with_support.goodwill) == (0.0, pytest.approx(100 / 3))
    assert with_support.gap == 85.0
    without = score_audit(small, answers(support="no")).phase("after")
    assert without.expectation is Level.MODERATE and without.expected == 50.0
    assert without.reasons == ()


VH, H, M, L = Level.VERY_HIGH, Level.HIGH, Level.MODERATE, Level.LOW


@pytest.mark.parametrize(
    ("expectation", "positive", "negative", "basics", "extras", "terrible", "verdict"),
    [
        (VH, L, VH, 71.0, None, (), Verdict.FIX_FIRST),  # a delivery slip: 71 < 85
        (VH, L, VH, 82.0, None, (), Verdict.IMPROVE),  # 3 points short: within the close margin
        (VH, L, VH, 85.0, None, (), Verdict.KEEP_DOING),  # the core job done is only expected
        (VH, L, VH, 90.0, 80.0, (), Verdict.STAND_OUT),  # the core plus a remarkable first visit
        (L, VH, L, 53.0, 40.0, (), Verdict.DELIGHT),  # 53 >= 30 met; extras not yet done well
        (L, VH, L, 67.0, 75.0, (), Verdict.STAND_OUT),  # extras at 75 on basics at the weak line
        (L, VH, L, 53.0, 75.0, (), Verdict.IMPROVE),  # 53 >= 30 met, but weak: extras cannot count
        (L, VH, L, 29.0, 0.0, ("floor",), Verdict.FIX_FIRST),  # below the floor of 30
        (L, VH, L, 60.0, 0.0, ("phone-manner",), Verdict.FIX_FIRST),  # calls go unanswered
        (H, M, L, 60.0, 0.0, (), Verdict.IMPROVE),  # 60 < 70 where a failure costs little
        (VH, M, VH, 100.0, 0.0, (), Verdict.KEEP_DOING),  # support met; extras are options
        (M, L, H, 50.0, None, (), Verdict.KEEP_DOING),  # exactly met
    ],
)
def test_phase_verdicts_follow_the_three_phase_argument(
    expectation, positive, negative, basics, extras, terrible, verdict
):
    count = 0 if extras is None else 1
    result = phase_verdict(expectation, positive, negative, basics, extras, count, terrible)
    assert result is verdict


def test_plan_ranks_fix_first_then_delight_then_improve(small):
    given = answers()
    plan = build_plan(small, given, score_audit(small, given))
    assert [(a.rank, a.question_id, a.category, a.horizon_days) for a in plan] == [
        (1, "complaints", Verdict.FIX_FIRST, 30),
        (2, "follow-up", Verdict.DELIGHT, 60),
        (3, "guarantee", Verdict.IMPROVE, 90),
    ]
    assert plan[0].id == "complaints/1"
    assert 'You answered "No" (0/100) in After the sale' in plan[0].reason
    assert "expectations here are very high" in plan[0].reason


def test_plan_is_deterministic_and_keeps_edits(small):
    from audit.domain.audit import ActionEdit, ActionStatus

    given = answers()
    score = score_audit(small, given)
    edits = {"guarantee/1": ActionEdit("Sam", "2026-12-31", ActionStatus.DOING)}
    first = build_plan(small, given, score, edits)
    assert first == build_plan(small, dict(reversed(list(given.items()))), score, edits)
    edited = next(a for a in first if a.id == "guarantee/1")
    assert (edited.owner, edited.due, edited.status) == ("Sam", "2026-12-31", ActionStatus.DOING)


def test_strong_answers_give_an_empty_plan(small):
    strong = answers(guarantee="yes", **{"follow-up": 4}, complaints="yes")
    assert build_plan(small, strong, score_audit(small, strong)) == ()


def test_at_most_five_questions_are_fix_first():
    from audit.catalog import load_catalog
    from audit.domain.answers import asked_questions
    from audit.domain.questionnaire import Kind

    five = load_catalog([]).get("five-steps").questionnaire
    worst = {}
    for question in asked_questions(five, {}):  # every question answered as badly as possible
        if question.kind in (Kind.SCALE, Kind.YES_PARTLY_NO):
            worst[question.id] = Answer(question.id, 1 if question.kind is Kind.SCALE else "no")
    plan = build_plan(five, worst, score_audit(five, worst))
    fix_first = {a.question_id for a in plan if a.category is Verdict.FIX_FIRST}
    assert len(fix_first) == 5
    # The five kept are the most urgent: every demoted question is no more urgent than them.
    kept = min(a.urgency for a in plan if a.category is Verdict.FIX_FIRST)
    assert all(a.urgency <= kept for a in plan if a.category is Verdict.IMPROVE)
