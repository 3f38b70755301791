"""Several respondents in one audit, on both stores: each one's answers kept apart, never
overwriting another's; and an old (schema 1) folder store migrated with every answer kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import answers_of
from audit.domain.respondents import OWNER, Respondent, Role, RoleError, parse_role
from audit.storage.base import NotFound
from audit.storage.store import SCHEMA_VERSION, Store
from audit.storage.transfer import read_export
from tests.conftest import SMALL_TOML, FixedClock, counting_ids, reopen

OLD_STORE = Path(__file__).parent / "data" / "store-schema-1"


def _audit(store, small):
    client = store.add_client("Corner Bakery")
    return store.create_audit(client, small, SMALL_TOML)


def test_a_new_audit_has_the_owner_alone(any_store, small):
    audit = _audit(any_store, small)
    assert audit.respondents == (OWNER,)
    assert reopen(any_store).load_audit(audit.id).respondents == (
        Respondent("r1", "Owner", Role.OWNER),
    )


def test_each_respondent_answers_apart(any_store, small):
    store = any_store
    audit = _audit(store, small)
    store.save_answer(audit.id, Answer("asked", 4))
    mia = store.add_respondent(audit.id, "Mia", Role.STAFF, [Answer("asked", 1)])
    sam = store.add_respondent(audit.id, "Sam", Role.CUSTOMER)
    assert (mia, sam) == (
        Respondent("r2", "Mia", Role.STAFF),
        Respondent("r3", "Sam", Role.CUSTOMER),
    )
    store.save_answer(audit.id, Answer("asked", 2), respondent_id="r3")
    # The owner changes their answer: Mia's and Sam's stay as they were.
    store.save_answers(audit.id, [Answer("asked", 3), Answer("guarantee", "yes")])
    again = reopen(store).load_audit(audit.id)
    assert {q: a.value for q, a in again.answers.items()} == {"asked": 3, "guarantee": "yes"}
    assert {q: a.value for q, a in answers_of(again, "r2").items()} == {"asked": 1}
    assert {q: a.value for q, a in answers_of(again, "r3").items()} == {"asked": 2}
    assert answers_of(again, None) is again.answers
    assert [r.name for r in again.respondents] == ["Owner", "Mia", "Sam"]
    # Clearing Mia's answer leaves the owner's.
    store.clear_answer(audit.id, "asked", respondent_id="r2")
    cleared = reopen(store).load_audit(audit.id)
    assert answers_of(cleared, "r2") == {} and cleared.answers["asked"].value == 3


def test_a_name_already_there_is_the_same_respondent(any_store, small):
    store = any_store
    audit = _audit(store, small)
    first = store.add_respondent(audit.id, "Mia", Role.STAFF)
    again = store.add_respondent(audit.id, "  mia ", Role.MANAGER, [Answer("asked", 2)])
    assert again == first  # the role stays staff
    assert store.find_respondent(audit.id, "MIA") == first
    assert store.find_respondent(audit.id, "Nobody") is None
    assert len(store.load_audit(audit.id).respondents) == 2


def test_answers_for_a_respondent_the_audit_lacks_are_refused(any_store, small):
    audit = _audit(any_store, small)
    with pytest.raises(NotFound, match="no respondent 'r7'"):
        any_store.save_answer(audit.id, Answer("asked", 2), respondent_id="r7")
    assert any_store.load_audit(audit.id).answers == {}


def test_unknown_role_is_one_clear_line():
    assert parse_role(" Staff ") is Role.STAFF
    with pytest.raises(RoleError, match="unknown role 'boss'; a role is one of: owner, manager"):
        parse_role("boss")


def test_export_and_import_carry_respondents(any_store, small, tmp_path):
    store = any_store
    audit = _audit(store, small)
    store.save_answer(audit.id, Answer("asked", 4))
    store.add_respondent(
        audit.id, "Mia", Role.STAFF, [Answer("asked", 1, note="n", note_private=True)]
    )
    text, private = store.export_client(audit.client_id)
    assert private == 1  # Mia's private note counts too
    data = json.loads(text)
    assert data["audit_client_export"] == 2
    assert [a["respondent"] for a in data["audits"][0]["answers"]] == ["r1", "r2"]
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    other = Store(tmp_path / "other", clock=FixedClock(), new_id=counting_ids())
    client, _ = other.import_client(read_export(path))
    imported = other.load_audit(other.audit_ids(client.id)[0])
    assert [r.name for r in imported.respondents] == ["Owner", "Mia"]
    assert answers_of(imported, "r2")["asked"].value == 1 and imported.answers["asked"].value == 4


def test_an_export_of_format_1_is_still_read(store, small, tmp_path):
    audit = _audit(store, small)
    store.save_answer(audit.id, Answer("asked", 4))
    data = json.loads(store.export_client(audit.client_id)[0])
    data["audit_client_export"] = 1
    for doc in data["audits"]:
        del doc["respondents"]
        for answer in doc["answers"]:
            del answer["respondent"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    export = read_export(path)
    assert export.audits[0].respondents == (OWNER,)
    assert export.audits[0].answers["asked"].value == 4


def test_a_schema_1_store_migrates_keeping_every_answer(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(OLD_STORE, folder)
    before = {p.name: json.loads(p.read_text()) for p in (folder / "audits").glob("*.json")}
    store = Store(folder, clock=FixedClock(), new_id=counting_ids())
    index = json.loads((folder / "index.json").read_text())
    assert next(iter(index["meta"].values()))["schema"] == SCHEMA_VERSION == 2
    for name, data in before.items():
        audit = store.load_audit(name.removesuffix(".json"))
        assert audit.respondents == (OWNER,)
        assert audit.other_answers == {}
        # Every stored answer is still there, unchanged but for whose it now says it is.
        stored = {d["question"]: d for d in data["answers"].values()}
        assert set(audit.answers) == set(stored)
        for question, doc in stored.items():
            answer = audit.answers[question]
            value = tuple(doc["value"]) if isinstance(doc["value"], list) else doc["value"]
            assert (
                answer.value,
                answer.note,
                answer.note_private,
                answer.na_reason,
                answer.flagged,
            ) == (value, doc["note"], doc["note_private"], doc["na_reason"], doc["flagged"])
    first = store.load_audit("a0000002")
    # The fixture's first audit: 8 answers, a private note, an edited action (written by hand).
    assert len(first.answers) == 8 and first.answers["how"].note_private
    assert first.action_edits["asked/1"].owner == "Ruth"
    # Opening it again migrates nothing more, and a new respondent can be added.
    again = Store(folder, clock=FixedClock(), new_id=counting_ids())
    again.add_respondent("a0000002", "Mia", Role.STAFF, [Answer("asked", 0)])
    assert again.load_audit("a0000002").answers["asked"].value == 3


def test_a_schema_2_database_migrates_its_answers_to_the_owner(pg_url):
    psycopg = pytest.importorskip("psycopg")
    from audit.storage.pg_schema import MIGRATIONS

    # A database as the code before respondents left it: schema 2, one answer per question.
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("CREATE TABLE audit_schema (version integer NOT NULL)")
        connection.execute("INSERT INTO audit_schema (version) VALUES (2)")
        for step in (1, 2):
            for statement in MIGRATIONS[step]:
                connection.execute(statement)
        connection.execute("INSERT INTO clients (id, name, name_key) VALUES ('c1', 'Acme', 'acme')")
        connection.execute(
            "INSERT INTO questionnaires (hash, body) VALUES (%s, %s)", ("h1", SMALL_TOML)
        )
        doc = {
            "id": "a1",
            "client_id": "c1",
            "questionnaire_id": "small",
            "questionnaire_hash": "h1",
        }
        connection.execute(
            "INSERT INTO audits (id, client_id, questionnaire_hash, doc) "
            "VALUES ('a1', 'c1', 'h1', %s)",
            (json.dumps(doc),),
        )
        for question, value in (("asked", 3), ("guarantee", "partly")):
            answer = {"question": question, "value": value, "note": "kept"}
            connection.execute(
                "INSERT INTO answers (audit_id, question, doc) VALUES ('a1', %s, %s)",
                (question, json.dumps(answer)),
            )
    from audit.storage.opening import open_store

    store = open_store(pg_url, clock=FixedClock(), new_id=counting_ids())
    audit = store.load_audit("a1")
    assert audit.respondents == (OWNER,)
    assert {q: (a.value, a.note) for q, a in audit.answers.items()} == {
        "asked": (3, "kept"),
        "guarantee": ("partly", "kept"),
    }
    # The same question answered by a second respondent is a row of its own now.
    store.add_respondent("a1", "Mia", Role.STAFF, [Answer("asked", 0)])
    again = store.load_audit("a1")
    assert again.answers["asked"].value == 3 and answers_of(again, "r2")["asked"].value == 0
