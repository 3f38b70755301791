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
