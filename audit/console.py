"""Plain-text pages for the terminal: the audit list, one audit in full, the questionnaires.

No colour and no box drawing, so the output reads the same in a pipe, a log or a screen reader.
User text is printed as it is, with control characters made visible so it cannot move the cursor
or change the terminal.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Sequence

from audit.catalog import Catalog
from audit.domain.answers import describe_value
from audit.domain.audit import Client
from audit.domain.customers import (
    PULSE_HAS_NO_PLAN,
    CustomersView,
    heading_text,
    measures_text,
    no_replies_text,
    replies_text,
    side_by_side_text,
)
from audit.domain.gaps import gap_lines
from audit.domain.plan import Action, PlanPart
from audit.domain.questionnaire import (
    Condition,
    Kind,
    Question,
    Questionnaire,
    Requirement,
    Test,
)
from audit.domain.summary import AuditSummary
from audit.domain.view import AuditView
from audit.domain.voices import gap_lines as team_gap_lines
from audit.domain.voices import team_summary
from audit.domain.words import audit_status_word, level_words, mode_word
from audit.reporting import INTERNAL_MARK
from audit.text import clipped, plain

WIDTH = 78


def score_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _cut(text: str, width: int) -> str:
    text = plain(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def audit_table(summaries: list[AuditSummary], clients: dict[str, Client]) -> str:
    if not summaries:
        return "No audits yet. Start one with `audit new`, or see an example with `audit demo`."
    # The cohort column only when some audit has one: most stores never use cohorts.
    cohorts = any(s.cohort for s in summaries)
    rows: list[tuple[str, ...]] = [
        ("ID", "CLIENT", "AUDIT", "STARTED", "FINISHED", "SCORE", "COHORT")
    ]
    for s in summaries:
        client = clients.get(s.client_id)
        score = s.score_label
        rows.append(
            (
                s.audit_id,
                plain(client.name) if client else "?",
                _cut(s.questionnaire_id, 12 if cohorts else 16),
                s.started_at[:10] or "-",
                _finished(s),
                score,
                _cut(plain(s.cohort), 12) or "-",
            )
        )
    terminal = shutil.get_terminal_size((80, 24)).columns

    def others() -> int:
        return sum(max(len(row[i]) for row in rows) + 2 for i in range(len(rows[0])) if i != 1)

    # The cohort column goes first when the client's name would have less than 12 columns
    # (`audit list --cohort NAME` shows one cohort, its name above the table).
    if not cohorts or terminal - others() < 12:
        rows = [row[:6] for row in rows]
    # The client column takes what the terminal has to spare beside the others.
    width = min(60, max(12, terminal - others()))
    return _columns([(r[0], _cut(r[1], width), *r[2:]) for r in rows])


def _finished(summary: AuditSummary) -> str:
    """The day it was finished; how far it has got while it is not; "yes" for an audit finished
    before the day was kept. (One column for both keeps the list within 80 columns.) A pulse
    is never finished by the business: its customers' replies are how far it has got."""
    if summary.shows_replies:
        return summary.replies_label
    if summary.status != "complete":
        return f"no, {summary.answered}/{summary.asked}"
    return summary.finished_at[:10] or "yes"


def plan_table(view: AuditView) -> str:
    """The plan as `audit plan` lists it: numbered rows, grouped into the plan, later, done."""
    head = f"Action plan of audit {view.audit.id}, {plain(view.client.name)}: "
    head += f"{score_text(view.score.overall)} ({view.score.standing})"
    if not view.plan:
        nothing = "nothing answered yet" if view.score.answered == 0 else "no weak answers"
        return f"{head}\n\nNo actions: {nothing}."
    out = [*_wrap(head), ""]
    parts = [p for p in PlanPart if any(a.part is p for a in view.plan)]
    for part in parts:
        out += [f"{part.heading}:", plan_rows([a for a in view.plan if a.part is part]), ""]
    out.append(f"Change a row: audit plan {view.audit.id} set N --owner NAME --due DATE")
    out.append("  --status todo|doing|done|dropped; fill due dates: ... schedule --from DATE")
    return "\n".join(out)


