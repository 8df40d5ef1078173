"""Tools > Reform editor: start from the rulebook on screen, change any number of it (strictly: refused
with the field and the reason), name the reform, and see law and reform as two curves with the
difference in every key figure; save the reform as a rule file of the same schema, or open one.

The comparison is this feature's own state and plot item (the window's pinned baseline is left alone):
the law curve is always the window's; the reform curve and its figures follow every refresh.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from aco_desktop.engine import ScenarioError
from aco_desktop.rules import RuleFileError
from aco_desktop.rules.schema import Rulebook
from aco_desktop.ui.features.common import menu
from aco_desktop.ui.panels.chart_items import cache_pixels, pen
from aco_desktop.view import palette
from aco_desktop.view.reform import (Comparison, ReformError, compare, is_number, leaves, open_reform, renamed,
                                     save_reform, where, with_value)
from aco_desktop.view.teach import REFORM_DEFAULT_ID, REFORM_INK

PATH_ROLE = Qt.ItemDataRole.UserRole


class ReformEditor(QDialog):
    """The editable tree of the reform's values, its id, the figures law vs reform, and file buttons."""

    def __init__(self, feature: "Reforms") -> None:
        super().__init__(feature.window)
        self.feature = feature
        self.setWindowTitle("Reform editor")
        self.resize(820, 640)
        self.reform_id = QLineEdit()
        self.reform_id.setToolTip("The reform's id: it names the curve and the file (id.toml)")
        self.reform_id.editingFinished.connect(lambda: feature.rename(self.reform_id.text()))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Rule", "Value"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._edited)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {palette.LOSS};")
        self.figures = QTableWidget(0, 4)
        self.figures.setHorizontalHeaderLabels(["Key figure", "Law", "Reform", "Difference"])
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.figures.setMaximumHeight(290)
        self.figures.verticalHeader().hide()
        buttons = QHBoxLayout()
        for text, slot in (("Open reform...", feature.open_dialog), ("Save reform...", feature.save_dialog),
                           ("Start again from the law", feature.start_from_law), ("Close", self.close)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(QLabel("Reform id:"))
        top.addWidget(self.reform_id, 1)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.tree, 1)
        column.addWidget(self.error)
        column.addWidget(self.figures)
        column.addLayout(buttons)

    def show_book(self, book: Rulebook) -> None:
        self.reform_id.setText(book.id)
        with QSignalBlocker(self.tree):
            self.tree.clear()
            nodes: dict[tuple, QTreeWidgetItem] = {}
            for path, value in leaves(book.model_dump()):
                parent = self.tree.invisibleRootItem()
                for depth in range(1, len(path)):
                    key = path[:depth]
                    if key not in nodes:
                        nodes[key] = QTreeWidgetItem(parent, [str(path[depth - 1])])
                    parent = nodes[key]
                item = QTreeWidgetItem(parent, [str(path[-1]), "" if value is None else str(value)])
                item.setData(0, PATH_ROLE, path)
                if is_number(value):
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setForeground(1, self.palette().placeholderText())

    def item_at(self, path: tuple) -> QTreeWidgetItem | None:
        iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while iterator:
            item = iterator.pop()
            if item.data(0, PATH_ROLE) == path:
                return item
            iterator += [item.child(i) for i in range(item.childCount())]
        return None

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        path = item.data(0, PATH_ROLE)
        if column == 1 and path is not None and self.feature.edit(tuple(path), item.text(1)):
            font = item.font(1)
            font.setBold(True)  # what the reform changed stands out
            with QSignalBlocker(self.tree):
                item.setFont(1, font)

    def show_refused(self, path: tuple, reason: str, shown: object) -> None:
        self.error.setText(reason)
        item = self.item_at(path)
        if item is not None:
            with QSignalBlocker(self.tree):
                item.setText(1, str(shown))

    def show_comparison(self, comparison: Comparison | None, why: str = "") -> None:
        rows = comparison.rows if comparison else ()
        self.figures.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.figures.setItem(r, c, cell)
        if why:
            self.error.setText(why)


