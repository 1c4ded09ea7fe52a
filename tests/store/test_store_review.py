"""Review fixes in the store: two copies of the app on one record, importing final records,
damaged database files, special files, and export refusing to overwrite."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import MINI, Clock, complete_record

from screening.cli import main
from screening.problems import ProblemsError
from screening.records.document import Child, Judgement
from screening.ruleset.model import RuleSet
from screening.store import (
    DB_NAME,
    MIGRATIONS,
    DatabaseDamaged,
    RecordChanged,
    Store,
    StoreError,
    document_json,
)

CHANGED = (
    "This record was changed elsewhere (another window or computer) since you opened it; "
    "close it and open it again"
)
DAMAGED = "The records database is damaged and cannot be read"


def _clocked(path: Path) -> tuple[Store, Clock]:
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    return Store(path, clock=clock), clock


# ---------------------------------------------------------------- 1. optimistic concurrency


def test_two_copies_of_the_app_cannot_overwrite_each_other(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / DB_NAME
    first, clock = _clocked(db)
    second = Store(db, clock=clock)  # another copy of the app on the same file
    try:
        mine = first.create(complete_record(mini, name="typed in the first window"), "ann")
        theirs = second.get(mine.id)  # opened in the other copy
        clock.advance(minutes=1)
        theirs = second.save_draft(replace(theirs, child=Child(name="typed in the second window", age_years=6)), "bob")
        clock.advance(minutes=1)
        with pytest.raises(RecordChanged) as caught:
            first.save_draft(replace(mine, child=Child(name="would overwrite bob", age_years=6)), "ann")
        assert str(caught.value) == CHANGED
        assert isinstance(caught.value, StoreError)
        # nothing was written: bob's work is there, and no edit row for ann
        assert first.get(mine.id) == theirs
        assert [(r.action, r.who) for r in first.audit(mine.id)] == [("create", "ann"), ("edit", "bob")]
        # opened again, it saves
        again = first.get(mine.id)
        clock.advance(minutes=1)
        assert first.save_draft(replace(again, child=Child(name="ann again", age_years=6)), "ann").child.name == (
            "ann again"
        )
    finally:
        first.close()
        second.close()


def test_the_apps_save_flow_keeps_the_returned_record(tmp_path: Path, mini: RuleSet) -> None:
    store, clock = _clocked(tmp_path / DB_NAME)
    with store:
        record = store.create(complete_record(mini), "ann", suggested_category="green")
        for n in range(3):  # autosave: each save is made from what the last one returned
            clock.advance(seconds=5)
            record = store.save_draft(replace(record, child=Child(name=f"edit {n}", age_years=6)), "ann")
            assert record.updated == clock() == store.get(record.id).updated
        clock.advance(seconds=5)
        final = store.finalise(record.id, "ann", expected_updated=record.updated)
        assert final.is_final and final.child.name == "edit 2"


def test_saving_an_old_copy_is_refused(tmp_path: Path, mini: RuleSet) -> None:
    store, clock = _clocked(tmp_path / DB_NAME)
    with store:
        created = store.create(complete_record(mini), "ann")
        clock.advance(seconds=5)
        store.save_draft(replace(created, context=("secrecy",)), "ann")
        clock.advance(seconds=5)
        with pytest.raises(RecordChanged, match="changed elsewhere"):
            store.save_draft(created, "ann")  # the copy from before the last save
        with pytest.raises(RecordChanged):
            store.save_draft(replace(created, updated=""), "ann")  # a copy that never came from the store
        assert store.get(created.id).context == ("secrecy",)


def test_saves_in_the_same_second_or_with_the_clock_set_back_are_told_apart(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / DB_NAME
    first, clock = _clocked(db)  # the clock does not move unless told
    second = Store(db, clock=clock)
    try:
        mine = first.create(complete_record(mini), "ann")
        theirs = second.save_draft(second.get(mine.id), "bob")  # in the same second as the create
        assert theirs.updated == "2026-03-02T09:00:01+00:00"
        with pytest.raises(RecordChanged):
            first.save_draft(mine, "ann")
        clock.advance(hours=-1)  # a clock set back
        again = second.save_draft(theirs, "bob")
        assert again.updated == "2026-03-02T09:00:02+00:00"
        with pytest.raises(RecordChanged):
            first.save_draft(theirs, "ann")
        clock.advance(hours=2)
        assert second.save_draft(again, "bob").updated == clock()
    finally:
        first.close()
        second.close()


def test_finalise_can_refuse_what_the_user_has_not_seen(tmp_path: Path, mini: RuleSet) -> None:
    db = tmp_path / DB_NAME
    first, clock = _clocked(db)
    second = Store(db, clock=clock)
    try:
        mine = first.create(complete_record(mini), "ann")
        clock.advance(seconds=5)
        second.save_draft(replace(second.get(mine.id), judgement=Judgement(agrees=True)), "bob")
        with pytest.raises(RecordChanged):
            first.finalise(mine.id, "ann", expected_updated=mine.updated)
        assert first.get(mine.id).status == "draft"
    finally:
        first.close()
        second.close()


def test_the_app_shows_the_changed_elsewhere_message(tmp_path: Path, mini: RuleSet, qtbot: object) -> None:
    """Two windows (or two computers) with the same draft: the second save is refused, in words."""
    from ui.records import RecordKeeper, SaveError
    from ui.session import Session

    db = tmp_path / DB_NAME
    with Store(db) as store_a, Store(db) as store_b:
        record = store_a.create(complete_record(mini), "ann", suggested_category="green")
        session_a = Session(mini, store_a.get(record.id))
        session_b = Session(mini, store_b.get(record.id))
        keeper_a = RecordKeeper(session_a, store_a, lambda: "ann", delay_ms=60_000)
        keeper_b = RecordKeeper(session_b, store_b, lambda: "bob", delay_ms=60_000)
        # the session may restamp the rule set; any first save starts from the stored version
        session_b.update_child(name="bob's change")
        keeper_b.save_now()
        session_b.update_child(name="bob's second change")  # autosave again from the adopted record
        keeper_b.save_now()
        session_a.update_child(name="ann's change")
        with pytest.raises(SaveError) as caught:
            keeper_a.save_now()
        assert str(caught.value) == CHANGED
        assert store_a.get(record.id).child.name == "bob's second change"
        keeper_b.close()
        keeper_a.timer.stop()


# ---------------------------------------------------------------- 2. importing final records


def test_an_incomplete_final_record_is_not_imported(store: Store, mini: RuleSet, tmp_path: Path) -> None:
    good_final = tmp_path / "good-final.json"
    good_final.write_text(document_json(replace(complete_record(mini), status="final")), encoding="utf-8")
    draft = tmp_path / "draft.json"
    draft.write_text(document_json(replace(complete_record(mini), judgement=Judgement())), encoding="utf-8")
    bad_final = tmp_path / "bad-final.json"
    bad = replace(complete_record(mini), status="final", concern_date=None, judgement=Judgement(agrees=True))
    bad_final.write_text(document_json(bad), encoding="utf-8")

    with pytest.raises(ProblemsError) as caught:
        store.import_files([good_final, draft, bad_final], "ann")
    assert [str(p) for p in caught.value.problems] == [
        f"{bad_final}:1:1: this record is marked final but is not complete: Give the date of the behaviour. "
        "Choose the final category. Choose a decision."
    ]
    assert store.list() == [] and store.audit() == []  # all or nothing

    # complete final records stay final; an incomplete draft is fine as a draft
    final_id, draft_id = store.import_files([good_final, draft], "ann")
    assert store.get(final_id).is_final
    assert store.get(draft_id).status == "draft"


# ---------------------------------------------------------------- 3. damaged databases


def _fill(data_dir: Path, mini: RuleSet) -> list[str]:
    with Store(data_dir / DB_NAME) as store:
        ids = [store.create(complete_record(mini, name=f"child {n}" * 40), "tester").id for n in range(20)]
        store.finalise(ids[0], "tester")
    assert not Path(f"{data_dir / DB_NAME}-wal").exists()  # all in the main file
    return ids


def _garble(db: Path, start: int, end: int | None = None) -> None:
    """Overwrite bytes start..end (to the end of the file) with garbage, as a failing disk might."""
    data = bytearray(db.read_bytes())
    end = len(data) if end is None else end
    data[start:end] = random.Random(start).randbytes(end - start)
    db.write_bytes(bytes(data))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    return folder


def _says_damaged(text: str, db: Path) -> None:
    assert DAMAGED in text
    assert f"Keep a copy of the file {db} and ask for help; do not delete it." in text
    assert "Traceback" not in text


def test_the_command_line_reports_a_damaged_database(
    data_dir: Path, mini: RuleSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _fill(data_dir, mini)
    db = data_dir / DB_NAME
    page = int.from_bytes(db.read_bytes()[16:18], "big")  # the page size, from the file's header
    _garble(db, page)  # every page after the first
    before = db.read_bytes()

    for argv in (["records", "list"], ["records", "show", ids[1]], ["records", "list", "--json"]):
        assert main(argv) == 1, argv
        out, err = capsys.readouterr()
        _says_damaged(out + err, db)
        assert err.startswith("screening records: ")
    assert main(["referral", ids[1], "-o", str(tmp_path / "out.pdf"), "--rules", str(MINI)]) == 1
    out, err = capsys.readouterr()
    _says_damaged(out + err, db)
    assert err.startswith("screening referral: ")
    assert not (tmp_path / "out.pdf").exists()
    assert db.read_bytes() == before  # reading it changed nothing


@pytest.mark.parametrize(
    ("start", "end"), [(100, None), (100, 4096), (0, 100)], ids=["all-but-header", "first-page", "header"]
)
def test_damage_anywhere_gives_a_message(data_dir: Path, mini: RuleSet, start: int, end: int | None) -> None:
    ids = _fill(data_dir, mini)
    db = data_dir / DB_NAME
    _garble(db, start, end)
    with pytest.raises(StoreError) as caught, Store(db) as store:  # on opening, or on the first read
        store.list()
        store.get(ids[0])
        store.audit()
        store.unclosed_drafts()
    assert "damaged and cannot be read" in str(caught.value)
    assert f"Keep a copy of the file {db}" in str(caught.value)


def test_every_read_turns_sqlite_errors_into_a_message(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")

    class Broken:
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def execute(self, *args: object) -> object:
            raise sqlite3.DatabaseError("database disk image is malformed")

    real = store._conn
    store._conn = Broken(real)  # type: ignore[assignment]
    try:
        for read in (store.list, store.audit, store.unclosed_drafts, lambda: store.get(record.id)):
            with pytest.raises(DatabaseDamaged, match=DAMAGED):
                read()
    finally:
        store._conn = real


def test_a_stored_document_that_cannot_be_read_is_a_message(store: Store, mini: RuleSet) -> None:
    record = store.create(complete_record(mini), "ann")
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("UPDATE records SET document = '{not json' WHERE id = ?", (record.id,))
    conn.close()
    with pytest.raises(DatabaseDamaged) as caught:
        store.get(record.id)
    assert f"the saved record {record.id} is not a readable record document" in str(caught.value)
    assert str(caught.value).endswith("ask for help; do not delete it.")


def test_a_damaged_document_met_while_migrating_is_a_message(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA application_id = 1213416019")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO records (id, status, created, updated, document) VALUES ('a', 'draft', '', '', '{broken')"
    )
    conn.close()
    with pytest.raises(DatabaseDamaged, match="the file has not been changed"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_a_records_folder_that_cannot_be_made_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SCREENING_DATA_DIR", str(blocker / "data"))
    assert main(["records", "list"]) == 1
    err = capsys.readouterr().err
    assert "cannot create or open the records folder" in err and "Traceback" not in err


# ---------------------------------------------------------------- 4. special files are not imported


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_import_refuses_fifos_devices_and_folders_without_opening_them(
    store: Store, mini: RuleSet, tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(document_json(complete_record(mini)), encoding="utf-8")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(ProblemsError) as caught:
        store.import_files([good, fifo, "/dev/null", folder], "ann")
    assert [str(p) for p in caught.value.problems] == [
        f"{fifo}:0:0: this is not a record file: it is not a regular file",
        "/dev/null:0:0: this is not a record file: it is not a regular file",
        f"{folder}:0:0: this is not a record file: it is not a regular file",
    ]
    assert store.list() == [] and store.audit() == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_records_import_of_a_fifo_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert main(["records", "import", str(fifo)]) == 1
    err = capsys.readouterr().err
    assert f"{fifo}:0:0: this is not a record file: it is not a regular file" in err
    assert "nothing was imported" in err


# ---------------------------------------------------------------- 5. export does not overwrite


def test_export_refuses_to_overwrite_unless_forced(
    data_dir: Path, mini: RuleSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open_default() as store:
        record = store.create(complete_record(mini), "tester")
    target = tmp_path / "keep-me.json"
    target.write_text("someone's other file\n")
    assert main(["records", "export", record.id, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"'{target}' already exists; choose another name or add --force" in err
    assert target.read_text() == "someone's other file\n"
    with Store.open_default() as store:
        assert [r.action for r in store.audit(record.id)] == ["create"]  # no export happened

    dangling = tmp_path / "link.json"
    dangling.symlink_to(tmp_path / "nowhere")
    assert main(["records", "export", record.id, "-o", str(dangling)]) == 1
    assert "already exists" in capsys.readouterr().err

    assert main(["records", "export", record.id, "-o", str(target), "--force"]) == 0
    capsys.readouterr()
    assert json.loads(target.read_text())["id"] == record.id
    new = tmp_path / "new.json"
    assert main(["records", "export", record.id, "-o", str(new)]) == 0
    assert json.loads(new.read_text())["id"] == record.id
