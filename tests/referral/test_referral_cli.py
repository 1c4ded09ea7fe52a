"""``screening referral RECORD -o OUT.pdf``."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdf
import pytest

from screening.cli import main
from screening.records.document import Child, Record, SelectedBehaviour

MINI = str(Path(__file__).resolve().parents[1] / "data" / "mini")
GOOD = """\
format: screening-record/1
id: rec-7
role: teacher
concern_date: 2026-11-19
child: {name: "Zoë <b>O'Brien</b>", age_years: 7}
behaviours:
  - {id: y0-plays-doctors, notes: "In the home corner & the garden."}
context: [secrecy]
"""


NOT_ENCRYPTED_NOTE = ("The PDF is not encrypted: it holds personal information about a child; keep it safe "
                      "(add --password-file FILE to encrypt it).")


@pytest.fixture(autouse=True)
def private_folders(tmp_path, monkeypatch):
    """No test reads or writes the real user's settings or records."""
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))


def run(capsys, *args):
    code = main(["referral", *args])
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_a_record_file_makes_a_pdf(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, stdout, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI)
    assert (code, stderr.splitlines()) == (0, [NOT_ENCRYPTED_NOTE])
    assert str(out) in stdout
    text = pdf_text(out)
    assert "Zoë <b>O'Brien</b>" in text
    assert "In the home corner & the garden." in text
    assert "Record: rec-7" in text


def test_settings_come_from_the_config_folder_or_the_option(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.yaml").write_text('mash_phone: "0118 496 0999"\n', encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text('mash_phone: "0118 496 0111"\nmash_phnoe: x\n', encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert run(capsys, str(record), "-o", str(out), "--rules", MINI)[0] == 0
    assert "0118 496 0999" in pdf_text(out)
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI, "--settings", str(other), "--force")
    assert code == 0
    assert "0118 496 0111" in pdf_text(out)
    assert f"{other}:2:1: unknown setting 'mash_phnoe'" in stderr  # reported, not fatal


def test_a_record_with_an_unknown_behaviour_fails_with_its_position(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD.replace("y0-plays-doctors", "y0-flies"), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI)
    assert code == 1
    assert f"{record}:7:10: the behaviour 'y0-flies' is not in" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_a_malformed_record_fails_and_keeps_the_old_output(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text("format: screening-record/1\nrole: [teacher\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    out.write_bytes(b"old")
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI, "--force")
    assert code == 1
    assert f"{record}:" in stderr and "YAML syntax error" in stderr
    assert out.read_bytes() == b"old"


def test_an_unwritable_output_is_a_clear_message(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    code, _, stderr = run(capsys, str(record), "-o", str(tmp_path / "no" / "such" / "dir.pdf"), "--rules", MINI)
    assert code == 1
    assert "cannot write" in stderr and "Traceback" not in stderr


def test_the_output_option_is_required(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["referral", "rec-1"])
    assert exited.value.code == 2


@pytest.fixture
def real_store(tmp_path, monkeypatch):
    from screening.store import Store

    monkeypatch.setenv("SCREENING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SCREENING_PASSPHRASE_FILE", raising=False)
    with Store.open_default() as store:
        good = store.create(Record(role="teacher", child=Child(name="Stored Siân", age_years=6),
                                   behaviours=(SelectedBehaviour("y0-copies-sex-acts"),)), "tester")
        bad = store.create(Record(role="teacher", behaviours=(SelectedBehaviour("y0-flies"),)), "tester")
    return good.id, bad.id


def test_a_stored_record_by_id_or_prefix_is_audited(tmp_path, capsys, real_store):
    from screening.store import Store

    good, _ = real_store
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, good[:6], "-o", str(out), "--rules", MINI)
    assert (code, stderr.splitlines()) == (0, [NOT_ENCRYPTED_NOTE])
    text = pdf_text(out)
    assert "Stored Siân" in text and "AMBER" in text
    with Store.open_default() as store:
        (printed,) = [r for r in store.audit(good) if r.action == "print"]
        assert str(out) not in printed.details and "sha256" in printed.details


def test_an_unknown_id_and_a_stored_record_that_cannot_make_a_summary(tmp_path, capsys, real_store):
    _, bad = real_store
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, "abcdef0123", "-o", str(out), "--rules", MINI)
    assert code == 1 and "no stored record with that id" in stderr
    code, _, stderr = run(capsys, bad, "-o", str(out), "--rules", MINI)
    assert code == 1 and f"record {bad}:0:0: the behaviour 'y0-flies' is not in" in stderr
    assert not out.exists()


