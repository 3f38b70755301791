"""The context of the report's "Where your team sees it differently" page (reports/team.html):
only when several of the business's people answered the audit (docs/scoring.md)."""

from __future__ import annotations

from typing import Any

from audit.domain.answers import describe_value
from audit.domain.view import AuditView
from audit.domain.voices import team_summary


def team_context(view: AuditView) -> dict[str, Any]:
    """Plain data for the page; empty (no page) with one respondent."""
    voices = view.voices
    if voices is None:
        return {}
    gaps = []
    for gap in voices.gaps:
        question = view.questionnaire.question(gap.question_id)
        section = view.questionnaire.section_of(gap.question_id)
        assert question is not None and section is not None
        gaps.append(
            {
                "question": question.text,
                "section": section.title,
                "spread": f"{gap.spread:.0f}",
                "said": [
                    {
                        "name": s.respondent.name,
                        "role": s.respondent.role.value,
                        "answer": describe_value(question, s.answer.value),
                        "score": f"{s.fraction * 100:.0f}",
                    }
                    for s in gap.said
                ],
            }
        )
    return {"summary": team_summary(voices), "gaps": gaps}
