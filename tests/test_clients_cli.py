"""Managing clients from the command line: confirm before erasing, rename, set, merge, and
export one client to import into another store."""

from __future__ import annotations

import copy
import io
import json
import stat
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import ActionEdit, ActionStatus, Mode
from audit.storage.store import Store
from tests.conftest import SMALL_TOML, FixedClock, counting_ids

NAME = "Zebra Crossing Bakery"
OTHER = "Keep Co Plumbing"


def full_store(folder: Path, small) -> Store:
    """Two clients; the first with two audits holding every kind of answer, notes public and
    private, an N/A, a flag, action edits and time spent."""
    store = Store(folder, clock=FixedClock(), new_id=counting_ids())
    client = store.add_client(NAME, sector="Bakeries", contact="zoe@example.com")
    for n in range(2):
        audit = store.create_audit(client, small, SMALL_TOML, mode=Mode.INTERVIEW, auditor="Ann")
        store.save_answers(
            audit.id,
            [
                Answer("asked", 2 + n, note=f"asked note {n}"),
                Answer("guarantee", None, na_reason="we sell no goods"),
                Answer("reach", ("phone", "chat"), note="secret", note_private=True),
                Answer("hours", 12.5, flagged=True),
                Answer("follow-up", 3, note="confidential: owner unwell", note_private=True),
                Answer("complaints", "partly"),
                Answer("support", "yes"),
            ],
        )
        store.save_action_edit(
            audit.id, "asked", ActionEdit(owner="Zoe", due="2027-01-31", status=ActionStatus.DOING)
        )
        store.add_time(audit.id, "basics", 42.0)
    store.create_audit(store.add_client(OTHER), small, SMALL_TOML)
    return store


def answers_of(folder: Path, name: str) -> dict[str, dict]:
    store = Store(folder)
    client = store.find_client(name)
    assert client is not None
    return {i: dict(store.load_audit(i).answers) for i in store.audit_ids(client.id)}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