def test_the_output_is_never_replaced_without_force_nor_ever_the_input(tmp_path, capsys):
    record = tmp_path / "record.json"
    record.write_text(GOOD, encoding="utf-8")
    before = record.read_bytes()
    code, _, stderr = run(capsys, str(record), "-o", str(record), "--rules", MINI, "--force")
    assert code == 1 and "is an input file" in stderr and record.read_bytes() == before
    out = tmp_path / "out.pdf"
    out.write_bytes(b"keep me")
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI)
    assert code == 1 and "--force" in stderr and out.read_bytes() == b"keep me"
    assert run(capsys, str(record), "-o", str(out), "--rules", MINI, "--force")[0] == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_without_a_record_store(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "screening.store", None)  # import fails as if the module were absent
    code, _, stderr = run(capsys, "rec-42", "-o", str(tmp_path / "o.pdf"), "--rules", MINI)
    assert code == 1
    assert "this installation has no record store" in stderr


def test_a_missing_record_file_is_reported_as_path_line_col(tmp_path, capsys):
    for name in ("/nonexistent", str(tmp_path / "missing.json")):
        code, _, stderr = run(capsys, name, "-o", str(tmp_path / "o.pdf"), "--rules", MINI)
        assert code == 1 and stderr.startswith(f"{name}:0:0: ") and "screening referral:" not in stderr
    assert not (tmp_path / "o.pdf").exists()


def test_every_page_says_the_pdf_is_not_encrypted(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert run(capsys, str(record), "-o", str(out), "--rules", MINI)[0] == 0
    pages = pypdf.PdfReader(out).pages
    assert len(pages) > 1
    assert all("This file is not encrypted" in page.extract_text() for page in pages)


def test_a_password_file_encrypts_the_pdf(tmp_path, capsys):
    import shutil
    import subprocess

    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI, "--password-file", str(secret))
    assert code == 0, stderr
    assert "encrypted: it opens only with the password" in stderr
    reader = pypdf.PdfReader(out)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/Filter"], encrypt["/R"]) == ("/Standard", 3)  # 128-bit, which every viewer opens
    if shutil.which("pdftotext"):  # a real viewer's reading of it, where poppler is installed
        opened = subprocess.run(["pdftotext", "-upw", "correct horse battery", str(out), "-"],
                                capture_output=True, text=True, check=True)
        assert "Zoë <b>O'Brien</b>" in opened.stdout and "protected by a password" in opened.stdout
        wrong = subprocess.run(["pdftotext", "-upw", "wrong password", str(out), "-"], capture_output=True)
        assert wrong.returncode != 0


@pytest.mark.parametrize(("content", "why"), [
    ("short\n", "shorter than 8 characters"),
    ("", "is empty"),
    ("Zoë's café 2026\n", "Use only the letters A to Z"),  # readers disagree on how to encode é
    ("password123 \n", "starts or ends with a space"),
    ("A" * 40 + "\n", "longer than 32"),
])
def test_a_weak_empty_or_unportable_password_file_is_refused(tmp_path, capsys, content, why):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "pw.txt"
    secret.write_text(content, encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI, "--password-file", str(secret))
    assert code == 1 and why in stderr and not out.exists()


def test_a_password_file_saved_with_a_byte_order_mark_is_read_as_typed(tmp_path, capsys):
    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    secret = tmp_path / "pw.txt"
    secret.write_bytes("\ufeffpassword123\r\n".encode())  # as Notepad saves it
    out = tmp_path / "out.pdf"
    code, _, stderr = run(capsys, str(record), "-o", str(out), "--rules", MINI, "--password-file", str(secret))
    assert code == 0, stderr
    reader = pypdf.PdfReader(out)
    assert reader.decrypt("password123")


def test_a_fifo_as_password_file_is_refused_without_hanging(tmp_path, capsys):
    import os

    record = tmp_path / "record.yaml"
    record.write_text(GOOD, encoding="utf-8")
    fifo = tmp_path / "pw"
    os.mkfifo(fifo)
    code, _, stderr = run(capsys, str(record), "-o", str(tmp_path / "o.pdf"), "--rules", MINI,
                          "--password-file", str(fifo))
    assert code == 1 and "pw" in stderr
