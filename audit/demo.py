"""The demo: one client with a complete, realistic audit of each built-in questionnaire.

Its answers are data (`questionnaires/demo/<id>.json`, answers files like any other). Running
the demo twice reuses what the first run made instead of piling up copies.
"""

from __future__ import annotations

from audit.answer_files import read_answers_file
from audit.catalog import Catalog
from audit.domain.audit import Status
from audit.engine import apply_answers
from audit.locations import builtin_questionnaires
from audit.storage.base import AuditStore


def load_demo(
    store: AuditStore, catalog: Catalog, client_name: str, sector: str
) -> list[tuple[str, str, str]]:
    """(audit id, questionnaire title, score text) for each demo audit, made or found."""
    client = store.find_client(client_name) or store.add_client(client_name, sector=sector)
    existing = {s.questionnaire_id: s for s in store.summaries(client.id) if s.status == "complete"}
    made = []
    for entry in catalog.entries:
        answers_file = builtin_questionnaires() / "demo" / f"{entry.questionnaire.id}.json"
        if not entry.builtin or not answers_file.exists():
            continue
        summary = existing.get(entry.questionnaire.id)
        if summary is None:
            audit = store.create_audit(client, entry.questionnaire, entry.text, auditor="Demo")
            _, raws = read_answers_file(answers_file)
            apply_answers(store, audit.id, raws)
            store.set_status(audit.id, Status.COMPLETE)
            summary = next(s for s in store.summaries(client.id) if s.audit_id == audit.id)
        score = summary.score_label
        made.append((summary.audit_id, entry.questionnaire.title, score))
    return made
