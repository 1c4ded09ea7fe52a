"""The app's file dialogs leave no history in Qt's QtProject.conf (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog
    from ui.dialogs import Dialogs

    app = QApplication([])
    target = sys.argv[1]

    def answer(name):
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(name)
        dialog.accept()

    QTimer.singleShot(200, lambda: answer(sys.argv[2]))
    print(Dialogs().save_file(None, "Save", "PDF files (*.pdf)", sys.argv[2]))
    QTimer.singleShot(200, lambda: answer(target))
    print(Dialogs().open_file(None, "Open", "", target))
    """
)


def test_choosing_a_file_writes_no_qtproject_conf(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    folder = tmp_path / "Safeguarding-A-Child"
    folder.mkdir()
    target = folder / "referral.pdf"
    target.write_bytes(b"%PDF-1.4\n")
    env = dict(os.environ, XDG_CONFIG_HOME=str(config), HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parents[2]
    new = folder / "new-referral.pdf"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(target), str(new)], env=env, cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(new), str(target)]  # the dialogs did choose the files
    written = [p for p in tmp_path.rglob("*") if p.name.startswith("QtProject") or "recently-used" in p.name]
    assert written == []