class Terminal(io.StringIO):
    """Standard input on a terminal, with the user's answer already typed."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def folder(tmp_path, small) -> Path:
    return full_store(tmp_path / "cli-store", small).folder


# -- asking first --------------------------------------------------------------------------------

ERASING = [
    ("delete", "a0000002"),
    ("clients", "delete", NAME),
    ("clients", "merge", NAME, OTHER),
]


@pytest.mark.parametrize("command", ERASING, ids=lambda c: " ".join(c[:2]))
def test_erasing_without_a_terminal_or_yes_refuses_in_one_line(folder, cli, monkeypatch, command):
    before = files_of(folder)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # a pipe: a "y" in it is no answer
    code, out, err = cli(*command)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.rstrip().endswith("add --yes to go ahead")
    assert err.startswith(
        f"audit {' '.join(command[:-1] if command[0] == 'delete' else command[:2])}:"
    )
    assert files_of(folder) == before


@pytest.mark.parametrize("typed", ["n\n", "\n", "", "nope\n"])
@pytest.mark.parametrize("command", ERASING, ids=lambda c: " ".join(c[:2]))
def test_erasing_asks_and_anything_but_yes_changes_nothing(
    folder, cli, monkeypatch, command, typed
):
    before = files_of(folder)
    monkeypatch.setattr("sys.stdin", Terminal(typed))
    code, out, err = cli(*command)
    assert (code, out) == (1, "")
    question, answer = err.split("[y/N] ")
    assert question.startswith(("Erase ", "Move the 2 audits of "))
    assert answer == "audit: nothing was changed\n"
    assert files_of(folder) == before


def test_a_yes_at_the_prompt_erases(folder, cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("Yes\n"))
    code, out, err = cli("clients", "delete", NAME.upper())
    assert code == 0
    assert err == (
        f"Erase client {NAME!r} and their 2 audits, every answer, note and backup copy? "
        "This cannot be undone. [y/N] "
    )
    assert out.startswith(f"Erased client {NAME!r} and 2 audits: ")
    assert Store(folder).find_client(NAME) is None


# -- bad names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("clients", "delete", "Nobody", "--yes"),
        ("clients", "rename", "Nobody", "Somebody"),
        ("clients", "set", "Nobody", "--contact", "x"),
        ("clients", "merge", "Nobody", NAME, "--yes"),
        ("clients", "merge", NAME, "Nobody", "--yes"),
        ("clients", "export", "Nobody", "-o", "out.json"),
    ],
    ids=lambda c: " ".join(c[:3]),
)
def test_a_client_name_not_in_the_store_is_one_line_and_exit_1(folder, cli, command):
    before = files_of(folder)
    code, out, err = cli(*command)
    assert (code, out) == (1, "")
    assert err == "audit: no client named 'Nobody'; `audit clients list` shows them\n"
    assert files_of(folder) == before


def test_deleting_an_audit_that_is_not_there_is_one_line(folder, cli):
    assert cli("delete", "ffff", "--yes") == (
        1,
        "",
        "audit: no audit with id 'ffff'; `audit list` shows the ids\n",
    )


# -- rename and set ------------------------------------------------------------------------------


def test_renaming_a_client_keeps_every_answer(folder, cli):
    before = answers_of(folder, NAME)
    code, out, err = cli("clients", "rename", NAME.lower(), "Zebra Bakery Ltd")
    assert (code, out, err) == (0, f"renamed {NAME.lower()!r} to 'Zebra Bakery Ltd'\n", "")
    assert answers_of(folder, "Zebra Bakery Ltd") == before
    code, out, _ = cli("list", "--client", "zebra bakery ltd", "--json")
    assert code == 0 and {row["client"] for row in json.loads(out)} == {"Zebra Bakery Ltd"}
    assert cli("list", "--client", NAME)[0] == 1


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        (OTHER.upper(), f"a client named {OTHER!r} already exists; `audit clients merge` joins"),
        ("   ", "a client needs a name"),
        ("x" * 201, "the client name is longer than 200 characters"),
    ],
)
def test_a_rename_to_a_bad_name_is_one_line_and_changes_nothing(folder, cli, new, problem):
    before = files_of(folder)
    code, out, err = cli("clients", "rename", NAME, new)
    assert (code, out) == (1, "")
    assert err.startswith(f"audit: {problem}") and err.count("\n") == 1
    assert files_of(folder) == before


def test_a_change_of_case_is_a_rename_too(folder, cli):
    assert cli("clients", "rename", NAME, NAME.upper())[0] == 0
    assert Store(folder).find_client(NAME).name == NAME.upper()


def test_set_changes_contact_and_sector_and_nothing_else(folder, cli):
    before = answers_of(folder, NAME)
    code, out, _ = cli("clients", "set", NAME, "--contact", "Zoe, 0123 456", "--sector", "Cafés")
    assert code == 0 and out == f"{NAME!r}: sector 'Cafés', contact 'Zoe, 0123 456'\n"
    assert cli("clients", "set", NAME, "--sector", "Bakery and café")[0] == 0
    rows = {row["name"]: row for row in json.loads(cli("clients", "list", "--json")[1])}
    assert (rows[NAME]["sector"], rows[NAME]["contact"]) == ("Bakery and café", "Zoe, 0123 456")
    assert answers_of(folder, NAME) == before


def test_set_without_a_field_is_a_usage_error(folder, cli):
    assert cli("clients", "set", NAME) == (
        2,
        "",
        "audit clients set: give --contact, --sector or both\n",
    )


def test_set_with_a_contact_too_long_is_one_line(folder, cli):
    code, _, err = cli("clients", "set", NAME, "--contact", "c" * 300)
    assert (code, err) == (1, "audit: the contact is longer than 200 characters\n")


# -- merge ---------------------------------------------------------------------------------------


def test_merging_moves_every_audit_and_answer_then_erases_the_duplicate(folder, cli, small):
    store = Store(folder)
    duplicate = store.add_client("Zebra Crosing Bakery", contact="typo@example.com")
    extra = store.create_audit(duplicate, small, SMALL_TOML)
    store.save_answer(extra.id, Answer("asked", 4, note="from the duplicate"))
    store.save_answer(extra.id, Answer("asked", 5, note="from the duplicate, again"))
    before = {**answers_of(folder, NAME), **answers_of(folder, duplicate.name)}

    code, out, err = cli("clients", "merge", "zebra crosing bakery", NAME, "--yes")

    assert (code, err) == (0, "")
    assert out.startswith(
        f"Moved 1 audit of 'Zebra Crosing Bakery' to {NAME!r}.\n"
        "Erased client 'Zebra Crosing Bakery': index.json, index.json.bak rewritten without it."
    )
    assert answers_of(folder, NAME) == before
    assert Store(folder).load_audit(extra.id).client_id == store.find_client(NAME).id
    code, out, _ = cli("list", "--client", NAME, "--json")
    assert len(json.loads(out)) == 3
    assert [c["name"] for c in json.loads(cli("clients", "list", "--json")[1])] == [OTHER, NAME]
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"Crosing" not in path.read_bytes() and b"typo@" not in path.read_bytes()


def test_a_merge_with_a_damaged_audit_stops_before_it_starts(folder, cli):
    audit_file = folder / "audits" / "a0000003.json"
    audit_file.write_bytes(b"\xef\xbb\xbf" + audit_file.read_bytes())
    before = files_of(folder)
    code, _, err = cli("clients", "merge", NAME, OTHER, "--yes")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"audit: {audit_file}: the file starts with a byte-order mark")
    assert files_of(folder) == before


def test_a_client_cannot_be_merged_into_itself(folder, cli):
    before = files_of(folder)
    code, _, err = cli("clients", "merge", NAME, NAME.lower(), "--yes")
    assert (code, err) == (1, f"audit: {NAME!r} and {NAME.lower()!r} name the same client\n")
    assert files_of(folder) == before


# -- export and import ---------------------------------------------------------------------------


def export(cli, tmp_path: Path, *db: str, name: str = NAME, file: str = "zebra.json") -> Path:
    target = tmp_path / file
    code, out, err = cli(*db, "clients", "export", name, "-o", str(target))
    assert (code, out) == (0, "")
    assert err == (
        f"audit: warning: {target} holds everything about {name!r}: every answer and note, "
        "4 private notes included; share it only with whom may read them\n"
    )
    return target


def test_export_then_import_into_an_empty_store_gives_identical_exports(folder, cli, tmp_path):
    first = export(cli, tmp_path)
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # it holds the private notes
    other = str(tmp_path / "colleague")

    code, out, err = cli("--db", other, "clients", "import", str(first))

    assert (code, out, err) == (0, f"Imported client {NAME!r} with 2 audits.\n", "")
    second = export(cli, tmp_path, "--db", other, file="again.json")
    assert second.read_bytes() == first.read_bytes()
    here = [r for r in json.loads(cli("list", "--json")[1]) if r["client"] == NAME]
    there = json.loads(cli("--db", other, "list", "--json")[1])
    assert there == here
    for row in here:
        shown_here, shown_there = cli("show", row["id"], "--json")[1], None
        shown_there = cli("--db", other, "show", row["id"], "--json")[1]
        assert shown_there == shown_here
    document = json.loads(first.read_text())
    notes = [a["note"] for audit in document["audits"] for a in audit["answers"]]
    assert "confidential: owner unwell" in notes


def test_export_to_stdout(folder, cli):
    code, out, err = cli("clients", "export", NAME, "-o", "-")
    assert code == 0 and json.loads(out)["client"]["name"] == NAME
    assert err.startswith(f"audit: warning: the export holds everything about {NAME!r}: ")
    assert "4 private notes included" in err


def test_importing_beside_a_client_of_the_same_name_is_refused(folder, cli, tmp_path):
    first = export(cli, tmp_path)
    before = files_of(folder)
    code, _, err = cli("clients", "import", str(first))
    assert code == 1
    assert err == (
        f"audit: a client named {NAME!r} is already in this store; rename it first "
        "(`audit clients rename`) to import this one beside it\n"
    )
    assert files_of(folder) == before


def test_an_import_whose_audit_ids_are_taken_gives_them_new_ones(folder, cli, tmp_path):
    first = export(cli, tmp_path)
    assert cli("clients", "rename", NAME, "Zebra (old copy)")[0] == 0
    code, out, _ = cli("clients", "import", str(first))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Imported client {NAME!r} with 2 audits."
    assert lines[1].startswith("  audit a0000002 is ") and lines[1].endswith(
        "here: this store already has an audit a0000002"
    )

    def by_question(name: str) -> list[str]:
        return sorted(repr(dict(sorted(a.items()))) for a in answers_of(folder, name).values())

    assert len(by_question(NAME)) == 2
    assert by_question(NAME) == by_question("Zebra (old copy)")


def good_document(folder: Path, cli, tmp_path: Path) -> dict:
    return json.loads(export(cli, tmp_path).read_text())


def broken(doc: dict, change) -> dict:
    doc = copy.deepcopy(doc)
    change(doc)
    return doc


def _set(path: list, value: object):
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _changed_text(doc: dict) -> None:
    digest = next(iter(doc["questionnaires"]))
    doc["questionnaires"][digest] += "\n# changed\n"


def _broken_toml(doc: dict) -> None:
    from audit.domain.loader import content_hash

    text = 'id = "small"\ntitle = "Small"\n'
    old = next(iter(doc["questionnaires"]))
    doc["questionnaires"] = {content_hash(text): text}
    for audit in doc["audits"]:
        audit["questionnaire_hash"] = content_hash(text)
    del old


BAD_DOCUMENTS = {
    "not an object": (lambda doc: doc.clear(), "not a client export of audit"),
    "a newer format": (_set(["audit_client_export"], 99), "written by a newer audit (format 99,"),
    "no client name": (lambda doc: doc["client"].pop("name"), "client: 'name' is missing"),
    "a blank client name": (_set(["client", "name"], " "), "client.name: a client needs a name"),
    "a path for an id": (
        _set(["audits", 0, "id"], "../../elsewhere"),
        "audits[0].id: must be letters, digits, - or _ (at most 64)",
    ),
    "a point off the scale": (
        _set(["audits", 0, "answers", 0, "value"], 9),
        "audits[0] (a0000002).answers[0].value: 9 is outside the points 1 to 5",
    ),
    "an unknown question": (
        _set(["audits", 0, "answers", 0, "question"], "nope"),
        "audits[0] (a0000002).answers[0].question: 'nope' is not in its questionnaire",
    ),
    "a note that is not text": (
        _set(["audits", 1, "answers", 0, "note"], 42),
        "audits[1] (a0000003).answers[0].note: must be text",
    ),
    "an unknown status": (
        _set(["audits", 0, "status"], "done-ish"),
        "audits[0] (a0000002).status: 'done-ish' is not one of in-progress, complete",
    ),
    "negative time": (
        _set(["audits", 0, "time_spent", "basics"], -1),
        "audits[0] (a0000002).time_spent.basics: must be a number of seconds",
    ),
    "an audit twice": (
        lambda doc: doc["audits"].append(doc["audits"][0]),
        "audits: the id 'a0000002' is given twice",
    ),
    "a changed questionnaire": (_changed_text, "the text does not match its hash"),
    "a broken questionnaire": (_broken_toml, "questionnaires["),
    "a list of audits that is not": (_set(["audits"], {}), "audits: must be a list"),
}


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_a_bad_export_file_is_refused_in_one_line(folder, cli, tmp_path, case):
    change, problem = BAD_DOCUMENTS[case]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken(good_document(folder, cli, tmp_path), change)))
    empty = tmp_path / "empty-store"

    code, out, err = cli("--db", str(empty), "clients", "import", str(bad))

    assert (code, out) == (1, "")
    assert err.startswith(f"audit: {bad}: ") and err.count("\n") == 1, err
    assert problem in err
    assert "Traceback" not in err
    assert (
        not empty.exists()
        or json.loads(cli("--db", str(empty), "clients", "list", "--json")[1]) == []
    )
    assert not empty.exists() or list((empty / "audits").iterdir()) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON (line 1, column 2)"),
        (b"\xff\xfe{}", "not UTF-8 text (at byte 0)"),
        (b"[]", "not a client export of audit"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_in_one_line(cli, tmp_path, content, problem):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, _, err = cli("clients", "import", str(bad))
    assert code == 1 and err.startswith(f"audit: {bad}: {problem}") and err.count("\n") == 1


def test_importing_a_file_that_is_not_there_is_one_line(cli, tmp_path):
    missing = tmp_path / "missing.json"
    assert cli("clients", "import", str(missing)) == (1, "", f"audit: {missing}: no such file\n")


def test_importing_a_file_with_a_number_of_thousands_of_digits_is_one_line(cli, tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "customer-care-audit-client", "n": ' + "9" * 5000 + "}")
    message = f"audit: {huge}: not valid JSON (a number too large)\n"
    assert cli("clients", "import", str(huge)) == (1, "", message)


def test_exporting_into_a_folder_that_does_not_exist_is_one_line(folder, cli, tmp_path):
    target = tmp_path / "nowhere" / "zebra.json"
    code, _, err = cli("clients", "export", NAME, "-o", str(target))
    assert (code, err) == (1, f"audit: {target}: could not be saved: the folder does not exist\n")


def test_an_import_the_disk_cannot_hold_is_one_line_and_leaves_nothing(
    folder, cli, tmp_path, monkeypatch
):
    from audit.storage import files as files_module
    from audit.storage import folder_moves
    from audit.storage import store as store_module
    from audit.storage.files import StoreError

    first = export(cli, tmp_path)
    other = tmp_path / "colleague"
    real = files_module.write_atomically
    written: list[Path] = []

    def fills_up(path: Path, text: str, **options: bool) -> None:
        if len(written) == 2:
            raise StoreError(f"{path}: could not be saved: the disk is full")
        written.append(path)
        real(path, text, **options)

    with monkeypatch.context() as patched:
        # The questionnaire copy is written by the store, the audit files by its imports.
        patched.setattr(store_module, "write_atomically", fills_up)
        patched.setattr(folder_moves, "write_atomically", fills_up)
        code, _, err = cli("--db", str(other), "clients", "import", str(first))
    assert code == 1 and err.count("\n") == 1
    assert err.endswith(
        "the disk is full; nothing was imported (the next command removes what was written)\n"
    )
    assert (other / "audits" / "a0000002.json").exists()  # written before the disk filled
    assert json.loads(cli("--db", str(other), "list", "--json")[1]) == []
    for path in other.rglob("*"):
        if path.is_file():
            assert b"Zebra" not in path.read_bytes() and b"a0000002" not in path.read_bytes()
