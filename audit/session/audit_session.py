"""One audit being answered, question by question: where the user is, what is asked now, and
every change to the answers, shared by the TUI and the interview.

It knows which questions are asked now (conditions change as answers change), where the user is,
and how to move; every change goes straight to the store, so nothing is ever held only here.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from audit.domain.answers import (
    Answer,
    AnswerError,
    asked_questions,
    na_reason_problem,
    note_problem,
    parse_value,
)
from audit.domain.audit import Audit, Status, answers_of, respondent_of
from audit.domain.questionnaire import Question, Questionnaire, Requirement, Section
from audit.domain.respondents import OWNER_ID, Respondent
from audit.domain.scoring import AuditScore, score_audit
from audit.domain.voices import answers_in_context, combined_answers
from audit.session.last_time import last_time_line
from audit.session.questions import CANNOT_BE_NA
from audit.session.review import Problem, ReviewItem, ReviewSummary, answer_required_first
from audit.storage.base import AuditStore, name_key
from audit.storage.files import StoreError


@dataclass(frozen=True)
class JumpTarget:
    """A section one can jump to (one with a question asked now) and how far it is answered."""

    section: Section
    answered: int
    asked: int


class AuditSession:
    def __init__(self, store: AuditStore, audit_id: str, respondent_id: str | None = None) -> None:
        """A session answering as `respondent_id` (None: the owner, r1)."""
        self.store = store
        self.audit: Audit = store.load_audit(audit_id)
        self.respondent_id = respondent_id or OWNER_ID
        self.questionnaire: Questionnaire = store.questionnaire_of(self.audit)
        self.asked: tuple[Question, ...] = asked_questions(self.questionnaire, self.context)
        self.index = self._resume_index()
        self._earlier: tuple[Audit, Questionnaire] | None = self._load_earlier()
        # Whose earlier answers each respondent sees on "Last time" (_earlier_answers).
        self._earlier_seen_by: dict[str, tuple[Mapping[str, Answer], str]] = {}

    def _load_earlier(self) -> tuple[Audit, Questionnaire] | None:
        if not self.audit.follows:
            return None
        try:
            earlier = self.store.load_audit(self.audit.follows)
            return earlier, self.store.questionnaire_of(earlier)
        except StoreError:  # erased or damaged since: this audit goes on without those lines
            return None

    def last_time(self, question: Question | None = None) -> str:
        """The earlier audit's answer to the question (the current one by default) as one
        line, "Last time: ..."; empty when this audit repeats none."""
        if self._earlier is None:
            return ""
        earlier, questionnaire = self._earlier
        # Worked out once a respondent: combining the earlier audit's answers is not free.
        if self.respondent_id not in self._earlier_seen_by:
            found = self._earlier_answers(earlier, questionnaire)
            self._earlier_seen_by[self.respondent_id] = found
        answers, lead = self._earlier_seen_by[self.respondent_id]
        return last_time_line(question or self.question, earlier, questionnaire, answers, lead)

    def _earlier_answers(
        self, earlier: Audit, questionnaire: Questionnaire
    ) -> tuple[Mapping[str, Answer], str]:
        """Whose earlier answers a respondent sees: their own if they answered the earlier
        audit too (the owner, or someone of the same name), else the earlier audit's own."""
        if self.respondent_id == OWNER_ID:
            return earlier.answers, "Last time"
        wanted = name_key(self.respondent.name)
        same = next((r for r in earlier.respondents if name_key(r.name) == wanted), None)
        if same is not None:
            return answers_of(earlier, same.id), "Last time"
        return combined_answers(earlier, questionnaire), "Last time, the audit's answer"

    @property
    def answers(self) -> Mapping[str, Answer]:
        """The answers of the respondent this session answers as."""
        return answers_of(self.audit, self.respondent_id)

    @property
    def context(self) -> Mapping[str, Answer]:
        """What decides which questions this respondent is asked: their answers over the
        owner's profile answers (audit/domain/voices.py)."""
        return answers_in_context(self.audit, self.questionnaire, self.respondent_id)

    @property
    def respondent(self) -> Respondent:
        found = respondent_of(self.audit, self.respondent_id)
        assert found is not None  # the store refuses answers for a respondent it lacks
        return found

    @property
    def respondent_option(self) -> str:
        """The command-line option that answers as this respondent again ("" for the owner)."""
        if self.respondent_id == OWNER_ID:
            return ""
        return f" --respondent {shlex.quote(self.respondent.name)}"

    @property
    def finishes_audit(self) -> bool:
        """Whether this respondent's end of the questions finishes the audit: only the owner's
        does. A manager's or a customer's last answer ends their part; the audit stays open
        for the others and for its owner to finish."""
        return self.respondent_id == OWNER_ID

    def part_done_text(self) -> str:
        """What a respondent other than the owner is told at the end of their questions."""
        return (
            f"{self.respondent.name}'s answers are saved. The audit stays open for the others "
            "until its owner finishes it."
        )

    def answer_as(self, respondent_id: str) -> None:
        """Go on as another respondent of the audit, on their first unanswered question."""
        self.audit = self.store.load_audit(self.audit.id)
        self.respondent_id = respondent_id
        self.asked = asked_questions(self.questionnaire, self.context)
        self.index = self._resume_index()

    # -- where we are ------------------------------------------------------------------------

    @property
    def question(self) -> Question:
        return self.asked[self.index]

    @property
    def section(self) -> Section:
        section = self.questionnaire.section_of(self.question.id)
        assert section is not None
        return section

    def answer_to(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    @property
    def current_answer(self) -> Answer | None:
        return self.answer_to(self.question.id)

    def is_answered(self, question: Question) -> bool:
        answer = self.answer_to(question.id)
        return answer is not None and answer.is_answered

    @property
    def answered_count(self) -> int:
        return sum(1 for q in self.asked if self.is_answered(q))

    def number_of(self, question: Question) -> int:
        """The question's number among those asked now, from 1."""
        return self.asked.index(question) + 1

    def section_heading(self) -> str:
        """ "Section 2 of 5: After the sale", counting every section of the questionnaire."""
        sections = [s.id for s in self.questionnaire.sections]
        number = sections.index(self.section.id) + 1
        return f"Section {number} of {len(sections)}: {self.section.title}"

    def jump_targets(self) -> list[JumpTarget]:
        """The sections with a question asked now, in order, each with its answered count."""
        targets = []
        for section in self.questionnaire.sections:
            mine = [q for q in self.asked if q in section.questions]
            if mine:
                answered = sum(1 for q in mine if self.is_answered(q))
                targets.append(JumpTarget(section, answered, len(mine)))
        return targets

    def position_in_section(self) -> tuple[int, int]:
        mine = [q for q in self.asked if self.questionnaire.section_of(q.id) == self.section]
        return mine.index(self.question) + 1, len(mine)

    def assigned_actions_in_plan(self, question_id: str) -> tuple[int, int]:
        """(assigned, still in the plan): actions of a question that someone was given an owner
        or a due date for, and how many of those the current answers still put in the plan."""
        from audit.domain.plan import build_plan

        assigned = {
            action_id
            for action_id, edit in self.audit.action_edits.items()
            if action_id.partition("/")[0] == question_id and (edit.owner or edit.due)
        }
        if not assigned:
            return 0, 0
        plan = build_plan(self.questionnaire, self.context, self.score(), self.audit.action_edits)
        return len(assigned), sum(1 for action in plan if action.id in assigned)

    def score(self) -> AuditScore:
        return score_audit(self.questionnaire, self.context)

    def _resume_index(self) -> int:
        """The question the user was last on; else the first unanswered, else the last.
        The audit keeps one cursor: another respondent than the owner resumes on it only
        where they have answered it themselves (else it is someone else's place)."""
        cursor = self.audit.cursor
        if self.respondent_id != OWNER_ID and cursor not in self.answers:
            cursor = ""
        for index, question in enumerate(self.asked):
            if question.id == cursor:
                return index
        for index, question in enumerate(self.asked):
            if not self.is_answered(question):
                return index
        return max(len(self.asked) - 1, 0)

    # -- moving ------------------------------------------------------------------------------

    @property
    def at_first(self) -> bool:
        return self.index == 0

    @property
    def at_last(self) -> bool:
        return self.index >= len(self.asked) - 1

    def next(self) -> bool:
        if self.at_last:
            return False
        return self._move_to(self.index + 1)

    def previous(self) -> bool:
        if self.at_first:
            return False
        return self._move_to(self.index - 1)

    def go_to(self, question_id: str) -> bool:
        index = self._index_of(question_id)
        return index is not None and self._move_to(index)

    def _index_of(self, question_id: str) -> int | None:
        return next((i for i, q in enumerate(self.asked) if q.id == question_id), None)

    def _move_to(self, index: int) -> bool:
        self.index = index
        # Remembered at once: quitting or a crash resumes on this question. Only a convenience:
        # if the store is busy this once, moving on matters more than remembering the place.
        with contextlib.suppress(StoreError):
            self.audit = self.store.set_cursor(self.audit.id, self.question.id)
        return True

    def go_to_section(self, section_id: str) -> bool:
        """The section's first unanswered question, else its first question."""
        mine = [
            (i, q)
            for i, q in enumerate(self.asked)
            if (s := self.questionnaire.section_of(q.id)) is not None and s.id == section_id
        ]
        if not mine:
            return False
        return self._move_to(next((i for i, q in mine if not self.is_answered(q)), mine[0][0]))

    # -- answering ---------------------------------------------------------------------------

    def answer(self, raw: Any) -> Answer:
        """Check and store a value for the current question; AnswerError if it does not fit."""
        value = parse_value(self.question, raw)
        previous = self.current_answer or Answer(self.question.id)
        return self._save(replace(previous, value=value, na_reason=None, answered_at=""))

    def set_note(self, note: str, private: bool = False) -> Answer:
        problem = note_problem(note)
        if problem is not None:
            raise AnswerError(problem)
        previous = self.current_answer or Answer(self.question.id)
        return self._save(replace(previous, note=note, note_private=private, answered_at=""))

    def mark_not_applicable(self, reason: str) -> Answer:
        if not self.question.allow_na:
            raise AnswerError(CANNOT_BE_NA)
        if problem := na_reason_problem(reason):
            raise AnswerError(problem)
        previous = self.current_answer or Answer(self.question.id)
        return self._save(replace(previous, value=None, na_reason=reason.strip(), answered_at=""))

    def toggle_flag(self) -> Answer:
        previous = self.current_answer or Answer(self.question.id)
        return self._save(replace(previous, flagged=not previous.flagged, answered_at=""))

    def withdraw(self) -> Answer:
        """Take the value (or N/A) back, keeping the note and the flag: unanswered again."""
        previous = self.current_answer or Answer(self.question.id)
        return self._save(replace(previous, value=None, na_reason=None, answered_at=""))

    def clear(self) -> None:
        self.audit = self.store.clear_answer(self.audit.id, self.question.id, self.respondent_id)
        self._refresh_asked()
        self._reopen_if_incomplete()

    def _save(self, answer: Answer) -> Answer:
        self.audit = self.store.save_answer(self.audit.id, answer, self.respondent_id)
        self._refresh_asked()
        self._reopen_if_incomplete()
        return self.answers[answer.question_id]

    def _refresh_asked(self) -> None:
        """Conditions may have switched questions on or off; stay on the same question."""
        current = self.asked[self.index].id if self.asked else None
        self.asked = asked_questions(self.questionnaire, self.context)
        index = self._index_of(current) if current is not None else None
        self.index = index if index is not None else min(self.index, max(len(self.asked) - 1, 0))

    # -- finishing ---------------------------------------------------------------------------

    def review(self) -> list[ReviewItem]:
        items: list[ReviewItem] = []
        for question in self.asked:
            section = self.questionnaire.section_of(question.id)
            assert section is not None
            answer = self.answer_to(question.id)
            if answer is None or not answer.is_answered:
                if question.required is not Requirement.NO:
                    blocking = question.required is Requirement.HARD
                    items.append(ReviewItem(question, section, Problem.UNANSWERED, blocking))
            elif answer.is_na:
                items.append(ReviewItem(question, section, Problem.NOT_APPLICABLE, False))
            if answer is not None and answer.flagged:
                items.append(ReviewItem(question, section, Problem.FLAGGED, False))
        return items

    def summary(self) -> ReviewSummary:
        return ReviewSummary(tuple(self.review()))

    def blocking(self) -> list[ReviewItem]:
        return [item for item in self.review() if item.blocking]

    def _reopen_if_incomplete(self) -> None:
        # A finished audit stays finished while its answers are edited, unless an edit leaves
        # a required question unanswered (cleared, or newly switched on by a condition).
        # Only the owner's answers can: another respondent's gaps are theirs, not the audit's.
        if self.finishes_audit and self.audit.status is Status.COMPLETE and self.blocking():
            self.audit = self.store.set_status(self.audit.id, Status.IN_PROGRESS)

    def complete(self) -> None:
        if not self.finishes_audit:
            raise AnswerError(self.part_done_text())
        blockers = self.blocking()
        if blockers:
            raise AnswerError(answer_required_first(blockers, by_id=True))
        self.audit = self.store.set_status(self.audit.id, Status.COMPLETE)
