"""The demo: one client with a complete, realistic audit of each built-in questionnaire.

Its answers are data (`questionnaires/demo/<id>.json`, answers files like any other). Running
the demo twice reuses what the first run made instead of piling up copies. Each kind of business
has its own demo business in `questionnaires/demo/<kind>/` (`business.json` names it); the
kitchen firm at the top of the folder is the trade one and the default.
"""

from __future__ import annotations

import json
from pathlib import Path

from audit.answer_files import read_answers_file
from audit.catalog import Catalog
from audit.domain.audit import Status
from audit.engine import apply_answers
from audit.locations import builtin_questionnaires
from audit.storage.base import AuditStore

# The kinds of business of the profile, in the order the business-kind question lists them.
KINDS = ("trade", "shop", "online", "professional", "personal")
DEFAULT_KIND = "trade"


class UnknownDemo(ValueError):
    """A demo kind with no demo business."""


def demo_folder(kind: str) -> Path:
    root = builtin_questionnaires() / "demo"
    return root if kind == DEFAULT_KIND else root / kind


def demo_kinds() -> tuple[str, ...]:
    return tuple(k for k in KINDS if (demo_folder(k) / "business.json").is_file())


def demo_business(kind: str) -> tuple[str, str]:
    """(client name, sector) of the demo business of a kind."""
    if kind not in demo_kinds():
        raise UnknownDemo(
            f"no demo business of kind {kind!r}; choose one of {', '.join(demo_kinds())}"
        )
    data = json.loads((demo_folder(kind) / "business.json").read_text(encoding="utf-8"))
    return str(data["client"]), str(data["sector"])


def load_demo_kind(
    store: AuditStore, catalog: Catalog, kind: str
) -> tuple[str, list[tuple[str, str, str]]]:
    """The demo business of a kind and its audits: (client name, what load_demo gives)."""
    client_name, sector = demo_business(kind)
    return client_name, load_demo(store, catalog, client_name, sector, demo_folder(kind))


def load_demo(
    store: AuditStore, catalog: Catalog, client_name: str, sector: str, folder: Path | None = None
) -> list[tuple[str, str, str]]:
    """(audit id, questionnaire title, score text) for each demo audit, made or found."""
    folder = folder or demo_folder(DEFAULT_KIND)
    client = store.find_client(client_name) or store.add_client(client_name, sector=sector)
    existing = {s.questionnaire_id: s for s in store.summaries(client.id) if s.status == "complete"}
    made = []
    for entry in catalog.entries:
        answers_file = folder / f"{entry.questionnaire.id}.json"
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