class Reforms:
    def __init__(self, window) -> None:
        self.window = window
        self.book: Rulebook | None = None
        self.comparison: Comparison | None = None
        self.editor: ReformEditor | None = None
        self.curve = pg.PlotDataItem(pen=pen(REFORM_INK, 3, Qt.PenStyle.DashDotLine), connect="finite")
        self.curve.setZValue(5)
        self.curve.setVisible(False)  # until there is a reform (an empty curve is still painted every frame)
        window.plot.addItem(self.curve)
        cache_pixels((self.curve,))  # it follows a drag with the detail clock
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {REFORM_INK};")
        self.summary.hide()
        window.right_column.layout().insertWidget(1, self.summary)  # under the key figures
        tools = menu(window, "&Tools")
        for text, slot, tip in (("&Reform editor...", self.show_editor, "Change any rule and compare with the law"),
                                ("&Open reform file...", self.open_dialog, "Compare a saved reform with the law")):
            action = QAction(text, window)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            tools.addAction(action)
        window.on_refresh(lambda _: self._follow(), detail=True)  # a second settlement: with the detail

    # ---- the reform ---------------------------------------------------------------------------------
    def show_editor(self) -> ReformEditor:
        if self.editor is None:
            self.editor = ReformEditor(self)
        if self.book is None:
            self.start_from_law()
        self.editor.show()
        return self.editor

    def start_from_law(self) -> None:
        law = self.window.session.rules[self.window.session.scenario.rules]
        reform_id = REFORM_DEFAULT_ID.format(book=law.id)
        self.set_reform(renamed(law, reform_id, self.window.session.rules))

    def set_reform(self, book: Rulebook | None) -> None:
        self.book = book
        if self.editor is not None and book is not None:
            self.editor.show_book(book)
            self.editor.error.setText("")
        self._follow()

    def edit(self, path: tuple, text: str) -> bool:
        """Change one number; refused (the reform and the curves unchanged) with the field and reason."""
        try:
            book = with_value(self.book, path, text)
        except ReformError as exc:
            self._refuse(path, str(exc))
            return False
        self.book = book
        if self.editor is not None:
            self.editor.error.setText("")
        self._follow()
        self.window.tell(f"Reform {book.id}: {where(path)} = {text.strip()}.")
        return True

    def _refuse(self, path: tuple, reason: str) -> None:
        value = self.book.model_dump()
        for part in path:
            value = value[part]
        if self.editor is not None:
            self.editor.show_refused(path, reason, value)
        self.window.tell(f"Refused: {reason}")

    def rename(self, reform_id: str) -> bool:
        if self.book is None or reform_id == self.book.id:
            return True
        try:
            self.set_reform(renamed(self.book, reform_id.strip(), self.window.session.rules))
            return True
        except ReformError as exc:
            if self.editor is not None:
                self.editor.error.setText(str(exc))
                self.editor.reform_id.setText(self.book.id)
            return False

    # ---- files --------------------------------------------------------------------------------------
    def save_dialog(self) -> None:
        if self.book is None:
            return
        name, _ = QFileDialog.getSaveFileName(self.window, "Save the reform", f"{self.book.id}.toml",
                                              "Rule files (*.toml)")
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> bool:
        try:
            save_reform(self.book, path)
        except (ReformError, OSError) as exc:
            self.window.warn("Reform not saved", str(exc))
            return False
        self.window.tell(f"Reform saved to {path}.")
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a reform rule file", "", "Rule files (*.toml)")
        if name:
            self.open(Path(name))

    def open(self, path: Path) -> bool:
        """A reform file, checked as a shipped rule file; on error the window keeps the law curve."""
        try:
            book = open_reform(path, self.window.session.rules)
        except RuleFileError as exc:
            self.window.warn("Reform file not opened", str(exc))
            return False
        self.set_reform(book)
        self.window.tell(f"Reform {book.id} opened: its curve is on the chart beside the law's.")
        return True

    # ---- following the window -----------------------------------------------------------------------
    def _follow(self) -> None:
        if self.book is None and self.comparison is None and not self.summary.isVisible():
            return  # no reform, nothing drawn: nothing to follow
        why = ""
        self.comparison = None
        if self.book is not None:
            try:
                self.comparison = compare(self.window.session.rules, self.window.session.scenario, self.book)
            except (ScenarioError, ValueError) as exc:
                why = f"The reform cannot settle this scenario: {exc}"
        self._draw(why)

    def _draw(self, why: str) -> None:
        c = self.comparison
        self.curve.setVisible(c is not None)
        if c is None:
            self.curve.setData([], [])
            self.window.plot.set_extra_key("reform", REFORM_INK, None)
        else:
            self.curve.setData(c.x, c.y)
            self.window.plot.set_extra_key("reform", REFORM_INK, f"Reform: {c.reform_id}")
        self.summary.setVisible(self.book is not None)
        changed = "; ".join(f"{r[0]} {r[3]}" for r in c.rows if r[3] and r[3] != "no change") if c else ""
        self.summary.setText(why or (f"Reform {c.reform_id} vs law: {changed or 'no key figure changes'}" if c else ""))
        if self.editor is not None:
            self.editor.show_comparison(c, why)

    def clear(self) -> None:
        self.set_reform(None)


def install(window) -> None:
    window.reforms = Reforms(window)
