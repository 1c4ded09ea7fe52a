"""The window's title, mode banner and notice line, decided in plain Python from the session.

``chrome_for`` is a pure function of what the window shows (tested without Qt); ``apply_chrome``
puts its answer on the widgets and enables the menu actions (their rules are in ui.actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui.session import GUIDANCE, TRAINING

if TYPE_CHECKING:
    from screening.ruleset.model import RuleSet

APP_TITLE = "Sexual behaviour screening"

GUIDANCE_BANNER = "Guidance only — nothing is saved"
TRAINING_BANNER = "Training — fictional cases only; nothing is saved"
FINAL_BANNER = "Finalised record — read-only. Add later information as an addendum."


@dataclass(frozen=True)
class Chrome:
    """What the title bar and the two banners under the 999 line say."""

    title: str
    banner: str = ""  # empty: the mode banner is hidden
    kind: str = ""  # the banner's style: training, guidance or final
    notices: tuple[str, ...] = ()


def chrome_for(session: Any, ruleset: RuleSet, save_error: str = "", records_note: str = "") -> Chrome:
    """The title, banner and notices for a session (None: the start screen).

    records_note: the store's note that the records folder is read-only ('' when it is not), kept on
    show on the start screen; a record from there carries its own reason (session.view_only).
    """
    if session is None:
        return Chrome(APP_TITLE, notices=(records_note,) if records_note else ())
    view_only = getattr(session, "view_only", "")
    if session.mode == TRAINING:
        banner, title = TRAINING_BANNER, f"{APP_TITLE} — {TRAINING_BANNER}"
    elif session.mode == GUIDANCE:
        banner, title = GUIDANCE_BANNER, f"{APP_TITLE} — {GUIDANCE_BANNER}"
    else:
        record = session.record
        who = record.child.name.strip() or "New screening"
        status = "finalised, read-only" if record.is_final else "draft"
        if view_only:  # a read-only records folder: the reason stays on show over every step
            status = "finalised, read-only" if record.is_final else "draft, read-only"
            banner = f"Finalised record. {view_only}" if record.is_final else f"Draft. {view_only}"
        else:
            banner = FINAL_BANNER if record.is_final else ""
        title = f"{APP_TITLE} — {who} ({status})"
    kind = {TRAINING: "training", GUIDANCE: "guidance"}.get(session.mode, "final")
    notices = []
    info = ruleset.info
    if session.started_with is not None and not session.record.is_final:
        old = session.started_with
        notices.append(
            f"This draft was started with rule set {old.id} version {old.version}; it now uses "
            f"{info.id} version {info.version}, and the suggestion may differ."
        )
    elif session.ruleset_differs and session.record.ruleset is not None:
        ref = session.record.ruleset
        made = "finalised" if session.record.is_final else "saved"
        notices.append(
            f"This record was {made} with rule set {ref.id} version {ref.version}, not the one loaded now "
            f"({info.id} version {info.version}); it is kept as it was made, but the suggestion shown here "
            "may differ from the one made at the time."
        )
    if save_error:
        notices.append(f"⚠ The draft could not be saved: {save_error}")
    return Chrome(title, banner, kind, tuple(notices))


def apply_chrome(window: Any) -> None:
    """Enable the menu actions for what is on screen, then set the title and banners."""
    from ui.actions import ACTIONS, WindowState

    session = window.session
    in_screening = session is not None and window.view is not None and window.stack.currentWidget() is window.view
    state = WindowState(in_screening=in_screening, kept=window.keeper is not None)
    for spec in ACTIONS:
        window.actions_by_id[spec.id].setEnabled(spec.enabled(state))
    store = getattr(window, "_store", None)
    note = str(getattr(store, "read_only_note", "") or "") if store is not None else ""
    error = window.keeper.last_error if window.keeper is not None else ""
    start = session is None or window.on_start()
    if start:
        chrome = chrome_for(None, window.ruleset, records_note=note)
    else:
        chrome = chrome_for(session, window.ruleset, error)
    window.setWindowTitle(chrome.title)
    banner, notice = window.mode_banner, window.notice
    if start:
        banner.setVisible(False)
        notice.set_text("\n".join(chrome.notices))
        notice.setVisible(bool(chrome.notices))
        return
    banner.set_text(chrome.banner)
    if banner.property("kind") != chrome.kind:
        banner.setProperty("kind", chrome.kind)
        banner.style().unpolish(banner)
        banner.style().polish(banner)
    banner.setVisible(bool(banner.text()))
    notice.set_text("\n".join(chrome.notices))
    notice.setVisible(bool(chrome.notices))
