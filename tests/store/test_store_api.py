"""The store's operations: audit, locking, import all-or-nothing, crash recovery, rule-set lookup."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import MINI, Clock, complete_record

from screening.problems import ProblemsError
from screening.records.document import Child, Judgement, Record, RuleSetRef, parse_record
from screening.ruleset.model import RuleSet
from screening.store import (
    EDIT_COALESCE,
    Imported,
    NotComplete,
    NotFinal,
    RecordLocked,
    RecordNotFound,
    Store,
    default_who,
    document_json,
    find_ruleset,
    ruleset_matches,
)
from screening.store.document import EXPORT_NOTICE, export_json


def test_create_assigns_id_times_and_draft_status(store: Store, mini: RuleSet) -> None:
    record = complete_record(mini, id="ignored", status="final")
    created = store.create(record, "tester", suggested_category="green")
    assert len(created.id) == 32 and created.id != "ignored"
    assert created.status == "draft"
    assert created.created == created.updated != ""
    dt.datetime.fromisoformat(created.created)
    assert store.get(created.id) == created
    (summary,) = store.list()
    assert (summary.id, summary.status, summary.child_name, summary.suggested_category) == (
        created.id, "draft", "A.B.", "green")
    assert (summary.ruleset_id, summary.ruleset_version) == (mini.info.id, mini.info.version)


def test_every_change_writes_an_audit_row(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    record = store.create(complete_record(mini), "ann")
    store.save_draft(replace(record, context=("secrecy",)), "ann")
    store.finalise(record.id, "ann")
    store.add_addendum(record.id, "Mum phoned on Monday.", "bob")
    export = tmp_path / "export.json"
    store.export(record.id, export, "bob")
    other = tmp_path / "other.json"
    other.write_text(document_json(complete_record(mini, name="other")), encoding="utf-8")
    (imported,) = store.import_files([other], "cat")
    store.delete(record.id, "dan", reason="created_in_error", confirmed=True)

    assert [(r.action, r.who) for r in store.audit(record.id)] == [
        ("create", "ann"), ("edit", "ann"), ("finalise", "ann"), ("addendum", "bob"), ("export", "bob"),
        ("retention_delete", "dan"),
    ]
    assert [(r.action, r.who) for r in store.audit(imported)] == [("import", "cat")]
    assert [r.action for r in store.audit()] == [
        "create", "edit", "finalise", "addendum", "export", "import", "retention_delete"]
    assert all(dt.datetime.fromisoformat(r.at) for r in store.audit())
    # the deleted record is gone, its audit rows are not
    with pytest.raises(RecordNotFound):
        store.get(record.id)


def test_the_audit_log_cannot_be_changed_or_deleted(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    before = store.audit()
    conn = sqlite3.connect(store.path)  # even by someone going round the store
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET who = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE record_id = ?", (record.id,))
    conn.rollback()
    conn.close()
    assert store.audit() == before


def test_autosave_edits_are_coalesced_per_person_and_ten_minutes(tmp_path: Path, mini: RuleSet) -> None:
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    with Store(tmp_path / "r.sqlite3", clock=clock) as store:
        record = store.create(complete_record(mini), "ann")
        steps = [(1, "ann"), (1, "ann"), (1, "bob"), (1, "ann"), (9, "ann"), (1.5, "ann"), (1, "ann")]
        for minutes, who in steps:
            clock.advance(minutes=minutes)
            record = store.save_draft(replace(record, child=Child(name=f"{who} {clock.now}", age_years=6)), who)
        edits = [(r.who, r.at[11:16]) for r in store.audit(record.id) if r.action == "edit"]
    assert dt.timedelta(minutes=10) == EDIT_COALESCE
    # 09:01 ann (new), 09:02 ann (coalesced), 09:03 bob (new), 09:04 ann (new: bob came between),
    # 09:13 ann (coalesced, 9 min), 09:14:30 ann (new: 10.5 min after 09:04), 09:15:30 ann (coalesced)
    assert edits == [("ann", "09:01"), ("bob", "09:03"), ("ann", "09:04"), ("ann", "09:14")]
    with Store(tmp_path / "r.sqlite3") as store:
        assert store.get(record.id).child.name.startswith("ann 2026-03-02 09:15:30")


def test_save_draft_keeps_created_and_the_suggestion_unless_given(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann", suggested_category="amber")
    saved = store.save_draft(replace(record, created="1999-01-01T00:00:00+00:00"), "ann")
    assert saved.created == record.created
    assert store.list()[0].suggested_category == "amber"
    store.save_draft(saved, "ann", suggested_category="red")
    assert store.list()[0].suggested_category == "red"


def test_final_records_refuse_edits(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    final = store.finalise(record.id, "ann")
    assert final.status == "final" and final.is_final
    assert store.get(record.id) == final
    with pytest.raises(RecordLocked):
        store.save_draft(final, "ann")
    with pytest.raises(RecordLocked):  # pretending it is still a draft does not help
        store.save_draft(replace(final, status="draft", child=Child(name="changed", age_years=6)), "ann")
    with pytest.raises(RecordLocked):
        store.finalise(record.id, "ann")
    assert store.get(record.id) == final
    assert [r.action for r in store.audit(record.id)] == ["create", "finalise"]


def test_finalise_refuses_an_incomplete_record(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini, judgement=Judgement(agrees=False, final_category="red")), "ann")
    with pytest.raises(NotComplete) as caught:
        store.finalise(record.id, "ann")
    messages = [issue.message for issue in caught.value.issues]
    assert "Give your reason for differing from the suggestion." in messages
    assert "Choose a decision." in messages
    assert store.get(record.id).status == "draft"
    assert [r.action for r in store.audit(record.id)] == ["create"]


def test_addenda_only_on_final_records_and_kept_in_order(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    with pytest.raises(NotFinal):
        store.add_addendum(record.id, "too early", "ann")
    store.finalise(record.id, "ann")
    with pytest.raises(ValueError, match="needs some text"):
        store.add_addendum(record.id, "  \n ", "ann")
    store.add_addendum(record.id, "First: <b>not markup</b>", "ann")
    after = store.add_addendum(record.id, "Second \"quoted\"\nsecond line", "bob")
    assert [(a.author, a.text) for a in after.addenda] == [
        ("ann", "First: <b>not markup</b>"), ("bob", "Second \"quoted\"\nsecond line")]
    assert store.get(record.id) == after
    with pytest.raises(sqlite3.IntegrityError, match="addendum cannot be changed"):
        store._conn.execute("UPDATE addenda SET text = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be removed"):
        store._conn.execute("DELETE FROM addenda")
    assert store.get(record.id) == after


def test_get_unknown_id_says_so(store: Store) -> None:
    with pytest.raises(RecordNotFound, match="no saved record with the id 'nope'") as caught:
        store.get("nope")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "there is no saved record with the id 'nope'"


def test_list_is_newest_first_and_filters_by_status(tmp_path: Path, mini: RuleSet) -> None:
    clock = Clock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with Store(tmp_path / "r.sqlite3", clock=clock) as store:
        ids = []
        for n in range(3):
            clock.advance(hours=1)
            ids.append(store.create(complete_record(mini, name=f"child {n}"), "ann").id)
        clock.advance(hours=1)
        store.save_draft(store.get(ids[0]), "ann")  # touched last: first in the list
        store.finalise(ids[1], "ann")  # at the same time, but ids[1] was created later
        assert [s.id for s in store.list()] == [ids[1], ids[0], ids[2]]
        assert [s.id for s in store.list("final")] == [ids[1]]
        assert [s.id for s in store.list("draft")] == [ids[0], ids[2]]
        with pytest.raises(ValueError):
            store.list("deleted")


def test_delete_removes_the_record_and_its_addenda(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    store.finalise(record.id, "ann")
    store.add_addendum(record.id, "later", "ann")
    keep = store.create(complete_record(mini, name="keep"), "ann")
    store.delete(record.id, "ann", reason="retention_period_ended", confirmed=True)
    assert [s.id for s in store.list()] == [keep.id]
    assert store._conn.execute("SELECT count(*) FROM addenda").fetchone()[0] == 0
    with pytest.raises(RecordNotFound):
        store.delete(record.id, "ann")


def test_export_writes_the_document_atomically_and_privately(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    record = store.create(complete_record(mini, name="Zoë <b>"), "ann")
    target = tmp_path / "out" / "record.json"
    target.parent.mkdir()
    target.write_text("an older export")
    store.export(record.id, target, "ann")
    assert parse_record(target.read_bytes(), str(target)) == record
    # the stored document, with the notice that the file is not encrypted after its format
    assert target.read_text(encoding="utf-8") == export_json(record)
    assert export_json(record).replace(f'  "notice": {json.dumps(EXPORT_NOTICE)},\n', "") == document_json(record)
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["record.json"]  # no temp file left


def test_export_to_a_missing_folder_fails_without_an_audit_row(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    record = store.create(complete_record(mini), "ann")
    with pytest.raises(Exception, match="cannot write"):
        store.export(record.id, tmp_path / "missing" / "x.json", "ann")
    assert [r.action for r in store.audit(record.id)] == ["create"]


def _write(path: Path, record: Record) -> Path:
    path.write_text(document_json(record), encoding="utf-8")
    return path


def test_import_gives_new_ids_and_keeps_status(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    draft = complete_record(mini, name="draft", id="c" * 32, created="2024-02-03T04:05:06+00:00",
                            updated="2024-02-03T04:05:06+00:00")
    final = complete_record(mini, name="final", status="final")
    files = [_write(tmp_path / "a.json", draft), _write(tmp_path / "b.json", final)]
    ids = store.import_files(files, "ann")
    again = store.import_documents(files[:1], "ann")
    # the same document again is a duplicate: its saved id comes back, nothing new is made
    assert len(set(ids)) == 2 and draft.id not in ids
    assert again == [Imported(ids[0], True)] and store.count() == 2
    assert store.get(ids[0]) == replace(draft, id=ids[0])
    got = store.get(ids[1])
    assert got.status == "final" and got.child.name == "final" and got.created
    with pytest.raises(RecordLocked):  # a final record stays final
        store.save_draft(replace(got, status="draft"), "ann")


def test_a_file_without_times_imported_again_later_is_still_a_duplicate(tmp_path: Path, mini: RuleSet) -> None:
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    untimed = _write(tmp_path / "u.json", complete_record(mini, name="untimed"))
    with Store(tmp_path / "r.sqlite3", clock=clock) as store:
        [first] = store.import_files([untimed], "ann")
        clock.advance(seconds=5)  # each import stamps the file's missing times with its own clock
        assert store.import_documents([untimed], "ann") == [Imported(first, True)]
        clock.advance(seconds=5)
        store.save_draft(store.get(first).with_changes(child=Child(name="edited", age_years=6)), "ann")
        clock.advance(seconds=5)
        [again] = store.import_documents([untimed], "ann")  # the saved one has changed since: a new record
        assert not again.duplicate and again.id != first and store.count() == 2


def test_import_is_all_or_nothing(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    good = _write(tmp_path / "good.json", complete_record(mini))
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "format": "screening-record/1",\n  "role": "Teacher",\n  "child": {"age_years": 99}\n}\n')
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "screening-record/1", "role": ')
    with pytest.raises(ProblemsError) as caught:
        store.import_files([good, bad, broken, tmp_path / "missing.json"], "ann")
    text = caught.value.report()
    assert f"{bad}:3:11: 'role' 'Teacher' is not a valid id" in text
    assert f"{bad}:4:26: 'age_years' is 99" in text
    assert str(broken) in text
    assert f"{tmp_path / 'missing.json'}:0:0: cannot read the file" in text
    assert store.list() == []
    assert store.audit() == []


def test_unclosed_drafts_after_a_crash(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / "r.sqlite3"
    crashed = Store(db)
    lost = crashed.create(complete_record(mini, name="left open"), "ann")
    crashed.mark_open(lost.id)
    lost = crashed.save_draft(replace(lost, child=Child(name="typed before the crash", age_years=6)), "ann")
    tidy = crashed.create(complete_record(mini, name="closed"), "ann")
    crashed.mark_open(tidy.id)
    crashed.mark_closed(tidy.id)
    final = crashed.create(complete_record(mini, name="final"), "ann")
    crashed.mark_open(final.id)
    crashed.finalise(final.id, "ann")
    crashed._conn.close()  # the process dies: Store.close() never runs

    with Store(db) as store:
        assert [s.id for s in store.unclosed_drafts()] == [lost.id]
        assert store.get(lost.id) == lost
        # the new session takes the draft over; it is its own now, so no longer 'unclosed'
        store.mark_open(lost.id)
        assert store.unclosed_drafts() == []
    with Store(db) as store:  # closed cleanly: nothing to recover
        assert store.unclosed_drafts() == []


def test_mark_open_unknown_id(store: Store) -> None:
    with pytest.raises(RecordNotFound):
        store.mark_open("nope")


def test_default_who() -> None:
    who = default_who()
    assert isinstance(who, str) and who


def test_ruleset_lookup_for_re_assessment(mini: RuleSet, tmp_path: Path) -> None:
    made_with_mini = complete_record(mini)
    assert ruleset_matches(made_with_mini, mini)
    found = find_ruleset(made_with_mini, [tmp_path / "nowhere", MINI])
    assert found.ruleset is not None and found.ruleset.sha256 == mini.sha256 and found.message == ""

    other = replace(made_with_mini, ruleset=RuleSetRef("old-guide", "2.3", "ab" * 32))
    assert not ruleset_matches(other, mini)
    missing = find_ruleset(other, [MINI])
    assert missing.ruleset is None
    assert "old-guide version 2.3 (sha256 abababababab)" in missing.message

    assert find_ruleset(replace(made_with_mini, ruleset=None), [MINI]).ruleset is None


def test_a_locked_database_is_a_clear_error_and_changes_nothing(store: Store, mini: RuleSet) -> None:
    from screening.store import StoreError

    store._conn.execute("PRAGMA busy_timeout = 0")  # do not wait the usual few seconds
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with pytest.raises(StoreError, match="could not be written; nothing was changed"):
            store.create(complete_record(mini), "ann")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not store._conn.in_transaction
    assert store.list() == [] and store.audit() == []
    assert store.create(complete_record(mini), "ann").id  # and it works once the lock is gone


def test_the_list_sorts_records_with_mixed_utc_offsets_by_the_instant(
    store: Store, mini: RuleSet, tmp_path: Path
) -> None:
    from screening.dates import newest_first_key
    from screening.records.document import record_to_json

    times = {"a": "2026-11-20T09:00:00+05:00", "b": "2026-11-20T08:00:00+00:00", "c": "2026-11-20T03:30:00-02:00"}
    paths = []
    for name, at in times.items():
        record = complete_record(mini, name=name).with_changes(created=at, updated=at)
        path = tmp_path / f"{name}.json"
        path.write_text(record_to_json(record), encoding="utf-8")
        paths.append(path)
    store.import_files(paths)
    listed = store.list()
    assert [s.child_name for s in listed] == ["b", "c", "a"]  # newest first: 08:00, 05:30, 04:00 UTC
    # the core's key (for any list the app sorts itself) agrees with the store
    assert sorted(listed, key=lambda s: newest_first_key(s.updated, s.created), reverse=True) == listed
