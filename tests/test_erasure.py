"""Deleting means gone: after an erasure no file of the store holds the client's name, their
notes or their audit ids, and a crash at any step leaves the data or nothing."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit
from audit.storage import erasure
from audit.storage.erasure import ERASURE_STEPS
from audit.storage.files import backup_of, write_atomically
from audit.storage.store import Store
from tests.conftest import SMALL_TOML, FixedClock, counting_ids

NAME = "Zebra Crossing Bakery"
CONTACT = "zoe@zebra-crossing.example"
KEPT = "Keep Co Plumbing"


def make_store(folder: Path, small) -> tuple[Store, list[str], list[str]]:
    """A client with three audits, each saved several times (so each has a backup copy), with
    notes public and private; another client whose audit must stay; the summaries cached.
    Returns the store, the client's audit ids and every note of theirs."""
    store = Store(folder, clock=FixedClock(), new_id=counting_ids())
    client = store.add_client(NAME, sector="Bakeries", contact=CONTACT)
    ids, notes = [], []
    for n in range(3):
        audit = store.create_audit(client, small, SMALL_TOML, auditor="Ann Auditor")
        ids.append(audit.id)
        for save in range(4):
            note = f"zebra-note-{n}-{save}"
            private = save % 2 == 1
            store.save_answer(audit.id, Answer("asked", 1 + save, note=note, note_private=private))
            notes.append(note)
        store.save_action_edit(audit.id, "asked", ActionEdit(owner="Zoe"))
        store.add_time(audit.id, "basics", 12.5)
    kept = store.create_audit(store.add_client(KEPT), small, SMALL_TOML)
    store.save_answer(kept.id, Answer("asked", 3, note="keep-note"))
    store.save_answer(kept.id, Answer("guarantee", "yes", note="keep-note-2"))
    store.summaries()
    return store, ids, notes


