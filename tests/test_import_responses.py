"""A CSV of customers' responses: every row checked first, then NPS, CSAT and CES by hand."""

from __future__ import annotations

import json

import pytest

from audit.catalog import load_catalog
from audit.domain.answers import AnswerError
from audit.domain.pulse import measure_pulse
from audit.response_files import read_responses


@pytest.fixture(scope="module")
def pulse_questionnaire():
    catalog = load_catalog([])
    entry = catalog.get("customer-pulse")
    assert entry is not None
    return entry.questionnaire


HEADER = "name,recommend,satisfied,effort,customer-before,customer-during,customer-after"

# Forty customers, as (how many, recommend, effort, during, after); before is 4 for all, after
# is left empty where it is "", satisfied comes from SATISFACTION below, row by row.
#   recommend: 10 x10, 9 x8 -> 18 promoters; 8 x6, 7 x4 -> 10 passives;
#              6 x5, 3 x4, 0 x3 -> 12 detractors. NPS = 18/40 - 12/40 = 45% - 30% = +15
#   effort: 7 x10, 6 x10, 5 x10, 4 x5, 2 x5 = 70 + 60 + 50 + 20 + 10 = 210 / 40: CES 5.25
#   during: 20 at point 3 (50) and 20 at point 2 (25): (1000 + 500) / 40 = 37.5 from 40
#   after: 10 at point 5 (100), 30 empty: 100 from 10
GROUPS = [
    (10, 10, 7, 3, "5"),  # customers 1-10
    (8, 9, 6, 3, ""),  # 11-18
    (2, 8, 6, 3, ""),  # 19-20
    (4, 8, 5, 2, ""),  # 21-24
    (4, 7, 5, 2, ""),  # 25-28
    (2, 6, 5, 2, ""),  # 29-30
    (3, 6, 4, 2, ""),  # 31-33
    (2, 3, 4, 2, ""),  # 34-35
    (2, 3, 2, 2, ""),  # 36-37
    (3, 0, 2, 2, ""),  # 38-40
]
# satisfied: 5 x12, 4 x14 -> 26 of 40 at 4 or 5: CSAT 65%; then 3 x8, 2 x4, 1 x2
SATISFACTION = [5] * 12 + [4] * 14 + [3] * 8 + [2] * 4 + [1] * 2


def forty_rows() -> list[str]:
    people = [group[1:] for group in GROUPS for _ in range(group[0])]
    assert len(people) == len(SATISFACTION) == 40
    return [
        f"Customer {n},{recommend},{satisfied},{effort},4,{during},{after}"
        for n, ((recommend, effort, during, after), satisfied) in enumerate(
            zip(people, SATISFACTION, strict=True), start=1
        )
    ]


def test_forty_customers_give_the_nps_csat_and_ces_worked_out_by_hand(
    tmp_path, pulse_questionnaire
):
    path = tmp_path / "pulse.csv"
    path.write_text("\n".join([HEADER, *forty_rows()]) + "\n", encoding="utf-8")
    responses = read_responses(path, pulse_questionnaire)
    assert len(responses) == 40
    assert responses[0].name == "Customer 1" and responses[0].line == 2
    pulse = measure_pulse(
        pulse_questionnaire, [{a.question_id: a for a in r.answers} for r in responses]
    )
    assert (pulse.promoters, pulse.passives, pulse.detractors) == (18, 10, 12)
    assert pulse.nps == pytest.approx(15.0)
    assert pulse.csat == pytest.approx(65.0)
    assert pulse.ces == pytest.approx(5.25)
    assert pulse.phase("during").score == pytest.approx(37.5)
    assert (pulse.phase("after").score, pulse.phase("after").customers) == (100.0, 10)
    assert (pulse.phase("before").score, pulse.phase("before").customers) == (75.0, 40)