def plan_rows(actions: Sequence[Action], today: dt.date | None = None) -> str:
    """Plan rows as a table that fits the terminal: the action text takes the width left. An
    open row past its due date says "(late)"."""
    today = today or dt.date.today()
    rows = [("#", "PRIORITY", "DUE", "OWNER", "STATUS", "ACTION")]
    for a in actions:
        priority = f"{a.category.short_label} {a.horizon_days}d"
        if a.part is not PlanPart.MAIN:
            priority = "Later" if a.part is PlanPart.LATER else "Closed"
        rows.append(
            (
                str(a.rank),
                priority,
                a.due or "-",
                _cut(a.owner or "-", 16),
                a.status_on(today),
                a.text,
            )
        )
    others = sum(max(len(row[i]) for row in rows) + 2 for i in range(5))
    width = max(20, shutil.get_terminal_size((80, 24)).columns - others)
    return _columns([(*r[:5], _cut(r[5], width)) for r in rows])


def client_table(clients: list[Client]) -> str:
    if not clients:
        return "No clients yet. `audit new --client NAME --questionnaire ID` adds one."
    rows = [("ID", "NAME", "SECTOR")]
    rows += [(c.id, _cut(c.name, 40), _cut(c.sector, 24)) for c in clients]
    return _columns(rows)


def questionnaire_table(catalog: Catalog) -> str:
    rows = [("ID", "VERSION", "QUESTIONS", "SOURCE", "TITLE")]
    for entry in catalog.entries:
        q = entry.questionnaire
        source = "built-in" if entry.builtin else str(entry.path.parent)
        rows.append((q.id, q.version, str(len(q.questions)), _cut(source, 24), _cut(q.title, 40)))
    return _columns(rows)


