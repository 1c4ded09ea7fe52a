"""Step 2, Behaviours: find them in your own words or browse by colour; notes for each one."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from screening.engine.assess import NO_GUIDANCE
from screening.ruleset.model import Behaviour
from ui.steps.base import StepPage
from ui.widgets import (
    Badge,
    DescriptionBox,
    caption,
    discard,
    heading,
    line_edit,
    no_mnemonic,
    plain,
    set_text,
    swatch,
    text_box,
)

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 12
NOTES_PLACEHOLDER = "When, where, how often, who else was involved, the child's own words"
ID_ROLE = Qt.ItemDataRole.UserRole


class CheckList(QListWidget):
    """A list of behaviours to tick; Space or Enter ticks the current one."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setSpacing(2)
        self.setAlternatingRowColors(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class SelectedBox(QFrame):
    """One chosen behaviour, its colour and word, and the practitioner's notes."""

    def __init__(self, page: BehavioursPage, behaviour: Behaviour | None, index: int = -1) -> None:
        super().__init__()
        self.setObjectName("selectedBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.behaviour = behaviour
        self.index = index
        ruleset = page.ruleset()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        top = QHBoxLayout()
        badge = Badge()
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        if behaviour is not None:
            category = ruleset.category(behaviour.category)
            badge.set_category(category)
            self.text: QWidget | None = plain(behaviour.text)
            self.text.setAccessibleName(f"{category.label}: {behaviour.text}")
            top.addWidget(self.text, 1)
            self.description = None
        else:
            badge.setText("NOT IN THE LIST")
            badge.setAccessibleName("Not in the list")
            self.text = None
            self.description = page.editable(line_edit("Description of a behaviour not in the list"))
            top.addWidget(self.description, 1)
        self.remove = page.editable(QPushButton("Remove"))
        name = behaviour.text if behaviour is not None else "the behaviour not in the list"
        self.remove.setAccessibleName(f"Remove {name}")
        top.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        if behaviour is not None and behaviour.band:
            band = plain(f"Listed for {ruleset.band(behaviour.band).label}.")
            layout.addWidget(band)
        if behaviour is not None and behaviour.notes:
            note = plain(f"Note from the guide: {behaviour.notes}")
            layout.addWidget(note)
        self.notes = page.editable(text_box(f"Notes on {name}", NOTES_PLACEHOLDER, lines=2))
        layout.addWidget(self.notes)


class BehavioursPage(StepPage):
    key = "behaviours"
    title = "Behaviours"
    intro = (
        "Describe what you saw or heard in your own words and tick every behaviour that fits. "
        "You can also browse the behaviours for the child's age by colour."
    )
    scrolls = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._band_key: tuple[int, tuple[str, ...]] | None = None
        self._selection_key: tuple[object, ...] | None = None
        self._boxes: list[SelectedBox] = []
        self._search_ready = False
        self._last_query = ""

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

        # -- left: find
        find = QWidget()
        find_layout = QVBoxLayout(find)
        find_layout.setContentsMargins(0, 0, 8, 0)
        self.search = DescriptionBox(
            "Search the behaviours in your own words", "for example: touching himself in class, most days"
        )
        find_layout.addWidget(caption("&Describe what happened, in your own words:", self.search))
        find_layout.addWidget(self.search)
        self.scope = plain("")
        find_layout.addWidget(self.scope)
        self.reading = plain("")
        self.reading.setObjectName("readingText")
        self.reading.setAccessibleName("How your description was read")
        self.reading.setVisible(False)
        find_layout.addWidget(self.reading)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Behaviours: search results, or browse by colour")
        self.results = self.editable(CheckList("Search results"))
        self.tabs.addTab(self.results, "&Search results")
        self.browse: dict[str, CheckList] = {}
        find_layout.addWidget(self.tabs, 1)
        splitter.addWidget(find)

        # -- right: what is chosen
        chosen = QWidget()
        chosen_layout = QVBoxLayout(chosen)
        chosen_layout.setContentsMargins(8, 0, 0, 0)
        self.chosen_title = heading("Chosen behaviours", 1.1)
        chosen_layout.addWidget(self.chosen_title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.boxes_layout = QVBoxLayout(holder)
        self.boxes_layout.setContentsMargins(0, 0, 0, 0)
        self.empty = plain("Nothing chosen yet. Tick a behaviour on the left, or describe one below.")
        self.boxes_layout.addWidget(self.empty)
        self.boxes_layout.addStretch(1)
        self.scroll.setWidget(holder)
        chosen_layout.addWidget(self.scroll, 1)

        self.warnings = plain("")
        self.warnings.setObjectName("warningText")
        chosen_layout.addWidget(self.warnings)

        unlisted = QGridLayout()
        self.unlisted = self.editable(line_edit("Describe a behaviour that is not in the list"))
        self.unlisted.setPlaceholderText("What the child did, in a few words")
        self.add_unlisted = self.editable(QPushButton("Add"))
        self.add_unlisted.setAccessibleName("Add the behaviour that is not in the list")
        unlisted.addWidget(caption("Not in the &list — describe it:", self.unlisted), 0, 0, 1, 2)
        unlisted.addWidget(self.unlisted, 1, 0)
        unlisted.addWidget(self.add_unlisted, 1, 1)
        chosen_layout.addLayout(unlisted)
        splitter.addWidget(chosen)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(self._search_edited)
        self.search.returnPressed.connect(self.run_search)
        self.results.itemChanged.connect(self._item_changed)
        self.add_unlisted.clicked.connect(self._add_unlisted)
        self.unlisted.returnPressed.connect(self._add_unlisted)

    def ruleset(self):
        assert self.session is not None
        return self.session.ruleset

    # -- the bands searched and browsed
    def _bands(self) -> tuple[str, ...]:
        assert self.session is not None
        band = self.session.assessment.band_choice.band
        if band is not None:
            return (band.id,)
        return tuple(b.id for b in self.session.ruleset.age_bands)

    def _make_item(self, behaviour: Behaviour, show_band: bool) -> QListWidgetItem:
        ruleset = self.ruleset()
        category = ruleset.category(behaviour.category)
        text = f"{category.label} — {behaviour.text}"
        if show_band:
            text += f" ({ruleset.band(behaviour.band).label})"
        item = QListWidgetItem()
        item.setText(text)
        item.setIcon(swatch(category.colour))
        item.setData(ID_ROLE, behaviour.id)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _rebuild_browse(self) -> None:
        ruleset = self.ruleset()
        bands = self._bands()
        for widget in self.browse.values():
            index = self.tabs.indexOf(widget)
            self.tabs.removeTab(index)
            self.forget(widget)
            discard(widget)
        self.browse = {}
        for category in ruleset.categories:
            found = [b for band in bands for b in ruleset.behaviours_in(band, category.id)]
            widget = self.editable(CheckList(f"{category.label} behaviours"))
            with QSignalBlocker(widget):
                for behaviour in found:
                    widget.addItem(self._make_item(behaviour, len(bands) > 1))
            widget.itemChanged.connect(self._item_changed)
            self.tabs.addTab(widget, swatch(category.colour), no_mnemonic(f"{category.label} ({len(found)})"))
            self.browse[category.id] = widget
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, "")

    # -- search
    def _search_edited(self, _text: str) -> None:
        self.timer.start()  # restarted on every key: search once typing pauses

    def run_search(self) -> None:
        self.timer.stop()
        if self.session is None:
            return
        text = self.search.text()
        previous, self._last_query = self._last_query, text
        self.session.search_text = text  # read by the Context step to mark the questions touched
        with QSignalBlocker(self.results):
            self.results.clear()
            if not text.strip():
                self.tabs.setTabText(0, "&Search results")
                self.reading.setVisible(False)
                return
            # imported on first use: start-up stays fast
            from screening.engine.explain import hit_reason, reading_lines
            from screening.engine.search import index_for

            bands = self._bands()
            age = self.session.assessment.band_choice.screening_age
            found = index_for(self.session.ruleset).find(text, bands, SEARCH_LIMIT, age)
            hits = found.hits
            for hit in hits:
                item = self._make_item(hit.behaviour, len(bands) > 1)
                reason = hit_reason(self.session.ruleset, hit)
                if reason:  # every hit says why it matched
                    item.setText(f"{item.text()}\n    Why: {reason}")
                self.results.addItem(item)
            if not hits:
                item = QListWidgetItem()
                item.setText("No close match. Try other words, browse by colour, or describe it below.")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.results.addItem(item)
            self._sync_checks(self.results)
        lines = reading_lines(self.session.ruleset, found.reading)
        self.reading.setText("How your description was read:\n" + "\n".join(f"• {line}" for line in lines))
        self.reading.setVisible(bool(lines))
        self.tabs.setTabText(0, f"&Search results ({len(hits)})")
        self.tabs.setCurrentIndex(0)
        self.session.set_description(text, previous)

    # -- ticking
    def _item_changed(self, item: QListWidgetItem) -> None:
        behaviour_id = item.data(ID_ROLE)
        if behaviour_id and self.session is not None:
            self.session.set_behaviour(behaviour_id, item.checkState() == Qt.CheckState.Checked)

    def _sync_checks(self, widget: QListWidget) -> None:
        assert self.session is not None
        selected = set(self.session.selected_ids())
        with QSignalBlocker(widget):
            for i in range(widget.count()):
                item = widget.item(i)
                behaviour_id = item.data(ID_ROLE)
                if behaviour_id:
                    state = Qt.CheckState.Checked if behaviour_id in selected else Qt.CheckState.Unchecked
                    if item.checkState() != state:
                        item.setCheckState(state)

    def _add_unlisted(self) -> None:
        assert self.session is not None
        text = self.unlisted.text().strip()
        if not text or self.read_only:
            return
        self.session.add_unlisted(text)
        self.unlisted.clear()

    # -- reading
    def refresh(self) -> None:
        assert self.session is not None
        session = self.session
        bands = self._bands()
        key = (id(session.ruleset), bands)
        if key != self._band_key:
            self._band_key = key
            self._rebuild_browse()
            if self.search.text().strip():
                self.run_search()
        if session.assessment.band_choice.band is not None:
            self.scope.setText(f"Looking at behaviours for {session.assessment.band_choice.band.label}.")
        else:
            self.scope.setText("No age given yet, so every age band is shown. Give the age on the Child step.")
        self._sync_checks(self.results)
        for widget in self.browse.values():
            self._sync_checks(widget)
        self._refresh_selection()
        # the role's missing guidance is said on the outcome step, not here
        warnings = [w for w in session.assessment.warnings if w.kind != NO_GUIDANCE]
        self.warnings.setText("\n".join(f"Note: {w.text}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def _refresh_selection(self) -> None:
        assert self.session is not None
        record = self.session.record
        ruleset = self.session.ruleset
        key = (id(ruleset), tuple(b.id for b in record.behaviours), len(record.unlisted_behaviours))
        if key != self._selection_key:
            self._selection_key = key
            for box in self._boxes:
                for widget in box.findChildren(QWidget):
                    self.forget(widget)
                discard(box)
            self._boxes = []
            position = 0
            for selected in record.behaviours:
                if not ruleset.has("behaviour", selected.id):
                    continue
                box = SelectedBox(self, ruleset.behaviour(selected.id))
                behaviour_id = selected.id
                box.notes.textChanged.connect(
                    lambda b=box, i=behaviour_id: (
                        self.session and self.session.set_behaviour_notes(i, b.notes.toPlainText())
                    )
                )
                box.remove.clicked.connect(
                    lambda _=False, i=behaviour_id: self.session and self.session.set_behaviour(i, False)
                )
                self.boxes_layout.insertWidget(position, box)
                position += 1
                self._boxes.append(box)
            for index, _unlisted in enumerate(record.unlisted_behaviours):
                box = SelectedBox(self, None, index)
                box.notes.textChanged.connect(
                    lambda b=box, i=index: self.session and self.session.set_unlisted(i, notes=b.notes.toPlainText())
                )
                assert box.description is not None
                box.description.textEdited.connect(
                    lambda text, i=index: self.session and self.session.set_unlisted(i, description=text)
                )
                box.remove.clicked.connect(lambda _=False, i=index: self.session and self.session.remove_unlisted(i))
                self.boxes_layout.insertWidget(position, box)
                position += 1
                self._boxes.append(box)
        # fill in the values (without firing the change signals)
        notes = {b.id: b.notes for b in record.behaviours}
        for box in self._boxes:
            if box.behaviour is not None:
                set_text(box.notes, notes.get(box.behaviour.id, ""))
            elif 0 <= box.index < len(record.unlisted_behaviours):
                unlisted = record.unlisted_behaviours[box.index]
                set_text(box.notes, unlisted.notes)
                if box.description is not None and not box.description.hasFocus():
                    set_text(box.description, unlisted.description)
        count = len(record.behaviours) + len(record.unlisted_behaviours)
        self.empty.setVisible(count == 0)
        self.chosen_title.setText(f"Chosen behaviours ({count})")
