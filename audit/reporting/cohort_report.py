"""The cohort report (`audit cohort report`): one CohortSummary as a PDF for the room, or as
JSON, CSV or xlsx for the trainer's own analysis.

Anonymous unless `names` is given: the text then holds no participant's or client's name
anywhere; drafts are "Draft 1", "Draft 2"... in the order the audits were started.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from audit.domain.cohort import CohortSummary, QuestionnaireGroup
from audit.domain.summary import AuditSummary
from audit.reporting.spreadsheet import BOM, spreadsheet_safe

TEMPLATE = "cohort.html"
COLOUR = "#2f6f8f"  # a calm blue: a group's figures are not an alarm
CSV_COLUMNS = (
    "kind",
    "questionnaire",
    "name",
    "section",
    "count",
    "of",
    "percent",
    "mean",
    "median",
    "lowest",
    "highest",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _percent(count: int, of: int) -> float:
    return round(100.0 * count / of, 1) if of else 0.0


def draft_labels(
    summary: CohortSummary, names: Mapping[str, str] | None
) -> list[tuple[str, AuditSummary]]:
    """Each draft with what the report calls it: its client's name with `names`, else a number."""
    return [
        ((names or {}).get(d.client_id, "client") if names is not None else f"Draft {n}", d)
        for n, d in enumerate(summary.drafts, start=1)
    ]


def _progress(draft: AuditSummary) -> str:
    state = "finished" if draft.status == "complete" else "not finished"
    return f"{draft.answered} of {draft.asked} answered, {state}"


