"""The questionnaire loader reports every problem, each as `file: location: what`."""

from __future__ import annotations

import pytest

from audit.domain import questionnaire as model
from audit.domain.loader import QuestionnaireError, load_questionnaire
from audit.domain.questionnaire import Kind, Level, Requirement
from tests.conftest import SMALL_TOML


def problems_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "q.toml")
    return caught.value.problems


def test_small_questionnaire_loads_with_every_field(small):
    assert [s.id for s in small.sections] == ["basics", "channels", "after"]
    asked = small.question("asked")
    assert asked.kind is Kind.SCALE and asked.weight == 2 and len(asked.points) == 5
    assert small.question("guarantee").allow_na
    assert small.question("how").required is Requirement.NO
    assert small.question("how").when[0].test is model.Test.IN
    assert small.question("how").when[0].value == ("yes", "partly")
    assert small.question("reach").choices[0].score == 0.5
    profile = small.sections[2].profile
    assert profile.expectation is Level.MODERATE and profile.adjustments[0].reason


HEADER = 'id = "q"\ntitle = "Q"\nversion = "1"\n[[sections]]\nid = "s"\ntitle = "S"\n'


def question(body: str) -> str:
    return f'[[sections.questions]]\nid = "x"\ntext = "X"\nhelp = "h"\nactions = ["a"]\n{body}\n'


def test_every_problem_is_reported_at_once_with_its_location():
    text = (
        'id = "q"\ntitle = "Q"\nversion = "1"\ncolour = "red"\n'
        '[[sections]]\nid = "s"\ntitle = "S"\nweight = -1\n'
        + question('kind = "sliders"')
        + question('kind = "scale"\npoints = ["one"]\nwhen = { question = "later", is = "yes" }')
        + question('kind = "single"').replace('id = "x"', 'id = "c"')
        + question('kind = "yes-partly-no"\nweight = -2').replace('id = "x"', 'id = "later"')
    )
    problems = problems_of(text)
    assert all(p.startswith("q.toml: ") for p in problems)
    joined = "\n".join(problems)
    assert 'top level: unknown key "colour"' in joined
    assert 'sections[0] (id "s"): "weight" must not be negative' in joined
    assert 'sections[0].questions[0] (id "x"): kind "sliders" is unknown' in joined
    assert 'duplicate question id "x"' in joined
    assert 'when names "later", which is not asked before this question' in joined
    assert 'a scale needs at least two "points"' in joined
    assert 'sections[0].questions[2] (id "c"): a choice question needs "choices"' in joined
    assert 'sections[0].questions[3] (id "later"): "weight" must not be negative' in joined
    assert len(problems) == 8


def test_a_condition_on_an_unknown_question_is_reported():
    text = HEADER + question('kind = "yes-partly-no"\nwhen = { question = "ghost", is = "yes" }')
    assert any('"ghost"' in p for p in problems_of(text))


def test_bad_toml_names_its_line():
    (problem,) = problems_of('id = "x"\ntitle = "unterminated\n')
    assert problem.startswith("q.toml: line 2: TOML syntax")


def test_wrong_types_are_problems_not_crashes():
    text = HEADER.replace('title = "S"', "title = 5") + question('kind = "scale"\npoints = "abc"')
    problems = problems_of(text)
    assert problems and all(p.startswith("q.toml: ") for p in problems)


def test_content_hash_changes_when_the_text_changes():
    from audit.domain.loader import content_hash

    assert content_hash(SMALL_TOML) == content_hash(SMALL_TOML)
    assert content_hash(SMALL_TOML) != content_hash(SMALL_TOML + "\n# edited\n")


def test_a_misspelt_key_names_the_likely_one_and_the_gap_once():
    text = SMALL_TOML.replace('help = "', 'hlep = "', 1)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "small.toml")
    mine = [p for p in caught.value.problems if "help" in p or "hlep" in p]
    assert len(mine) == 2
    assert mine[0].endswith('unknown key "hlep" (did you mean "help"?)')
    assert mine[1].endswith('"help" is missing')


def q(qid: str, body: str, actions: bool = True) -> str:
    """A question with id `qid`; `body` gives its kind and the rest."""
    extra = 'actions = ["a"]\n' if actions else ""
    return f'[[sections.questions]]\nid = "{qid}"\ntext = "T"\nhelp = "h"\n{extra}{body}\n'


STAFF = q("staff-count", 'kind = "number"\nmin = 0', actions=False)


def test_a_condition_on_a_question_that_does_not_exist_says_so_and_suggests_the_close_one():
    text = (
        HEADER
        + STAFF
        + q("has-rota", 'kind = "yes-partly-no"\nwhen = { question = "staff-size", at_least = 2 }')
    )
    (problem,) = problems_of(text)
    assert problem == (
        # HEADER is lines 1-6, STAFF 7-12, and has-rota's "when" is its seventh line: 19.
        'q.toml: line 19: sections[0].questions[1] (id "has-rota"): when names "staff-size", '
        'but there is no question with that id (did you mean "staff-count"?)'
    )
    text = HEADER + q("x", 'kind = "yes-partly-no"\nwhen = { question = "ghost", is = "yes" }')
    (problem,) = problems_of(text)
    assert problem.endswith('when names "ghost", but there is no question with that id')


