"""Reading answers files (JSON or CSV) into raw answers; the format is in docs/answers-file.md.

Everything wrong with the file itself (not UTF-8, bad JSON, a missing column) is reported as
`file: location: what`; whether each value fits its question is the engine's job.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.domain.answers import AnswerError, note_problem
from audit.domain.incoming import PlanEdit, RawAnswer

MAX_ANSWERS_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class AnswersDocument:
    questionnaire: str | None  # the id the file names (JSON only), or None
    answers: list[RawAnswer]
    plan: list[PlanEdit]  # owners, due dates and statuses (JSON only; the export's "plan")
    cohort: str | None = None  # the cohort the file puts the audit in, or None to leave it


def read_answers_file(path: Path) -> tuple[str | None, list[RawAnswer]]:
    """The questionnaire id the file names (JSON only, may be None) and its answers."""
    document = read_answers_document(path)
    return document.questionnaire, document.answers


def read_answers_document(path: Path) -> AnswersDocument:
    """Everything an answers file holds; every problem with it at once, one line each."""
    try:
        if path.stat().st_size > MAX_ANSWERS_FILE_BYTES:
            raise AnswerError(
                f"{path}: top level: the file is larger than {MAX_ANSWERS_FILE_BYTES:,} bytes"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswerError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AnswerError(f"{path}: is a folder, not an answers file") from None
    except OSError as error:
        raise AnswerError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnswerError(f"{path}: byte {error.start}: the file is not UTF-8 text") from None
    if path.suffix.lower() == ".csv":
        answers, cohort = _from_csv(text, str(path))
        return AnswersDocument(None, answers, [], cohort)
    return _from_json(text, str(path))


def _from_json(text: str, source: str) -> AnswersDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswerError(
            f"{source}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise AnswerError(f"{source}: top level: the JSON is nested too deeply") from None
    except ValueError:  # an integer of thousands of digits
        raise AnswerError(f"{source}: top level: the JSON holds a number too large") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise AnswerError(f'{source}: top level: expected an object with an "answers" list')
    questionnaire = data.get("questionnaire")
    if questionnaire is not None and not isinstance(questionnaire, str):
        raise AnswerError(f'{source}: top level: "questionnaire" should be the questionnaire\'s id')
    answers: list[RawAnswer] = []
    problems: list[str] = []
    for number, item in enumerate(data["answers"], start=1):
        where = f"{source}: answer #{number}"
        found = _from_object(item, where)
        if isinstance(found, RawAnswer):
            answers.append(found)
        else:
            problems.extend(found)
    problems.extend(_duplicates(answers))
    plan, plan_problems = _plan(data.get("plan", []), source)
    problems.extend(plan_problems)
    cohort = data.get("cohort")
    if cohort is not None and not isinstance(cohort, str):
        problems.append(f'{source}: top level: "cohort" should be the cohort\'s name')
    if problems:
        raise AnswerError("\n".join(problems))
    return AnswersDocument(questionnaire, answers, plan, cohort)


# The rows of an export's "plan" list; the rest of a row (rank, text, reason) is derived.
PLAN_KEYS = {"id", "owner", "due", "status"}
_PLAN_DERIVED = {"rank", "action", "next_steps", "part", "priority", "horizon_days", "section"}
_PLAN_DERIVED |= {"question", "reason"}


def _plan(items: Any, source: str) -> tuple[list[PlanEdit], list[str]]:
    if not isinstance(items, list):
        return [], [f'{source}: top level: "plan" should be a list of plan rows']
    edits: list[PlanEdit] = []
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        where = f"{source}: plan row #{number}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(f'{where}: expected an object with an "id" like "website/1"')
            continue
        unknown = sorted(set(item) - PLAN_KEYS - _PLAN_DERIVED)
        problems += [f"{where}: unknown key {key!r}" for key in unknown]
        fields = {key: item.get(key) for key in ("owner", "due", "status")}
        bad = [
            key for key, value in fields.items() if value is not None and not isinstance(value, str)
        ]
        problems += [f'{where}: "{key}" should be text' for key in bad]
        if not unknown and not bad:
            edits.append(PlanEdit(where, item["id"], **fields))
    return edits, problems


def _from_object(item: Any, where: str) -> RawAnswer | list[str]:
    """The raw answer in one JSON object, or every problem with it."""
    if not isinstance(item, dict):
        return [f"{where}: expected an object with a question and a value"]
    problems = [f"{where}: unknown key {key!r}" for key in sorted(set(item) - JSON_KEYS)]
    question = item.get("question")
    if not isinstance(question, str) or not question:
        problems.append(f'{where}: "question" should be a question id')
    note, na = item.get("note", ""), item.get("na")
    flagged, private = item.get("flagged", False), item.get("private_note", False)
    if not isinstance(note, str):
        problems.append(f'{where}: "note" should be text')
    elif (too_long := note_problem(note)) is not None:
        problems.append(f"{where}: {too_long}")
    if na is not None and not isinstance(na, str):
        problems.append(f'{where}: "na" should be the reason the question does not apply')
    for key, value in (("flagged", flagged), ("private_note", private)):
        if not isinstance(value, bool):
            problems.append(f'{where}: "{key}" should be true or false, not {value!r}')
    if problems:
        return problems
    return RawAnswer(where, str(question), item.get("value"), note, private, na, flagged)


JSON_KEYS = {"question", "value", "note", "private_note", "na", "flagged"}


def _duplicates(answers: list[RawAnswer]) -> list[str]:
    """An answers file gives each question once: a second answer is more likely a slip."""
    first: dict[str, RawAnswer] = {}
    problems = []
    for answer in answers:
        if answer.question in first:
            problems.append(
                f"{answer.where}: question {answer.question!r} is already answered at "
                f"{first[answer.question].where.rsplit(': ', 1)[-1]}"
            )
        else:
            first[answer.question] = answer
    return problems


_YES = {"1", "yes", "true", "y", "x"}
_NO = {"", "0", "no", "false", "n"}


def _from_csv(text: str, source: str) -> tuple[list[RawAnswer], str | None]:
    """The answers, and the cohort the optional `cohort` column names (one name in the file:
    on one row or on all of them)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "question" not in columns or "value" not in columns:
        hint = ""
        if ";" in (text.splitlines() or [""])[0]:
            hint = "; the columns must be separated by commas, not semicolons"
        raise AnswerError(
            f"{source}: line 1: the header needs the columns question and value{hint}"
        )
    reader.fieldnames = columns
    answers: list[RawAnswer] = []
    problems: list[str] = []
    cohort, cohort_line = "", ""  # the cohort the file names, and the line it first does
    try:
        for row in reader:
            where = f"{source}: line {reader.line_num}"
            named = (row.get("cohort") or "").strip()
            if named and not cohort:
                cohort, cohort_line = named, f"line {reader.line_num}"
            elif named and named.casefold() != cohort.casefold():
                problems.append(
                    f"{where}: cohort {named!r}, but {cohort_line} names {cohort!r}; "
                    "an audit is in one cohort"
                )
            question = (row.get("question") or "").strip()
            if not question:
                continue  # blank lines and rows left empty in a spreadsheet
            flags = {}
            for column in ("flagged", "private_note"):
                cell = (row.get(column) or "").strip().lower()
                if cell not in _YES | _NO:
                    problems.append(f"{where}: {column} should be yes or no, not {cell!r}")
                flags[column] = cell in _YES
            na = (row.get("na") or "").strip()
            if (too_long := note_problem(row.get("note") or "")) is not None:
                problems.append(f"{where}: {too_long}")
            answers.append(
                RawAnswer(
                    where=where,
                    question=question,
                    value=(row.get("value") or "").strip(),
                    note=row.get("note") or "",
                    note_private=flags["private_note"],
                    na_reason=na or None,
                    flagged=flags["flagged"],
                )
            )
    except csv.Error as error:
        raise AnswerError(f"{source}: line {reader.line_num}: {error}") from None
    problems.extend(_duplicates(answers))
    if problems:
        raise AnswerError("\n".join(problems))
    return answers, cohort or None
