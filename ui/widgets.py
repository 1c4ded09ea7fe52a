"""Small building blocks: plain-text labels, colour swatches, the category banner, banners."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from screening.ruleset.model import Category

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QKeyEvent, QMouseEvent

# QtGui's painting classes are imported where used: the start screen does not need them.


_Label = TypeVar("_Label", bound=QLabel)


def plain(text: str = "", wrap: bool = True, parent: QWidget | None = None, name: str = "") -> QLabel:
    """A label that always shows its text literally (never guessed rich text)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def caption(text: str, buddy: QWidget | None = None, wrap: bool = False) -> QLabel:
    """A field caption of our own wording (may carry an &mnemonic when it has a buddy)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def heading(text: str, scale: float = 1.25) -> QLabel:
    label = plain(text)
    font = label.font()
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def bold(label: _Label) -> _Label:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def discard(widget: QWidget | None, layout: QLayout | None = None) -> None:
    """Take a widget out of its layout and out of view now, and delete it soon.

    (deleteLater alone leaves it painted until the event loop deletes it; QLayout.takeAt is avoided
    because PySide's ownership of the returned item can crash the interpreter at exit.)
    """
    if widget is None:
        return
    if layout is None:
        parent = widget.parentWidget()
        layout = parent.layout() if parent is not None else None
    if layout is not None:
        layout.removeWidget(widget)
    widget.hide()
    widget.deleteLater()


def no_mnemonic(text: str) -> str:
    """Text from a user or a rule file, for a button or tab whose '&' would otherwise vanish."""
    return text.replace("&", "&&")


def luminance(colour: str) -> float:
    """WCAG relative luminance of a colour (#rrggbb or a name Qt knows)."""
    from PySide6.QtGui import QColor

    c = QColor(colour)
    channels = []
    for v in (c.redF(), c.greenF(), c.blueF()):
        channels.append(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21 (4.5 is the minimum for normal text)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(colour: str) -> str:
    """Black or white, whichever has the higher contrast on the colour (always at least 4.58:1)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, colour))


_icons: dict[str, QIcon] = {}


def swatch(colour: str, size: int = 16) -> QIcon:
    """A square of the category's colour with a dark border (colour is never the only signal)."""
    key = f"{colour}/{size}"
    if key not in _icons:
        from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(QColor("#202020"))
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


def set_text(widget: QLineEdit | QPlainTextEdit | QLabel, value: str) -> None:
    """Show a value without firing change signals, and without moving the cursor if unchanged."""
    current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
    if current == value:
        return
    with QSignalBlocker(widget):
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index != combo.currentIndex():
        with QSignalBlocker(combo):
            combo.setCurrentIndex(max(index, 0))


def text_box(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A multi-line plain-text box where Tab moves on (so the keyboard never gets stuck in it)."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    metrics = edit.fontMetrics()
    edit.setMinimumHeight(int(metrics.lineSpacing() * lines + 14))
    edit.setMaximumHeight(int(metrics.lineSpacing() * (lines + 2) + 14))
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return edit


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class DescriptionBox(QPlainTextEdit):
    """A few wrapped lines for a description in the practitioner's own words, read as one text.

    It answers the calls a one-line box answers (text, setText, returnPressed), so a search that
    runs as you type works the same; Enter runs it at once, Shift+Enter starts a new line.
    """

    returnPressed = Signal()
    textEdited = Signal(str)  # every change, with the text: what a one-line box's textChanged gives

    def __init__(self, name: str, placeholder: str = "", lines: int = 3) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other box
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        height = self.fontMetrics().lineSpacing() * lines + 2 * int(self.document().documentMargin()) + 8
        self.setFixedHeight(height)
        self.textChanged.connect(lambda: self.textEdited.emit(self.text()))

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)


class ClickLabel(QLabel):
    """A plain-text label that toggles its checkbox when clicked, like a checkbox's own text."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CategoryBanner(QFrame):
    """The category as a big word on its colour, with its meaning: unmistakable, never colour alone."""

    def __init__(self, scale: float = 3.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._scale = scale
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.word = QLabel()
        self.word.setObjectName("categoryWord")
        self.word.setTextFormat(Qt.TextFormat.PlainText)
        self.word.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.word.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        from PySide6.QtGui import QFont

        font = self.word.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)  # relative to the system font, so it scales
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 105)
        self.word.setFont(font)
        layout.addWidget(self.word)
        body = QWidget()
        body.setObjectName("categoryBody")
        inner = QVBoxLayout(body)
        self.title = bold(plain(""))
        self.meaning = plain("")
        inner.addWidget(self.title)
        inner.addWidget(self.meaning)
        inner.addStretch(1)
        layout.addWidget(body, 1)
        self.set_category(None)

    def set_category(self, category: Category | None, title: str = "", empty: str = "No suggestion yet") -> None:
        if category is None:
            self.word.setText("—")
            self.word.setStyleSheet("QLabel { padding: 12px 24px; border: 2px dashed palette(mid); }")
            self.title.setText(title or empty)
            self.meaning.setText("")
            self.meaning.setVisible(False)
            self.setAccessibleName(title or empty)
            return
        fg = readable_on(category.colour)
        self.word.setText(category.label)
        self.word.setStyleSheet(
            f"QLabel {{ background: {category.colour}; color: {fg}; padding: 12px 24px; border: 2px solid #202020; }}"
        )
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.meaning.setText(category.meaning)
        self.meaning.setVisible(True)
        self.setAccessibleName(f"{title} {category.label}".strip())
        self.setAccessibleDescription(category.meaning)


class Badge(QLabel):
    """A small category word on its colour, for places where the category is repeated."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        bold(self)
        self.set_category(None)

    def set_category(self, category: Category | None, empty: str = "none yet") -> None:
        if category is None:
            self.setText(empty)
            self.setStyleSheet("QLabel { padding: 2px 8px; border: 1px dashed palette(mid); }")
            self.setAccessibleName(empty)
            return
        fg = readable_on(category.colour)
        self.setText(category.label)
        self.setStyleSheet(
            f"QLabel {{ background: {category.colour}; color: {fg}; padding: 2px 8px; border: 1px solid #202020; }}"
        )
        self.setAccessibleName(category.label)


class Banner(QFrame):
    """A one-line notice across the window (the 999 line, guidance-only, training, read-only)."""

    def __init__(self, name: str, text: str = "", parent: QWidget | None = None, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = bold(plain(text))
        if scale != 1.0 and self.label.font().pointSizeF() > 0:
            font = self.label.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            self.label.setFont(font)
        self.label.setAccessibleName(text)
        layout.addWidget(self.label, 1)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()
