"""How gross savings (or losses) split between the ACO and Medicare across the savings rates."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from aco_desktop.ui.panels.chart_items import (Band, MoneyAxis, PercentAxis, RangeShown, cache_static, pen,
                                               still_chart)
from aco_desktop.ui.colors import qcolor
from aco_desktop.view import palette
from aco_desktop.view.screen import WhoKeepsChart

TICK_ROOM_LINES = 1.3  # the room between two amounts on the money axis, in lines of its type


class SparseMoneyAxis(MoneyAxis):
    """Money ticks never closer than their text: a short chart (a laptop, a 200% screen) shows fewer
    amounts instead of stacking five on top of each other."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph API)
        levels = super().tickSpacing(minVal, maxVal, size)
        if not levels or maxVal <= minVal or size <= 0:
            return levels
        font = self.style["tickFont"] or QFont()
        room = QFontMetrics(font).height() * TICK_ROOM_LINES  # px each amount needs
        spacing = levels[0][0]
        while spacing * size / (maxVal - minVal) < room and spacing * 4 <= maxVal - minVal:
            spacing *= 2  # fewer amounts, but never fewer than two or three
        return [(spacing, 0)]


class WhoKeepsPlot(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"left": SparseMoneyAxis("left"), "bottom": PercentAxis("bottom")})
        item = still_chart(self, 90)
        item.setLabel("left", "Who keeps")
        self.aco_fill = Band(palette.ACO_SHARE)
        # The ACO's losses: red and hatched (never green; hatching tells them apart without colour).
        self.aco_loss_fill = Band(palette.ACO_LOSS)
        self.aco_loss_fill.setBrush(pg.QtGui.QBrush(qcolor(palette.LOSS), Qt.BrushStyle.BDiagPattern))
        self.aco_loss_under = Band(palette.ACO_LOSS)
        self.medicare_fill = Band(palette.MEDICARE_SHARE)
        for band in (self.aco_fill, self.aco_loss_under, self.aco_loss_fill, self.medicare_fill):
            self.addItem(band)
        self.earned = pg.PlotCurveItem(pen=pen(palette.NEUTRAL, 1.5))
        self.gross = pg.PlotCurveItem(pen=pen(palette.BLUE, 1.5))
        for curve in (self.earned, self.gross):
            self.addItem(curve)
        # The key in the title row, above the data: it covers nothing however short the chart gets.
        self._key = (f'<span style="color:{palette.GAIN}">\u25a0</span> ACO earns &nbsp; '
                     f'<span style="color:{palette.LOSS}">\u25a7</span> ACO owes (hatched) &nbsp; '
                     f'<span style="color:{palette.BLUE}">\u25a0</span> Medicare keeps (or absorbs)')
        self.set_key_points(9.0)
        self.marker_line = pg.InfiniteLine(angle=90, pen=pen(palette.MARKER_LINE, 1, Qt.PenStyle.DotLine))
        self.addItem(self.marker_line)
        self._series = None
        self._y = RangeShown()
        cache_static(self, (self.aco_fill, self.aco_loss_under, self.aco_loss_fill, self.medicare_fill, self.earned,
                            self.gross))

    def set_key_points(self, points: float) -> None:
        """The key's text size (it follows the app's text size)."""
        self.key_points = points
        self.getPlotItem().setTitle(self._key, size=f"{points:g}pt")

    def show_chart(self, chart: WhoKeepsChart) -> None:
        self.marker_line.setPos(chart.marker_x)
        if chart.series is not self._series:  # not only the savings rate moved
            self._series = s = chart.series
            zero = np.zeros_like(s.x)
            self.aco_fill.set_band(s.x, zero, np.maximum(s.earned, 0))
            self.aco_loss_under.set_band(s.x, np.minimum(s.earned, 0), zero)
            self.aco_loss_fill.set_band(s.x, np.minimum(s.earned, 0), zero)
            self.medicare_fill.set_band(s.x, s.earned, s.gross)
            self.earned.setData(s.x, s.earned)
            self.gross.setData(s.x, s.gross)
        self._y.apply(self.getPlotItem().setYRange, chart.y_range)
