"""docs/records.md documents every key of the record document, and its example is a valid record."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from screening.reading.spec import ListOf, Obj, Spec
from screening.records.document import RECORD_SPEC, parse_record
from screening.store import document_json
from screening.store.document import EXPORT_NOTICE, export_json

DOC = Path(__file__).resolve().parents[2] / "docs" / "records.md"


def spec_keys(spec: Spec, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    if isinstance(spec, ListOf):
        return spec_keys(spec.item, prefix)
    if isinstance(spec, Obj):
        for key, child in spec.fields.items():
            keys.add(prefix + key)
            keys |= spec_keys(child, f"{prefix}{key}.")
    return keys


def data_keys(value: object, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    if isinstance(value, list):
        for item in value:
            keys |= data_keys(item, prefix)
    elif isinstance(value, dict):
        for key, child in value.items():
            keys.add(prefix + key)
            keys |= data_keys(child, f"{prefix}{key}.")
    return keys


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    (block,) = re.findall(r"```json\n(.*?)```", text, re.S)
    return block


def test_the_example_is_a_valid_record_using_every_key() -> None:
    block = example()
    record = parse_record(block.encode("utf-8"), str(DOC))
    assert record.status == "final" and record.addenda and record.judgement.agrees is False
    assert data_keys(json.loads(block)) == spec_keys(RECORD_SPEC)
    # and it is exactly what an export writes for that record (the notice included), key order aside
    assert json.loads(export_json(record)) == json.loads(block)
    assert json.loads(block)["notice"] == EXPORT_NOTICE


def test_a_json_export_says_it_is_not_encrypted_and_imports_as_the_same_record(tmp_path: Path) -> None:
    from screening.store import Store

    record = parse_record(example().encode("utf-8"), str(DOC))
    with Store(tmp_path / "data" / "records.sqlite3") as store:
        (first,) = store.import_documents([_write(tmp_path / "old.json", document_json(record))], "ann")
        exported = tmp_path / "exported.json"
        store.export(first.id, exported, "ann")
        data = json.loads(exported.read_text(encoding="utf-8"))
        assert list(data)[:2] == ["format", "notice"] and data["notice"] == EXPORT_NOTICE
        # the notice is read and ignored: the export is the same record, so it is not imported twice
        (again,) = store.import_documents([exported], "ann")
        assert again == type(again)(first.id, True)
        assert "notice" not in json.loads(document_json(store.get(first.id)))  # never stored


def test_a_notice_that_is_not_text_is_reported_at_its_line() -> None:
    from screening.problems import ProblemsError

    bad = '{\n  "format": "screening-record/1",\n  "notice": ["not", "text"],\n  "role": "teacher"\n}\n'
    with pytest.raises(ProblemsError) as raised:
        parse_record(bad.encode("utf-8"), "bad.json")
    assert raised.value.problems[0].line == 3


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    described = set(re.findall(r"`([a-z_0-9]+)`", text))
    missing = {key.rsplit(".", 1)[-1] for key in spec_keys(RECORD_SPEC)} - described
    assert not missing
