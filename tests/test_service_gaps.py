"""The example service-gap questionnaire: paired questions, a named scale, importance points."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.domain.answers import Answer, AnswerError, describe_value, parse_value
from audit.domain.gaps import gap_picture
from audit.domain.loader import QuestionnaireError, load_questionnaire
from audit.domain.plan import build_plan
from audit.domain.questionnaire import Kind
from audit.domain.scoring import score_audit

EXAMPLE = Path(__file__).resolve().parents[1] / "questionnaires" / "examples" / "service-gap.toml"

# expected/received for each paired question, and the importance points in `across` order.
REPLIES = {
    "on-time": "6/4",  # -2, weak (more than 1 short)
    "right-first-time": "7 6",  # -1, not weak: exactly 1 short is within the threshold
    "quick-reply": "6,3",  # -3, weak
    "willing": "5/5",  # 0
    "know-how": "5/6",  # +1
    "trust": "6/6",  # 0
    "personal": "4/5",  # +1
    "convenient": "5/3",  # -2, weak
    "looks": "4/4",  # 0
    "paperwork": "3/4",  # +1
    "importance": "30 25 20 15 10",
}


@pytest.fixture
def gap_questionnaire():
    return load_questionnaire(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))


def answers_for(questionnaire, replies):
    return {
        qid: Answer(qid, parse_value(questionnaire.question(qid), raw))
        for qid, raw in replies.items()
    }


def test_the_named_scale_labels_only_its_ends(gap_questionnaire):
    on_time = gap_questionnaire.question("on-time")
    assert on_time.kind is Kind.PAIRED and on_time.scale == "seven"
    assert on_time.points == ("Very little", "", "", "", "", "", "A great deal")
    assert describe_value(on_time, (7, 4)) == "expected 7 A great deal, received 4"


def test_known_answers_give_the_gaps_worked_out_by_hand(gap_questionnaire):
    answers = answers_for(gap_questionnaire, REPLIES)
    picture = gap_picture(gap_questionnaire, answers)
    assert picture is not None and picture.weighted
    assert [g.question_id for g in picture.questions if g.weak] == [
        "on-time",
        "quick-reply",
        "convenient",
    ]
    by_section = {s.section_id: s.gap for s in picture.sections}
    # reliability (-2 + -1)/2, responsiveness (-3 + 0)/2, assurance (1 + 0)/2,
    # empathy (1 + -2)/2, tangibles (0 + 1)/2
    assert by_section == {
        "reliability": -1.5,
        "responsiveness": -1.5,
        "assurance": 0.5,
        "empathy": -0.5,
        "tangibles": 0.5,
    }
    assert [s.section_id for s in picture.sections if s.weak] == ["reliability", "responsiveness"]
    # (30 x -1.5 + 25 x -1.5 + 20 x 0.5 + 15 x -0.5 + 10 x 0.5) / 100 = -75 / 100
    assert picture.overall == pytest.approx(-0.75)
    # Without the importance answer each section counts the same: (-1.5-1.5+0.5-0.5+0.5)/5
    del answers["importance"]
    unweighted = gap_picture(gap_questionnaire, answers)
    assert not unweighted.weighted and unweighted.overall == pytest.approx(-0.5)


def test_weak_gaps_enter_the_plan_ranked_by_gap_and_importance(gap_questionnaire):
    answers = answers_for(gap_questionnaire, REPLIES)
    score = score_audit(gap_questionnaire, answers)
    # Score: full marks when received meets expected, less 1/6 per point short on 7 points.
    # reliability: (1 - 2/6 + 1 - 1/6) / 2 = 0.75
    assert score.section("reliability").score == pytest.approx(75.0)
    plan = build_plan(gap_questionnaire, answers, score)
    # urgency = (1 - score) x harm rank (moderate 2) x points against an even share of 20:
    # quick-reply 0.5 x 2 x 25/20 = 1.25; on-time 1/3 x 2 x 30/20 = 1.0;
    # convenient 1/3 x 2 x 15/20 = 0.5
    assert [(a.question_id, a.urgency) for a in plan] == [
        ("quick-reply", 1.25),
        ("on-time", 1.0),
        ("convenient", 0.5),
    ]
    assert plan[0].reason == (
        "Customers expect 6 and get 3 of 7 in Responsiveness: a gap of -3 points, and a "
        "failure here does moderate harm. Responsiveness was given 25 of 100 importance points."
    )


@pytest.mark.parametrize(
    ("question", "reply", "said"),
    [
        ("importance", "30 25 20 15", "'30 25 20 15' is not 5 whole numbers"),
        ("importance", "30 25 20 15 20", "the points add up to 110, not 100"),
        ("on-time", "6", "'6' is not two points"),
        ("on-time", "8/2", "expected 8 is outside the points 1 to 7"),
    ],
)
def test_bad_pairs_and_points_are_refused_in_one_line(gap_questionnaire, question, reply, said):
    with pytest.raises(AnswerError, match="^" + said.replace("(", r"\(")):
        parse_value(gap_questionnaire.question(question), reply)


def test_importance_points_from_a_json_answers_file_may_name_the_sections(gap_questionnaire):
    question = gap_questionnaire.question("importance")
    named = {"tangibles": 10, "empathy": 15, "assurance": 20, "responsiveness": 25}
    assert parse_value(question, named | {"reliability": 30}) == (30, 25, 20, 15, 10)
    assert parse_value(gap_questionnaire.question("on-time"), {"expected": 6, "received": 4}) == (
        6,
        4,
    )


HEADER = 'id = "q"\ntitle = "Q"\nversion = "1"\n'


def test_scale_mistakes_are_named_with_their_line():
    text = (
        HEADER
        + '[scales.agree]\npoints = 5\nlabels = ["No", "Maybe", "Yes"]\n'
        + '[scales.seven]\npoints = 7\nlabels = ["Low", "High"]\n'
        + '[[sections]]\nid = "s"\ntitle = "S"\n'
        + '[[sections.questions]]\nid = "x"\ntext = "X"\nhelp = "h"\nkind = "paired"\n'
        + 'scale = "sevn"\nactions = ["a"]\n'
        + '[[sections.questions]]\nid = "y"\ntext = "Y"\nhelp = "h"\nkind = "paired"\n'
        + 'scale = "agree"\nactions = ["a"]\n'
    )
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "q.toml")
    assert caught.value.problems == [
        'q.toml: line 6: scales.agree: "labels" has 3 texts; give 5 (one a point) or 2 (the ends)',
        # The broken scale is reported once, where it is declared, not again at question "y".
        'q.toml: line 18: sections[0].questions[0] (id "x"): scale "sevn" is not declared (did '
        'you mean "seven"?)',
    ]


SECTION_A = (
    '[[sections]]\nid = "reliability"\ntitle = "R"\n'
    '[[sections.questions]]\nid = "a"\ntext = "A"\nhelp = "h"\nkind = "paired"\n'
    'points = ["Low", "Mid", "High"]\nactions = ["x"]\n'
)
SECTION_B = SECTION_A.replace('"reliability"', '"empathy"').replace('id = "a"', 'id = "b"')


def importance(body: str) -> str:
    return (
        '[[sections]]\nid = "weights"\ntitle = "W"\n'
        '[[sections.questions]]\nid = "share"\ntext = "S"\nhelp = "h"\nkind = "importance"\n' + body
    )


@pytest.mark.parametrize(
    ("tail", "problem"),
    [
        # HEADER 3 lines, SECTION_A 10 (4-13), SECTION_B 10 (14-23), the last section from
        # line 24: its question's table on 27, "kind" on 31 and the next key on 32.
        (
            importance('across = ["reliability", "empaty"]\n'),
            'q.toml: line 32: sections[2].questions[0] (id "share"): "across" names "empaty", '
            'which is not a section (did you mean "empathy"?)',
        ),
        (
            importance("total = 0\n"),
            'q.toml: line 32: sections[2].questions[0] (id "share"): "total" must be a whole '
            "number above 0, not 0",
        ),
        (
            importance('actions = ["x"]\n'),
            'q.toml: line 32: sections[2].questions[0] (id "share"): "actions" are never used: '
            "the question is unscored (importance points weight the sections and are never "
            "scored)",
        ),
        (
            importance("")
            + '[[sections.questions]]\nid = "more"\ntext = "M"\nhelp = "h"\nkind = "importance"\n',
            "q.toml: line 32: sections[2].questions[1]: a questionnaire has at most one "
            "importance question",
        ),
        (
            '[[sections]]\nid = "c"\ntitle = "C"\n[[sections.questions]]\nid = "c1"\ntext = "C"\n'
            'help = "h"\nkind = "yes-partly-no"\nactions = ["x"]\ntotal = 10\n',
            'q.toml: line 33: sections[2].questions[0] (id "c1"): "total" belongs to an '
            "importance question",
        ),
        (
            '[[sections]]\nid = "c"\ntitle = "C"\n[[sections.questions]]\nid = "c1"\ntext = "C"\n'
            'help = "h"\nkind = "yes-partly-no"\nactions = ["x"]\n'
            'when = { question = "a", is = "yes" }\n',
            'q.toml: line 33: sections[2].questions[0] (id "c1"): "a" holds two or more numbers '
            "and cannot be used in a condition",
        ),
    ],
    ids=[
        "unknown-section",
        "total-0",
        "actions",
        "two-importance",
        "total-elsewhere",
        "condition-on-a-pair",
    ],
)
def test_importance_mistakes_are_one_line_each_with_their_line(tail, problem):
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(HEADER + SECTION_A + SECTION_B + tail, "q.toml")
    assert caught.value.problems[0] == problem