def traces(folder: Path, needles: list[str]) -> list[str]:
    """Every file under the store, at any depth, whose name or bytes hold one of the needles."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        for needle in needles:
            if needle in str(path.relative_to(folder)) or needle.encode() in raw:
                found.append(f"{path.relative_to(folder)}: {needle}")
    return found


def listed(cli, folder: Path) -> list[dict]:
    """`audit list --json` on the store: it must succeed with nothing left out."""
    code, out, err = cli("--db", str(folder), "list", "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def whole(folder: Path) -> None:
    """What `audit list` needs, read straight from the files before anything finishes the
    erasure: every audit the index names has its file and its questionnaire copy."""
    index = json.loads((folder / "index.json").read_bytes())
    for doc in index.get("audits", {}).values():
        audit = json.loads((folder / "audits" / f"{doc['id']}.json").read_bytes())
        assert next(iter(audit["meta"].values()))["id"] == doc["id"]
        assert (folder / "questionnaires" / f"{doc['questionnaire_hash']}.toml").exists()


def data_or_nothing(cli, folder: Path, ids: list[str], notes: list[str]) -> str:
    """After a crash: the client is there whole (every audit, the last answer of each), or no
    file holds anything of theirs. Says which."""
    rows = listed(cli, folder)
    clients = {row["client"] for row in rows}
    if NAME in clients:
        assert sorted(r["id"] for r in rows if r["client"] == NAME) == ids
        reopened = Store(folder)
        for n, audit_id in enumerate(ids):
            assert reopened.load_audit(audit_id).answers["asked"].note == f"zebra-note-{n}-3"
        return "data"
    assert clients == {KEPT}
    assert traces(folder, [NAME, CONTACT, *notes, *ids]) == []
    return "nothing"


# -- what an erasure removes ---------------------------------------------------------------------


def test_deleting_an_audit_leaves_no_file_holding_its_id_or_notes(tmp_path, small, cli):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    gone, mine = ids[0], [n for n in notes if n.startswith("zebra-note-0-")]
    assert traces(store.folder, [gone, *mine])  # the search finds them while they are there
    assert (store.folder / "audits" / f"{gone}.json.bak").exists()

    code, out, err = cli("delete", gone, "--yes")

    assert (code, err) == (0, "")
    assert out.startswith(f"Erased audit {gone}: 2 files removed; index.json, index.json.bak")
    assert f"  removed audits/{gone}.json.bak\n" in out
    assert traces(store.folder, [gone, *mine]) == []
    assert sorted(row["id"] for row in listed(cli, store.folder)) == sorted(
        [*ids[1:], *Store(store.folder).audit_ids(store.find_client(KEPT).id)]
    )
    assert traces(store.folder, ["zebra-note-1-3", "keep-note", NAME])  # the rest stays


def test_deleting_a_client_with_three_audits_saved_several_times_leaves_no_trace(
    tmp_path, small, cli
):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    everything = [NAME, CONTACT, *notes, *ids]
    assert len(traces(store.folder, everything)) > 20

    code, out, err = cli("clients", "delete", NAME.lower(), "--yes")

    assert (code, err) == (0, "")
    assert out.startswith(f"Erased client {NAME!r} and 3 audits: 6 files removed;")
    assert traces(store.folder, everything) == []
    assert [row["client"] for row in listed(cli, store.folder)] == [KEPT]
    kept = Store(store.folder).find_client(KEPT)
    assert kept is not None
    audit_id = Store(store.folder).audit_ids(kept.id)[0]
    assert Store(store.folder).load_audit(audit_id).answers["guarantee"].note == "keep-note-2"


def test_erasing_a_client_also_removes_copies_repair_moved_aside_and_old_deletes_left(
    tmp_path, small, cli
):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    folder = store.folder
    # What a delete of the version before this one left: the audit file gone, but its backup
    # and the index backup still hold it.
    old = store.create_audit(store.client(store.find_client(NAME).id), small, SMALL_TOML)
    for save in range(2):
        store.save_answer(old.id, Answer("asked", 2, note=f"zebra-old-note-{save}"))
    index = json.loads((folder / "index.json").read_bytes())
    index["audits"] = {k: d for k, d in index["audits"].items() if d["id"] != old.id}
    write_atomically(folder / "index.json", json.dumps(index), keep_previous=True)
    (folder / "audits" / f"{old.id}.json").unlink()
    # Files damaged from outside, which `audit repair` moved aside whole.
    for damaged in (folder / "index.json", folder / "audits" / f"{ids[1]}.json"):
        damaged.write_bytes(b"\xef\xbb\xbf" + damaged.read_bytes())
    assert cli("repair")[0] == 0
    assert len(list(folder.rglob("*.damaged-*"))) == 2
    everything = [NAME, CONTACT, *notes, *ids, old.id, "zebra-old-note-1"]

    assert cli("clients", "delete", NAME, "--yes")[0] == 0

    assert traces(folder, everything) == []
    assert [row["client"] for row in listed(cli, folder)] == [KEPT]


def test_an_unused_questionnaire_copy_goes_and_a_used_one_stays(tmp_path, small, cli):
    store, _, _ = make_store(tmp_path / "cli-store", small)
    other = SMALL_TOML.replace('title = "Small"', 'title = "Small, another edition"')
    client = store.find_client(NAME)
    assert client is not None
    lone = store.create_audit(client, small, other)
    copies = sorted(p.name for p in (store.folder / "questionnaires").iterdir())
    assert len(copies) == 2

    assert cli("delete", lone.id, "--yes")[0] == 0
    assert len(list((store.folder / "questionnaires").iterdir())) == 1
    assert cli("clients", "delete", NAME, "--yes")[0] == 0
    assert len(list((store.folder / "questionnaires").iterdir())) == 1  # Keep Co uses it
    assert cli("clients", "delete", KEPT, "--yes")[0] == 0
    assert list((store.folder / "questionnaires").iterdir()) == []


def test_deleting_the_last_audit_of_a_client_says_how_to_erase_the_client(tmp_path, small, cli):
    store, _, _ = make_store(tmp_path / "cli-store", small)
    kept = store.audit_ids(store.find_client(KEPT).id)[0]
    code, out, _ = cli("delete", kept, "--yes")
    assert code == 0
    assert out.splitlines()[-1] == (
        f"{KEPT!r} has no audits left; `audit clients delete` erases their name and details too."
    )


# -- crashes -------------------------------------------------------------------------------------


class Crash(Exception):
    pass


@pytest.mark.parametrize("step", ERASURE_STEPS)
def test_a_crash_at_each_step_of_an_erasure_leaves_a_store_that_lists_and_repair_finishes(
    tmp_path, small, cli, monkeypatch, step
):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    client = store.find_client(NAME)
    assert client is not None

    def crash(*_args: object, **_kwargs: object) -> None:
        raise Crash(step)

    with monkeypatch.context() as patched:
        patched.setattr(erasure, step, crash)
        with pytest.raises(Crash):
            store.delete_client(client.id)

    whole(store.folder)
    code, out, err = cli("repair")
    assert (code, err) == (0, "")
    if step == "write_journal":  # nothing was recorded, so nothing was touched
        assert out.startswith("Nothing to repair")
        assert data_or_nothing(cli, store.folder, ids, notes) == "data"
    else:
        assert "finished an interrupted erasure. Erased 1 client and 3 audits" in out
        assert data_or_nothing(cli, store.folder, ids, notes) == "nothing"
        assert not (store.folder / "pending.json").exists()


def crashed_child(folder: Path, action, exit_at: dict[str, object]) -> int:
    """Fork; in the child, run `action` with `exit_at` applied (os._exit where a step would
    be); the child's exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            for name, replacement in exit_at.items():
                module, attribute = name.rsplit(".", 1)
                setattr(erasure if module == "erasure" else os, attribute, replacement)
            action(Store(folder))
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def exit_now(*_args: object, **_kwargs: object) -> None:
    os._exit(17)


