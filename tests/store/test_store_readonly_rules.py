"""What a read-only records folder still allows, said once in the core (screening.store.readonly),
and where a temporary copy goes when the records folder cannot be written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.ruleset.model import RuleSet
from screening.settings import Settings, encryption_required
from screening.store import Store, StoreError
from screening.store import readonly as rules


def test_reading_and_files_made_from_a_record_still_work_and_every_change_is_refused() -> None:
    for action in ("list", "show", "verify", "export", "print"):
        assert rules.permits(action, readonly=True)
    for action in ("create", "edit", "mark_open", "finalise", "addendum", "import", "delete"):
        assert not rules.permits(action, readonly=True), action
        assert rules.permits(action, readonly=False), action
    with pytest.raises(ValueError, match="not a records action"):
        rules.permits("rename", readonly=False)


def _saved(folder: Path, mini: RuleSet) -> tuple[str, str]:
    with Store(folder / "records.sqlite3") as store:
        final = store.create(complete_record(mini, name="Final Child"), "ann")
        store.finalise(final.id, "ann")
        draft = store.create(complete_record(mini, name="Draft Child"), "ann")
        return final.id, draft.id


def test_a_read_only_store_says_why_in_words_and_a_writable_one_says_nothing(tmp_path: Path, mini: RuleSet) -> None:
    folder = tmp_path / "data"
    _saved(folder, mini)
    with Store(folder / "records.sqlite3") as writable:
        assert writable.permits("edit") and writable.refusal("delete") == ""
        assert writable.view_only_reason == "" and writable.read_only_note == ""
    with Store(folder / "records.sqlite3", readonly=True) as store:
        assert store.permits("export") and not store.permits("create")
        assert store.refusal("export") == ""
        refused = store.refusal("delete")
        assert f"The records folder {folder} is read-only, so nothing can be deleted; nothing was changed" in refused
        assert "Make the folder writable" in refused
        assert "so a new screening cannot be saved" in store.refusal("create")
        assert str(folder) in store.view_only_reason and "cannot be changed" in store.view_only_reason
        note = store.read_only_note
        assert note.startswith(f"The records folder {folder} is read-only.")
        assert "export them, and save or print a referral summary" in note and "cannot be saved here" in note


def test_the_store_refuses_what_it_says_it_refuses(tmp_path: Path, mini: RuleSet) -> None:
    folder = tmp_path / "data"
    _, draft_id = _saved(folder, mini)
    before = (folder / "records.sqlite3").read_bytes()
    with Store(folder / "records.sqlite3", readonly=True) as store:
        assert not store.permits("mark_open")
        with pytest.raises(StoreError, match="read-only"):
            store.mark_open(draft_id)
        with pytest.raises(StoreError, match="read-only"):
            store.delete(draft_id, "ann")
    assert (folder / "records.sqlite3").read_bytes() == before


def test_a_read_only_store_keeps_its_temporary_copies_in_the_private_state_folder(tmp_path: Path,
                                                                                   mini: RuleSet) -> None:
    folder, journal = tmp_path / "data", tmp_path / "state" / "pending-audit"
    _saved(folder, mini)
    with Store(folder / "records.sqlite3") as writable:
        assert writable.scratch_folder() == folder / "scratch"
    with Store(folder / "records.sqlite3", readonly=True, pending_folder=journal) as store:
        scratch = store.scratch_folder()
        assert scratch == tmp_path / "state" / "scratch"
        assert not scratch.is_relative_to(folder)
        if os.name == "posix":
            assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
            assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
        (scratch / "summary.pdf").write_bytes(b"%PDF-1.4 a viewer's copy")
    # the app was killed with the copy still there: the next open, read-only or not, removes it
    with Store(folder / "records.sqlite3", readonly=True, pending_folder=journal):
        assert list(scratch.iterdir()) == []
    (scratch / "again.pdf").write_bytes(b"%PDF-1.4")
    with Store(folder / "records.sqlite3", pending_folder=journal):
        assert list(scratch.iterdir()) == []


def test_a_shared_state_folder_is_refused_for_temporary_copies(tmp_path: Path, mini: RuleSet) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    folder, state = tmp_path / "data", tmp_path / "state"
    _saved(folder, mini)
    state.mkdir(mode=0o777)
    state.chmod(0o777)
    with Store(folder / "records.sqlite3", readonly=True, pending_folder=state / "pending-audit") as store, \
            pytest.raises(StoreError, match="shared with other users"):
        store.scratch_folder()
    assert not (state / "scratch").exists()


def test_encryption_is_required_only_for_plain_records_on_a_shared_computer() -> None:
    shared, own = Settings(shared_computer=True), Settings()
    reason = encryption_required(shared, False)
    assert reason is not None and reason.startswith("This computer is set as shared")
    assert "must be encrypted" in reason
    assert encryption_required(shared, True) is None
    assert encryption_required(own, False) is None
    assert encryption_required(own, True) is None


def test_nothing_is_removed_from_a_state_folder_others_can_write_in(tmp_path: Path, mini: RuleSet) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    folder, state = tmp_path / "data", tmp_path / "state"
    _saved(folder, mini)
    (state / "scratch").mkdir(parents=True)
    state.chmod(0o777)
    (state / "scratch" / "theirs.txt").write_text("not ours to remove", encoding="utf-8")
    with Store(folder / "records.sqlite3", pending_folder=state / "pending-audit"):
        pass
    assert (state / "scratch" / "theirs.txt").exists()
