"""The Textual application: one store, one catalog, and the screens that share them.

Screens ask the app to move between them with messages (`audit.tui.messages`: open an audit,
show results, write a PDF); the app owns the store, so only one thread ever writes to it, and
hands the screens an `AuditService` in its place.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from audit.catalog import Catalog
from audit.domain.answers import Answer
from audit.domain.audit import Audit, Mode
from audit.domain.carry import RepeatRefused
from audit.engine import AuditView, repeat_audit
from audit.locations import reports_folder
from audit.session import AuditSession
from audit.storage.base import AuditStore
from audit.storage.files import StoreError
from audit.tui import messages
from audit.tui.guard import shows_errors
from audit.tui.home import HomeScreen
from audit.tui.keys import KeyRow, KeySection, help_text
from audit.tui.modals import ChoiceModal, ConfirmModal, HelpModal, TextModal
from audit.tui.new_audit import KIND_QUESTION, NewAuditScreen, kind_label, kind_options
from audit.tui.question import QuestionScreen
from audit.tui.respondents import RespondentModal, RespondentPick
from audit.tui.results import ResultsScreen
from audit.tui.review import ReviewScreen
from audit.tui.service import AuditService

DEMO_CLIENT = "Hollin & Daughters Kitchens"
DEMO_SECTOR = "Fitted kitchens, design and installation"


class AuditApp(App[None]):
    CSS_PATH = "audit.tcss"
    TITLE = "Customer care audit"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]
    KEY_HELP = (
        KeyRow("this help", ("help",)),
        KeyRow("command palette: every action by name", ("command_palette",), keys="Ctrl+P"),
        KeyRow("quit (answers are already saved)", ("quit",)),
    )

    def __init__(self, store: AuditStore, catalog: Catalog) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog
        self.service = AuditService(store)
        self.home = HomeScreen(self.service)

    def on_mount(self) -> None:
        # Stopped from outside (kill, a closed terminal, a logout): every answer is already
        # saved, so just leave the way Ctrl+Q does and give the terminal back as it was.
        loop = asyncio.get_running_loop()
        for stop in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(stop, self.exit, None, 128 + stop)
        self.push_screen(self.home)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("New audit", "Start an audit for a client", self.start_new_audit)
        yield SystemCommand("Load the demo", "Add a demo client with two audits", self.choose_demo)
        yield SystemCommand("Help: every key", "Every key of every screen", self.action_help)
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        """Ctrl+Q: what is typed in an answer box or a note and not yet given is saved first."""
        if isinstance(self.screen, TextModal) and not self.screen.keep_typed():
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, QuestionScreen) and not screen.keep_typed():
                if screen is not self.screen:
                    message = "The answer typed in the box cannot be saved: Ctrl+Q again drops it."
                    self.notify(message, severity="error", markup=False)
                return
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpModal):
            # Open at the keys of the screen asked from; Home's follow "Everywhere" at the top.
            here = next((t for t, kind in HELP_SECTIONS[2:] if type(self.screen) is kind), "")
            self.push_screen(HelpModal(keys_help(), start_at=here))

    # -- what the screens ask for ------------------------------------------------------------

    def on_new_audit(self) -> None:
        self.start_new_audit()

    def on_load_demo(self) -> None:
        self.choose_demo()

    def on_open_audit(self, message: messages.OpenAudit) -> None:
        self.open_audit(message.audit_id)

    def on_open_results(self, message: messages.OpenResults) -> None:
        self.open_results(message.audit_id)

    def on_choose_respondent(self, message: messages.ChooseRespondent) -> None:
        self.choose_respondent(message.session)

    def on_open_review(self, message: messages.OpenReview) -> None:
        self.open_review(message.session)

    def on_finished(self, message: messages.Finished) -> None:
        self.show_results_after_review(message.audit_id)

    def on_back_to_questions(self, message: messages.BackToQuestions) -> None:
        self.back_to_questions(message.audit_id)

    def on_create_audit(self, message: messages.CreateAudit) -> None:
        self.create_audit(
            client=message.client,
            questionnaire_id=message.questionnaire_id,
            mode=message.mode,
            auditor=message.auditor,
            kind=message.kind,
            cohort=message.cohort,
        )

    def on_repeat_audit(self, message: messages.RepeatAudit) -> None:
        self.repeat_audit(message.audit_id)

    def on_write_pdf(self, message: messages.WritePdf) -> None:
        self.write_pdf(message.view, message.earlier)

    # -- moving between screens ----------------------------------------------------------------

    def _questions(self, session: AuditSession) -> QuestionScreen:
        return QuestionScreen(session, self.service.client_name(session.audit.client_id))

    def start_new_audit(self) -> None:
        self.push_screen(NewAuditScreen(self.service, self.catalog))

    def create_audit(
        self,
        *,
        client: str,
        questionnaire_id: str,
        mode: Mode,
        auditor: str,
        kind: str | None = None,
        cohort: str = "",
    ) -> None:
        entry = self.catalog.get(questionnaire_id)
        if entry is None:
            self.notify(f"No questionnaire {questionnaire_id!r}.", severity="error", markup=False)
            return
        try:
            found = self.store.find_client(client)
            owner = found or self.store.add_client(client, sector=kind_label(entry, kind))
            audit = self.store.create_audit(
                owner, entry.questionnaire, entry.text, mode=mode, auditor=auditor, cohort=cohort
            )
            if kind_label(entry, kind):  # the form answered the profile's first question
                self.store.save_answers(audit.id, [Answer(KIND_QUESTION, str(kind))])
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.pop_screen()  # the form
        self.home.worked_on = audit.id
        self.push_screen(self._questions(AuditSession(self.store, audit.id)))

    @shows_errors
    def repeat_audit(self, audit_id: str, anyway: bool = False) -> None:
        """As `audit repeat`: a draft is confirmed first (the CLI's --anyway)."""
        earlier = self.store.load_audit(audit_id)
        entry = self.catalog.get(earlier.questionnaire_id)
        if entry is None:
            message = f"No questionnaire {earlier.questionnaire_id!r} to repeat it with."
            self.notify(message, severity="error", markup=False)
            return
        try:
            audit = repeat_audit(
                self.store, audit_id, entry.questionnaire, entry.text, anyway=anyway
            )
        except RepeatRefused:
            question = (
                f"Audit {audit_id} is not finished: repeating it is most often the wrong "
                "audit picked. Start the next audit anyway?"
            )

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.repeat_audit(audit_id, anyway=True)

            self.push_screen(ConfirmModal(question, yes="Repeat"), confirmed)
            return
        carried = len(audit.action_edits)
        self.notify(
            f"Audit {audit.id} repeats {audit_id}: {carried} open "
            f"action{'s' * (carried != 1)} carried over; last time's answers are shown, "
            "not copied.",
            markup=False,
        )
        if isinstance(self.screen, ResultsScreen):
            self.pop_screen()
        self.home.worked_on = audit.id
        self.push_screen(self._questions(AuditSession(self.store, audit.id)))

    @shows_errors
    def open_audit(self, audit_id: str) -> None:
        """Resume an audit in progress on its question; a finished one opens on its results."""
        try:
            audit = self.store.load_audit(audit_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.home.worked_on = audit_id
        if audit.status == "complete":
            self.open_results(audit_id)
        else:
            self._questions_as_whoever(audit)

    def _questions_as_whoever(self, audit: Audit) -> None:
        """The audit's questions; when several people answer it, asking who it is this time."""
        if len(audit.respondents) == 1:
            self.push_screen(self._questions(AuditSession(self.store, audit.id)))
            return

        def chosen(pick: RespondentPick | None) -> None:
            if pick is not None:
                who = self._respondent(audit.id, pick)
                self.push_screen(self._questions(AuditSession(self.store, audit.id, who)))

        self.push_screen(RespondentModal(audit.respondents), chosen)

    def choose_respondent(self, session: AuditSession) -> None:
        """Answer on as another respondent, or as someone new (the question screen's `w`)."""
        audit = self.store.load_audit(session.audit.id)

        def chosen(pick: RespondentPick | None) -> None:
            if pick is not None and isinstance(self.screen, QuestionScreen):
                session.answer_as(self._respondent(audit.id, pick))
                self.screen.show_respondent()

        self.push_screen(RespondentModal(audit.respondents, session.respondent_id), chosen)

    def _respondent(self, audit_id: str, pick: RespondentPick) -> str:
        """The id of the respondent picked; a new name is added to the audit first (a name it
        already has is that respondent)."""
        if pick.respondent_id:
            return pick.respondent_id
        added = self.store.add_respondent(audit_id, pick.name, pick.role)
        self.notify(f"{added.name} ({added.role.value}) now answers this audit.", markup=False)
        return added.id

    @shows_errors
    def open_results(self, audit_id: str) -> None:
        self.home.worked_on = audit_id
        self.push_screen(ResultsScreen(self.service, audit_id))

    def open_review(self, session: AuditSession) -> None:
        def back(question_id: str | None) -> None:
            if question_id is not None:
                session.go_to(question_id)

        self.push_screen(ReviewScreen(session), back)

    def show_results_after_review(self, audit_id: str) -> None:
        self.pop_screen()  # review
        self.pop_screen()  # questions
        self.push_screen(ResultsScreen(self.service, audit_id))

    @shows_errors
    def back_to_questions(self, audit_id: str) -> None:
        # Looking at the answers again changes nothing: a complete audit stays complete.
        audit = self.store.load_audit(audit_id)
        self.pop_screen()
        self._questions_as_whoever(audit)

    def write_pdf(self, view: AuditView, earlier: tuple[AuditView, ...] = ()) -> None:
        """Render the PDF of `view` in a thread worker; the store is not touched there."""
        from audit.reporting.batch import report_file_name

        folder = reports_folder()
        target = folder / report_file_name(view.client.name, view.audit.questionnaire_id,
                                           view.audit.id)  # fmt: skip

        def work() -> Path:
            from audit.locations import report_templates
            from audit.reporting.brand import Brand
            from audit.reporting.render import render_html, render_pdf
            from audit.storage.files import write_atomically_bytes

            html = render_html(
                view, report_templates(), Brand(), today=dt.date.today(), earlier=earlier
            )
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically_bytes(target, render_pdf(html, report_templates()), shared=True)
            return target

        self.run_worker(work, name="pdf", group="pdf", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "pdf":
            return
        if event.state is WorkerState.SUCCESS:
            self.notify(f"PDF written: {worker.result}", title="Report", markup=False, timeout=12)
        elif event.state is WorkerState.ERROR:
            error = worker.error
            message = str(error).splitlines()[0] if error and str(error) else "unknown problem"
            self.notify(message, title="The PDF could not be written", severity="error",
                        markup=False, timeout=15)  # fmt: skip

    def choose_demo(self) -> None:
        """Offer a demo business of each kind; the kitchen firm, the default, comes first."""
        from audit.demo import demo_business, demo_kinds

        names = dict((kind, label) for label, kind in kind_options(self.catalog))
        items = [(k, f"{names.get(k, k)}: {demo_business(k)[0]}") for k in demo_kinds()]
        title = "Load a demo business of which kind?"
        self.push_screen(ChoiceModal(title, items, current=items[0][0]), self._demo_chosen)

    def _demo_chosen(self, kind: str | None) -> None:
        if kind is not None:
            self.load_demo(kind)

    def load_demo(self, kind: str | None = None) -> None:
        from audit.demo import load_demo, load_demo_kind

        try:
            if kind is None:
                client, made = (
                    DEMO_CLIENT,
                    load_demo(self.store, self.catalog, DEMO_CLIENT, DEMO_SECTOR),
                )
            else:
                client, made = load_demo_kind(self.store, self.catalog, kind)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Demo loaded: {len(made)} finished audits for {client}.", markup=False)
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_audits()


# Every screen with keys of its own, in the order the help lists them.
HELP_SECTIONS = (
    ("Everywhere", AuditApp),
    ("Home", HomeScreen),
    ("A question", QuestionScreen),
    ("Review", ReviewScreen),
    ("Results", ResultsScreen),
)


def keys_help() -> str:
    """Every key of every screen, from their bindings (F1 shows it)."""
    sections = [KeySection(title, s.BINDINGS, s.KEY_HELP) for title, s in HELP_SECTIONS]
    return help_text(sections, closing=HelpModal.CLOSING)


def run_tui(store: AuditStore, catalog: Catalog) -> int:
    """Run the app; the exit code (0, or 128 + the signal that stopped it)."""
    app = AuditApp(store, catalog)
    app.run()
    return app.return_code or 0
