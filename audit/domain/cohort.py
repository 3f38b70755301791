"""A cohort (a workshop, a programme, a franchise round) seen as a group: how many finished,
the spread of bands, each section's mean, median, lowest and highest score, the questions most
participants answered weakly and the actions most of them start with (docs/scoring.md, Cohorts).

Built from audit summaries only, so a cohort of 1,000 audits never loads one of them, and
gathered one summary at a time, so a cohort of 10,000 is never in memory at once. Nothing
here names a participant: the report decides whether names appear (only with --named).
"""

from __future__ import annotations

import statistics
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from audit.domain.questionnaire import Questionnaire
from audit.domain.scoring import BANDS
from audit.domain.summary import AuditSummary

# A room reads five lines; a longer list is a handout, and the CSV and JSON hold every figure.
LIST_LENGTH = 5
# "You and the group" compares with the group only when at least this many other participants
# finished the same questionnaire: with fewer, the group's median is one or two known people.
COMPARE_MIN_OTHERS = 3


def cohort_key(name: str) -> str:
    """What two cohort names must share to be the same cohort: case, surrounding spaces and
    Unicode form (a macOS paste arrives decomposed) do not matter."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).strip().casefold())


def clean_cohort_name(name: str) -> str:
    """The name as it is kept: composed, without surrounding spaces."""
    return unicodedata.normalize("NFC", name).strip()


def counts(summary: AuditSummary) -> bool:
    """An audit counts in the group's figures once it is finished and not a draft."""
    return summary.status == "complete" and not summary.draft


@dataclass(frozen=True)
class CohortLine:
    """One row of `audit cohort list`."""

    name: str
    audits: int
    finished: int
    drafts: int


def cohort_lines(summaries: Iterable[AuditSummary]) -> list[CohortLine]:
    """Every cohort with its audits, by name; a name's first spelling met is the one shown."""
    names: dict[str, str] = {}
    audits: Counter[str] = Counter()
    finished: Counter[str] = Counter()
    for summary in summaries:
        if not summary.cohort:
            continue
        key = cohort_key(summary.cohort)
        names.setdefault(key, summary.cohort)
        audits[key] += 1
        finished[key] += counts(summary)
    return sorted(
        (CohortLine(names[k], audits[k], finished[k], audits[k] - finished[k]) for k in names),
        key=lambda line: cohort_key(line.name),
    )


def members(summaries: Iterable[AuditSummary], name: str) -> list[AuditSummary]:
    """The cohort's audits, oldest first (the order they were started in the room)."""
    key = cohort_key(name)
    found = [s for s in summaries if s.cohort and cohort_key(s.cohort) == key]
    return sorted(found, key=lambda s: (s.started_at, s.audit_id))


@dataclass(frozen=True)
class Spread:
    """One section's scores over the participants who have one."""

    section_id: str
    title: str
    count: int
    mean: float
    median: float
    lowest: float
    highest: float


@dataclass(frozen=True)
class Share:
    """A question (or its first action) and how many of the counted participants it concerns."""

    question_id: str
    text: str
    section_title: str
    count: int
    of: int

    @property
    def percent(self) -> float:
        return 100.0 * self.count / self.of if self.of else 0.0


@dataclass(frozen=True)
class QuestionnaireGroup:
    """The figures of the participants who finished one questionnaire."""

    questionnaire_id: str
    title: str
    participants: int
    sections: tuple[Spread, ...]
    weak_questions: tuple[Share, ...]
    top_actions: tuple[Share, ...]


@dataclass(frozen=True)
class CohortSummary:
    name: str
    audits: int
    finished: int
    drafts: tuple[AuditSummary, ...]  # started in the room, not (or not yet) counted
    bands: tuple[tuple[str, int], ...]  # every band, best first, with how many are in it
    groups: tuple[QuestionnaireGroup, ...]
    counted: tuple[AuditSummary, ...] = ()


