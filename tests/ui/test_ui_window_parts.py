"""The window's plain-Python decisions (ui/window_chrome.py, ui/records_controller.py), without Qt widgets."""

from __future__ import annotations

from types import SimpleNamespace as NS

from ui.records_controller import (
    dates_warning,
    export_name,
    import_outcome,
    issue_messages,
    visited_on_open,
)
from ui.session import GUIDANCE, RECORD, TRAINING
from ui.window_chrome import APP_TITLE, FINAL_BANNER, GUIDANCE_BANNER, TRAINING_BANNER, chrome_for

RULES = NS(info=NS(id="default", version="2"))


def _session(mode: str = RECORD, name: str = "", final: bool = False, **kw: object) -> NS:
    record = NS(child=NS(name=name), is_final=final, ruleset=kw.pop("ruleset", None))
    return NS(mode=mode, record=record, started_with=kw.pop("started_with", None),
              ruleset_differs=kw.pop("ruleset_differs", False))


def test_start_screen_has_the_plain_title_and_no_banner() -> None:
    chrome = chrome_for(None, RULES)
    assert (chrome.title, chrome.banner, chrome.notices) == (APP_TITLE, "", ())


def test_modes_name_themselves_in_title_and_banner() -> None:
    training = chrome_for(_session(TRAINING), RULES)
    assert training.banner == TRAINING_BANNER and TRAINING_BANNER in training.title
    assert training.kind == "training"
    guidance = chrome_for(_session(GUIDANCE), RULES)
    assert guidance.banner == GUIDANCE_BANNER and guidance.kind == "guidance"


def test_a_record_shows_its_child_and_status() -> None:
    draft = chrome_for(_session(name="  Sam  "), RULES)
    assert draft.title == f"{APP_TITLE} — Sam (draft)" and draft.banner == ""
    assert chrome_for(_session(), RULES).title == f"{APP_TITLE} — New screening (draft)"
    final = chrome_for(_session(name="Sam", final=True), RULES)
    assert final.title == f"{APP_TITLE} — Sam (finalised, read-only)" and final.banner == FINAL_BANNER


def test_notices_for_an_older_rule_set_and_a_failed_save() -> None:
    restamped = chrome_for(_session(started_with=NS(id="default", version="1")), RULES, "disk full")
    assert "started with rule set default version 1" in restamped.notices[0]
    assert restamped.notices[1] == "⚠ The draft could not be saved: disk full"
    final = chrome_for(_session(final=True, ruleset_differs=True, ruleset=NS(id="old", version="9")), RULES)
    assert len(final.notices) == 1 and "finalised with rule set old version 9" in final.notices[0]


def test_import_outcome_names_new_and_duplicate_records() -> None:
    both = [NS(id="a1", duplicate=True), NS(id="b2", duplicate=False)]
    assert import_outcome(both).text == "Imported as a new record (b2)."
    assert import_outcome([NS(id="a1", duplicate=True)]).title == "Already saved"


def test_small_record_decisions() -> None:
    assert export_name("0123456789abcdef") == "screening-record-01234567.json"
    assert dates_warning([NS(message="Date of birth is in the future")]).endswith("Date of birth is in the future")
    assert issue_messages(ValueError("x")) == []
    assert issue_messages(NS(issues=[NS(message="Name the child")])) == ["Name the child"]
    empty = NS(behaviours=(), unlisted_behaviours=(), is_final=False)
    assert visited_on_open(empty) == set()
    assert visited_on_open(NS(behaviours=("b",), unlisted_behaviours=(), is_final=False)) == {"context", "outcome"}
