"""The action plan for a spreadsheet: CSV (any program, any locale) and xlsx (real date cells).

Both carry the client, the audit and the questionnaire on every row, so the plans of a whole
cohort can be pasted into one sheet and filtered; statuses and priorities are the words the
report prints, not ids. Both carry the same rows from `plan_rows`, so they hold the same notes:
the note on each action's question, a private one only in an internal copy
(`include_private`), where it is marked as private.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from audit.domain.plan import Action
from audit.domain.view import AuditView
from audit.reporting import INTERNAL_MARK
from audit.text import clipped

PLAN_COLUMNS = (
    "client",
    "audit",
    "questionnaire",
    "rank",
    "part",
    "priority",
    "horizon_days",
    "section",
    "action",
    "next_steps",
    "reason",
    "owner",
    "due",
    "status",
    "id",
    "question",
    "note",
)
PRIVATE_NOTE = "Private note: "
# A spreadsheet cell holds at most 32,767 characters (Excel's limit; longer cells are cut or
# refused when the file opens): a longer note is clipped here, with a word on what is left out.
CELL_MAX_CHARS = 32_000
# A byte order mark: Excel on Windows reads a CSV without one in the local code page, so
# "Café Émile" would show as "CafÃ© Ã‰mile".
BOM = "\ufeff"
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
# What a spreadsheet reads as the start of a formula (OWASP's list): such a cell gets a leading
# apostrophe, which spreadsheets show as text and hide.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def plan_rows(view: AuditView, *, include_private: bool = False) -> list[dict[str, Any]]:
    """One dict per action, keyed by PLAN_COLUMNS, values as a person reads them."""
    return [_row(view, action, include_private) for action in view.plan]


def _note(view: AuditView, question_id: str, include_private: bool) -> str:
    answer = view.audit.answers.get(question_id)
    if answer is None or not answer.note:
        return ""
    if answer.note_private:
        return clipped(PRIVATE_NOTE + answer.note, CELL_MAX_CHARS) if include_private else ""
    return clipped(answer.note, CELL_MAX_CHARS)


def _row(view: AuditView, action: Action, include_private: bool) -> dict[str, Any]:
    return {
        "client": view.client.name,
        "audit": view.audit.id,
        "questionnaire": view.questionnaire.id,
        "rank": action.rank,
        "part": action.part.value,
        "priority": action.category.label,
        "horizon_days": action.horizon_days,
        "section": action.section_title,
        "action": action.text,
        "next_steps": " / ".join(action.next_steps),
        "reason": action.reason,
        "owner": action.owner,
        "due": action.due,
        "status": action.status.label,  # words, not ids
        "id": action.id,
        "question": action.question_id,
        "note": _note(view, action.question_id, include_private),
    }


def plan_to_csv(view: AuditView, *, delimiter: str = ",", include_private: bool = False) -> str:
    """The action plan, one row per action; `delimiter` ";" for locales where "," is the
    decimal mark (Excel in Germany or France splits on ";")."""
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = csv.DictWriter(
        out, fieldnames=PLAN_COLUMNS, delimiter=DELIMITERS[delimiter], lineterminator="\r\n"
    )
    writer.writeheader()
    for row in plan_rows(view, include_private=include_private):
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# Every workbook we write: in memory, and user text stays text ("=cmd|calc" is shown, not run,
# and no link is made).
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def plan_to_xlsx(view: AuditView, *, include_private: bool = False) -> bytes:
    """The action plan as an Excel workbook: due dates are date cells (they sort and filter
    as dates), ranks and horizons numbers, every other cell text, never a formula. An internal
    copy (`include_private`) says so in its title and its sheet's name."""
    import xlsxwriter  # only for this export

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        internal = f" ({INTERNAL_MARK})" if include_private else ""
        book.set_properties(
            {
                "title": f"Action plan: {view.client.name}{internal}",
                "subject": view.questionnaire.title,
            }
        )
        sheet = book.add_worksheet("Action plan (internal)" if include_private else "Action plan")
        bold = book.add_format({"bold": True, "bottom": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        top = book.add_format({"valign": "top"})
        day = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        for col, name in enumerate(PLAN_COLUMNS):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, _WIDTHS.get(name, 12), wrap if name in _WRAPPED else top)
        rows = plan_rows(view, include_private=include_private)
        for r, row in enumerate(rows, start=1):
            for col, name in enumerate(PLAN_COLUMNS):
                value = row[name]
                if isinstance(value, int):
                    sheet.write_number(r, col, value, top)
                elif name == "due" and (date := _date(value)) is not None:
                    sheet.write_datetime(r, col, dt.datetime.combine(date, dt.time()), day)
                else:
                    sheet.write_string(r, col, str(value), wrap if name in _WRAPPED else top)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(PLAN_COLUMNS) - 1)
    return buffer.getvalue()


_WIDTHS = {"client": 24, "section": 22, "action": 50, "next_steps": 40, "reason": 40, "note": 40}
_WRAPPED = {"action", "next_steps", "reason", "note"}


def _date(text: str) -> dt.date | None:
    """The ISO date a due date holds, or None (an empty one, or text from a store made
    elsewhere), which stays a text cell."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
