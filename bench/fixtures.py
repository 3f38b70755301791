"""Stores and files the benchmarks work on, made fresh in a temporary folder for each run."""

from __future__ import annotations

import json
from pathlib import Path

from audit.answer_files import read_answers_file
from audit.catalog import Entry, load_catalog
from audit.domain.audit import Status
from audit.domain.incoming import RawAnswer
from audit.engine import apply_answers
from audit.locations import builtin_questionnaires
from audit.storage.store import Store


def owner_entries() -> list[Entry]:
    """The built-ins an owner answers, each with its demo's answers file: the customer pulse is
    answered by customers, has no demo answers, and is not what a workshop fills in."""
    demo = builtin_questionnaires() / "demo"
    return [
        e
        for e in load_catalog([]).entries
        if e.builtin and (demo / f"{e.questionnaire.id}.json").is_file()
    ]


def demo_answers(entry: Entry) -> list[RawAnswer]:
    path = builtin_questionnaires() / "demo" / f"{entry.questionnaire.id}.json"
    return read_answers_file(path)[1]


def store_with_audits(folder: Path, count: int) -> Store:
    """`count` complete audits of the owners' built-ins, each with the demo's answers, over 50
    clients."""
    store = Store(folder)
    entries = owner_entries()
    answers = {e.questionnaire.id: demo_answers(e) for e in entries}
    clients = [store.add_client(f"Client {n:02d}", sector="Trades") for n in range(min(count, 50))]
    for n in range(count):
        entry = entries[n % len(entries)]
        audit = store.create_audit(clients[n % len(clients)], entry.questionnaire, entry.text)
        apply_answers(store, audit.id, answers[entry.questionnaire.id])
        store.set_status(audit.id, Status.COMPLETE)
    return store


def big_questionnaire(questions: int) -> str:
    """A questionnaire of `questions` five-point scales in sections of 50."""
    lines = [
        'id = "bench-big"',
        'title = "A very long questionnaire"',
        'version = "1"',
        'description = "Made by the benchmarks."',
    ]
    for number in range(questions):
        if number % 50 == 0:
            lines += [
                "",
                "[[sections]]",
                f'id = "s{number // 50}"',
                f'title = "Part {number // 50}"',
            ]
        lines += [
            "",
            "[[sections.questions]]",
            f'id = "q{number}"',
            f'text = "Question number {number} about customer care."',
            'help = "Why it matters."',
            'kind = "scale"',
            'points = ["Never", "Rarely", "Sometimes", "Often", "Always"]',
            'actions = ["Do better."]',
        ]
    return "\n".join(lines) + "\n"


def answers_file(path: Path, questions: int) -> Path:
    answers = [
        {"question": f"q{n}", "value": 1 + n % 5, "note": f"note {n}"} for n in range(questions)
    ]
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    return path