def write(tmp_path, text: str | bytes, name: str = "pulse.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problem(path, questionnaire, taken=()):
    with pytest.raises(AnswerError) as error:
        read_responses(path, questionnaire, taken)
    return str(error.value)


def test_one_value_out_of_range_names_the_file_line_and_column(tmp_path, pulse_questionnaire):
    rows = forty_rows()
    rows[16] = rows[16].replace("Customer 17,9,", "Customer 17,11,")  # line 18 of the file
    path = write(tmp_path, "\n".join([HEADER, *rows]))
    assert problem(path, pulse_questionnaire) == (
        f"{path}: line 18, column 2 (recommend): 11 is above the maximum 10"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        (HEADER + "\n", "the file has a header but no rows of answers under it"),
        (
            "name,recomend\nAnn,9\n",
            "line 1, column 2: 'recomend' is not a question of 'customer-pulse'; did you mean "
            "'recommend'?",
        ),
        (
            "name,recommend,recommend\nAnn,9,9\n",
            "line 1, column 3: 'recommend' appears twice in the header (also column 2)",
        ),
        (
            "name,satisfied\nAnn,very\n",
            "line 2, column 2 (satisfied): 'very' is not one of the points 1 to 5",
        ),
        ("name,recommend\nAnn,7.5\n", "line 2, column 2 (recommend): '7.5' is not a whole number"),
        ("name,recommend\nAnn,lots\n", "line 2, column 2 (recommend): 'lots' is not a number"),
        (
            "name,satisfied\nAnn,n/a\n",
            "line 2, column 2 (satisfied): this question cannot be marked N/A",
        ),
        ("name,recommend\nAnn,9\nAnn,3\n", "line 3, column 1 (name): 'Ann' is already on line 2"),
        ("name,recommend\nAnn,9,4\n", "line 2: 3 cells but the header names 2 columns"),
        ("name,recommend\nAnn,\n", "line 2: the row answers no question"),
        ("name,respondent,recommend\nAnn,A,9\n", "the file already names customers in column 1"),
    ],
)
def test_each_kind_of_bad_file_is_one_line_saying_where(
    tmp_path, pulse_questionnaire, text, expected
):
    message = problem(write(tmp_path, text), pulse_questionnaire)
    assert expected in message
    assert len(message.splitlines()) == 1
    assert message.startswith(str(tmp_path / "pulse.csv"))


def test_a_file_that_is_not_utf8_names_its_line(tmp_path, pulse_questionnaire):
    path = write(tmp_path, "name,recommend\nAnn,9\nJos\xe9,8\n".encode("latin-1"))
    assert problem(path, pulse_questionnaire) == (
        f"{path}: line 3: the file is not UTF-8 text (byte 24); save it from the spreadsheet or "
        "form tool as 'CSV UTF-8'"
    )


def test_every_bad_row_is_listed_but_a_long_list_is_cut(tmp_path, pulse_questionnaire):
    rows = [f"c{n},12" for n in range(30)]
    message = problem(write(tmp_path, "\n".join(["name,recommend", *rows])), pulse_questionnaire)
    lines = message.splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 10 more problems like these"


def test_names_already_in_the_audit_are_refused_so_nothing_counts_twice(
    tmp_path, pulse_questionnaire
):
    path = write(tmp_path, "name,recommend\nAnn,9\nBo,3\n")
    assert "line 3: 'Bo' has already answered this audit" in problem(
        path, pulse_questionnaire, taken=["bo"]
    )


def test_rows_without_a_name_are_named_by_where_they_came_from(tmp_path, pulse_questionnaire):
    path = write(tmp_path, "\ufeffrecommend,customer-after\n9,n/a\n\n4,2\n", name="june.csv")
    first, second = read_responses(path, pulse_questionnaire)
    assert (first.name, second.name) == ("june.csv line 2", "june.csv line 4")
    # "n/a" marks a question the customer said does not apply, where that is allowed
    assert first.answers[1].is_na and second.answers[1].value == 2


# -- through the command, into a store ---------------------------------------------------------


def new_audit(cli, questionnaire):
    code, out, err = cli("new", "--client", "Acme Plumbing", "--questionnaire", questionnaire)
    assert code == 0, err
    return out.strip()


