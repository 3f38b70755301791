"""Raw values become canonical answers, or a one-line reason why not."""

from __future__ import annotations

import pytest

from audit.domain.answers import Answer, AnswerError, asked_questions, describe_value, parse_value


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        ("asked", 3, 3),
        ("asked", "5", 5),
        ("asked", "often", 4),  # a point's label, any case
        ("guarantee", "Y", "yes"),
        ("guarantee", "partly", "partly"),
        ("reach", ["chat", "phone"], ("phone", "chat")),  # kept in questionnaire order
        ("reach", "email;Phone", ("phone", "email")),
        ("reach", [], ()),
        ("hours", "12,5", 12.5),
        ("hours", 8, 8),
        ("how", "Any time, no receipt needed", "Any time, no receipt needed"),
    ],
)
def test_values_are_parsed_to_one_canonical_form(small, question, raw, expected):
    assert parse_value(small.question(question), raw) == expected


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        ("asked", 6, "6 is outside the points 1 to 5"),
        ("asked", 2.5, "is not one of the points 1 to 5"),
        ("asked", True, "is not one of the points"),
        ("guarantee", "maybe", "'maybe' is not yes, partly or no"),
        ("reach", ["fax"], "'fax' is not a choice here; choose one of phone, email, chat"),
        ("hours", -1, "-1 is below the minimum 0"),
        ("hours", "soon", "'soon' is not a number"),
        ("hours", float("nan"), "is not a number"),
        ("asked", None, "no value given"),
    ],
)
def test_bad_values_say_what_is_wrong(small, question, raw, message):
    with pytest.raises(AnswerError, match=None) as caught:
        parse_value(small.question(question), raw)
    assert message in str(caught.value)


def test_values_read_back_as_people_say_them(small):
    assert describe_value(small.question("asked"), 4) == "4 Often"
    assert describe_value(small.question("reach"), ("phone", "chat")) == "Phone; Chat"
    assert describe_value(small.question("hours"), 12) == "12 hours"


def test_a_condition_switches_a_question_on_and_off(small):
    def asked_ids(**values):
        answers = {k: Answer(k, v) for k, v in values.items()}
        return [q.id for q in asked_questions(small, answers)]

    assert "how" not in asked_ids()
    assert "how" in asked_ids(guarantee="partly")
    assert "how" not in asked_ids(guarantee="no")
    na = {"guarantee": Answer("guarantee", None, na_reason="we sell services only")}
    assert "how" not in [q.id for q in asked_questions(small, na)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,250", 1250),  # a thousands comma, not 1.25
        ("12,500.5", 12500.5),
        ("1 250", 1250),
        ("1\u00a0250", 1250),  # a no-break space, as spreadsheets copy it
        ("1.250.000", 1250000),
        ("1.250,5", 1250.5),
        ("2,5", 2.5),  # a decimal comma: a comma before other than three digits
        ("0,250", 0.25),
        ("12.5", 12.5),
        ("4h", 4),
        ("4 hours", 4),
        ("4 Hours", 4),
        ("4 hour", 4),
        ("-0", 0),
    ],
)
def test_typed_numbers_with_separators_and_the_unit_are_read_as_meant(small, typed, expected):
    assert parse_value(small.question("hours"), typed) == expected


def percent_question(small):
    import dataclasses

    return dataclasses.replace(small.question("hours"), unit="%", maximum=100)


@pytest.mark.parametrize("typed", ["85%", "85 %", "85 percent", "85"])
def test_a_percentage_may_be_typed_with_its_percent_sign(small, typed):
    assert parse_value(percent_question(small), typed) == 85


@pytest.mark.parametrize(
    ("question", "typed", "message"),
    [
        (
            "hours",
            "2 days",
            "'2 days' is not a number of hours; type just the number, like 4 or 4h",
        ),
        ("hours", "4h3.5", "'4h3.5' is not a number of hours; type just the number"),
        ("hours", "85%", "'85%' is not a number of hours"),
        ("percent", "4h", "'4h' is not a percentage; type just the number, like 85 or 85%"),
        ("hours", "1,25,0", "'1,25,0' is not a number I can read; type digits with a point"),
        ("hours", "12,", "'12,' is not a number I can read"),
        ("hours", "about 4", "'about 4' is not a number; type digits, like 4 or 4h"),
    ],
)
def test_letters_after_a_number_are_refused_saying_what_to_type(small, question, typed, message):
    asked = percent_question(small) if question == "percent" else small.question(question)
    with pytest.raises(AnswerError) as caught:
        parse_value(asked, typed)
    assert message in str(caught.value)


def test_a_note_over_the_limit_in_an_answers_file_is_one_problem_line(tmp_path):
    import json

    from audit.answer_files import read_answers_file
    from audit.domain.answers import MAX_NOTE_CHARS

    long_note = "n" * (MAX_NOTE_CHARS + 1)
    as_json = tmp_path / "answers.json"
    answers = [
        {"question": "asked", "value": 3, "note": "fine"},
        {"question": "hours", "value": 4, "note": long_note},
    ]
    as_json.write_text(json.dumps({"answers": answers}))
    with pytest.raises(AnswerError) as caught:
        read_answers_file(as_json)
    assert str(caught.value) == (
        f"{as_json}: answer #2: the note is 20,001 characters long; a note can be at most "
        "20,000 characters"
    )
    as_csv = tmp_path / "answers.csv"
    as_csv.write_text(f"question,value,note\nasked,3,fine\nhours,4,{long_note}\n")
    with pytest.raises(AnswerError) as caught:
        read_answers_file(as_csv)
    assert str(caught.value).startswith(f"{as_csv}: line 3: the note is 20,001 characters long")


def test_a_note_at_the_limit_in_an_answers_file_is_read(tmp_path):
    from audit.answer_files import read_answers_file
    from audit.domain.answers import MAX_NOTE_CHARS

    as_csv = tmp_path / "answers.csv"
    as_csv.write_text(f"question,value,note\nasked,3,{'n' * MAX_NOTE_CHARS}\n")
    _, (answer,) = read_answers_file(as_csv)
    assert len(answer.note) == MAX_NOTE_CHARS


def test_a_pasted_na_reason_over_the_limit_is_one_line_and_nothing_is_stored(cli, tmp_path):
    import json

    audit_id = cli("new", "--client", "Acme", "--questionnaire", "three-phases")[1].strip()
    path = tmp_path / "na.json"
    path.write_text(json.dumps({"answers": [{"question": "pre-sale-extra", "na": "x" * 2_001}]}))
    code, out, err = cli("answer", audit_id, "--file", str(path))
    assert code == 1 and out == ""
    assert err.strip() == (
        f"audit: {path}: answer #1: question 'pre-sale-extra': the reason is 2,001 characters "
        "long; why a question does not apply can take at most 2,000 characters"
    )
    assert json.loads(cli("show", audit_id, "--json")[1])["answers"] == []


def test_an_na_reason_over_the_limit_is_refused_in_the_session(store):
    import pytest

    from audit.catalog import load_catalog
    from audit.domain.answers import AnswerError
    from audit.session import AuditSession

    entry = load_catalog([]).get("three-phases")
    client = store.add_client("Acme")
    audit = store.create_audit(client, entry.questionnaire, entry.text)
    session = AuditSession(store, audit.id)
    assert session.go_to("pre-sale-extra")
    with pytest.raises(AnswerError, match="at most 2,000 characters"):
        session.mark_not_applicable("x" * 2_001)
    assert "pre-sale-extra" not in store.load_audit(audit.id).answers
    assert session.mark_not_applicable("we sell bread").na_reason == "we sell bread"
