"""The charts of "Find my ACO": the ACO's history (savings rate and MSR above, earned below) and its
peers as tick marks on the payoff chart's savings axis. Items are created once and fed with ``setData``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt

from aco_desktop.ui.panels.chart_items import MoneyAxis, brush, pen
from aco_desktop.view import palette
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aco_desktop.view.my_aco import HistorySeries, PeerMarks

RUG_SIZE = 16  # pixels: a tick that reads at a glance without hiding the curve


class HistoryChart(pg.GraphicsLayoutWidget):
    """Savings rate and published MSR by year (percent), and the published earned amount (dollars)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(150)
        self.setMaximumHeight(250)
        self.rates = self.addPlot(row=0, col=0)
        self.rates.showGrid(y=True, alpha=0.2)  # no axis title: the dock is narrow, the plot's title says it
        self.rates.setTitle("Savings rate (green), MSR (dashed): %", size="8pt")
        self.savings_curve = self.rates.plot([], [], pen=pen(palette.GAIN, 2), symbol="o", symbolSize=6,
                                             symbolBrush=brush(palette.GAIN), name="Savings rate")
        self.msr_curve = self.rates.plot([], [], pen=pen(palette.BLUE, 1.5, Qt.PenStyle.DashLine),
                                         connect="finite", name="MSR")
        self.money = self.addPlot(row=1, col=0, axisItems={"left": MoneyAxis("left")})
        self.money.setTitle("Earned, as published", size="8pt")
        self.money.setXLink(self.rates)
        self.earned_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=brush(palette.ACO_SHARE_KEY),
                                           pen=pen(palette.GAIN, 1))
        self.money.addItem(self.earned_bars)
        for plot in (self.rates, self.money):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=15)  # the last year's label at the edge
        self.rates.getAxis("bottom").setStyle(showValues=False)  # the years once, under the bars: room for rates
        self.ci.layout.setRowStretchFactor(0, 3)  # the rates (with their MSR) take more of a short dock
        self.ci.layout.setRowStretchFactor(1, 2)
        self.series: HistorySeries | None = None
        self._view = None  # (ticks, x range, rates' y range, money's y range) last set

    def sizeHint(self) -> QSize:  # noqa: N802
        """Small: the dock's scroll area sizes the panel by its preferred height, and the notes below the
        chart must fit a laptop's dock without scrolling; the chart takes whatever room is left."""
        return QSize(300, 170)

    def show_series(self, series: HistorySeries) -> None:
        """Feed the items; ticks and ranges are set only when they change (each change re-lays-out and
        redraws the axes, most of this chart's cost), and both ranges are set rather than auto-ranged."""
        self.series = series
        self.savings_curve.setData(series.years, series.savings_pct)
        self.msr_curve.setData(series.years, series.msr_pct)
        earned = np.nan_to_num(series.earned)
        self.earned_bars.setOpts(x=series.years, height=earned, width=0.6)
        step = 1 if series.years.size <= 6 else 2 if series.years.size <= 12 else 3
        ticks = [[(float(y), str(int(y))) for y in series.years[::-1][::step]]]  # whole years, the last always
        if not series.years.size:
            return
        rates = np.concatenate([series.savings_pct, series.msr_pct[np.isfinite(series.msr_pct)]])
        view = (ticks, (series.years[0] - 0.6, series.years[-1] + 0.6), _span(rates.min(), rates.max()),
                _span(min(0.0, float(earned.min())), max(1.0, float(earned.max()))))
        if view == self._view:
            return
        if ticks != (self._view or [None])[0]:
            for plot in (self.rates, self.money):
                plot.getAxis("bottom").setTicks(ticks)
        self._view = view
        # a short plot: 2-3 labels within the data's own span, so none sits on an edge where it is hidden
        self.rates.getAxis("left").setTicks([_few_ticks(float(rates.min()), float(rates.max()))])
        self.rates.setRange(xRange=view[1], yRange=view[2], padding=0)
        self.money.setYRange(*view[3], padding=0)

    def bar_data(self) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.earned_bars.opts["x"]), np.asarray(self.earned_bars.opts["height"])


def _span(low: float, high: float, pad: float = 0.08) -> tuple[float, float]:
    """``low``-``high`` with 8% room each side (1 either side when they are equal)."""
    room = (high - low) * pad or 1.0
    return float(low - room), float(high + room)


def _few_ticks(low: float, high: float, most: int = 3) -> list[tuple[float, str]]:
    """Round values within ``low``-``high`` (steps of 1, 2 or 5 times a power of ten): at most ``most``,
    unless that leaves fewer than two, then the next finer step."""
    values = np.zeros(0)
    for step in (m * 10.0 ** e for e in range(-2, 7) for m in (1, 2, 5)):
        finer, values = values, np.arange(np.ceil(low / step) * step, high + step * 1e-9, step)
        if values.size <= most:
            values = finer if values.size < 2 and finer.size else values
            break
    return [(float(v) + 0.0, f"{v + 0.0:g}") for v in np.round(values, 6)]  # + 0.0: never "-0"


class PeerRug:
    """The peers' savings rates as ticks at y=0 on the payoff chart: green cleared their MSR, grey did not."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.marks = pg.ScatterPlotItem(symbol="|", size=RUG_SIZE, pxMode=True)
        self.marks.setZValue(15)  # above the curve, below the marker (20)
        self.marks.setVisible(False)  # hidden while empty: an empty scatter is still painted on every frame
        plot.addItem(self.marks, ignoreBounds=True)
        self._shown: PeerMarks | None = None
        self._styles = [(pen(color, 1), brush(color)) for color in (palette.GREY, palette.GAIN)]  # made once
        self.enabled = True

    def show_marks(self, marks: PeerMarks | None) -> None:
        self._shown = marks
        self._draw()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._draw()

    def _draw(self) -> None:
        marks = self._shown
        shown = marks is not None and self.enabled
        self.marks.setVisible(shown)
        if not shown:
            self.marks.setData([], [])
            return
        x = np.concatenate([marks.x_short, marks.x_cleared])
        short, cleared = self._styles
        styles = [short] * marks.x_short.size + [cleared] * marks.x_cleared.size
        self.marks.setData(x=x, y=np.zeros(x.size), pen=[p for p, _ in styles], brush=[b for _, b in styles])

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.marks.getData()
        return np.asarray(x), np.asarray(y)
