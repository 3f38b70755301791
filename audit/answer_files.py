"""Reading answers files (JSON or CSV) into raw answers; the format is in docs/answers-file.md.

Everything wrong with the file itself (not UTF-8, bad JSON, a missing column) is reported as
`file: location: what`; whether each value fits its question is the engine's job.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from audit.domain.answers import AnswerError
from audit.engine import RawAnswer

MAX_ANSWERS_FILE_BYTES = 50_000_000
CSV_COLUMNS = ("question", "value", "note", "na", "flagged")
_TRUE = {"1", "yes", "true", "y", "x"}


def read_answers_file(path: Path) -> tuple[str | None, list[RawAnswer]]:
    """The questionnaire id the file names (JSON only, may be None) and its answers."""
    try:
        if path.stat().st_size > MAX_ANSWERS_FILE_BYTES:
            raise AnswerError(f"{path}: the file is larger than {MAX_ANSWERS_FILE_BYTES:,} bytes")
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
        return None, _from_csv(text, str(path))
    return _from_json(text, str(path))


def _from_json(text: str, source: str) -> tuple[str | None, list[RawAnswer]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnswerError(
            f"{source}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise AnswerError(f'{source}: expected an object with an "answers" list')
    questionnaire = data.get("questionnaire")
    if questionnaire is not None and not isinstance(questionnaire, str):
        raise AnswerError(f'{source}: "questionnaire" should be the questionnaire\'s id')
    answers: list[RawAnswer] = []
    problems: list[str] = []
    for index, item in enumerate(data["answers"]):
        where = f"{source}: answers[{index}]"
        try:
            answers.append(_from_object(item, where))
        except AnswerError as error:
            problems.append(str(error))
    if problems:
        raise AnswerError("\n".join(problems))
    return questionnaire, answers


def _from_object(item: Any, where: str) -> RawAnswer:
    if not isinstance(item, dict):
        raise AnswerError(f"{where}: expected an object with a question and a value")
    unknown = set(item) - {"question", "value", "note", "private_note", "na", "flagged"}
    if unknown:
        raise AnswerError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    question = item.get("question")
    if not isinstance(question, str) or not question:
        raise AnswerError(f'{where}: "question" should be a question id')
    note, na, flagged = item.get("note", ""), item.get("na"), item.get("flagged", False)
    private = item.get("private_note", False)
    if not isinstance(note, str):
        raise AnswerError(f'{where}: "note" should be text')
    if na is not None and not isinstance(na, str):
        raise AnswerError(f'{where}: "na" should be the reason the question does not apply')
    if not isinstance(flagged, bool) or not isinstance(private, bool):
        raise AnswerError(f'{where}: "flagged" and "private_note" should be true or false')
    return RawAnswer(where, question, item.get("value"), note, private, na, flagged)


def _from_csv(text: str, source: str) -> list[RawAnswer]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "question" not in columns or "value" not in columns:
        raise AnswerError(f"{source}: line 1: the header needs the columns question and value")
    reader.fieldnames = columns
    answers = []
    try:
        for row in reader:
            where = f"{source}: line {reader.line_num}"
            question = (row.get("question") or "").strip()
            if not question:
                continue  # blank lines and rows left empty in a spreadsheet
            na = (row.get("na") or "").strip()
            answers.append(RawAnswer(
                where=where,
                question=question,
                value=(row.get("value") or "").strip(),
                note=row.get("note") or "",
                na_reason=na or None,
                flagged=(row.get("flagged") or "").strip().lower() in _TRUE,
            ))  # fmt: skip
    except csv.Error as error:
        raise AnswerError(f"{source}: line {reader.line_num}: {error}") from None
    return answers
