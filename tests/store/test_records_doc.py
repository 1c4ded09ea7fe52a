"""docs/records.md documents every key of the record document, and its example is a valid record."""

from __future__ import annotations

import json
import re
from pathlib import Path

from screening.reading.spec import ListOf, Obj, Spec
from screening.records.document import RECORD_SPEC, parse_record
from screening.store import document_json

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
    # and it is exactly what the tool would write for that record, key order aside
    assert json.loads(document_json(record)) == json.loads(block)


def test_every_key_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    described = set(re.findall(r"`([a-z_0-9]+)`", text))
    missing = {key.rsplit(".", 1)[-1] for key in spec_keys(RECORD_SPEC)} - described
    assert not missing
