"""The customers' view beside the self-rating: "you say 80, customers say 55".

Pure functions: the self-audit's score and the pulse its client's customers gave (docs/scoring.md,
"What customers say"). A phase the owner rates far above what customers say becomes a finding,
with its own row in the action plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from audit.domain.audit import ActionEdit
from audit.domain.plan import Action, PlanPart, arranged
from audit.domain.pulse import EFFORT_POINTS, Pulse, signed
from audit.domain.questionnaire import Level
from audit.domain.scoring import AuditScore, Verdict

# -- calibration (docs/scoring.md): when the customers' word outweighs the self-rating --------
# A quarter of the scale is more than the difference between two neighbouring answers on any
# built-in scale, and five customers keep one unhappy customer from making a finding alone.
GAP_FINDING_POINTS = 25.0
GAP_FINDING_CUSTOMERS = 5
OVERALL = "overall"  # the row id of the overall comparison
FINDING_HORIZON_DAYS = 90  # an improvement: the plan's horizon for "improve"


@dataclass(frozen=True)
class SideBySide:
    """One phase (or the overall score): what the business says and what its customers say."""

    section_id: str
    title: str
    you: float | None  # the self-audit's basics score of the phase (or its overall), 0-100
    customers: float | None  # the customers' mean score, 0-100
    customer_count: int  # customers whose answers give `customers`
    finding: bool = False

    @property
    def gap(self) -> float | None:
        """How far the self-rating is above the customers' (negative: customers rate higher)."""
        if self.you is None or self.customers is None:
            return None
        return self.you - self.customers


@dataclass(frozen=True)
class CustomersView:
    """A client's pulse set beside one of their audits."""

    pulse_audit_id: str
    pulse_started: str  # when the pulse audit began (ISO), to say how recent it is
    pulse: Pulse
    rows: tuple[SideBySide, ...]  # the phases in the audit's order, then the overall

    @property
    def findings(self) -> tuple[SideBySide, ...]:
        return tuple(row for row in self.rows if row.finding)


FINDING_PREFIX = "customers-"


def is_finding_id(action_id: str) -> bool:
    """Whether a plan row id names a customers' finding ("customers-during/1")."""
    name, _, number = action_id.partition("/")
    return name.startswith(FINDING_PREFIX) and len(name) > len(FINDING_PREFIX) and number == "1"


def is_finding(you: float | None, customers: float | None, count: int) -> bool:
    """The rule: the self-rating is at least 25 points above the mean of at least 5 customers."""
    if you is None or customers is None or count < GAP_FINDING_CUSTOMERS:
        return False
    return you - customers >= GAP_FINDING_POINTS


def customers_view(
    score: AuditScore, pulse: Pulse, pulse_audit_id: str = "", pulse_started: str = ""
) -> CustomersView:
    """Every phase of the audit that the pulse also asks about, then the overall scores.

    The findings are made per phase; an audit without phases (five-steps) has its finding, if
    any, on the overall comparison instead, so one gap is never counted twice."""
    rows: list[SideBySide] = []
    for phase in score.phases:
        voice = pulse.phase(phase.section_id)
        if voice is None:
            continue
        finding = is_finding(phase.delivered, voice.score, voice.customers)
        rows.append(
            SideBySide(
                phase.section_id,
                phase.title,
                phase.delivered,
                voice.score,
                voice.customers,
                finding,
            )
        )
    overall_finding = not rows and is_finding(score.overall, pulse.overall, pulse.overall_customers)
    rows.append(
        SideBySide(
            OVERALL,
            "Overall",
            score.overall,
            pulse.overall,
            pulse.overall_customers,
            overall_finding,
        )
    )
    return CustomersView(pulse_audit_id, pulse_started, pulse, tuple(rows))


def finding_actions(view: CustomersView) -> list[Action]:
    """One plan row per finding, largest gap first (ranks are given by `with_findings`)."""
    ordered = sorted(view.findings, key=lambda row: (-(row.gap or 0.0), row.section_id))
    return [_action(row) for row in ordered]


def _action(row: SideBySide) -> Action:
    assert row.you is not None and row.customers is not None and row.gap is not None
    overall = row.section_id == OVERALL
    subject = "your care overall" if overall else f"your care {row.title.lower()}"
    return Action(
        id=f"{FINDING_PREFIX}{row.section_id}/1",
        rank=0,
        text=(
            f"Find out why customers rate {subject} lower than you do: read what the "
            "lowest-scoring customers of the pulse said, phone two of them, and go through "
            "your own answers for it again with what they describe in mind."
        ),
        question_id="",
        section_id="" if overall else row.section_id,
        section_title="Overall" if overall else row.title,
        category=Verdict.IMPROVE,
        horizon_days=FINDING_HORIZON_DAYS,
        reason=(
            f"You rate {subject} at {row.you:.0f}; {row.customer_count} customers give it "
            f"{row.customers:.0f} on average, {row.gap:.0f} points lower. A gap "
            f"of {GAP_FINDING_POINTS:.0f} points or more from at least "
            f"{GAP_FINDING_CUSTOMERS} customers is a finding of its own."
        ),
        urgency=0.0,
        next_steps=(
            "Ask customers again in about three months with the same pulse, to see whether "
            "the gap has closed.",
        ),
        level=Level.HIGH,
        gap=round(row.gap / 100.0, 6),
    )


