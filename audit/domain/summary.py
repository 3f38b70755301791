"""One line's worth of an audit, for lists: who, what, how far, how well."""

from __future__ import annotations

from dataclasses import dataclass

from audit.domain.audit import Audit
from audit.domain.questionnaire import Questionnaire
from audit.domain.scoring import score_audit
from audit.domain.voices import combined_answers

# Raised whenever what a summary holds or means changes, so cached summaries are recomputed.
SUMMARY_FORMAT = 3


@dataclass(frozen=True)
class AuditSummary:
    audit_id: str
    client_id: str
    questionnaire_id: str
    status: str
    mode: str
    answered: int
    asked: int
    score: float | None
    band: str | None  # None while the audit is a draft
    updated_at: str
    standing: str = ""  # the band, or "draft: N of M answered"
    draft: bool = True
    started_at: str = ""
    finished_at: str = ""  # empty while not complete, or for audits finished before it was kept

    @property
    def score_label(self) -> str:
        """What a list shows: a band only for a finished audit that is not a draft."""
        if self.score is None:
            return "-"
        if self.draft:
            return self.standing
        if self.status != "complete":
            return f"{self.score:.0f} so far"  # a band would judge an unfinished audit
        return f"{self.score:.0f} {self.band}"


def summarise(audit: Audit, questionnaire: Questionnaire) -> AuditSummary:
    # Several internal respondents: the list shows their combined score, as the audit does.
    result = score_audit(questionnaire, combined_answers(audit, questionnaire))
    return AuditSummary(
        audit_id=audit.id,
        client_id=audit.client_id,
        questionnaire_id=audit.questionnaire_id,
        status=audit.status.value,
        mode=audit.mode.value,
        answered=result.answered,
        asked=result.asked,
        score=result.overall,
        band=result.band,
        updated_at=audit.updated_at,
        standing=result.standing,
        draft=result.draft,
        started_at=audit.created_at,
        finished_at=audit.finished_at,
    )