@pytest.mark.parametrize("step", ERASURE_STEPS)
def test_a_process_killed_at_each_step_of_an_erasure_leaves_a_store_that_lists_cleanly(
    tmp_path, small, cli, step
):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    client_id = store.find_client(NAME).id

    status = crashed_child(
        store.folder, lambda s: s.delete_client(client_id), {f"erasure.{step}": exit_now}
    )

    assert status == 17
    whole(store.folder)
    # Opening the store (here by `audit list`) finishes the erasure the crash interrupted.
    expected = "data" if step == "write_journal" else "nothing"
    assert data_or_nothing(cli, store.folder, ids, notes) == expected
    assert cli("repair")[1].startswith("Nothing to repair")


def counted(operations: list[int], stop_at: int | None):
    """Wrappers of os.replace and os.unlink that count every call and, in a child, exit at
    number `stop_at` instead of doing it."""
    real: dict[str, Callable[..., object]] = {"replace": os.replace, "unlink": os.unlink}

    def wrap(name: str):
        def operation(*args: object, **kwargs: object) -> object:
            if stop_at is not None and len(operations) == stop_at:
                os._exit(17)
            operations.append(1)
            return real[name](*args, **kwargs)

        return operation

    return {f"os.{name}": wrap(name) for name in real}


def file_operations(folder: Path, action) -> int:
    """How many renames and removals `action` makes on a copy of the store."""
    trial = folder.with_name("trial")
    shutil.copytree(folder, trial)
    operations: list[int] = []
    wrappers = counted(operations, None)
    saved = os.replace, os.unlink
    os.replace, os.unlink = wrappers["os.replace"], wrappers["os.unlink"]
    try:
        action(Store(trial))
    finally:
        os.replace, os.unlink = saved
    shutil.rmtree(trial)
    return len(operations)


def test_a_process_killed_at_every_file_operation_of_an_erasure_leaves_data_or_nothing(
    tmp_path, small, cli
):
    template, ids, notes = make_store(tmp_path / "template", small)
    client_id = template.find_client(NAME).id

    def action(s: Store) -> None:
        s.delete_client(client_id)

    total = file_operations(template.folder, action)
    assert total >= 10
    outcomes = []
    for stop_at in range(total):
        folder = tmp_path / f"run-{stop_at}"
        shutil.copytree(template.folder, folder)
        assert crashed_child(folder, action, counted([], stop_at)) == 17
        whole(folder)
        outcomes.append(data_or_nothing(cli, folder, ids, notes))
    assert outcomes[0] == "data" and outcomes[-1] == "nothing"


def test_a_process_killed_at_every_file_operation_of_a_merge_keeps_every_answer(
    tmp_path, small, cli
):
    template, ids, _ = make_store(tmp_path / "template", small)
    duplicate, into = template.find_client(NAME).id, template.find_client(KEPT).id
    answers = {i: template.load_audit(i).answers for i in ids}

    def action(s: Store) -> None:
        s.merge_clients(duplicate, into)

    total = file_operations(template.folder, action)
    outcomes = set()
    for stop_at in range(total):
        folder = tmp_path / f"run-{stop_at}"
        shutil.copytree(template.folder, folder)
        assert crashed_child(folder, action, counted([], stop_at)) == 17
        whole(folder)
        rows = listed(cli, folder)  # finishes a merge that was under way
        owners = {row["client"] for row in rows if row["id"] in ids}
        assert owners in ({NAME}, {KEPT})
        outcomes.add(owners.pop())
        reopened = Store(folder)
        assert {i: reopened.load_audit(i).answers for i in ids} == answers
        if KEPT in {row["client"] for row in rows if row["id"] in ids}:
            assert traces(folder, [NAME]) == []
    assert outcomes == {NAME, KEPT}


