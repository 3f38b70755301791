"""The store keeps every answer the moment it is given, atomically, and never overwrites a
file it cannot read."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus, Mode, Status
from audit.storage import files
from audit.storage.base import AuditStore
from audit.storage.files import StoreBusy, StoreCorrupt, StoreError
from audit.storage.store import Store
from tests.conftest import REPO, SMALL_TOML, FixedClock, counting_ids, reopen

# Tests taking `any_store` run on both backends (the folder and PostgreSQL); those taking
# `store` are about the folder store's files.


def new_audit(store: AuditStore, small, name: str = "Acme Ltd"):
    client = store.add_client(name, sector="Retail")
    return store.create_audit(client, small, SMALL_TOML, mode=Mode.INTERVIEW, auditor="Kim")


def test_clients_are_found_by_name_whatever_the_case(any_store):
    store = any_store
    first = store.add_client("Acme Ltd", sector="Retail")
    assert store.add_client("  acme ltd ") == first
    assert store.find_client("ACME LTD") == first
    assert [c.name for c in reopen(store).clients()] == ["Acme Ltd"]


COMPOSED = "Caf\u00e9 \u00c9mile"  # as typed on most keyboards
DECOMPOSED = "Cafe\u0301 E\u0301mile"  # the same name pasted on macOS


def test_a_name_pasted_decomposed_is_the_same_client(any_store):
    store = any_store
    first = store.add_client(DECOMPOSED, sector="Cafe\u0301")
    assert first.name == COMPOSED and first.sector == "Caf\u00e9"  # stored composed
    assert store.add_client(COMPOSED) == first
    assert store.find_client(DECOMPOSED) == store.find_client(COMPOSED) == first
    assert len(store.clients()) == 1


def test_a_client_stored_decomposed_before_is_found_by_its_composed_name(store):
    index = store.folder / "index.json"
    data = json.loads(index.read_text())
    data["clients"] = {"1": {"id": "old", "name": DECOMPOSED, "sector": "", "contact": ""}}
    index.write_text(json.dumps(data))
    assert store.find_client(COMPOSED).id == "old"
    assert store.add_client(COMPOSED).id == "old"


def test_an_audit_records_its_questionnaire_and_a_copy_of_it(any_store, small):
    store = any_store
    audit = new_audit(store, small)
    stored = reopen(store).load_audit(audit.id)
    assert (stored.questionnaire_id, stored.questionnaire_version) == ("small", "1")
    assert (stored.mode, stored.auditor, stored.status) == (
        Mode.INTERVIEW,
        "Kim",
        Status.IN_PROGRESS,
    )
    assert reopen(store).questionnaire_text(stored) == SMALL_TOML
    # Editing the questionnaire later does not touch this audit: it reads its own copy.
    assert reopen(store).questionnaire_of(stored) == small


def test_the_folder_keeps_each_questionnaire_copy_as_a_file_named_by_its_hash(store, small):
    audit = new_audit(store, small)
    copy = store.folder / "questionnaires" / f"{audit.questionnaire_hash}.toml"
    assert copy.read_text() == SMALL_TOML


def test_an_answer_is_on_disk_as_soon_as_it_is_saved(any_store, small):
    store = any_store
    audit = new_audit(store, small)
    store.save_answer(audit.id, Answer("asked", 2, note="only at trade fairs"))
    store.save_answer(audit.id, Answer("asked", 4, note="monthly calls now", flagged=True))
    store.save_answer(audit.id, Answer("guarantee", None, na_reason="services only"))
    answers = reopen(store).load_audit(audit.id).answers
    assert answers["asked"].value == 4 and answers["asked"].note == "monthly calls now"
    assert answers["asked"].flagged and answers["asked"].answered_at == "2026-11-23T09:00:00+00:00"
    assert answers["guarantee"].is_na and answers["guarantee"].na_reason == "services only"
    assert len(answers) == 2


def test_clearing_an_answer_and_editing_an_action(any_store, small):
    store = any_store
    audit = new_audit(store, small)
    store.save_answers(audit.id, [Answer("asked", 2), Answer("hours", 30)])
    store.clear_answer(audit.id, "asked")
    store.save_action_edit(audit.id, "hours/1", ActionEdit("Sam", "2026-12-01", ActionStatus.DOING))
    stored = reopen(store).load_audit(audit.id)
    assert list(stored.answers) == ["hours"]
    assert stored.action_edits["hours/1"] == ActionEdit("Sam", "2026-12-01", ActionStatus.DOING)


def test_many_answers_are_one_write(store, small, monkeypatch):
    audit = new_audit(store, small)
    writes: list[Path] = []
    real = files.write_atomically

    def recording(p, t, **kw):
        writes.append(p)
        real(p, t, **kw)

    monkeypatch.setattr(files, "write_atomically", recording)
    store.save_answers(
        audit.id, [Answer("asked", 3), Answer("guarantee", "yes"), Answer("hours", 9)]
    )
    assert writes == [store.folder / "audits" / f"{audit.id}.json"]


def test_saving_an_answer_writes_the_same_bytes_at_1_and_at_300_audits(
    tmp_path, small, monkeypatch
):
    written: list[int] = []
    real = files.write_atomically

    def measuring(p, t, **kw):
        written.append(len(t))
        real(p, t, **kw)

    monkeypatch.setattr(files, "write_atomically", measuring)

    def cost_of_one_save(extra_audits: int) -> int:
        store = Store(tmp_path / f"s{extra_audits}", clock=FixedClock(), new_id=counting_ids())
        client = store.add_client("Acme")
        for _ in range(extra_audits):
            other = store.create_audit(client, small, SMALL_TOML)
            store.save_answers(other.id, [Answer("asked", 3), Answer("hours", 10)])
        audit = store.create_audit(client, small, SMALL_TOML)
        written.clear()
        store.save_answer(audit.id, Answer("asked", 5))
        return sum(written)

    assert cost_of_one_save(300) == cost_of_one_save(0)


def test_a_failed_write_leaves_the_file_byte_identical_and_no_temporary(store, small, monkeypatch):
    audit = new_audit(store, small)
    store.save_answer(audit.id, Answer("asked", 2))
    path = store.folder / "audits" / f"{audit.id}.json"
    before = path.read_bytes()

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(StoreError, match="could not be saved: the disk is full"):
        store.save_answer(audit.id, Answer("asked", 5))
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b'{"meta": {"1": {"schema": 1}', "not valid JSON at line 1"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not an audit store file"),
    ],
)
def test_a_damaged_index_is_reported_and_left_alone(store, content, message):
    index = store.folder / "index.json"
    index.write_bytes(content)
    with pytest.raises(StoreCorrupt, match=message) as caught:
        reopen(store)
    assert str(index) in str(caught.value) and "\n" not in str(caught.value)
    assert index.read_bytes() == content


def test_a_truncated_audit_file_is_reported_with_its_path(store, small):
    audit = new_audit(store, small)
    path = store.folder / "audits" / f"{audit.id}.json"
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(StoreCorrupt, match=str(path)):
        store.load_audit(audit.id)
    with pytest.raises(StoreCorrupt):
        store.save_answer(audit.id, Answer("asked", 3))
    assert len(path.read_bytes()) == 20


def test_a_store_from_a_newer_version_is_refused(store):
    index = store.folder / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema"] = 99
    index.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="newer version of audit"):
        reopen(store)


def test_a_file_given_as_the_store_folder_is_refused(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    with pytest.raises(StoreError, match="this is a file"):
        Store(target)
    assert target.read_text() == "mine"


def test_a_leftover_temporary_file_is_cleared_on_open(store):
    leftover = store.folder / "audits" / ".x.json.abc.tmp"
    leftover.write_text("{half")
    reopen(store)
    assert not leftover.exists()


def test_a_busy_store_says_so(store):
    descriptor = os.open(store.folder / "lock", os.O_RDWR)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        with pytest.raises(StoreBusy, match="in use by another program"):
            Store(store.folder, lock_timeout=0.1)
    finally:
        os.close(descriptor)


def test_two_processes_writing_at_once_lose_nothing(any_store, small):
    store = any_store
    audit = new_audit(store, small)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from audit.domain.answers import Answer
        from audit.storage.opening import open_store
        store = open_store({str(store.opened_from)!r}, lock_timeout=20)
        for n in range(40):
            store.save_answer({audit.id!r}, Answer(f"{{sys.argv[1]}}-{{n}}", n))
    """)
    workers = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("p", "q")]
    assert [w.wait(timeout=60) for w in workers] == [0, 0]
    answers = reopen(store).load_audit(audit.id).answers
    assert {f"{p}-{n}" for p in "pq" for n in range(40)} <= set(answers)


def test_summaries_follow_every_change(any_store, small):
    store = any_store
    audit = new_audit(store, small)
    (summary,) = store.summaries()
    assert (summary.answered, summary.score) == (0, None)
    store.save_answer(audit.id, Answer("asked", 5))
    (summary,) = reopen(store).summaries()
    assert (summary.answered, summary.score) == (1, 100.0)
    store.save_answer(audit.id, Answer("asked", 1))
    assert store.summaries()[0].score == 0.0


def test_ids_resolve_from_a_unique_prefix_and_audits_delete(any_store, small):
    ids = iter(["c1111111", "5a7e0001", "5b000002"])
    store = reopen(any_store, new_id=lambda: next(ids))
    first, second = new_audit(store, small), new_audit(store, small)
    assert store.resolve_audit_id("5a") == first.id
    with pytest.raises(StoreError, match="fits several audits"):
        store.resolve_audit_id("5")
    store.delete_audit(first.id)
    assert store.audit_ids() == [second.id]
    with pytest.raises(StoreError, match="no audit with id"):
        store.load_audit(first.id)