def as_data(summary: CohortSummary, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain JSON-able data (names only with `names`)."""
    data: dict[str, Any] = {
        "cohort": summary.name,
        "audits": summary.audits,
        "finished": summary.finished,
        "drafts": [
            {"name": label, "answered": d.answered, "asked": d.asked, "status": d.status}
            for label, d in draft_labels(summary, names)
        ],
        "bands": [
            {"band": band, "count": count, "percent": _percent(count, summary.finished)}
            for band, count in summary.bands
        ],
        "questionnaires": [_group_data(g) for g in summary.groups],
    }
    if names is not None:
        data["participants"] = [
            {
                "name": names.get(s.client_id, "client"),
                "audit": s.audit_id,
                "questionnaire": s.questionnaire_id,
                "score": _round(s.score),
                "band": s.band,
            }
            for s in summary.counted
        ]
    return data


def _group_data(group: QuestionnaireGroup) -> dict[str, Any]:
    return {
        "id": group.questionnaire_id,
        "title": group.title,
        "participants": group.participants,
        "sections": [
            {
                "id": s.section_id,
                "title": s.title,
                "count": s.count,
                "mean": _round(s.mean),
                "median": _round(s.median),
                "lowest": _round(s.lowest),
                "highest": _round(s.highest),
            }
            for s in group.sections
        ],
        "weak_questions": [
            {
                "question": w.question_id,
                "text": w.text,
                "section": w.section_title,
                "count": w.count,
                "of": w.of,
                "percent": _round(w.percent),
            }
            for w in group.weak_questions
        ],
        "top_actions": [
            {
                "question": a.question_id,
                "action": a.text,
                "section": a.section_title,
                "count": a.count,
                "of": a.of,
                "percent": _round(a.percent),
            }
            for a in group.top_actions
        ],
    }


def to_json(summary: CohortSummary, names: Mapping[str, str] | None = None) -> str:
    return json.dumps(as_data(summary, names), indent=2, ensure_ascii=False) + "\n"


def rows(summary: CohortSummary, names: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One tidy table: a row per figure, its kind in the first column, for CSV and xlsx."""
    data = as_data(summary, names)
    out: list[dict[str, Any]] = [
        {
            "kind": "finished",
            "count": summary.finished,
            "of": summary.audits,
            "percent": _percent(summary.finished, summary.audits),
        },
    ]
    out += [
        {"kind": "draft", "name": d["name"], "count": d["answered"], "of": d["asked"]}
        for d in data["drafts"]
    ]
    out += [
        {
            "kind": "band",
            "name": b["band"],
            "count": b["count"],
            "of": summary.finished,
            "percent": b["percent"],
        }
        for b in data["bands"]
    ]
    for group in data["questionnaires"]:
        qid = group["id"]
        out += [
            {
                "kind": "section",
                "questionnaire": qid,
                "name": s["title"],
                "count": s["count"],
                **{k: s[k] for k in ("mean", "median", "lowest", "highest")},
            }
            for s in group["sections"]
        ]
        out += [
            {
                "kind": "weak question",
                "questionnaire": qid,
                "name": w["text"],
                "section": w["section"],
                "count": w["count"],
                "of": w["of"],
                "percent": w["percent"],
            }
            for w in group["weak_questions"]
        ]
        out += [
            {
                "kind": "top action",
                "questionnaire": qid,
                "name": a["action"],
                "section": a["section"],
                "count": a["count"],
                "of": a["of"],
                "percent": a["percent"],
            }
            for a in group["top_actions"]
        ]
    for p in data.get("participants", []):
        out.append(
            {
                "kind": "participant",
                "questionnaire": p["questionnaire"],
                "name": p["name"],
                "mean": p["score"],
                "section": p["band"] or "",
            }
        )
    return [{column: row.get(column, "") for column in CSV_COLUMNS} for row in out]


def to_csv(summary: CohortSummary, names: Mapping[str, str] | None = None) -> str:
    out = io.StringIO()
    out.write(BOM)  # Excel on Windows reads UTF-8 only with it
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(summary, names):
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue()


def to_xlsx(summary: CohortSummary, names: Mapping[str, str] | None = None) -> bytes:
    import xlsxwriter  # only for this export

    from audit.reporting.spreadsheet import XLSX_OPTIONS

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        book.set_properties({"title": f"Cohort report: {summary.name}"})
        sheet = book.add_worksheet("Cohort")
        bold = book.add_format({"bold": True, "bottom": 1})
        table = rows(summary, names)
        for col, name in enumerate(CSV_COLUMNS):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, 50 if name == "name" else 14)
        for r, row in enumerate(table, start=1):
            for col, name in enumerate(CSV_COLUMNS):
                value = row[name]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, col, value)
                elif value is not None:
                    sheet.write_string(r, col, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(table), len(CSV_COLUMNS) - 1)
    return buffer.getvalue()


def cohort_context(
    summary: CohortSummary,
    today: dt.date,
    names: Mapping[str, str] | None = None,
    weak_below: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """What cohort.html shows: plain text and numbers, and the charts as SVG drawn here."""
    from markupsafe import Markup

    from audit.reporting.cohort_charts import band_bars, section_ranges

    data = as_data(summary, names)
    groups = []
    for group, shown in zip(summary.groups, data["questionnaires"], strict=True):
        weak = 100 * (weak_below or {}).get(group.questionnaire_id, 0.67)
        groups.append(
            {
                **shown,
                "chart": Markup(section_ranges(list(group.sections), COLOUR, weak)),
                "weak_below": f"{weak:.0f}",
            }
        )
    return {
        "title": f"Cohort report: {summary.name}",
        "cohort": summary.name,
        "date": today.isoformat(),
        "audits": summary.audits,
        "finished": summary.finished,
        "drafts": [
            {"name": label, "progress": _progress(d)} for label, d in draft_labels(summary, names)
        ],
        "bands": data["bands"],
        "band_chart": Markup(band_bars(list(summary.bands), COLOUR)) if summary.finished else "",
        "groups": groups,
        "named": names is not None,
        "participants": data.get("participants", []),
    }


def render_cohort_pdf(context: dict[str, Any], folder: Path) -> bytes:
    from audit.reporting.render import render_pdf, render_template

    return render_pdf(render_template(folder, context, TEMPLATE), folder)
