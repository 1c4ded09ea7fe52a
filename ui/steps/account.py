"""The practitioner's own account of what happened (Record.account), shown on the Child step.

What a MASH worker reads first: what was seen or heard, when, where, who was there, the child's
own words and the child's voice. Every box is the practitioner's; the tool never fills one in
(the search box's words are only offered as the start of "what happened", by the search step).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget

from ui.widgets import caption, line_edit, set_text, text_box

# (field, caption, accessible name, placeholder, lines; 0 lines = a one-line box). The mnemonics
# avoid the menus' F G V T H, Back/Next's B N and the Child step's own letters.
FIELDS = (
    ("what_happened", "What ha&ppened:", "What happened, in your own words",
     "What you saw or heard, or what you were told, and by whom", 4),
    ("when", "When:", "When it happened", "For example: Tuesday 3 March, about 12:30, lunchtime", 0),
    ("where", "Wh&ere:", "Where it happened", "For example: the boys' toilets by the hall", 0),
    ("who_was_there", "Who was there:", "Who was there", "Other children and adults present", 0),
    ("childs_words", "The child's &own words:", "The child's own words, as said",
     "Write down exactly what the child said, in their words", 2),
    ("childs_voice", "The &child's voice:", "How the child is and what they want",
     "How the child seems, and what they have said they want to happen", 2),
)


class AccountSection(QGroupBox):
    """The six boxes of Record.account; writes through the page's session."""

    def __init__(self, page: QWidget) -> None:
        super().__init__("What happened (your own account)")
        self.page = page
        form = QFormLayout(self)
        self.boxes: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, label, name, placeholder, lines in FIELDS:
            box: QLineEdit | QPlainTextEdit
            if lines:
                box = text_box(name, placeholder, lines=lines)
                box.textChanged.connect(lambda b=box, k=key: self._write(k, b.toPlainText()))
            else:
                box = line_edit(name, placeholder)
                box.textEdited.connect(lambda text, k=key: self._write(k, text))
            self.boxes[key] = page.editable(box)  # type: ignore[attr-defined]
            form.addRow(caption(label, box), box)

    def _write(self, key: str, value: str) -> None:
        session = getattr(self.page, "session", None)
        if session is not None:
            session.update(account=replace(session.record.account, **{key: value}))

    def refresh(self) -> None:
        session = getattr(self.page, "session", None)
        if session is None:
            return
        for key, box in self.boxes.items():
            set_text(box, getattr(session.record.account, key))
