"""A questionnaire author renames a question between two versions of a file and says so with
`replaces = [...]`; the loader checks what it names, each mistake one line with its place."""

from __future__ import annotations

import pytest

from audit.domain.loader import QuestionnaireError, load_questionnaire

HEADER = 'id = "q"\ntitle = "Q"\nversion = "2"\n[[sections]]\nid = "s"\ntitle = "S"\n'


def scale(identifier: str, extra: str = "") -> str:
    return (
        f'[[sections.questions]]\nid = "{identifier}"\ntext = "T"\nhelp = "h"\nkind = "scale"\n'
        f'points = ["Never", "Always"]\nactions = ["a"]\n{extra}\n'
    )


def problems_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(text, "q.toml")
    return caught.value.problems


def test_a_question_that_replaces_old_ids_keeps_them_in_order():
    loaded = load_questionnaire(HEADER + scale("new", 'replaces = ["old", "older"]'), "q.toml")
    assert loaded.question("new").replaces == ("old", "older")
    assert load_questionnaire(HEADER + scale("plain"), "q.toml").question("plain").replaces == ()


@pytest.mark.parametrize(
    ("replaces", "problem"),
    [
        ('"old"', '"replaces" must be a list of question ids'),
        ("[1, 2]", '"replaces" must be a list of question ids'),
        ('["Old Id"]', '"replaces" holds "Old Id", which is not a question id'),
        ('["new"]', '"replaces" names the question itself ("new")'),
        ('["old", "old"]', '"replaces" names "old" twice'),
        ('["other"]', '"replaces" names "other", which is still a question in this file'),
    ],
)
def test_a_wrong_replaces_is_one_line_naming_the_question(replaces, problem):
    text = HEADER + scale("new", f"replaces = {replaces}") + scale("other")
    # The header is lines 1-6; the question's table starts on line 7 and "replaces" is line 14.
    assert problems_of(text) == [f'q.toml: line 14: sections[0].questions[0] (id "new"): {problem}']


def test_one_old_id_replaced_by_two_questions_is_refused_where_the_second_is():
    text = HEADER + scale("one", 'replaces = ["old"]') + scale("two", 'replaces = ["old"]')
    # The second question starts on line 15 (each is 8 lines after the 6 of the header).
    assert problems_of(text) == [
        'q.toml: line 22: sections[0].questions[1]: "replaces" names "old", which question "one" '
        "already replaces"
    ]