def with_findings(
    plan: Sequence[Action],
    findings: Sequence[Action],
    edits: Mapping[str, ActionEdit] | None = None,
) -> tuple[Action, ...]:
    """The plan with the customers' findings first among its improvements.

    They come after the fixes and the delight rows of the main plan (what customers say is an
    improvement to look into, not yet a known failure) and count towards its twelve rows: the
    main rows they push past twelve move to the top of the "later" list. Ranks are renumbered;
    an edit (owner, due, status) stays with its action id."""
    if not findings:
        return tuple(plan)
    main = [a for a in plan if a.part is PlanPart.MAIN]
    others = [a for a in plan if a.part is not PlanPart.MAIN]
    before = [a for a in main if a.category in (Verdict.FIX_FIRST, Verdict.DELIGHT)]
    after = [a for a in main if a.category not in (Verdict.FIX_FIRST, Verdict.DELIGHT)]
    placed = [_keep_edit(f, (edits or {}).get(f.id)) for f in findings]
    open_placed = [f for f in placed if f.is_open]
    closed_placed = [f for f in placed if not f.is_open]
    return arranged(
        before + open_placed + after,
        [a for a in others if a.part is PlanPart.LATER],
        [a for a in others if a.part is PlanPart.CLOSED] + closed_placed,
    )


def _keep_edit(finding: Action, edit: ActionEdit | None) -> Action:
    if edit is None:
        return finding
    return replace(finding, owner=edit.owner, due=edit.due, status=edit.status)


# -- the words every front end shows (console, app, PDF), so they cannot drift -----------------


def measures_text(pulse: Pulse) -> str:
    """ "NPS +20 (10 answers), CSAT 70% (10), CES 5.1 of 7 (10)": the three measures in a line."""
    nps = (
        "no answers"
        if pulse.nps is None
        else f"{signed(pulse.nps)} ({pulse.recommend_answers} answers)"
    )
    csat = (
        "no answers" if pulse.csat is None else f"{pulse.csat:.0f}% ({pulse.satisfaction_answers})"
    )
    ces = (
        "no answers"
        if pulse.ces is None
        else f"{pulse.ces:.1f} of {EFFORT_POINTS}, higher is easier ({pulse.effort_answers})"
    )
    return f"NPS {nps}, CSAT {csat}, CES {ces}"


def side_by_side_text(row: SideBySide) -> str:
    """ "you say 80, customers say 55 (12 customers)", and what the gap means."""
    you = "no score yet" if row.you is None else f"{row.you:.0f}"
    if row.customers is None:
        return f"you say {you}, no customer has answered this yet"
    count = f"{row.customer_count} customer{'s' * (row.customer_count != 1)}"
    text = f"you say {you}, customers say {row.customers:.0f} ({count})"
    if row.finding:
        return f"{text}: {row.gap:.0f} points apart, a finding in the plan"
    return text


def heading_text(view: CustomersView) -> str:
    """The heading of the customers' block, naming the pulse it comes from."""
    started = f", started {view.pulse_started[:10]}" if view.pulse_started else ""
    count = view.pulse.customers
    source = f" (customer pulse {view.pulse_audit_id}{started})" if view.pulse_audit_id else ""
    return f"What customers say: {count} customer{'s' * (count != 1)}{source}"


def replies_text(view: CustomersView | None) -> str:
    """How far a pulse has got: "12 customers replied"."""
    count = view.pulse.customers if view else 0
    return f"{count} customer{'s' * (count != 1)} replied"


def no_replies_text(pulse_audit_id: str) -> str:
    return (
        f"No customer has replied yet: `audit import-responses {pulse_audit_id} FILE.csv` adds "
        "their answers (docs/answers-file.md)."
    )


# A pulse's own page in place of a plan: where what customers say goes to work.
PULSE_HAS_NO_PLAN = (
    "A pulse has no action plan of its own: what customers say is set beside the client's own "
    f"audits, where a self-rating {GAP_FINDING_POINTS:.0f} points or more above what at least "
    f"{GAP_FINDING_CUSTOMERS} customers say becomes an action in their plan (docs/scoring.md, "
    "What customers say)."
)
