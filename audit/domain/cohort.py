"""A cohort (a workshop, a programme, a franchise round) seen as a group: how many finished,
the spread of bands, each section's mean, median, lowest and highest score, the questions most
participants answered weakly and the actions most of them start with (docs/scoring.md, Cohorts).

Built from audit summaries only, so a cohort of 1,000 audits never loads one of them. Nothing
here names a participant: the report decides whether names appear (only with --named).
"""

from __future__ import annotations

import statistics
import unicodedata
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


def summarise_cohort(
    name: str,
    cohort: list[AuditSummary],
    questionnaires: Mapping[str, Questionnaire],
) -> CohortSummary:
    """The group's figures from its members' summaries; `questionnaires` gives the titles (by
    questionnaire id) of the sections, questions and actions."""
    counted = [s for s in cohort if counts(s)]
    bands = Counter(s.band for s in counted)
    by_questionnaire: dict[str, list[AuditSummary]] = {}
    for summary in counted:
        by_questionnaire.setdefault(summary.questionnaire_id, []).append(summary)
    groups = tuple(
        _group(questionnaires[qid], members_)
        for qid, members_ in sorted(by_questionnaire.items())
        if qid in questionnaires
    )
    return CohortSummary(
        name=name,
        audits=len(cohort),
        finished=len(counted),
        drafts=tuple(s for s in cohort if not counts(s)),
        bands=tuple((band, bands[band]) for _, band in BANDS),
        groups=groups,
        counted=tuple(counted),
    )


def _group(questionnaire: Questionnaire, finished: list[AuditSummary]) -> QuestionnaireGroup:
    scores: dict[str, list[float]] = {s.id: [] for s in questionnaire.sections}
    weak: Counter[str] = Counter()
    top: Counter[str] = Counter()
    for summary in finished:
        for section_id, score in summary.section_scores:
            if score is not None and section_id in scores:
                scores[section_id].append(score)
        weak.update(set(summary.weak_questions))
        top.update(set(summary.top_actions))
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
        if (values := scores[s.id])
    )
    return QuestionnaireGroup(
        questionnaire.id,
        questionnaire.title,
        len(finished),
        spreads,
        _shares(questionnaire, weak, len(finished), actions=False),
        _shares(questionnaire, top, len(finished), actions=True),
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
    group = _group(questionnaire, others)
    mine = dict(own.section_scores)
    sections = tuple(
        SectionStanding(s.title, mine.get(s.section_id), s.median) for s in group.sections
    )
    return GroupComparison(own.cohort, len(others), sections)
