"""Results: the overall score and band, section bars, the three-phase picture, and the ranked
action plan, where each action gets an owner, a due date and a status."""

from __future__ import annotations

import datetime as dt
import functools

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.widgets.data_table import ColumnKey

from audit.domain.audit import ActionEdit
from audit.domain.compare import Comparison, compare
from audit.domain.customers import PULSE_HAS_NO_PLAN, no_replies_text, replies_text
from audit.domain.gaps import gap_lines
from audit.domain.plan import PlanPart
from audit.domain.scoring import Verdict
from audit.domain.voices import gap_lines as team_gap_lines
from audit.domain.voices import team_summary
from audit.domain.words import audit_status_word, level_words
from audit.engine import AuditView
from audit.tui.customers_block import customers_text
from audit.tui.footer import KeysFooter
from audit.tui.guard import shows_errors
from audit.tui.keys import KeyRow
from audit.tui.messages import BackToQuestions, WritePdf
from audit.tui.modals import ActionEditModal
from audit.tui.service import AuditService
from audit.tui.since_tab import since_text
from audit.tui.tables import RowTable
from audit.tui.text import fit_line, literal, score_bar

ACTION = "Action"  # the plan's column that takes the terminal's spare width

# A mark beside each verdict's word, so it reads without colour; the words are the domain's
# (the short one where a phase has too few answers: the line has no room for the long one).
_VERDICT_SYMBOLS = {
    Verdict.FIX_FIRST: "▲",
    Verdict.DELIGHT: "★",
    Verdict.IMPROVE: "△",
    Verdict.KEEP_DOING: "✓",
    Verdict.STAND_OUT: "◆",
    Verdict.UNKNOWN: "?",
}
VERDICT_MARKS = {
    verdict: f"{symbol} {verdict.short_label if verdict is Verdict.UNKNOWN else verdict.label}"
    for verdict, symbol in _VERDICT_SYMBOLS.items()
}
PART_MARKS = {PlanPart.LATER: "Later", PlanPart.CLOSED: "Closed"}


