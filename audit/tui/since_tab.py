"""The results' "Since last time" tab: a comparison of the client's audits (the domain's
`compare`) as lines that fit the terminal, user text literal.

Each score line reads left to right, oldest audit first ("25 → 50 → 80"), then the change since
last time and, from three audits, the trend: on an 80-column terminal five audits still fit
beside a section title.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from audit.domain.compare import ActionResult, Comparison, Outcome, QuestionChange
from audit.domain.scoring import Verdict
from audit.text import plain
from audit.tui.text import literal

ARROW = " → "
TITLE_MOST = 44
# The outcome of a done action stands out by a mark as well as a colour.
_OUTCOME_STYLES = {
    Outcome.WORKED: ("✓ ", "bold green"),
    Outcome.BETTER: ("↑ ", "bold"),
    Outcome.SAME: ("= ", "bold"),
    Outcome.WORSE: ("↓ ", "bold red"),
    Outcome.UNKNOWN: ("? ", "dim"),
}


def since_text(result: Comparison, width: int) -> Text:
    out = Text()
    dates = [d[:10] for d in result.dates]
    out.append("Audits compared, oldest first\n", "bold underline")
    out.append(ARROW.join(dates) + " (this one)\n", "dim")
    trend = len(dates) >= 3
    rows: list[tuple[str, Sequence[float | None], str]] = [("Overall score", result.overall, "")]
    rows += [
        (s.title, s.scores, s.trend.value if s.trend else "-")
        for s in result.sections
        if any(score is not None for score in s.scores)  # the business profile has no score
    ]
    numbers = [ARROW.join(_number(v).rjust(3) for v in scores) for _, scores, _ in rows]
    changes = [_change(scores) for _, scores, _ in rows]
    right = max(len(n) for n in numbers) + 2 + 6 + (9 if trend else 0)
    # As on the scores tab, a title gets at most 44 cells, so the numbers stay near it.
    title_width = max(12, min(TITLE_MOST, width - right - 4))
    out.append("\nScores then and now", "bold underline")
    out.append(f"  (change since last time{', trend' if trend else ''})\n", "dim")
    for (title, _, word), shown, delta in zip(rows, numbers, changes, strict=True):
        out.append_text(_cut(title, title_width))
        out.append(f"  {shown}  {delta:>5}", "bold" if title == "Overall score" else "")
        if trend and word:
            out.append(f"  {word}")
        out.append("\n")
    if result.phases:
        out.append("\nPhase verdicts then and now\n", "bold underline")
        for phase in result.phases:
            out.append_text(_cut(phase.title, 20))
            out.append("  " + ARROW.join(_verdict(v) for v in phase.verdicts) + "\n")
    out.append("\nDone since last time: did it work?\n", "bold underline")
    _actions(out, result.done, "No action of the last plan was marked done.", width)
    for heading, results in (("Dropped", result.dropped), ("Still open", result.still_open)):
        if results:
            out.append(f"\n{heading}\n", "bold underline")
            _actions(out, results, "", width)
    out.append("\nNew weak spots\n", "bold underline")
    if not result.new_weak:
        out.append("None: every weak spot now was weak last time too.\n", "dim")
    for change in result.new_weak:
        _bullet(out, change.text, width)
        out.append(f"\n    {_then_now(change)}\n", "dim")
    return out


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _change(scores: Sequence[float | None]) -> str:
    then, now = scores[-2], scores[-1]
    return "" if then is None or now is None else f"{now - then:+.0f}"


def _verdict(verdict: Verdict | None) -> str:
    return "-" if verdict is None else verdict.short_label


def _cut(title: str, width: int) -> Text:
    shown = literal(title)
    if cell_len(shown.plain) > width:
        shown.truncate(width, overflow="ellipsis")
    shown.pad_right(width - cell_len(shown.plain))
    return shown


def _then_now(change: QuestionChange) -> str:
    if change.why_not:
        return f"not compared: {change.why_not}"
    return f"{_number(change.before)} then, {_number(change.after)} now"


def _bullet(out: Text, text: str, width: int) -> None:
    """`text` after a bullet, its later lines indented under its first."""
    lines = textwrap.wrap(plain(text), max(20, width - 2)) or [""]
    for index, line in enumerate(lines):
        out.append("\n  " if index else "• ")
        out.append_text(literal(line))


def _actions(out: Text, results: Sequence[ActionResult], none: str, width: int) -> None:
    if not results:
        out.append(none + "\n", "dim")
    for item in results:
        _bullet(out, item.action.text, width)
        out.append(f"\n    {_then_now(item.change)}", "dim")
        if not item.change.why_not:  # "not compared: ..." says already that it cannot tell
            mark, style = _OUTCOME_STYLES[item.outcome]
            out.append(f"  {mark}{item.outcome.label}", style)
        out.append("\n")
