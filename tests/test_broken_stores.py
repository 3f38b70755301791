"""Store files damaged from outside: each is one clear line and a non-zero exit, the damaged
file is never written over, and `audit repair` puts back the last good copy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from audit.storage.store import Store

Corrupt = Callable[[bytes], bytes]

CORRUPTIONS: dict[str, tuple[Corrupt, str]] = {
    "empty": (lambda raw: b"", "the file is empty"),
    "truncated": (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
    "trailing garbage": (lambda raw: raw + b"\n}} left by a sync tool", "not valid JSON"),
    "NUL bytes": (lambda raw: raw[:40] + b"\x00" * 512 + raw[40:], "NUL bytes"),
    "JSON of the wrong shape": (lambda raw: b"[1, 2, 3]", "not an audit store file"),
    "the right shape, the wrong content": (
        lambda raw: json.dumps({"meta": {"1": {"colour": "blue"}}}).encode(),
        "",  # the index and an audit file say it differently (see WRONG_CONTENT)
    ),
    "invalid UTF-8": (lambda raw: raw[:30] + b"\xff\xfe\xfd" + raw[30:], "not UTF-8"),
    "byte-order mark": (lambda raw: b"\xef\xbb\xbf" + raw, "byte-order mark"),
}


WRONG_CONTENT = {"index": "the file has no schema version", "audit": "not an audit of this store"}


@pytest.fixture
def demo_store(cli, tmp_path) -> tuple[Path, list[str]]:
    assert cli("demo")[0] == 0
    folder = tmp_path / "cli-store"
    return folder, Store(folder).audit_ids()


def answered(cli, audit_id: str) -> int:
    code, out, err = cli("export", audit_id, "--format", "json")
    assert code == 0, err
    return sum(1 for a in json.loads(out)["answers"] if "value" in a or "na" in a)


@pytest.mark.parametrize("target", ["index", "audit"])
@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_damaged_file_is_one_line_kept_and_repaired(cli, demo_store, target, corruption):
    folder, ids = demo_store
    audit_id = ids[0]
    before = answered(cli, audit_id)
    path = folder / "index.json" if target == "index" else folder / "audits" / f"{audit_id}.json"
    corrupt, says = CORRUPTIONS[corruption]
    says = says or WRONG_CONTENT[target]
    broken = corrupt(path.read_bytes())
    path.write_bytes(broken)

    for argv in (("show", audit_id), ("list",), ("finish", audit_id)):
        code, out, err = cli(*argv)
        assert code == 1, argv
        lines = err.splitlines()
        # `list` shows the other audits and names the one it left out.
        prefix = "audit: left out: " if target == "audit" and argv == ("list",) else "audit: "
        assert len(lines) == 1 and lines[0].startswith(f"{prefix}{path}: "), err
        assert says in lines[0]
        assert lines[0].endswith(f"`audit repair` puts back its last good copy ({path.name}.bak)")
        assert path.read_bytes() == broken  # never written over

    code, out, err = cli("repair")
    assert code == 0, err
    assert f"{path}: " in out and "put back its last good copy" in out
    (aside,) = path.parent.glob(f"{path.name}.damaged-*")
    assert aside.read_bytes() == broken  # kept aside for whoever wants to look into it
    # The copy put back is the one before the demo's last change (finishing the audit).
    assert answered(cli, audit_id) == before
    code, out, _ = cli("repair")
    assert (code, out.startswith("Nothing to repair")) == (0, True)


def test_a_damaged_audit_does_not_stop_the_list(cli, demo_store):
    folder, ids = demo_store
    (folder / "audits" / f"{ids[0]}.json").write_bytes(b"{")
    code, out, err = cli("list")
    assert code == 1 and ids[1][:8] in out  # the other audit is listed
    assert err.count("\n") == 1 and "audit repair" in err


def test_without_a_good_copy_repair_says_so_and_leaves_the_file(cli, demo_store):
    folder, ids = demo_store
    path = folder / "audits" / f"{ids[0]}.json"
    path.write_bytes(b"")
    (folder / "audits" / f"{ids[0]}.json.bak").write_bytes(b"also broken")
    code, _, err = cli("repair")
    assert code == 1
    assert err.strip().endswith("there is no good copy to put back; the file was left as it is")
    assert path.read_bytes() == b""


def test_a_newer_schema_is_refused_in_one_line_and_left_alone(cli, demo_store):
    folder, ids = demo_store
    index = folder / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema"] = 99
    index.write_text(json.dumps(data))
    written = index.read_bytes()
    code, _, err = cli("show", ids[0])
    assert code == 1 and err.count("\n") == 1
    assert "written by a newer version of audit (schema 99" in err
    assert index.read_bytes() == written


def test_a_leftover_temporary_file_is_harmless(cli, demo_store):
    """A writer killed between writing its temporary file and renaming it leaves the real file
    whole: the store opens as usual and the leftover is cleared."""
    folder, ids = demo_store
    leftover = folder / "audits" / f".{ids[0]}.json.abc123.tmp"
    leftover.write_bytes(b'{"half": ')
    assert cli("show", ids[0])[0] == 0 and not leftover.exists()


def test_every_save_keeps_the_version_it_replaced(store, small):
    from audit.domain.answers import Answer
    from audit.storage.files import backup_of

    client = store.add_client("Acme")
    audit = store.create_audit(client, small, "text")
    path = store.folder / "audits" / f"{audit.id}.json"
    store.save_answer(audit.id, Answer("q1", value=2))
    first = path.read_bytes()
    store.save_answer(audit.id, Answer("q1", value=3))
    assert backup_of(path).read_bytes() == first
    assert path.read_bytes() != first
