"""The folder store reads its big files one document at a time (audit/storage/json_stream.py),
so a cohort of 10,000 audits is never in memory at once: what it reads must be what a whole
parse would give, damage must be named the same way, and the summary cache it rewrites from
pieces of its old text must stay a whole, true cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.domain.answers import Answer
from audit.domain.audit import Status
from audit.domain.cohort import CohortTally
from audit.storage.files import StoreCorrupt, read_json
from audit.storage.json_stream import table_documents
from audit.storage.store import Store
from tests.conftest import SMALL_TOML


def cache_of(store: Store) -> dict:
    return json.loads((store.folder / "summaries.json").read_text())


def four_audits(store: Store, small) -> dict[str, list[str]]:
    """Two clients with two audits each; audit ids by client id."""
    ids: dict[str, list[str]] = {}
    for name in ("Acme Ltd", "Birch & Co"):
        client = store.add_client(name)
        for _ in range(2):
            audit = store.create_audit(client, small, SMALL_TOML)
            ids.setdefault(client.id, []).append(audit.id)
    return ids


def test_the_index_walked_document_by_document_is_what_a_whole_parse_reads(store, small):
    four_audits(store, small)
    index = store.folder / "index.json"
    whole = read_json(index)
    assert whole is not None
    walked = list(table_documents(index, {"audits", "clients"}))
    expected = [(t, doc) for t in ("clients", "audits") for doc in whole.get(t, {}).values()]
    assert sorted(walked, key=repr) == sorted(expected, key=repr)
    assert [doc["id"] for t, doc in walked if t == "audits"] == [
        doc["id"] for doc in whole["audits"].values()
    ]


@pytest.mark.parametrize(
    "text",
    [
        '{"audits": {"1": {"id": "a"}}',  # cut short, as by a crash of another program
        '{"audits": {"1": {"id": "a"}}} and more',  # something after the object
        '{"audits": {"1": {"id": "a",}}}',  # a trailing comma, as a hand edit leaves
        '["audits"]',  # JSON, but not a store file
        '{"audits": [1, 2]}',
        "   ",
        "\ufeff{}",
    ],
)
def test_damage_is_named_as_a_whole_parse_names_it(tmp_path: Path, text: str):
    path = tmp_path / "index.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreCorrupt) as whole:
        read_json(path)
    with pytest.raises(StoreCorrupt) as walked:
        list(table_documents(path, {"audits"}))
    assert str(walked.value) == str(whole.value)
    assert str(walked.value).startswith(f"{path}: the file ")


def test_a_document_that_is_not_an_object_is_no_store_file(tmp_path: Path):
    path = tmp_path / "index.json"
    path.write_text('{"audits": {"1": 5}}')
    with pytest.raises(StoreCorrupt, match="the file is not an audit store file"):
        list(table_documents(path, {"audits"}))


def test_listing_one_client_keeps_the_cached_summaries_of_the_others(store, small):
    ids = four_audits(store, small)
    assert len(store.summaries()) == 4
    first, second = ids
    assert {s.audit_id for s in store.summaries(first)} == set(ids[first])
    assert set(cache_of(store)) == set(ids[first] + ids[second])


def test_an_unchanged_cache_is_not_written_again(store, small):
    four_audits(store, small)
    store.summaries()
    before = (store.folder / "summaries.json").stat()
    store.summaries()
    after = (store.folder / "summaries.json").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_changed_audit_is_summarised_again_and_its_one_entry_replaced(store, small):
    ids = four_audits(store, small)
    audit_id = next(iter(ids.values()))[0]
    assert {s.audit_id: s.answered for s in store.summaries()}[audit_id] == 0
    store.save_answers(audit_id, [Answer("asked", 4), Answer("guarantee", "yes")])
    assert {s.audit_id: s.answered for s in store.summaries()}[audit_id] == 2
    keys = json.loads(
        (store.folder / "summaries.json").read_text(), object_pairs_hook=lambda pairs: pairs
    )
    assert [key for key, _entry in keys].count(audit_id) == 1  # replaced, not added twice
    assert cache_of(store)[audit_id]["summary"]["answered"] == 2


def test_a_deleted_audit_leaves_the_cache(store, small):
    ids = four_audits(store, small)
    store.summaries()
    gone = next(iter(ids.values()))[1]
    store.delete_audit(gone)
    assert gone not in {s.audit_id for s in store.summaries()}
    assert gone not in cache_of(store) and len(cache_of(store)) == 3


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_a_damaged_cache_is_rebuilt_and_the_list_is_whole(store, small, cut: float):
    ids = four_audits(store, small)
    store.summaries()
    path = store.folder / "summaries.json"
    text = path.read_text()
    path.write_text(text[: int(len(text) * cut)])  # a cache cut short
    every = {audit_id for group in ids.values() for audit_id in group}
    assert {s.audit_id for s in store.summaries()} == every
    assert store.damaged == []  # only a cache: nothing to tell the user
    assert set(cache_of(store)) == every


def test_the_cohort_tally_counts_figures_worked_out_by_hand(store, small):
    """Three finished audits of the small questionnaire (tests/conftest.py) and one draft.
    Basics weighs asked 2 and guarantee 1: asked 1, 3 and 5 of 5 score 0, .5 and 1, guarantee
    is yes, so Basics is 100 x (2 x asked + 1) / 3 = 33.3, 66.7 and 100: mean and median 66.7.
    After the sale is follow-up (Always, 1) and complaints: complaints no, yes and yes make it
    100 x (1 + 0) / 2 = 50, then 100 and 100: mean 83.3, median 100. Below weak_below (0.67)
    are asked at 0 and .5 (two participants) and complaints at no (one)."""
    from tests.test_cohort import answers_of

    client = store.add_client("Acme Ltd")
    # Participants 0, 2 and 4 of tests/test_cohort.py: asked 1, 3 and 5; complaints no, yes, yes.
    for participant in (0, 2, 4):
        audit = store.create_audit(client, small, SMALL_TOML, cohort="Spring")
        store.save_answers(audit.id, answers_of(participant))
        store.set_status(audit.id, Status.COMPLETE)
    draft = store.create_audit(client, small, SMALL_TOML, cohort="spring ")
    tally = CohortTally()
    for summary in store.cohort_summaries("SPRING"):
        tally.add(summary)
    assert tally.audits == 4
    assert tally.name == "Spring"  # as the oldest audit spells it
    assert tally.newest_audits() == {small.id: draft.id}
    summary = tally.summary({small.id: small})
    assert summary.finished == 3 and [d.audit_id for d in summary.drafts] == [draft.id]
    assert summary.counted == ()  # kept only for a report that names participants
    (group,) = summary.groups
    spreads = {s.section_id: s for s in group.sections}
    basics = spreads["basics"]
    assert basics.count == 3
    assert basics.mean == pytest.approx(200 / 3)
    assert basics.median == pytest.approx(200 / 3)
    assert basics.lowest == pytest.approx(100 / 3) and basics.highest == pytest.approx(100)
    after = spreads["after"]
    assert (after.lowest, after.median, after.highest) == (50, 100, 100)
    assert after.mean == pytest.approx(250 / 3)
    weak = {share.question_id: share.count for share in group.weak_questions}
    assert weak == {"asked": 2, "complaints": 1}


def test_the_bench_builds_a_cohort_store_the_report_reads(tmp_path: Path, cli):
    """The bench's own store (bench/cohort_cases.py) stays one the CLI can report on, so a
    change that breaks the bench shows here rather than only when it is run."""
    from bench.cohort_cases import COHORT, cohort_store

    folder = cohort_store(tmp_path / "bench-store", 25)
    code, out, err = cli("--db", str(folder), "cohort", "report", COHORT, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["audits"] == data["finished"] == 25