def test_a_condition_on_a_later_question_keeps_saying_it_is_not_asked_before():
    later = q("later", 'kind = "yes-partly-no"')
    text = HEADER + q("x", 'kind = "yes-partly-no"\nwhen = { question = "later", is = "yes" }')
    assert problems_of(text + later) == [
        'q.toml: line 13: sections[0].questions[0] (id "x"): when names "later", which is not '
        "asked before this question"
    ]
    # A profile may use its own section's questions, not a later section's.
    profile = (
        '[sections.profile]\nexpectation = "high"\npositive = "high"\nnegative = "high"\n'
        '[[sections.profile.adjust]]\nwhen = { question = "later", is = "yes" }\n'
        'expectation = "low"\nreason = "r"\n'
    )
    second = '[[sections]]\nid = "t"\ntitle = "T"\n' + later
    text = HEADER + q("x", 'kind = "yes-partly-no"') + profile + second
    (problem,) = problems_of(text)
    assert problem.endswith(
        'profile.adjust[0]: when names "later", which is not asked before the end of this section'
    )


def test_a_duplicate_id_names_where_the_first_one_is():
    text = HEADER + q("has-staff", 'kind = "yes-partly-no"') + STAFF
    text += q("has-staff", 'kind = "yes-partly-no"')
    (problem,) = problems_of(text)
    assert problem == (
        # The third question's table begins on line 19 (6 + 6 + 6 lines before it).
        'q.toml: line 19: sections[0].questions[2]: duplicate question id "has-staff" '
        "(the first is sections[0].questions[0])"
    )


@pytest.mark.parametrize(
    ("mistake", "condition", "reported"),
    [
        (
            'kind = "scale"\npoints = ["only"]',
            "at_least = 2",
            'a scale needs at least two "points"',
        ),
        ('kind = "yes-or-no"', 'is = "yes"', 'kind "yes-or-no" is unknown'),
        (
            'kind = "single"\nchoices = [{ id = "a", label = "A", score = 10 }, '
            '{ id = "b", label = "B", score = 1 }]',
            'is = "a"',
            '"score" must be between 0 and 1, not 10.0',
        ),
    ],
    ids=["one-point-scale", "unknown-kind", "score-of-10"],
)
def test_one_mistake_is_reported_once_not_again_where_the_question_is_used(
    mistake, condition, reported
):
    text = HEADER + q("has-staff", mistake)
    text += q("rota", f'kind = "yes-partly-no"\nwhen = {{ question = "has-staff", {condition} }}')
    (problem,) = problems_of(text)
    assert reported in problem and 'id "has-staff"' in problem


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('kind = "text"', "free text is never scored"),
        ('kind = "yes-partly-no"\nweight = 0', '"weight" is 0'),
        ('kind = "number"\nmin = 0', 'a number is scored only with "best" and "worst"'),
        (
            'kind = "single"\nchoices = [{ id = "a", label = "A" }, { id = "b", label = "B" }]',
            'no choice has a "score"',
        ),
    ],
    ids=["text", "weight-0", "number-without-best-and-worst", "choices-without-scores"],
)
def test_actions_on_an_unscored_question_are_reported(body, why):
    (problem,) = problems_of(HEADER + q("x", body))
    assert problem == (
        # "actions" is the fifth line of the question, after the 6 of the header.
        f'q.toml: line 11: sections[0].questions[0] (id "x"): "actions" are never used: the '
        f"question is unscored ({why})"
    )


LINES_TOML = '''id = "q"
title = "Q"
version = "1"
colour = "red"
description = """
many
lines"""

[[sections]]
id = "s"
title = "S"

[[sections.questions]]
id = "a"
text = "A"
help = "h"
kind = "single"
actions = [
  "one",
  "two",
]
choices = [
  { id = "x", label = "X", score = 1 },
  { id = "y", label = "Y", score = 7 },
]

[sections.profile]
expectation = "huge"
positive = "high"
negative = "high"

[[sections.profile.adjust]]
when = { question = "a", is = "x" }
reason = "r"

[[sections]]
id = "t"
title = "T"
weight = -1

[[sections.questions]]
id = "b"
text = "B"
help = "h"
kind = "slider"
'''


def test_every_problem_names_the_line_of_the_key_or_table_it_is_about():
    # Counted by hand in LINES_TOML: a multi-line string and a multi-line array do not put the
    # count out; an item of an inline array is its own line; a table without the key it lacks
    # is named by its header.
    assert problems_of(LINES_TOML) == [
        'q.toml: line 4: top level: unknown key "colour" (known keys: description, '
        "gap_weak_beyond, id, scales, sections, title, version, weak_below)",
        'q.toml: line 24: sections[0].questions[0] (id "a").choices[1]: "score" must be between '
        "0 and 1, not 7.0",
        'q.toml: line 28: sections[0] (id "s").profile: "expectation" "huge" is not a level; use '
        "one of low, moderate, high, very-high",
        'q.toml: line 32: sections[0] (id "s").profile.adjust[0]: the adjustment changes none of '
        "expectation, positive, negative",
        'q.toml: line 39: sections[1] (id "t"): "weight" must not be negative, not -1.0',
        'q.toml: line 45: sections[1].questions[0] (id "b"): kind "slider" is unknown; use one of '
        "scale, yes-partly-no, single, multiple, number, text, paired, importance",
    ]