def test_a_process_killed_at_every_file_operation_of_an_import_leaves_it_whole_or_absent(
    tmp_path, small, cli
):
    source, ids, notes = make_store(tmp_path / "source", small)
    text, _ = source.export_client(source.find_client(NAME).id)
    export_file = tmp_path / "zebra.json"
    export_file.write_text(text)
    from audit.storage.transfer import read_export

    export = read_export(export_file)
    target = Store(tmp_path / "target")
    target.add_client("Someone Else")

    def action(s: Store) -> None:
        s.import_client(export)

    total = file_operations(target.folder, action)
    outcomes = []
    for stop_at in range(total):
        folder = tmp_path / f"run-{stop_at}"
        shutil.copytree(target.folder, folder)
        assert crashed_child(folder, action, counted([], stop_at)) == 17
        whole(folder)
        clients = {row["client"] for row in listed(cli, folder)}
        if NAME in clients:
            outcomes.append("whole")
            assert len(Store(folder).audit_ids(Store(folder).find_client(NAME).id)) == 3
        else:
            outcomes.append("absent")
            assert traces(folder, [NAME, *notes, *ids]) == []
    assert outcomes[0] == "absent" and outcomes[-1] == "whole"


def test_a_full_disk_in_the_middle_of_an_erasure_says_repair_finishes_it(
    tmp_path, small, cli, monkeypatch
):
    store, ids, notes = make_store(tmp_path / "cli-store", small)
    from audit.storage.files import StoreError

    def full(*_args: object) -> None:
        raise StoreError(f"{store.folder / 'summaries.json'}: could not be saved: the disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(erasure, "prune_summaries", full)
        code, _, err = cli("clients", "delete", NAME, "--yes")
    assert code == 1 and err.count("\n") == 1
    assert err.endswith(
        "the disk is full; the erasure is unfinished: `audit repair` (or the next command) "
        "finishes it\n"
    )
    assert "finished an interrupted erasure" in cli("repair")[1]
    assert data_or_nothing(cli, store.folder, ids, notes) == "nothing"


def test_a_damaged_erasure_record_is_one_line_and_left_as_it_is(tmp_path, small, cli):
    store, _, _ = make_store(tmp_path / "cli-store", small)
    (store.folder / "pending.json").write_text('{"operation": "erase", "audits": [1')
    code, _, err = cli("list")
    assert code == 1 and err.count("\n") == 1
    assert "pending.json: the record of an unfinished erasure, merge or import is damaged" in err
    assert (store.folder / "pending.json").read_text().endswith("[1")


def test_an_erasure_rewrites_a_damaged_index_backup_that_names_the_client(tmp_path, small, cli):
    store, ids, _ = make_store(tmp_path / "cli-store", small)
    backup = backup_of(store.folder / "index.json")
    backup.write_bytes(backup.read_bytes()[:-40])  # cut short: it cannot be pruned
    assert cli("clients", "delete", NAME, "--yes")[0] == 0
    assert traces(store.folder, [NAME, *ids]) == []
    assert backup.read_bytes() == (store.folder / "index.json").read_bytes()


# -- the TUI -------------------------------------------------------------------------------------


def test_deleting_in_the_tui_erases_every_copy_and_says_what_it_removed(tmp_path, small):
    import asyncio

    from audit.catalog import load_catalog
    from audit.tui.app import AuditApp

    store, _, _ = make_store(tmp_path / "store", small)
    app = AuditApp(store, load_catalog([]))
    gone: list[str] = []

    async def script() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            selected = app.screen._selected()  # type: ignore[attr-defined]
            audit = store.load_audit(selected)
            gone.extend([selected, *(a.note for a in audit.answers.values())])
            assert traces(store.folder, gone) != []
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            messages = [str(n.message) for n in app._notifications]
            assert any(m.startswith(f"Erased audit {selected}: ") for m in messages), messages
            assert any("index.json.bak" in m for m in messages)

    asyncio.run(script())
    assert gone[0] not in store.audit_ids()
    assert traces(store.folder, gone) == []
