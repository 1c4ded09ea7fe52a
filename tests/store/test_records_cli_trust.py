"""``screening records verify / encrypt / passphrase / delete --reason``, and the consistency fixes."""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest
from store_helpers import complete_record

from screening.cli import main
from screening.ruleset.model import RuleSet
from screening.store import Store, document_json


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("SCREENING_PASSPHRASE_FILE", raising=False)
    return folder


def _final(mini: RuleSet, name: str = "A.B.") -> str:
    with Store.open_default() as store:
        record = store.create(complete_record(mini, name=name), "tester")
        store.finalise(record.id, "tester")
        return record.id


def test_verify_exits_0_on_a_sound_store_and_1_naming_the_break(data_dir: Path, mini: RuleSet,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    record_id = _final(mini)
    assert main(["records", "verify"]) == 0
    assert "sound" in capsys.readouterr().out
    conn = sqlite3.connect(data_dir / "records.sqlite3")
    conn.execute("DELETE FROM records WHERE id = ?", (record_id,))  # outside the retention path
    conn.commit()
    conn.close()
    assert main(["records", "verify"]) == 1
    err = capsys.readouterr().err
    assert record_id in err and "Traceback" not in err


def test_a_final_record_is_not_deleted_by_a_bare_yes(data_dir: Path, mini: RuleSet,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = _final(mini, name="Child Name")
    assert main(["records", "delete", record_id, "--yes"]) == 1
    assert "retention" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("nope\n"))
    assert main(["records", "delete", record_id, "--reason", "duplicate"]) == 1  # wrong confirmation
    monkeypatch.setattr("sys.stdin", io.StringIO(record_id[:8] + "\n"))
    assert main(["records", "delete", record_id, "--reason", "duplicate"]) == 0
    with Store.open_default() as store:
        assert store.count() == 0
        (tombstone,) = [r for r in store.audit(record_id) if r.action == "retention_delete"]
        assert "Child Name" not in tombstone.details and store.verify() == []


def test_export_writes_yaml_for_yaml_and_refuses_other_extensions(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    record_id = _final(mini)
    assert main(["records", "export", record_id[:6], "-o", str(tmp_path / "x.yaml")]) == 0
    assert (tmp_path / "x.yaml").read_text(encoding="utf-8").startswith("# screening-record/1")
    assert main(["records", "export", record_id, "-o", str(tmp_path / "x.txt")]) == 2
    assert not (tmp_path / "x.txt").exists()


def test_importing_the_same_document_twice_makes_no_duplicate(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "r.json"
    doc.write_text(document_json(complete_record(mini)), encoding="utf-8")
    assert main(["records", "import", str(doc)]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["records", "import", str(doc)]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == first and "already saved" in out.err
    with Store.open_default() as store:
        assert store.count() == 1


def test_audit_rows_carry_the_practitioners_name_from_settings(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config").mkdir(mode=0o700)
    (tmp_path / "config" / "settings.yaml").write_text("practitioner_name: Dana DSL\n", encoding="utf-8")
    record_id = _final(mini)
    assert main(["records", "export", record_id, "-o", str(tmp_path / "x.json")]) == 0
    with Store.open_default() as store:
        assert store.audit(record_id)[-1].who == "Dana DSL"


def test_encrypt_then_every_command_needs_the_passphrase(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = _final(mini, name="Plain Name")
    key = tmp_path / "key"
    key.write_text("correct horse battery\n", encoding="utf-8")
    wrong = tmp_path / "wrong"
    wrong.write_text("incorrect horse battery\n", encoding="utf-8")
    assert main(["records", "encrypt", "--new-passphrase-file", str(key)]) == 0
    assert "no back door" in capsys.readouterr().err.lower()
    db = data_dir / "records.sqlite3"
    assert b"Plain Name" not in db.read_bytes() and not db.read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in data_dir.iterdir() if "records.sqlite3" in p.name) == ["records.sqlite3"]
    before = db.read_bytes()

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt
    assert main(["records", "list"]) == 1
    assert "passphrase" in capsys.readouterr().err
    assert main(["records", "list", "--passphrase-file", str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "passphrase is not right" in err and "Traceback" not in err
    assert db.read_bytes() == before  # a wrong passphrase touches nothing

    assert main(["records", "show", record_id, "--passphrase-file", str(key)]) == 0
    assert "Plain Name" in capsys.readouterr().out
    monkeypatch.setenv("SCREENING_PASSPHRASE_FILE", str(key))
    assert main(["records", "verify"]) == 0
    new = tmp_path / "new"
    new.write_text("a brand new passphrase\n", encoding="utf-8")
    assert main(["records", "passphrase", "--new-passphrase-file", str(new)]) == 0
    assert main(["records", "list"]) == 1  # the old one no longer opens it
    monkeypatch.setenv("SCREENING_PASSPHRASE_FILE", str(new))
    assert main(["records", "verify"]) == 0
    with Store(db, passphrase="a brand new passphrase") as store:
        assert [r.action for r in store.audit() if r.record_id is None] == ["encrypt", "rekey"]


def test_a_passphrase_file_that_is_not_a_file_is_refused(data_dir: Path, tmp_path: Path, mini: RuleSet,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _final(mini)
    key = tmp_path / "key"
    key.write_text("correct horse battery\n", encoding="utf-8")
    assert main(["records", "encrypt", "--new-passphrase-file", str(key)]) == 0
    fifo = tmp_path / "fifo"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        assert main(["records", "list", "--passphrase-file", str(fifo)]) == 1
        assert "not a regular file" in capsys.readouterr().err  # and no hang
    assert main(["records", "list", "--passphrase-file", "/dev/zero"]) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_shared_data_folder_is_refused_by_the_command_line_not_chmodded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stat

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv("SCREENING_DATA_DIR", str(shared))
    monkeypatch.delenv("SCREENING_PASSPHRASE_FILE", raising=False)
    assert main(["records", "list"]) == 1
    err = capsys.readouterr().err
    assert "shared with other users" in err and "Traceback" not in err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777 and list(shared.iterdir()) == []


def test_encrypt_without_a_terminal_asks_for_a_new_passphrase_and_says_how(
        data_dir: Path, tmp_path: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _final(mini)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt
    assert main(["records", "encrypt"]) == 1
    err = capsys.readouterr().err
    assert "a new passphrase is needed" in err and "--new-passphrase-file FILE" in err
    assert "the records are encrypted" not in err
    huge = tmp_path / "huge"
    huge.write_bytes(b"x" * 5000)
    assert main(["records", "encrypt", "--new-passphrase-file", str(huge)]) == 1
    err = capsys.readouterr().err
    assert "larger than the 4 KiB limit" in err and "0 MiB" not in err


def test_a_prefix_shorter_than_the_minimum_says_how_much_to_give(
        data_dir: Path, mini: RuleSet, capsys: pytest.CaptureFixture[str]) -> None:
    from screening.cli.records import MIN_PREFIX

    ids = [_final(mini) for _ in range(3)]
    short = ids[0][:1]
    assert main(["records", "show", short]) == 1
    err = capsys.readouterr().err
    assert f"give at least {MIN_PREFIX} characters of the id" in err and "there is no saved record" not in err
    assert main(["records", "show", ids[0][:MIN_PREFIX + 4]]) == 0
    capsys.readouterr()
    missing = next(c for c in "0123456789abcdef" if not any(i.startswith(c) for i in ids))
    assert main(["records", "show", missing]) == 1
    assert "there is no saved record" in capsys.readouterr().err
