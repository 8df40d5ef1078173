"""The two docks of "Find my ACO": the search panel (box, count, results, notes) and the history panel
(chart, own spread, peers). ``ui.features.my_aco`` fills them; the words come from ``view.my_aco``.
"""

from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QEvent, QPointF, QSize, QStringListModel, Qt
from PySide6.QtGui import QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QLineEdit, QListView, QPushButton, QSizePolicy, QStyle,
                               QStyledItemDelegate, QToolTip, QVBoxLayout, QWidget)

COUNT_LINES = 2  # the count's room: "1,234 ACO-years match; 50 listed, 1,184 more: type more of the name."
ROW_MARGIN = 4  # pixels before a result's words


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CountLine(QWidget):
    """The search's count, wrapped in a fixed two lines' room. A QLabel asks its dock to lay out again at
    every new text (half a millisecond a key: the notes below are measured again); this only repaints,
    and asks for more room only when a text needs more than it has (a large font, a long query). The
    words are laid out once per text and width (a static text), not once to measure and again to paint."""

    def __init__(self) -> None:
        super().__init__()
        self._text, self._height = "", 0
        self._words = QStaticText()
        self._words.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)  # opaque: a new count repaints this line, not the panel behind it

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name: the feature treats both alike)
        self._text = text
        self._words.setText(text)
        if self._needed(self.width()) > self.height():
            self.updateGeometry()
        self.update()

    def _needed(self, width: int) -> int:
        """The height the words need at ``width`` (they are laid out for that width)."""
        self._words.setTextWidth(max(width, 1))
        self._words.prepare(QTransform(), self.font())
        metrics = self.fontMetrics()
        return max(COUNT_LINES * metrics.lineSpacing(), math.ceil(self._words.size().height())) + 2

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self._needed(self.width() if self.width() > 1 else 280))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802
        if self._words.textWidth() != max(self.width(), 1):
            self._needed(self.width())
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawStaticText(0, 0, self._words)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._needed(self.width()) != self.height():
            self.updateGeometry()


class _ResultsDelegate(QStyledItemDelegate):
    """A result row: the selection's highlight and the words, elided to the row and laid out once (kept
    for reuse). The style's own item painting laid out, elided and framed every visible row again on
    every key, most of a search's time."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self._lines: dict[tuple, QStaticText] = {}

    def paint(self, painter, option, index) -> None:  # noqa: D102 (Qt API)
        rect, state, colors = option.rect, option.state, option.palette
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        if selected:
            painter.fillRect(rect, colors.color(group, QPalette.ColorRole.Highlight))
        words = index.data()
        width = rect.width() - 2 * ROW_MARGIN
        key = (words, width, option.font.key())
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > 4000:
                self._lines.clear()
            line = QStaticText(option.fontMetrics.elidedText(words, Qt.TextElideMode.ElideRight, width))
            line.setTextFormat(Qt.TextFormat.PlainText)
            self._lines[key] = line
        painter.setPen(colors.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.setFont(option.font)
        painter.drawStaticText(QPointF(rect.left() + ROW_MARGIN, rect.top() + (rect.height() - line.size().height()) / 2),
                               line)


class ResultsView(QListView):
    """The results: a string list model replaced in one go per search, rows painted by ``_ResultsDelegate``
    (lines wider than the dock end in "..."), and each row's tooltip, its full label, is asked for only
    when hovered."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = QStringListModel(self)
        self.setModel(self.lines)
        self.tip: Callable[[int], str] = lambda _row: ""
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # no sideways bar per key
        # Always there: a bar that came and went with the number of matches laid the list out again and
        # repainted it twice on most keys.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.verticalScrollBar().setAutoFillBackground(True)  # a new range repaints the bar, not the panel
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(_ResultsDelegate(self))

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            row = self.indexAt(event.pos()).row()
            if row >= 0:
                QToolTip.showText(event.globalPos(), self.tip(row), self.viewport())
                return True
        return super().viewportEvent(event)


class FindPanel(QWidget):
    """The search box, the results list and the notes about the ACO-year filled in."""

    def __init__(self) -> None:
        super().__init__()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Name, ACO ID (A1001) or state (NJ)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAutoFillBackground(True)  # opaque: a key repaints the box, not the panel behind it
        self.count = CountLine()
        self.results = ResultsView()
        self.results_model = self.results.lines
        self.results.setMinimumHeight(90)
        self.results.setMaximumHeight(120)
        self.note, self.compare = _label(), _label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.search_box, self.count, self.results, self.compare, self.note):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_lines(self, lines: list[str], tip: Callable[[int], str]) -> None:
        self.results_model.setStringList(lines)
        self.results.tip = tip
        if lines:
            self.set_current_row(0)

    def count_rows(self) -> int:
        return self.results_model.rowCount()

    def current_row(self) -> int:
        return self.results.currentIndex().row()

    def set_current_row(self, row: int) -> None:
        self.results.setCurrentIndex(self.results_model.index(row, 0))


class HistoryPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        from aco_desktop.ui.features.my_aco_charts import HistoryChart

        self.chart = HistoryChart()
        self.spread = _label()
        self.use_spread = QPushButton("Use as my spread")
        self.use_spread.setToolTip("Offer the SD of this ACO's own year-to-year changes as next year's spread")
        self.peers = _label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.chart, 1)
        for widget in (self.spread, self.use_spread, self.peers):
            layout.addWidget(widget)