class ResultsScreen(Screen[None]):
    BINDINGS = [
        # The tab titles show these keys; the footer has no room for them.
        Binding("s", "tab('scores-tab')", "Scores", show=False),
        Binding("a", "tab('plan-tab')", "Action plan", show=False),
        Binding("l", "since", "Since last time", show=False),
        Binding("e", "edit", "Edit action"),
        Binding("p", "pdf", "Write PDF"),
        Binding("b", "questions", "Back to questions"),
        Binding("u", "repeat", "Repeat", show=False),
        Binding("escape,q", "app.pop_screen", "Home"),
    ]
    KEY_HELP = (
        KeyRow(
            "the scores / the action plan",
            ("tab('scores-tab')", "tab('plan-tab')"),
            keys="s / a",
        ),
        KeyRow("switch between them", keys="Tab / ← →"),
        KeyRow("what changed since the last audit (when there is one)", ("since",)),
        KeyRow("first / last action", keys="Home / End"),
        KeyRow("set the action's owner, due date and status", ("edit",), keys="Enter or e"),
        KeyRow("write the PDF action plan (the path is shown when done)", ("pdf",)),
        KeyRow("back to the questions (a finished audit stays finished)", ("questions",)),
        KeyRow("repeat this audit: the next one, open actions carried over", ("repeat",)),
        KeyRow("home", ("app.pop_screen",), keys="Esc"),
    )

    def __init__(self, service: AuditService, audit_id: str) -> None:
        super().__init__()
        self.service = service
        self.audit_id = audit_id
        self.view: AuditView | None = None
        self.earlier: tuple[AuditView, ...] = ()  # the client's earlier audits, oldest first
        self._comparison: Comparison | None = None  # of those and this one

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        with TabbedContent(id="results-tabs"):
            with TabPane("Scores (s)", id="scores-tab"), VerticalScroll():
                yield Static(id="scores")
            with TabPane("Action plan (a)", id="plan-tab"):
                yield RowTable(id="plan", cursor_type="row", zebra_stripes=True)
                yield Static(id="action-detail")
            with TabPane("Since last time (l)", id="since-tab"), VerticalScroll():
                yield Static(id="since")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self._fill_since()
        if self.view is not None:
            _warm_pdf(self.view, self.earlier)

    def on_resize(self, event: events.Resize) -> None:
        self._show_since()
        keep = self.query_one("#plan", DataTable).cursor_row
        if self.view is not None and self._fit_to_width(self.view):
            self._fill_plan(self.view, keep)

    def _fit_to_width(self, view: AuditView) -> bool:
        """The title and the plan's columns follow the terminal's width; True if the columns
        were made again (and the rows must be)."""
        width = self.app.size.width
        title = fit_line(["Results", view.client.name, view.questionnaire.title], width - 2)
        self.query_one("#title-bar", Static).update(title)
        table = self.query_one("#plan", DataTable)
        # The other columns, the cell padding and the scrollbar take 52 cells: at 80 columns
        # the action gets 28, and every column more goes to it.
        action = max(28, width - 52)
        column = table.columns.get(ColumnKey(ACTION))
        if column is not None and column.width == action:
            return False
        table.clear(columns=True)
        for label, cells in (
            ("#", 2),
            ("Priority", 9),
            ("Action", action),
            ("Owner", 10),
            ("Due", 10),
            ("Status", 7),
        ):
            table.add_column(label, width=cells, key=label)
        return True

    @shows_errors
    def refresh_view(self) -> None:
        view = self.view = self.service.view(self.audit_id)
        self.query_one("#scores", Static).update(self._scores_text(view))
        keep = self.query_one("#plan", DataTable).cursor_row
        self._fit_to_width(view)
        self._fill_plan(view, keep)

    def _fill_plan(self, view: AuditView, keep: int) -> None:
        table = self.query_one("#plan", DataTable)
        table.clear()
        for action in view.plan:
            table.add_row(
                Text(str(action.rank)),
                Text(PART_MARKS.get(action.part) or action.category.short_label),
                literal(action.text),
                literal(action.owner or "-"),
                Text(action.due or "-"),
                # Seven columns: "Late" stands for the status once the due date has passed.
                Text("Late" if action.is_late(dt.date.today()) else action.status.label),
                key=action.id,
            )
        if view.plan:
            table.move_cursor(row=min(keep, len(view.plan) - 1))
        self._show_detail()

    def _scores_text(self, view: AuditView) -> Text:
        if view.is_pulse:
            return self._pulse_text(view)
        score = view.score
        out = Text()
        overall = "-" if score.overall is None else f"{score.overall:.0f}"
        label = "Score so far" if score.draft else "Overall score"
        out.append(f"{label} {overall} / 100  ·  {score.standing}", "bold")
        if score.band_capped:
            out.append(f"\nAt most {score.band} while the core phase is fix first.")
        out.append(
            f"\n{score.answered} of {score.asked} questions answered · "
            f"status {audit_status_word(view.audit.status)}\n\n"
        )
        out.append("Sections\n", "bold underline")
        for section in score.sections:
            if section.applicable == 0:
                continue
            value = "  -" if section.score is None else f"{section.score:3.0f}"
            out.append_text(literal(f"{section.title[:44]:<44} "))
            out.append(f"{score_bar(section.score)} {value}\n")
        if score.phases:
            out.append(
                "\nThe three phases: what customers expect against your basics\n",
                "bold underline",
            )
            for phase in score.phases:
                delivered = "-" if phase.delivered is None else f"{phase.delivered:.0f}"
                out.append_text(literal(f"{phase.title[:16]:<16} "))
                out.append(f"expect {phase.expected:3.0f} · basics {delivered:>3} · ")
                if phase.extras:
                    extras = "-" if phase.goodwill is None else f"{phase.goodwill:.0f}"
                    out.append(f"extras {extras:>3} · ")
                out.append(f"{VERDICT_MARKS[phase.verdict]}\n", "bold")
                out.append(
                    f"  expect {level_words(phase.expectation)} · failure harms "
                    f"{level_words(phase.negative)} · extras earn {level_words(phase.positive)}\n",
                    "dim",
                )
        if view.gaps is not None:
            first, *rest = gap_lines(view.gaps)
            out.append(f"\n{first}\n", "bold underline")
            for line in rest:
                out.append_text(literal(line))  # section titles are the file's text
                out.append("\n")
        if view.voices is not None:
            self._team_text(view, out)
        out.append_text(customers_text(view.customers))
        main = [a for a in view.plan if a.part is PlanPart.MAIN]
        later = sum(1 for a in view.plan if a.part is PlanPart.LATER)
        counts = {v: sum(1 for a in main if a.category is v) for v in Verdict}
        out.append(
            f"\nAction plan: {len(main)} action{'s' * (len(main) != 1)} · "
            f"{counts[Verdict.FIX_FIRST]} fix "
            f"first · {counts[Verdict.DELIGHT]} delight · {counts[Verdict.IMPROVE]} "
            f"improve · {later} later. Press a for the plan, to give each an owner and a "
            "due date.",
            "dim",
        )
        return out

    def _pulse_text(self, view: AuditView) -> Text:
        """A pulse is what its customers said: the owner's empty scores and plan would read as
        a blank audit."""
        out = Text()
        out.append(replies_text(view.customers), "bold")
        out.append(f" · status {audit_status_word(view.audit.status)}\n")
        if view.customers is None:
            out.append(f"\n{no_replies_text(view.audit.id)}", "dim")
        else:
            out.append_text(customers_text(view.customers))
            out.append(f"\n{PULSE_HAS_NO_PLAN}", "dim")
        return out

    def _team_text(self, view: AuditView, out: Text) -> None:
        """Who answered and where they see it differently (several respondents only)."""
        assert view.voices is not None
        out.append("\nWhere your team sees it differently\n", "bold underline")
        # literal() shows a line break as a mark (user text is data): breaks go in apart.
        out.append_text(literal(team_summary(view.voices)))
        out.append("\n")
        gaps = team_gap_lines(view.voices, view.questionnaire)
        for text, said in gaps:
            out.append_text(literal(f"• {text}"))
            out.append("\n  ")
            out.append_text(literal(said, "dim"))
            out.append("\n")
        if not gaps:
            out.append("No question where the answers are half the scale apart.\n", "dim")

    def action_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # The plan tab is for working through actions: put the keys on the table at once.
        if event.pane.id == "plan-tab":
            self.query_one("#plan", DataTable).focus()
        elif event.pane.id == "since-tab":  # so that the arrows and PgDn scroll it
            self.query_one("#since-tab VerticalScroll").focus()

    def _selected(self) -> str | None:
        table = self.query_one("#plan", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#action-detail", Static)
        action_id = self._selected()
        if self.view is None or action_id is None:
            detail.update("No weak answers: nothing to fix. Keep doing what works.")
            return
        action = next(a for a in self.view.plan if a.id == action_id)
        text = Text()
        when = f"{action.category.label}, within {action.horizon_days} days"
        if action.part is not PlanPart.MAIN:
            when = action.part.heading
        text.append(f"{action.rank}. {when}: ", "bold")
        text.append_text(literal(action.text))
        for step in action.next_steps:
            text.append("\nNext step: ", "bold")
            text.append_text(literal(step))
        text.append("\n")
        text.append_text(literal(action.reason, "italic"))
        text.append("\nEnter or e: set owner, due date and status", "dim")
        detail.update(text)

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        action_id = self._selected()
        if self.view is None or action_id is None:
            return
        self.query_one(TabbedContent).active = "plan-tab"
        action = next(a for a in self.view.plan if a.id == action_id)

        @shows_errors
        def saved(self: ResultsScreen, edit: ActionEdit | None) -> None:
            if edit is None:
                return
            self.service.save_action_edit(self.audit_id, action_id, edit)
            self.refresh_view()
            assert self.view is not None
            saved = next((a for a in self.view.plan if a.id == action_id), None)
            late = saved is not None and saved.is_late(dt.date.today())
            self.notify(
                f"Action saved. {edit.due} has already passed: it shows as late until done."
                if late
                else "Action saved."
            )

        self.app.push_screen(ActionEditModal(action), functools.partial(saved, self))

    def action_repeat(self) -> None:
        from audit.tui.messages import RepeatAudit

        self.post_message(RepeatAudit(self.audit_id))

    def action_pdf(self) -> None:
        """Write the PDF in a thread, so the screen stays responsive while WeasyPrint works."""
        if self.view is None:
            return
        self.notify("Writing the PDF…", timeout=3)
        self.post_message(WritePdf(self.view, self.earlier))

    # -- since last time -------------------------------------------------------------------------

    @shows_errors
    def _fill_since(self) -> None:
        """The tab is there only when the client has an earlier audit of this questionnaire."""
        history = self.service.history(self.audit_id)
        self.earlier = history[:-1]
        tabs = self.query_one(TabbedContent)
        if not self.earlier:
            tabs.hide_tab("since-tab")
            return
        self._comparison = compare(history)
        self._show_since()

    def _show_since(self) -> None:
        """The lines follow the terminal's width (the tab's padding and scroll bar take 4)."""
        if self._comparison is not None:
            text = since_text(self._comparison, self.app.size.width - 4)
            self.query_one("#since", Static).update(text)

    def action_since(self) -> None:
        if not self.earlier:
            self.notify(
                "No earlier audit of this questionnaire for this client: nothing to compare yet."
            )
            return
        self.query_one(TabbedContent).active = "since-tab"

    @shows_errors
    def action_questions(self) -> None:
        self.post_message(BackToQuestions(self.audit_id))


def _warm_pdf(view: AuditView, earlier: tuple[AuditView, ...] = ()) -> None:
    """Draw the report in the background now, so that `p` finds it made (or the renderer warm)."""
    import datetime as dt

    from audit.locations import report_templates
    from audit.reporting.brand import Brand
    from audit.reporting.render import warm_in_background

    # The same arguments as AuditApp.write_pdf, so that its HTML matches the one kept.
    warm_in_background(view, report_templates(), Brand(), dt.date.today(), earlier)
