"""Reading a CSV of many customers' responses (one row per customer) for `audit import-responses`.

The format is in docs/answers-file.md ("Many customers at once"). Every row is checked before
anything is stored: the file lands whole or not at all, and each problem is one line naming the
file, the line, the column and what is wrong.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from audit.domain.answers import Answer, AnswerError
from audit.domain.incoming import RawAnswer, check_answer
from audit.domain.pulse import RECOMMEND
from audit.domain.questionnaire import Kind, Questionnaire
from audit.domain.respondents import MAX_RESPONDENT_NAME_CHARS

MAX_RESPONSES_FILE_BYTES = 20_000_000
# Each customer is stored as a respondent of the audit, one save each: far more customers than
# a small business phones or surveys in a round, and a file of a million rows is refused at once.
MAX_CUSTOMERS = 1_000
MAX_PROBLEMS_SHOWN = 20  # a wrong header on 10,000 rows is one mistake, not 10,000 lines
NAME_COLUMNS = ("respondent", "name")
NA_WORDS = {"n/a", "na"}
NA_REASON = "the customer said this does not apply to them"


@dataclass(frozen=True)
class CustomerResponse:
    """One customer's row, checked: who they are (a name, or where the row came from) and what
    they answered."""

    line: int
    name: str
    answers: tuple[Answer, ...]


def read_responses(
    path: Path, questionnaire: Questionnaire, taken_names: Collection[str] = ()
) -> list[CustomerResponse]:
    """Every row of the CSV at `path` as a checked customer response; AnswerError (one line
    per problem, at most 20 and a count of the rest) when anything in the file is wrong.

    `taken_names` are the audit's respondents already: importing the same file twice would
    count every customer twice, so a name that is taken is a problem too."""
    text = _read_text(path)
    source = str(path)
    rows = list(_rows(text, source))
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise AnswerError(f"{source}: the file is empty; the first line should name the columns")
    header_line, header = rows[0]
    filled = sum(1 for _, cells in rows[1:] if any(cell.strip() for cell in cells))
    if filled > MAX_CUSTOMERS:
        raise AnswerError(
            f"{source}: {filled:,} rows of answers; one import takes at most "
            f"{MAX_CUSTOMERS:,} customers, so split the file"
        )
    columns, name_index, problems = _columns(header, questionnaire, source, header_line)
    if problems:  # the rows cannot be read right under a wrong header: fix it first
        raise AnswerError("\n".join(_shortened(problems)))
    responses: list[CustomerResponse] = []
    first_line_of: dict[str, int] = {}
    taken = {_name_key(name) for name in taken_names}
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a row left empty in a spreadsheet
        where = f"{source}: line {line}"
        if len(cells) > len(header):
            problems.append(
                f"{where}: {len(cells)} cells but the header names {len(header)} columns"
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        name = cells[name_index].strip() if name_index is not None else ""
        row_problems, answers = _answers(cells, columns, questionnaire, where)
        problems += row_problems
        if not row_problems and not answers:
            problems.append(f"{where}: the row answers no question")
        shown = name or f"{path.name} line {line}"
        key = _name_key(shown)
        if len(shown) > MAX_RESPONDENT_NAME_CHARS:
            problems.append(
                f"{where}, column {(name_index or 0) + 1}: the name is longer than "
                f"{MAX_RESPONDENT_NAME_CHARS} characters"
            )
        elif key in first_line_of:
            problems.append(
                f"{where}, column {(name_index or 0) + 1} ({header[name_index or 0].strip()}): "
                f"{shown!r} is already on line {first_line_of[key]}; give each customer their "
                "own name"
            )
        elif key in taken:
            problems.append(
                f"{where}: {shown!r} has already answered this audit (imported before?); "
                "nothing was imported"
            )
        first_line_of.setdefault(key, line)
        responses.append(CustomerResponse(line, shown, tuple(answers)))
    if not problems and not responses:
        problems.append(f"{source}: the file has a header but no rows of answers under it")
    if problems:
        raise AnswerError("\n".join(_shortened(problems)))
    return responses


def _name_key(name: str) -> str:
    """What two names share to be one respondent: the store's rule (case, composed accents)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).strip().casefold())


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_RESPONSES_FILE_BYTES:
            raise AnswerError(f"{path}: the file is larger than {MAX_RESPONSES_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswerError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswerError(f"{path}: is a folder, not a CSV file") from None
    except OSError as error:
        raise AnswerError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise AnswerError(
            f"{path}: line {line}: the file is not UTF-8 text (byte {error.start}); save it "
            "from the spreadsheet or form tool as 'CSV UTF-8'"
        ) from None


def _rows(text: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every record; a record's line is the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise AnswerError(f"{source}: line {reader.line_num}: {error}") from None
    return rows


def _columns(
    header: list[str], questionnaire: Questionnaire, source: str, line: int
) -> tuple[list[str | None], int | None, list[str]]:
    """The question id of each column (None for the name column) and the name column's index."""
    problems: list[str] = []
    columns: list[str | None] = []
    name_index: int | None = None
    seen: dict[str, int] = {}
    ids = [q.id for q in questionnaire.questions]
    for number, cell in enumerate(header, start=1):
        column = cell.strip()
        where = f"{source}: line {line}, column {number}"
        if column.casefold() in seen:
            problems.append(
                f"{where}: {column!r} appears twice in the header (also column "
                f"{seen[column.casefold()]})"
            )
        seen.setdefault(column.casefold(), number)
        if column.casefold() in NAME_COLUMNS:
            if (
                name_index is not None
                and header[name_index].strip().casefold() != column.casefold()
            ):
                problems.append(
                    f"{where}: {column!r}: the file already names customers in column "
                    f"{name_index + 1}; keep one of the two"
                )
            name_index = name_index if name_index is not None else number - 1
            columns.append(None)
            continue
        if not column:
            problems.append(f"{where}: the header cell is empty; put a question id there")
        elif questionnaire.question(column) is None:
            close = difflib.get_close_matches(column, ids, n=1, cutoff=0.6)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; the questions are {', '.join(ids)}"
            )
            problems.append(f"{where}: {column!r} is not a question of {questionnaire.id!r}{hint}")
        columns.append(column)
    return columns, name_index, problems


def _answers(
    cells: list[str], columns: list[str | None], questionnaire: Questionnaire, where: str
) -> tuple[list[str], list[Answer]]:
    problems: list[str] = []
    answers: list[Answer] = []
    for number, (column, cell) in enumerate(zip(columns, cells, strict=True), start=1):
        value = cell.strip()
        if column is None or not value:
            continue  # the name column, or a question this customer left unanswered
        question = questionnaire.question(column)
        if question is None:
            continue  # already reported once, on the header
        at = f"{where}, column {number} ({column})"
        na = value.casefold() in NA_WORDS
        raw = RawAnswer(at, column, None if na else value, na_reason=NA_REASON if na else None)
        try:
            answer = check_answer(questionnaire, raw)
        except AnswerError as error:
            said = str(error).removeprefix(at).removeprefix(f": question {column!r}")
            said = said.removeprefix(":").strip()
            problems.append(f"{at}: {'this question ' if said.startswith('cannot') else ''}{said}")
            continue
        whole = isinstance(answer.value, int)
        if column == RECOMMEND and question.kind is Kind.NUMBER and not whole and not answer.is_na:
            problems.append(f"{at}: {value!r} is not a whole number from 0 to 10")
            continue
        answers.append(answer)
    return problems, answers


def _shortened(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    rest = len(problems) - MAX_PROBLEMS_SHOWN
    return [*problems[:MAX_PROBLEMS_SHOWN], f"... and {rest} more problems like these"]
