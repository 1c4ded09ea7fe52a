"""The record document as the store keeps and writes it: ``screening-record/1`` JSON that reads back."""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from dataclasses import replace
from typing import Any

from screening.problems import ProblemsError
from screening.reading.yamlsafe import MAX_FILE_BYTES
from screening.records.document import FORMAT, Record, parse_record, record_to_json
from screening.store.errors import StoreError

# Characters YAML 1.1 will not read raw (DEL, C1 controls, U+FFFE/U+FFFF) or reads as a line break
# inside a quoted string, trimming the spaces before it (NEL, U+2028, U+2029). json.dumps leaves
# them raw, so they are written as \u escapes; every other character stays as typed, so documents
# remain readable. (Every code point was checked against the record reader; see the tests.)
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def escape_for_yaml(text: str) -> str:
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def document_json(record: Record) -> str:
    """record_to_json, made sure to be readable back (a no-op where record_to_json escapes already)."""
    return escape_for_yaml(record_to_json(record))


def checked_document(record: Record) -> str:
    """The document, refused unless it reads back as the same record: never store what cannot be read."""
    text = document_json(record)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError("the record contains text that is not valid Unicode; it was not saved") from None
    if len(data) > MAX_FILE_BYTES:
        raise StoreError(f"the record is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; it was not saved")
    try:
        back = parse_record(data, "<record to save>")
    except ProblemsError as exc:
        raise StoreError("the record could not be saved because it would not read back:\n" + exc.report()) from None
    # compared as documents, so a caller's list where the model has a tuple is no reason to refuse
    if document_json(back) != text:
        raise StoreError("the record could not be saved because it would not read back unchanged")
    return text



def content_key_of_document(document: str) -> str:
    """What makes two stored documents the same record: all of it but the store's id (and addenda).

    Computed from the parsed JSON, so it does not depend on how the text was laid out.
    """
    data: Any = json.loads(document)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in ("id", "addenda")}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def content_key(record: Record) -> str:
    """content_key_of_document for a record (its addenda are compared separately)."""
    return content_key_of_document(document_json(replace(record, addenda=())))


# Written into every exported file (a "notice" key in JSON, the header's comment in YAML): plain
# words for whoever finds the file, since an export is never encrypted, even when the records are.
EXPORT_NOTICE = (
    "This file is not encrypted. It holds personal information about a child: store it only where your "
    "organisation allows, and delete it when you have finished with it."
)
YAML_HEADER = (
    "# screening-record/1: a saved screening about a child. OFFICIAL-SENSITIVE.\n"
    + "".join(f"# {line}\n" for line in textwrap.wrap(EXPORT_NOTICE, 96))
)


def export_json(record: Record) -> str:
    """The record document as an exported JSON file: the stored document with the notice after "format".

    The importer reads the notice and ignores it, so an export imports as the same record.
    """
    text = checked_document(record)
    head = "{\n" + f'  "format": {json.dumps(FORMAT)},\n'
    if not text.startswith(head):  # record_to_dict always writes the format first
        raise StoreError("the record could not be exported because its document does not start as expected")
    out = head + f'  "notice": {json.dumps(EXPORT_NOTICE)},\n' + text[len(head):]
    try:
        back = parse_record(out.encode("utf-8"), "<record to export>")
    except ProblemsError as exc:
        raise StoreError("the record could not be exported because it would not read back:\n" + exc.report()) from None
    if document_json(back) != text:
        raise StoreError("the record could not be exported because it would not read back unchanged")
    return out


def document_yaml(record: Record) -> str:
    """The record document as YAML, refused unless it reads back as the same record."""
    import yaml

    checked_document(record)  # the same limits as a JSON document
    data = json.loads(document_json(record))
    text = YAML_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                                        width=100)
    try:
        back = parse_record(text.encode("utf-8"), "<record to export>")
    except ProblemsError as exc:
        raise StoreError("the record could not be written as YAML because it would not read back:\n"
                         + exc.report()) from None
    if document_json(back) != document_json(record):
        raise StoreError("the record could not be written as YAML because it would not read back unchanged; "
                         "export it as .json instead")
    return text
