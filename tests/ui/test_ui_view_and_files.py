"""The View menu (full screen and text size for training rooms) and record files from the app."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from screening.records.document import parse_record
from screening.store import Store


def test_text_size_grows_shrinks_and_returns_to_the_system_size(make_window):
    window = make_window()
    app = QApplication.instance()
    base = app.font().pointSizeF()
    try:
        window.zoom_text(1)
        window.zoom_text(1)
        assert app.font().pointSizeF() > base * 1.3
        window.zoom_text(-1)
        assert base < app.font().pointSizeF() < base * 1.3
        window.zoom_text(0)
        assert app.font().pointSizeF() == base
    finally:
        window.zoom_text(0)


def test_full_screen_toggles_and_the_action_says_so(make_window, qtbot):
    window = make_window()
    window.show()
    window.toggle_full_screen()
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert window.action("view.full_screen").isChecked()
    window.toggle_full_screen()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert not window.action("view.full_screen").isChecked()


def test_export_writes_the_record_document_and_import_adds_a_new_record(make_window, dialogs, tmp_path, data_dir):
    window = make_window(autosave_ms=60_000)
    window.show()
    window.start_screening("record")
    window.session.update_child(name="Zoë <b>O'Brien</b>", age_years=7)
    window.session.set_behaviour("y0-copies-sex-acts", True)
    assert window.action("file.export").isEnabled()
    target = tmp_path / "out.json"
    dialogs.path = str(target)
    window.export_record()
    exported = parse_record(target.read_bytes(), str(target))
    assert exported.child.name == "Zoë <b>O'Brien</b>"
    assert [b.id for b in exported.behaviours] == ["y0-copies-sex-acts"]
    assert dialogs.calls[-1][:2] == ("info", "Record exported")

    window.close_screening()
    window.import_records()  # the same document: already saved, so nothing new
    assert dialogs.calls[-1][:2] == ("info", "Already saved")
    with Store(data_dir / "records.sqlite3") as store:
        assert len(store.list()) == 1
    changed = tmp_path / "changed.json"
    changed.write_text(target.read_text(encoding="utf-8").replace("O'Brien", "O'Neill"), encoding="utf-8")
    dialogs.path = str(changed)
    window.import_records()
    assert dialogs.calls[-1][:2] == ("info", "Record imported")
    with Store(data_dir / "records.sqlite3") as store:
        summaries = store.list()
        assert len(summaries) == 2
        new_id = next(s.id for s in summaries if s.id != exported.id)
        assert store.get(new_id).child.name == "Zoë <b>O'Neill</b>"
        assert [a.action for a in store.audit(new_id)] == ["import"]


def test_a_malformed_file_is_refused_whole_with_its_problems(make_window, dialogs, tmp_path, data_dir):
    window = make_window()
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: screening-record/1\nrole: teacher\nchild: {age_years: seven}\n", encoding="utf-8")
    dialogs.path = str(bad)
    window.import_records()
    kind, title, problems = dialogs.calls[-1]
    assert kind == "problems" and title == "The file cannot be imported"
    assert any(p.startswith(f"{bad}:3:") and "whole number" in p for p in problems)
    with Store(data_dir / "records.sqlite3") as store:
        assert store.list() == []


def test_export_when_the_draft_cannot_be_saved_says_so_in_a_dialog(make_window, dialogs, tmp_path):
    from ui_helpers import FailingStore

    window = make_window(autosave_ms=60_000, store_factory=lambda: FailingStore(Store.open_default()))
    window.show()
    window.start_screening("record")
    window.session.update_child(name="Unsaved", age_years=7)
    window.store().fail_next = True
    target = tmp_path / "out.json"
    dialogs.path = str(target)
    window.export_record()  # no traceback
    assert dialogs.kinds() == ["error"]
    _, title, text = dialogs.calls[0]
    assert "not exported" in title and "disk full" in text
    assert not target.exists()
    assert "disk full" in window.notice.text()
    window.export_record()  # the store works again: the draft is saved, then exported
    assert dialogs.calls[-1][:2] == ("info", "Record exported")
    assert parse_record(target.read_bytes(), str(target)).child.name == "Unsaved"


def test_on_a_read_only_store_export_and_save_as_say_where_the_audit_entry_waits(make_window, dialogs, tmp_path,
                                                                                 data_dir, mini):
    import datetime as dt
    import json

    from screening.records.document import Child, Judgement, Record, RuleSetRef, SelectedBehaviour

    db = data_dir / "records.sqlite3"
    complete = Record(
        role="teacher", concern_date=dt.date(2026, 3, 2), child=Child(name="Read Only", age_years=6),
        behaviours=(SelectedBehaviour("y0-plays-doctors"),),
        judgement=Judgement(agrees=True, final_category="green", decision="monitor"),
        ruleset=RuleSetRef(mini.info.id, mini.info.version, mini.sha256),
    )
    with Store(db) as store:
        record = store.create(complete, "ann")
        store.finalise(record.id, "ann")
    window = make_window(autosave_ms=60_000, store_factory=lambda: Store(db, readonly=True))
    window.show()
    assert window.open_record(record.id)
    target = tmp_path / "out.json"
    dialogs.path = str(target)
    window.export_record()
    kind, title, text = dialogs.calls[-1]
    assert (kind, title) == ("info", "Record exported")
    assert "It is not encrypted" in text and "is read-only: the export is recorded in" in text
    assert json.loads(target.read_text(encoding="utf-8"))["notice"].startswith("This file is not encrypted.")
    note = window.keeper.write_file(str(tmp_path / "summary.pdf"), b"%PDF-1.4 stand-in")
    assert "is read-only: the referral summary is recorded in" in note
    window.close_screening()
    window._store.close()
    window._store = None
    with Store(db) as store:  # writable again: both entries are in the audit
        assert [r.action for r in store.audit(record.id)] == ["create", "finalise", "export", "print"]
