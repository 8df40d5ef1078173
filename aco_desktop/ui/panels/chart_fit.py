"""Keep a chart's words inside the chart: its key (the title row) and its bottom axis title wrap onto
another line when the chart is narrower than them.

Without this, a long key (a pinned baseline adds a second description, a feature adds its curve) made
pyqtgraph's layout wider than the widget: the right of the chart and of the key were cut off, on a
1366-pixel laptop too; and on a 200% screen the axis title ran past the right edge.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextOption

_MARGIN = 16  # px between the words and the widget's edges
_NARROWEST = 80  # px: never wrap narrower than this
_TITLE_ROW = 30  # px: pyqtgraph's height for the title row, kept for a one-line key


class ChartWords(QObject):
    def __init__(self, plot: pg.PlotWidget) -> None:
        super().__init__(plot)
        self._plot = plot
        item = plot.getPlotItem()
        self._key = item.titleLabel
        self._axis = item.getAxis("bottom")
        for text in (self._key.item, self._axis.label):
            text.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        plot.installEventFilter(self)
        self._set_title = item.setTitle
        item.setTitle = self._title  # a new key is measured too (pyqtgraph gives the title row 30 px)
        self.fit(plot.width())

    def _title(self, title=None, **style) -> None:
        self._set_title(title, **style)
        if title is not None:
            self._fit_key()
            self._fit_key_height()

    def _fit_key(self) -> None:
        """An entry that cannot break (it is wider than the chart at the largest text) makes the whole key
        smaller rather than run off the edge or widen the plot."""
        key = self._key.item
        ideal = key.document().idealWidth()
        key.setScale(min(1.0, key.textWidth() / ideal) if ideal > 0 and key.textWidth() > 0 else 1.0)
        self._key.updateMin()
        self._key.resizeEvent(None)

    def _fit_key_height(self) -> None:
        height = max(_TITLE_ROW, int(self._key.itemRect().height()) + 2)  # all its lines, at any text size
        self._plot.getPlotItem().layout.setRowFixedHeight(0, height)
        self._key.setMaximumHeight(height)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if watched is self._plot and event.type() == QEvent.Type.Resize:
            self.fit(event.size().width())  # before the plot lays itself out at the new width
        return False

    def fit(self, width: int) -> None:
        room = max(_NARROWEST, width - _MARGIN - self._axis_offset())  # the key and the axis title sit
        key = self._key.item  # over the plot's own column, right of the left axis
        if key.textWidth() != room:  # always wrapped at the room there is: a longer key wraps at once
            key.setTextWidth(room)
            self._fit_key()
        if self._key.isVisible():
            self._fit_key_height()
        label = self._axis.label
        label.setTextWidth(-1)
        if label.boundingRect().width() > room:
            label.setTextWidth(room)
        self._axis._updateHeight()  # the axis row grows by a line when its title wraps
        self._axis.resizeEvent()

    def _axis_offset(self) -> int:
        """The left axis's width: the plot's own column starts after it."""
        left = self._plot.getPlotItem().getAxis("left")
        return int(left.width()) if left.isVisible() else 0
