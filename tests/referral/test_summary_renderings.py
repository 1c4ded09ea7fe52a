"""One record rendered three ways (the referral PDF, the app's plain text, `records show`) says the
same things: every labelled value of the one summary model, under the same labels, in the same order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest

from screening.cli import main
from screening.documents.referral import build_referral_pdf
from screening.documents.summary import Rows, build_summary, labelled_values
from screening.engine import assess
from screening.records.document import Account, Record, RuleSetRef, record_to_json
from screening.settings import Settings, save_settings
from screening.store import Store
from ui.summary_text import summary_text

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
GENERATED = dt.datetime(2026, 11, 20, 15, 30, tzinfo=dt.UTC)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def build(ruleset, record: Record, settings: Settings) -> bytes:
    return build_referral_pdf(ruleset, record, settings, generated_at=GENERATED, invariant=True)


@pytest.fixture
def record(full_record: Record, mini) -> Record:
    return full_record.with_changes(
        ruleset=RuleSetRef(mini.info.id, mini.info.version, mini.sha256),
        context_unknown=("force",),
        account=Account(what_happened="Seen in the hall <b>at lunch</b>", when="Tuesday 12:30", where="The hall",
                        who_was_there="Two lunchtime staff", childs_words='"He made me"',
                        childs_voice="Quiet; wants to stay in her class"),
        judgement=dataclasses.replace(full_record.judgement, also=("police",), decision_reason="Both are needed"),
    )


def _three(record: Record, mini, settings: Settings, capsys: pytest.CaptureFixture[str],
           folder: Path) -> dict[str, str]:
    """The record as the PDF's text, the app's plain text, and `records show` after an import."""
    save_settings(settings)  # `records show` reads the settings file, as the app does
    pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(build(mini, record, settings))).pages)
    app = summary_text(mini, record, assess(mini, record, today=GENERATED.date()), True, settings)
    path = folder / "record.json"
    path.write_text(record_to_json(record), encoding="utf-8")
    with Store.open_default() as store:
        [new_id] = store.import_files([path])
    assert main(["records", "show", new_id, "--rules", str(MINI)]) == 0
    return {"pdf": pdf, "app": app, "show": capsys.readouterr().out}


def test_the_three_renderings_show_the_same_labelled_values(record, mini, settings, capsys, tmp_path) -> None:
    outputs = _three(record, mini, settings, capsys, tmp_path)
    summary = build_summary(record, mini, settings, generated_at=GENERATED)
    values = [(h, label, value) for h, label, value in labelled_values(summary) if value.strip()]
    assert len(values) > 80
    # what the new sections carry is among them
    texts = {v for _, _, v in values}
    assert {"Seen in the hall <b>at lunch</b>", "MASH referral and Police", "Both are needed"} <= texts
    assert ("6. Context: questions answered yes", "Don't know", mini.factor("force").question) in values
    for name, text in outputs.items():
        flat = squash(text)
        missing = [(h, label, v) for h, label, v in values if squash(label) not in flat or squash(v) not in flat]
        assert missing == [], f"{name} leaves out {missing[:5]}"
        # the sections come in the same order, with the same numbered headings
        positions = [flat.find(squash(s.heading)) for s in summary.sections]
        assert -1 not in positions and positions == sorted(positions), name
    # in the two texts each label stands right before its value, on one line
    for name in ("app", "show"):
        lines = outputs[name].splitlines()
        for section in summary.sections:
            for block in section.blocks:
                if not isinstance(block, Rows):
                    continue
                for row in block.rows:
                    first = row.value[0].text.split("\n")[0] if row.value else ""
                    if row.label and first and row.value[0].style not in ("step", "decisive"):
                        assert any(line.strip() == f"{row.label}: {first}".strip() for line in lines), (
                            name, row.label, first)


def test_dates_are_written_one_way_whatever_the_locale(record, mini, settings, capsys, tmp_path) -> None:
    outputs = _three(record, mini, settings, capsys, tmp_path)
    for name, text in outputs.items():
        flat = squash(text)
        for date in ("2 March 2019", "19 November 2026", "21 November 2026 at 09:15 UTC"):
            assert squash(date) in flat, (name, date)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text.split("Rule set:")[0] if name == "show" else text), name
