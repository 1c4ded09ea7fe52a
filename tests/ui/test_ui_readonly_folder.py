"""The app on a read-only records folder: it says so and keeps saying so, records open for reading
only (never marked open, never saved), the viewer's copy goes in the private state folder, and
exports and summaries are audited through the pending-audit journal, as on the command line.

Most tests open the store read-only as the app would find it (Store(readonly=True)); the last one
makes the folder 0500 and lets the app find that out for itself through its records gate. Root
writes in a 0500 folder anyway, so as root the store is also told the folder is not writable (what
os.access says for everyone else).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_summary import StubDialogs as SummaryDialogs

from screening.records.document import Child, Judgement, Record, RuleSetRef, SelectedBehaviour
from screening.ruleset.model import RuleSet
from screening.store import Store, pending

ROOT = os.name == "posix" and os.geteuid() == 0


def _record(mini: RuleSet, name: str, **changes: Any) -> Record:
    from dataclasses import replace

    base = Record(
        role="teacher", concern_date=dt.date(2026, 3, 2), child=Child(name=name, age_years=6),
        behaviours=(SelectedBehaviour("y0-plays-doctors"),),
        judgement=Judgement(agrees=True, final_category="green", decision="monitor"),
        ruleset=RuleSetRef(mini.info.id, mini.info.version, mini.sha256),
    )
    return replace(base, **changes)


@pytest.fixture
def saved(data_dir: Path, mini: RuleSet) -> dict[str, str]:
    """A final record and a draft left open by a crash, in a store that is then only read."""
    with Store(data_dir / "records.sqlite3") as store:
        final = store.create(_record(mini, "Final Child"), "ann")
        store.finalise(final.id, "ann")
        draft = store.create(_record(mini, "Draft Child"), "ann")
    crashed = Store(data_dir / "records.sqlite3")
    crashed.mark_open(draft.id)
    crashed._conn.close()  # gone without closing cleanly: the draft is "unclosed"
    return {"final": final.id, "draft": draft.id}


@pytest.fixture
def read_only(make_window: Any, data_dir: Path, saved: dict[str, str]) -> Any:
    db = data_dir / "records.sqlite3"
    window = make_window(autosave_ms=20, store_factory=lambda: Store(db, readonly=True))
    window.show()
    window.load_records()
    return window


def _database(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}


def test_the_start_screen_says_the_folder_is_read_only_and_what_still_works(read_only, data_dir):
    window = read_only
    start = window.start
    assert window.notice.isVisible()
    note = window.notice.text()
    assert note.startswith(f"The records folder {data_dir} is read-only.")
    assert "export them, and save or print a referral summary" in note and "Guidance only and Training" in note
    assert not start.new_button.isEnabled() and "cannot be saved here" in start.new_caption.text()
    assert start.guidance_button.isEnabled() and start.training_button.isEnabled()
    assert start.open_button.isEnabled() and not start.delete_button.isEnabled()
    assert "read-only" in start.delete_button.toolTip()
    assert "2 record(s), read-only" in start.records_note.text()
    # a draft left open by a crash cannot be carried on here: it is listed, not offered back
    assert window._store.unclosed_drafts() and not start.drafts_box.isVisibleTo(start)
    # the note stays: back from a record, and after the list is read again
    window.open_record(window._store.list()[0].id)
    window.close_screening()
    assert window.on_start() and window.notice.isVisible() and window.notice.text() == note


def test_a_writable_folder_shows_no_such_note(make_window, data_dir, saved):
    window = make_window(autosave_ms=60_000, store_factory=lambda: Store(data_dir / "records.sqlite3"))
    window.show()
    window.load_records()
    assert not window.notice.isVisible()
    assert window.start.new_button.isEnabled() and window.start.delete_button.isEnabled()
    assert window.start.drafts_box.isVisibleTo(window.start)


def test_a_draft_opens_for_reading_only_never_marked_open_or_saved(read_only, data_dir, saved, qtbot):
    window = read_only
    before = _database(data_dir)
    assert window.open_record(saved["draft"])
    session = window.session
    assert session.read_only and not session.record.is_final and str(data_dir) in session.view_only
    assert window.keeper is not None and not window.keeper.marked
    assert window.mode_banner.isVisible() and window.mode_banner.text().startswith("Draft. Read only: ")
    assert "(draft, read-only)" in window.windowTitle()
    child = window.view.page("child")
    assert child.name.isReadOnly() and not child.age.isEnabled()
    assert all(not w.isEnabled() or getattr(w, "isReadOnly", lambda: False)() for w in child.edit_widgets())
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert not summary.finalise.isEnabled() and "read-only" in summary.finalise.toolTip()
    assert "cannot be changed or finalised while the records folder is read-only" in summary.status.text()
    session.update_child(name="Changed")  # nothing a page could send changes it
    qtbot.wait(100)  # past the autosave delay
    assert session.record.child.name == "Draft Child" and window.keeper.last_error == ""
    window.finalise()
    assert window.session.record.status == "draft"
    assert window.close_screening()
    assert window.dialogs.kinds().count("error") == 0
    assert _database(data_dir) == before


def test_a_final_record_opens_without_addenda_and_says_why(read_only, saved, dialogs):
    window = read_only
    assert window.open_record(saved["final"])
    assert window.mode_banner.text().startswith("Finalised record. Read only: ")
    window.view.go_to("summary")
    summary = window.view.page("summary")
    assert summary.addendum.isVisible() and not summary.addendum.isEnabled()
    assert "no addendum can be added while the records folder is read-only" in summary.status.text()
    window.add_addendum()  # the menu or a stray click: refused in words, nothing asked
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("info", "The addendum cannot be added") and "so an addendum cannot be added" in text


def test_new_screening_offers_guidance_only_and_import_and_delete_say_why_not(read_only, saved, dialogs,
                                                                                data_dir):
    window = read_only
    before = _database(data_dir)
    dialogs.answer = False  # "Back to the start"
    assert not window.start_screening("record")
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("question", "A new screening cannot be saved")
    assert "so a new screening cannot be saved" in text and "Guidance only still works" in text
    assert window.session is None and window.keeper is None and window.on_start()
    dialogs.answer = True  # "Guidance only"
    assert window.start_screening("record")
    assert window.session.mode == "guidance" and window.keeper is None
    window.close_screening()
    window.import_records()
    assert dialogs.calls[-1][:2] == ("info", "Nothing can be imported")
    window.delete_record(saved["draft"])
    assert dialogs.calls[-1][:2] == ("info", "The record cannot be deleted")
    assert "question" not in dialogs.kinds()[-2:]  # nothing was asked before saying no
    assert _database(data_dir) == before


def test_export_and_save_as_go_through_the_pending_journal_and_the_viewer_copy_is_private(
    read_only, saved, data_dir, tmp_path, dialogs, qtbot,
):
    window = read_only
    state = Path(os.environ["SCREENING_STATE_DIR"])
    assert window.open_record(saved["draft"])
    target = tmp_path / "draft.json"
    dialogs.path = str(target)
    window.export_record()
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("info", "Record exported") and "is read-only: the export is recorded in" in text
    assert json.loads(target.read_text(encoding="utf-8"))["child"]["name"] == "Draft Child"

    window.view.go_to("summary")
    step = window.view.page("summary")
    qtbot.waitUntil(lambda: step.preview is not None and step.preview.wait(), timeout=30_000)
    preview = step.preview
    pdf = tmp_path / "draft.pdf"
    preview.dialogs = SummaryDialogs(save_to=str(pdf))
    assert preview.save_as() == str(pdf)
    (title, text), = preview.dialogs.infos
    assert title == "Summary saved" and "is read-only: the referral summary is recorded in" in text
    journal = sorted((state / pending.FOLDER).glob("*.json"))
    assert [json.loads(p.read_text(encoding="ascii"))["action"] for p in journal] == ["export", "print"]

    preview.open_url = lambda url: True
    copy = preview.open_in_viewer()
    assert copy is not None and copy.parent == state / "scratch" and not copy.is_relative_to(data_dir)
    assert preview.dialogs.errors == []
    assert window.close_screening()
    assert not copy.exists()  # removed when the screening closes, as before

    # killed with a viewer's copy still there: the next start removes it, whether or not the folder
    # is still read-only
    assert window.open_record(saved["draft"])
    window.view.go_to("summary")
    qtbot.waitUntil(lambda: preview.wait(), timeout=30_000)
    left = preview.open_in_viewer()
    assert left is not None and left.exists()
    window.keeper.abandon()
    window._store._conn.close()  # no clean close
    window._store = None
    with Store(data_dir / "records.sqlite3", readonly=True):
        assert not left.exists()

    with Store(data_dir / "records.sqlite3") as writable:  # writable again: both files are in the audit
        assert [r.action for r in writable.audit(saved["draft"])] == ["create", "export", "print"]
    assert list((state / pending.FOLDER).glob("*.json")) == []


def test_a_0500_folder_is_found_read_only_by_the_app_itself(make_window, data_dir, saved, monkeypatch, dialogs):
    from screening.store import db

    real = db.writable
    data_dir.chmod(0o500)
    if ROOT:  # root writes anyway: tell the store what os.access says for anyone else
        monkeypatch.setattr(db, "writable", lambda path: Path(path) != data_dir and real(path))
    try:
        before = _database(data_dir)
        window = make_window(autosave_ms=20)  # the user's own records, through the records gate
        window.show()
        window.load_records()
        assert window._store is not None and window._store.readonly
        assert window.notice.text().startswith(f"The records folder {data_dir} is read-only.")
        assert window.open_record(saved["draft"]) and window.session.read_only
        assert window.dialogs.kinds().count("error") == 0
        window.close()
        assert _database(data_dir) == before
    finally:
        data_dir.chmod(0o700)