def _columns(rows: Sequence[Sequence[str]]) -> str:
    # Every column, ids and statuses too: a store or a questionnaire may come from elsewhere.
    rows = [[plain(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def questionnaire_page(q: Questionnaire) -> str:
    out = _wrap(f"{q.title} ({q.id}, version {q.version})")
    if q.description:
        out += ["", *_wrap(q.description)]
    for section in q.sections:
        out += ["", *_wrap(f"== {section.title} ({section.id}) ==")]
        if section.profile is not None:
            p = section.profile
            out += _wrap(
                f"Phase profile: customers expect {level_words(p.expectation)}; extra effort earns "
                f"{level_words(p.positive)}; a failure harms {level_words(p.negative)}",
                indent="   ",
            )
        for number, question in enumerate(section.questions, start=1):
            out += _wrap(f"{number}. [{question.id}] {question.text}", indent="   ", hang=4)
            out += _wrap(_question_terms(q, question), indent="       ")
            if question.points:
                points = " / ".join(f"{i} {p}" for i, p in enumerate(question.points, 1))
                out += _wrap(f"Answer: {points}", indent="       ", hang=8)
            if question.choices:
                choices = " / ".join(f"{c.id} = {c.label}" for c in question.choices)
                label = "Tick any of" if question.kind is Kind.MULTIPLE else "Answer"
                out += _wrap(f"{label}: {choices}", indent="       ", hang=8)
            out += _wrap(f"Why: {question.help}", indent="       ", hang=5)
    return "\n".join(out)


_REQUIRED_WORDS = {
    Requirement.HARD: "must be answered to finish",
    Requirement.SOFT: "should be answered",
    Requirement.NO: "optional",
}
_TEST_WORDS = {
    Test.IS: "is",
    Test.IS_NOT: "is not",
    Test.IN: "is one of",
    Test.INCLUDES: "includes",
    Test.AT_LEAST: "is at least",
    Test.AT_MOST: "is at most",
}


def _question_terms(questionnaire: Questionnaire, question: Question) -> str:
    """The question's kind and rules in words, e.g. "(yes / partly / no; should be answered)"."""
    kind = {
        Kind.SCALE: f"scale of {len(question.points)}",
        Kind.YES_PARTLY_NO: "yes / partly / no",
        Kind.SINGLE: "one choice",
        Kind.MULTIPLE: "any number of choices",
        Kind.NUMBER: "a number",
        Kind.TEXT: "free text",
        Kind.PAIRED: f"expected and received, each on a scale of {len(question.points)}",
        Kind.IMPORTANCE: f"{question.total} points shared across {', '.join(question.across)}",
    }[question.kind]
    if question.kind is Kind.NUMBER:
        if question.unit:
            kind += f" in {question.unit}"
        if question.minimum is not None and question.maximum is not None:
            kind += f", {question.minimum:g} to {question.maximum:g}"
        elif question.minimum is not None:
            kind += f", at least {question.minimum:g}"
        elif question.maximum is not None:
            kind += f", at most {question.maximum:g}"
        # The profile's bounds first, in the order they are tried, then the question's own.
        for case in question.bounds:
            kind += f", best {case.best:g} and worst {case.worst:g} if {_conditions(case.when)}"
        if question.scored:
            kind += ", else" if question.bounds else ","
            kind += f" best {question.best:g} and worst {question.worst:g}"
    terms = [kind, _REQUIRED_WORDS[question.required]]
    if not question.scored:
        terms.append("not scored")
    elif question.weight != 1:
        terms.append(f"counts {question.weight:g}x")
    if question.allow_na:
        terms.append("may be marked N/A")
    if question.when:
        terms.append("asked only if " + _conditions(question.when))
    return "(" + "; ".join(terms) + ")"


def _conditions(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(
        f"{c.question} {_TEST_WORDS[c.test]} {_condition_value(c.value)}" for c in conditions
    )


def _condition_value(value: object) -> str:
    if isinstance(value, tuple):
        return " or ".join(str(v) for v in value)
    return str(value)


def audit_page(
    view: AuditView, notice: str = "", *, include_private: bool = False, earlier_kept: bool = True
) -> str:
    """One audit in full, at most 78 characters wide; `notice` is shown under the heading.

    Private notes and flags for review appear only with `include_private`, under a first line
    that says this copy is internal."""
    audit, score = view.audit, view.score
    mode = mode_word(audit.mode)
    out = [INTERNAL_MARK, ""] if include_private else []
    out += [
        *_wrap(f"Audit {audit.id}: {view.client.name}"),
        *_wrap(
            f"Questionnaire: {view.questionnaire.title} ({audit.questionnaire_id}, "
            f"version {audit.questionnaire_version})",
            hang=2,
        ),
        *_wrap(f"Mode: {mode}" + (f" by {audit.auditor}" if audit.auditor else ""), hang=2),
        *(_wrap(f"Cohort: {audit.cohort}", hang=2) if audit.cohort else []),
        *_wrap(
            f"Status: {audit_status_word(audit.status)}, {_progress(view)}, "
            f"last change {_when(audit.updated_at)}",
            hang=2,
        ),
    ]
    if audit.follows and earlier_kept:
        out += _wrap(
            f"Repeats audit {audit.follows}: `audit compare {audit.follows} {audit.id}` "
            "shows what changed.",
            hang=2,
        )
    elif audit.follows:
        # Pointing at `audit compare` for an erased audit would only earn an error.
        out += _wrap(f"Repeats audit {audit.follows}, which has since been erased.", hang=2)
    if audit.status.value != "complete" and score.asked and score.answered == score.asked:
        out += _wrap(f"Every question is answered: `audit finish {audit.id}` marks it complete.")
    if notice:
        out += ["", *_wrap(notice)]
    if view.is_pulse:
        return "\n".join([*out, "", *_pulse_lines(view)])
    out += ["", f"Overall score: {score_text(score.overall)} ({score.standing})"]
    if score.band_capped:
        out += _wrap(
            f"The band is at most {score.band} while the core phase is fix first.", indent="  "
        )
    out += ["", "Section scores:"]
    for s in score.sections:
        if s.applicable == 0:
            continue
        out.append(
            f"  {_cut(s.title, 36).ljust(36)} {score_text(s.score).rjust(3)}  "
            f"{_bar(s.score, 16)}  {s.answered}/{s.applicable}"
        )
    if score.phases:
        out += ["", "The three phases (expected / delivered on the basics / extras, 0-100):"]
        for p in score.phases:
            extras = f", extras {score_text(p.goodwill)}" if p.extras else ""
            out.append(f"  {_cut(p.title, 40).ljust(40)} {p.verdict.label}")
            out.append(f"      expect {p.expected:.0f}, basics {score_text(p.delivered)}{extras}")
            for reason in p.reasons:
                out += _wrap(f"adjusted because {reason}", indent="      ")
    if view.gaps is not None:
        out += ["", *(plain(line) for line in gap_lines(view.gaps))]
    if view.voices is not None:
        out += ["", *_wrap(team_summary(view.voices))]
        gaps = team_gap_lines(view.voices, view.questionnaire)
        out += ["", "Where your team sees it differently:" if gaps else "No perception gaps."]
        for text, said in gaps:
            out += _wrap(text, indent="  ", hang=2) + _wrap(said, indent="    ")
    if view.customers is not None:
        out += ["", *_customers_lines(view.customers)]
    out += ["", "Action plan, in priority order:"]
    if score.answered == 0:
        out.append("  Nothing answered yet: the plan appears as questions are answered.")
    elif not view.plan:
        out.append("  No weak answers, so nothing to fix. Keep doing what works.")
    part = PlanPart.MAIN
    for action in view.plan:
        if action.part is not part:
            part = action.part
            out += ["", f"{part.heading}:"]
        heading = action.category.label
        if action.part is PlanPart.MAIN:  # a later row waits for the plan: no days yet
            heading += f", within {action.horizon_days} days"
        line = f"{action.rank}. [{heading}, {action.section_title}] {action.text}"
        out += _wrap(line, indent="  ", hang=5)
        for step in action.next_steps:
            out += _wrap(f"Next step: {step}", indent="     ")
        out += _wrap(f"Why: {action.reason}", indent="     ")
        edits = [
            f"owner {action.owner}" if action.owner else "",
            f"due {action.due}" if action.due else "",
            f"status {action.status_text}"
            if action.status != "todo" or action.carried_from
            else "",
        ]
        if any(edits):
            out.append("     " + plain(", ".join(e for e in edits if e)))
    out += ["", "Answers:"]
    asked = {q.id for q in view.asked}
    for section in view.questionnaire.sections:
        out.append(f"  == {plain(section.title)} ==")
        for q in section.questions:
            answer = audit.answers.get(q.id)
            if q.id not in asked:
                shown = "(not asked: does not apply after earlier answers)"
            elif answer is None or not answer.is_answered:
                shown = "(unanswered)"
            elif answer.is_na:
                shown = "N/A" + (f": {clipped(answer.na_reason)}" if answer.na_reason else "")
            else:
                shown = describe_value(q, answer.value)
            flagged = include_private and answer is not None and answer.flagged
            flag = "  [flagged for review]" if flagged else ""
            out += _wrap(f"[{q.id}] {q.text}", indent="    ")
            out += _wrap(f"-> {shown}{flag}", indent="       ")
            if answer is not None and answer.note and (include_private or not answer.note_private):
                private = " (private)" if answer.note_private else ""
                out += _wrap(f"note{private}: {clipped(answer.note)}", indent="       ")
    return "\n".join(out)


def _progress(view: AuditView) -> str:
    """How far an audit has got: its questions answered; a pulse's customers who replied."""
    if view.is_pulse:
        return replies_text(view.customers)
    return f"{view.score.answered} of {view.score.asked} questions answered"


def _pulse_lines(view: AuditView) -> list[str]:
    """A pulse is what the customers said: the owner's own (empty) answers and plan would only
    read as a blank audit."""
    if view.customers is None:
        return _wrap(no_replies_text(view.audit.id))
    return [*_customers_lines(view.customers), "", *_wrap(PULSE_HAS_NO_PLAN)]


def _customers_lines(customers: CustomersView) -> list[str]:
    """What the client's customers say, beside this audit's own scores (docs/scoring.md)."""
    out = [*_wrap(heading_text(customers) + ":"), *_wrap(measures_text(customers.pulse), "  ")]
    if not customers.rows:  # the pulse audit itself: the customers' score per section
        for voice in customers.pulse.phases:
            count = f"{voice.customers} customer{'s' * (voice.customers != 1)}"
            out.append(f"  {_cut(voice.title, 30).ljust(30)} {score_text(voice.score)} ({count})")
    for row in customers.rows:
        out += [f"  {_cut(row.title, 74)}", *_wrap(side_by_side_text(row), "      ")]
    return out


def _when(iso: str) -> str:
    """ "2026-11-23 19:44" from an ISO timestamp (UTC, as stored)."""
    return iso[:16].replace("T", " ") + " UTC" if len(iso) >= 16 else iso


def _bar(score: float | None, width: int = 20) -> str:
    filled = 0 if score is None else round(score / 100 * width)
    return "#" * filled + "." * (width - filled)


def _wrap(text: str, indent: str = "", hang: int = 0) -> list[str]:
    """`text` wrapped to the page; line breaks inside it become spaces."""
    lines = textwrap.wrap(
        plain(" ".join(text.split())),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + " " * hang,
        break_long_words=True,
        break_on_hyphens=False,
    )
    return lines or [indent]
