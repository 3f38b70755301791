"""Copying a whole store to another, folder to database or back (`audit store copy`).

Every client goes across with its audits exactly as they are: ids, times, answers, notes
(private ones too), action edits, time spent and the questionnaire text each audit began with,
so an export of any audit reads the same from either store. A client whose id the target
already holds is left as it is there, which makes a second copy change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.domain.audit import every_answer
from audit.storage.base import AuditStore


@dataclass
class Copied:
    clients: int = 0
    audits: int = 0
    answers: int = 0
    action_edits: int = 0
    questionnaires: int = 0
    already_there: int = 0  # clients the target had, left as they are

    def describe(self, source: object, target: object) -> str:
        moved = (
            f"{_count(self.clients, 'client')}, {_count(self.audits, 'audit')}, "
            f"{_count(self.answers, 'answer')}, {_count(self.action_edits, 'action edit')} and "
            f"{_count(self.questionnaires, 'questionnaire copy', 'questionnaire copies')}"
        )
        line = f"Copied {moved} from {source} to {target}"
        if self.already_there:
            line += (
                f"; {_count(self.already_there, 'client')} already there "
                f"{'was' if self.already_there == 1 else 'were'} left as "
                f"{'it is' if self.already_there == 1 else 'they are'}"
            )
        return line + "."


def copy_store(source: AuditStore, target: AuditStore) -> Copied:
    copied = Copied()
    hashes: set[str] = set()
    for client in source.clients():
        audits = [source.load_audit(audit_id) for audit_id in source.audit_ids(client.id)]
        texts = {a.questionnaire_hash: source.questionnaire_text(a) for a in audits}
        if not target.copy_in(client, audits, texts):
            copied.already_there += 1
            continue
        copied.clients += 1
        copied.audits += len(audits)
        copied.answers += sum(len(every_answer(a)) for a in audits)
        copied.action_edits += sum(len(a.action_edits) for a in audits)
        hashes |= set(texts)
    copied.questionnaires = len(hashes)
    return copied


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
