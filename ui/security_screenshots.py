"""Regenerate the screenshots of the records' and the PDF's protection (docs/screenshots/).

Run ``python -m ui.security_screenshots [folder]``. Offscreen (or under xvfb-run), in temporary
data and settings folders: your own records and settings are never touched. The dialogs are
shown at their own size; each must fit a 1280x720 screen (checked here, and in the tests).
"""

from __future__ import annotations

import sys
from typing import Any

from ui.shots import SCREEN, start
from ui.shots import wait as _wait


def main(argv: list[str] | None = None) -> int:
    shots = start(argv, "hsb-screenshots-")
    app, out, work = shots.app, shots.out, shots.work
    too_big: list[str] = []

    def shot(widget: Any, name: str) -> None:
        widget.show()
        _wait(app, 0.4)
        size = widget.size()  # the frame is the window manager's (none under xvfb-run)
        if size.width() > SCREEN[0] or size.height() > SCREEN[1]:
            too_big.append(f"{name}: {size.width()}x{size.height()}")
        path = out / name
        widget.grab().save(str(path))
        print(path)

    from ui.pdf_password import PdfPasswordDialog

    step = PdfPasswordDialog(None, "referral-summary-3f6c2a9e-2026-11-20.pdf")
    shot(step, "summary-password-01-offered.png")
    step.protect.setChecked(True)
    step.password.setText("Blue kettle 47!")
    step.again.setText("Blue kettle 74!")
    step.save()  # the two differ: refused, said in words (the dialog grows to fit it)
    shot(step, "summary-password-02-mismatch.png")
    step.close()

    from ui.encryption_setup import EncryptionSetupDialog

    prompt = EncryptionSetupDialog(None, existing=True)
    shot(prompt, "encryption-05-shared-plain.png")
    prompt.close()

    # the start screen after the prompt was declined: the records stay closed, and it says why
    from screening.ruleset.loader import load_ruleset
    from screening.settings import Settings
    from screening.store import Store
    from ui.dialogs import Dialogs
    from ui.main_window import MainWindow

    with Store.open_default():
        pass  # a plain records database, as if made before the computer was called shared

    class Declines(Dialogs):
        def shared_encryption(self, parent: Any) -> Any:
            return None

    settings = Settings(role="teacher", practitioner_name="Sam Example", shared_computer=True)
    window = MainWindow(load_ruleset(), settings, Declines(), load_records=False)
    window.resize(*SCREEN)
    window.show()
    _wait(app)
    window.load_records()
    shot(window, "encryption-06-shared-closed.png")

    from ui.encryption_setup import SecurityDialog

    security = SecurityDialog(settings.with_changes(shared_computer=False), "plain", lambda old, new: "", window)
    security.shared.setChecked(True)  # ticked: the requirement is said at once
    shot(security, "encryption-07-security-shared.png")
    security.close()
    window.close()
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    if too_big:
        print("Larger than a 1280x720 screen: " + "; ".join(too_big), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