def test_import_responses_stores_forty_customers_and_prints_the_measures(cli, tmp_path):
    pulse_id = new_audit(cli, "customer-pulse")
    path = tmp_path / "june.csv"
    path.write_text("\n".join([HEADER, *forty_rows()]) + "\n", encoding="utf-8")
    code, out, err = cli("import-responses", pulse_id, str(path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Imported 40 customers' answers into audit {pulse_id}",
        "All 40 customers so far: NPS +15 (40 answers), CSAT 65% (40), CES 5.2 of 7, higher is "
        "easier (40)",
    ]
    # The same file again would count everyone twice: refused, nothing stored.
    code, out, err = cli("import-responses", pulse_id, str(path))
    assert code == 1 and out == ""
    assert "'Customer 1' has already answered this audit" in err


def test_a_pulse_is_listed_and_shown_by_its_customers_replies(cli, tmp_path):
    """The forty (NPS +15, worked out above) are how far a pulse has got: its list row and its
    page say so, not "0/6" and six unanswered questions the business was never to answer."""
    pulse_id = new_audit(cli, "customer-pulse")
    code, out, _ = cli("list")
    assert code == 0 and "0 replies" in out and "0/6" not in out
    path = tmp_path / "june.csv"
    path.write_text("\n".join([HEADER, *forty_rows()]) + "\n", encoding="utf-8")
    assert cli("import-responses", pulse_id, str(path))[0] == 0
    code, out, _ = cli("list")
    (row,) = [line for line in out.splitlines() if line.startswith(pulse_id)]
    assert row.split()[-3:] == ["replies", "NPS", "+15"] and "40 replies" in row
    code, out, _ = cli("list", "--json")
    (listed,) = json.loads(out)
    assert (listed["customers"], listed["nps"]) == (40, 15.0)
    code, out, _ = cli("show", pulse_id)
    assert code == 0
    assert "Status: in progress, 40 customers replied" in out
    assert "NPS +15 (40 answers), CSAT 65% (40)" in out
    assert "unanswered" not in out and "Overall score" not in out


def test_a_pulse_with_no_replies_says_how_to_add_them(cli):
    pulse_id = new_audit(cli, "customer-pulse")
    code, out, _ = cli("show", pulse_id)
    assert code == 0 and "Status: in progress, 0 customers replied" in out
    assert f"`audit import-responses {pulse_id} FILE.csv` adds their answers" in " ".join(
        out.split()
    )


def test_one_bad_row_stores_nothing_and_names_its_line(cli, tmp_path):
    pulse_id = new_audit(cli, "customer-pulse")
    rows = forty_rows()
    cells = rows[30].split(",")  # customer 31, on line 32: customer-before 9 of 5
    cells[4] = "9"
    rows[30] = ",".join(cells)
    path = tmp_path / "june.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    code, out, err = cli("import-responses", pulse_id, str(path))
    assert (code, out) == (1, "")
    assert (
        err
        == f"audit: {path}: line 32, column 5 (customer-before): 9 is outside the points 1 to 5\n"
    )
    code, out, _ = cli("show", pulse_id, "--json")
    assert code == 0 and "customers" not in json.loads(out)


def test_the_owners_audit_shows_what_customers_say_beside_it(cli, tmp_path):
    owner_id = new_audit(cli, "three-phases")
    answers = tmp_path / "owner.csv"
    # during delivery: as-agreed 5 of 5 -> basics 100
    answers.write_text("question,value\nbusiness-kind,shop\nas-agreed,5\n", encoding="utf-8")
    assert cli("answer", owner_id, "--file", str(answers))[0] == 0
    pulse_id = new_audit(cli, "customer-pulse")
    path = tmp_path / "june.csv"
    path.write_text("\n".join([HEADER, *forty_rows()]) + "\n", encoding="utf-8")
    assert cli("import-responses", pulse_id, str(path))[0] == 0
    code, out, err = cli("show", owner_id)
    assert code == 0, err
    # customers say 37.5 for during delivery (see the forty): 100 - 37.5 = 62.5 points apart
    assert "  During delivery\n      you say 100, customers say 38 (40 customers): 62 points" in out
    code, out, _ = cli("show", owner_id, "--json")
    data = json.loads(out)
    assert data["customers"]["pulse_audit"] == pulse_id
    assert data["customers"]["nps"] == 15.0
    assert "customers-during/1" in [row["id"] for row in data["plan"]]
    # The export reads back, its finding row included, here and into an audit with no pulse
    export = tmp_path / "acme.json"
    assert cli("export", owner_id, "--format", "json", "-o", str(export))[0] == 0
    assert cli("answer", owner_id, "--file", str(export))[0] == 0
    elsewhere = cli("new", "--client", "Elsewhere", "--questionnaire", "three-phases")[1].strip()
    code, out, err = cli("answer", elsewhere, "--file", str(export))
    assert (code, err) == (0, "")


def test_more_than_a_thousand_customers_is_refused_before_reading_rows(
    tmp_path, pulse_questionnaire
):
    path = write(tmp_path, "recommend\n" + "9\n" * 1001)
    assert problem(path, pulse_questionnaire) == (
        f"{path}: 1,001 rows of answers; one import takes at most 1,000 customers, so split "
        "the file"
    )


def test_a_name_too_long_or_written_twice_in_other_accents_is_refused(
    tmp_path, pulse_questionnaire
):
    long_name = "A" * 201
    path = write(tmp_path, f"name,recommend\n{long_name},9\n")
    assert "line 2, column 1: the name is longer than 200 characters" in problem(
        path, pulse_questionnaire
    )
    # "José" typed composed and pasted decomposed (e + combining accent) is one customer
    path = write(tmp_path, "name,recommend\nJos\u00e9,9\nJOSE\u0301,3\n")
    assert "line 3, column 1 (name): 'JOSE\u0301' is already on line 2" in problem(
        path, pulse_questionnaire
    )


def test_the_documented_example_imports(cli, tmp_path):
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "answers-file.md").read_text()
    example = text.split("## Many customers at once")[1].split("```csv\n", 1)[1].split("```")[0]
    path = tmp_path / "pulse-june.csv"
    path.write_text(example, encoding="utf-8")
    pulse_id = new_audit(cli, "customer-pulse")
    code, out, err = cli("import-responses", pulse_id, str(path))
    assert (code, err) == (0, "")
    # recommend 9, 6, 10: two promoters, one detractor -> 2/3 - 1/3 = +33
    assert out.splitlines()[1].startswith("All 3 customers so far: NPS +33 (3 answers)")
