"""Starting the app: the smoke test, bad rule files, guidance only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ui_helpers import MINI, StubDialogs

from screening.problems import ProblemsError
from screening.ruleset.loader import load_ruleset
from ui.app import build, load_rules

REPO = Path(__file__).resolve().parents[2]


def test_exit_after_start_returns_0(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["SCREENING_DATA_DIR"] = str(tmp_path / "data")
    env["SCREENING_CONFIG_DIR"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-c", "from ui.app import main; raise SystemExit(main(['--exit-after-start']))"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def _broken_rules(tmp_path: Path) -> Path:
    """The mini rule set with three meaning errors and one unknown key."""
    folder = tmp_path / "broken"
    shutil.copytree(MINI, folder)
    path = folder / "ruleset.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    category: amber\n    text: Copies", "    category: purple\n    text: Copies")
    text = text.replace(
        '  - id: y9-gifts-from-older\n    band: "9-17"', '  - id: y9-gifts-from-older\n    band: "18-25"'
    )
    text = text.replace("effect: {raise: 1}", "effect: {at_least: scarlet}")
    path.write_text(text, encoding="utf-8")
    return folder


def test_all_rule_problems_are_shown_in_one_dialog_then_the_shipped_set_is_used(qtbot, tmp_path):
    folder = _broken_rules(tmp_path)
    try:
        load_ruleset(folder)
    except ProblemsError as exc:
        expected = [str(p) for p in exc.problems]
    assert len(expected) >= 3
    dialogs = StubDialogs()
    window, _ = build(["--rules", str(folder)], dialogs=dialogs)
    qtbot.addWidget(window)
    problem_calls = [c for c in dialogs.calls if c[0] == "problems"]
    assert len(problem_calls) == 1
    assert problem_calls[0][2] == expected
    assert window.ruleset.sha256 == load_ruleset().sha256  # fell back to the shipped set


def test_an_unreadable_rule_file_never_crashes(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ruleset: [unclosed\n  - : :\n\t\x00", encoding="utf-8")
    dialogs = StubDialogs()
    ruleset = load_rules(str(bad), dialogs)
    assert ruleset is not None and ruleset.sha256 == load_ruleset().sha256
    assert dialogs.kinds() == ["problems"]
    assert dialogs.calls[0][2] and all(str(bad) in line for line in dialogs.calls[0][2])
    missing = load_rules(str(tmp_path / "nowhere"), dialogs)
    assert missing is not None and dialogs.kinds() == ["problems", "problems"]


def test_a_good_partnership_rule_set_is_used(qtbot):
    dialogs = StubDialogs()
    window, _ = build(["--rules", str(MINI)], dialogs=dialogs)
    qtbot.addWidget(window)
    assert window.ruleset.info.id == "mini-example"
    assert dialogs.calls == []


def test_guidance_only_start_says_so_and_writes_nothing(qtbot, data_dir):
    from screening.settings import Settings, save_settings

    save_settings(Settings(role="foster_carer"))
    dialogs = StubDialogs()
    window, _ = build(["--guidance-only", "--rules", str(MINI)], dialogs=dialogs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.session is not None and window.session.guidance_only
    assert "Guidance only — nothing is saved" in window.windowTitle()
    assert window.mode_banner.isVisible() and window.mode_banner.text() == "Guidance only — nothing is saved"
    window.session.update_child(age_years=4)
    window.session.set_behaviour("y0-plays-doctors", True)
    window.close()
    assert window._store is None
    assert not data_dir.exists() or list(data_dir.iterdir()) == []