class CohortTally:
    """A cohort's figures gathered one summary at a time: per section only the scores, per
    question only a count, so 10,000 participants cost 10,000 numbers a section rather than
    10,000 summaries. Only the drafts (to list them) and, when the report names participants,
    the counted summaries are kept whole."""

    def __init__(self, *, keep_counted: bool = False) -> None:
        self.audits = 0
        self._first: tuple[str, str, str] | None = None  # (started, id, cohort) of the oldest
        self._newest: dict[str, tuple[str, str]] = {}  # questionnaire: (started, id)
        self._drafts: list[AuditSummary] = []
        self._counted: list[AuditSummary] | None = [] if keep_counted else None
        self._bands: Counter[str] = Counter()
        self._groups: dict[str, _GroupTally] = {}

    def add(self, summary: AuditSummary) -> None:
        self.audits += 1
        when = (summary.started_at, summary.audit_id)
        if self._first is None or when < self._first[:2]:
            self._first = (*when, summary.cohort)
        newest = self._newest.get(summary.questionnaire_id)
        if newest is None or when > newest:
            self._newest[summary.questionnaire_id] = when
        if not counts(summary):
            self._drafts.append(summary)
            return
        if summary.band is not None:  # a finished audit that is not a draft has one
            self._bands[summary.band] += 1
        self._groups.setdefault(summary.questionnaire_id, _GroupTally()).add(summary)
        if self._counted is not None:
            self._counted.append(summary)

    @property
    def name(self) -> str:
        """The cohort's name as its oldest audit spells it."""
        return self._first[2] if self._first else ""

    def newest_audits(self) -> dict[str, str]:
        """Each questionnaire's newest audit in the cohort, whose copy of it gives the titles."""
        return {qid: audit_id for qid, (_started, audit_id) in self._newest.items()}

    def summary(self, questionnaires: Mapping[str, Questionnaire]) -> CohortSummary:
        """The group's figures; `questionnaires` gives the titles (by questionnaire id) of the
        sections, questions and actions."""

        def oldest_first(found: list[AuditSummary]) -> tuple[AuditSummary, ...]:
            return tuple(sorted(found, key=lambda s: (s.started_at, s.audit_id)))

        finished = sum(group.participants for group in self._groups.values())
        return CohortSummary(
            name=self.name,
            audits=self.audits,
            finished=finished,
            drafts=oldest_first(self._drafts),
            bands=tuple((band, self._bands[band]) for _, band in BANDS),
            groups=tuple(
                self._groups[qid].group(questionnaires[qid])
                for qid in sorted(self._groups)
                if qid in questionnaires
            ),
            counted=oldest_first(self._counted or []),
        )


def summarise_cohort(
    cohort: Iterable[AuditSummary], questionnaires: Mapping[str, Questionnaire]
) -> CohortSummary:
    """The group's figures from its members' summaries (see CohortTally)."""
    tally = CohortTally(keep_counted=True)
    for summary in cohort:
        tally.add(summary)
    return tally.summary(questionnaires)


class _GroupTally:
    """What the participants who finished one questionnaire add up to."""

    def __init__(self) -> None:
        self.participants = 0
        self._scores: dict[str, array[float]] = {}
        self._weak: Counter[str] = Counter()
        self._top: Counter[str] = Counter()

    def add(self, summary: AuditSummary) -> None:
        self.participants += 1
        for section_id, score in summary.section_scores:
            if score is not None:
                self._scores.setdefault(section_id, array("d")).append(score)
        self._weak.update(set(summary.weak_questions))
        self._top.update(set(summary.top_actions))

    def group(self, questionnaire: Questionnaire) -> QuestionnaireGroup:
        spreads = tuple(
            Spread(
                s.id,
                s.title,
                len(values),
                statistics.fmean(values),
                statistics.median(values),
                min(values),
                max(values),
            )
            for s in questionnaire.sections
            if (values := self._scores.get(s.id))
        )
        return QuestionnaireGroup(
            questionnaire.id,
            questionnaire.title,
            self.participants,
            spreads,
            _shares(questionnaire, self._weak, self.participants, actions=False),
            _shares(questionnaire, self._top, self.participants, actions=True),
        )


def _shares(
    questionnaire: Questionnaire, tally: Counter[str], of: int, *, actions: bool
) -> tuple[Share, ...]:
    order = {q.id: n for n, q in enumerate(questionnaire.questions)}
    # Most participants first; a tie in the questionnaire's own order, so the list is stable.
    ranked = sorted((q for q in tally if q in order), key=lambda q: (-tally[q], order[q]))
    shares = []
    for question_id in ranked[:LIST_LENGTH]:
        question = questionnaire.question(question_id)
        section = questionnaire.section_of(question_id)
        assert question is not None and section is not None
        text = question.actions[0] if actions and question.actions else question.text
        shares.append(Share(question_id, text, section.title, tally[question_id], of))
    return tuple(shares)


@dataclass(frozen=True)
class SectionStanding:
    """One section of "You and the group": this participant's score beside the group's median."""

    title: str
    own: float | None
    median: float  # of the others only; their lowest and highest would be one person each

    @property
    def difference(self) -> float | None:
        return None if self.own is None else self.own - self.median


@dataclass(frozen=True)
class GroupComparison:
    cohort: str
    others: int  # other participants who finished the same questionnaire
    sections: tuple[SectionStanding, ...]  # empty when the group is too small to compare with

    @property
    def too_small(self) -> bool:
        return self.others < COMPARE_MIN_OTHERS


def compare_with_group(
    own: AuditSummary, cohort: list[AuditSummary], questionnaire: Questionnaire
) -> GroupComparison:
    """This participant per section against the median of the others who finished the same
    questionnaire in the cohort (they are left out of their own group's median)."""
    others = [
        s
        for s in cohort
        if counts(s) and s.questionnaire_id == own.questionnaire_id and s.audit_id != own.audit_id
    ]
    if len(others) < COMPARE_MIN_OTHERS:
        return GroupComparison(own.cohort, len(others), ())
    tally = _GroupTally()
    for other in others:
        tally.add(other)
    group = tally.group(questionnaire)
    mine = dict(own.section_scores)
    sections = tuple(
        SectionStanding(s.title, mine.get(s.section_id), s.median) for s in group.sections
    )
    return GroupComparison(own.cohort, len(others), sections)
