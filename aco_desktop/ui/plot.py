"""The payoff curve and the who-keeps-what view (pyqtgraph).

Every item is created once and updated with ``setData``/``setPos``. Axis ranges stay fixed while the
user drags and change only when the curve leaves them or shrinks well inside them: re-ticking the axes
on every move costs a whole frame (platform notes).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont

from aco_desktop.engine import PayoffCurve, Settlement, savings_needed_rate
from aco_desktop.view.format import money_short, usd

GREEN = QColor(22, 130, 60)
RED = QColor(196, 40, 40)
GREY = QColor(110, 110, 110)
BLUE = QColor(40, 90, 170)
CORRIDOR = QColor(120, 120, 120, 40)
X_LOW, X_HIGH = -20.0, 25.0  # percent of benchmark: the default view

pg.setConfigOptions(antialias=True, background="w", foreground="k")


class MoneyAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        return [money_short(v * scale) for v in values]


class PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [f"{v:g}%" for v in values]


def _pen(color: QColor, width: float = 2.5, style=Qt.PenStyle.SolidLine) -> pg.mkPen:
    return pg.mkPen(color=color, width=width, style=style)


def _cache_static(plot: pg.PlotWidget, items) -> None:
    """Paint these items into device-pixel caches: moving the marker then re-blits them instead of
    re-drawing antialiased paths and axes (most of a frame in software rendering)."""
    cache = pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
    plot_item = plot.getPlotItem()
    for axis in ("left", "bottom"):
        plot_item.getAxis(axis).setCacheMode(cache)
    for item in items:
        target = item.curve if isinstance(item, pg.PlotDataItem) else item
        target.setCacheMode(cache)


def _signed_parts(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split ``y`` into positive, negative and zero series (NaN elsewhere), each keeping the points where
    it meets its neighbour so no segment is lost at a continuous crossing."""
    def keep(mask: np.ndarray) -> np.ndarray:
        grown = mask.copy()
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
        return np.where(grown & ~np.isnan(y), y, np.nan)

    finite = ~np.isnan(y)
    pos = finite & (y > 0.005)
    neg = finite & (y < -0.005)
    zero = finite & ~pos & ~neg
    return keep(pos), keep(neg), np.where(zero, y, np.nan)


class _FixedRange:
    """Decides when an axis range must change. While the user drags (``tight=False``): only when the data
    leaves it or fills less than a third of it, since re-ticking costs a frame. Otherwise the range fits
    the data."""

    def __init__(self) -> None:
        self.low = self.high = None

    def update(self, low: float, high: float, tight: bool = True) -> tuple[float, float] | None:
        span = max(high - low, 1.0)
        target = (low - 0.12 * span, high + 0.12 * span)
        if self.low is not None:
            inside = self.low <= low and high <= self.high
            current = self.high - self.low
            if not tight and inside and span >= current / 3:
                return None
            close = 0.02 * (target[1] - target[0])
            if tight and abs(self.low - target[0]) <= close and abs(self.high - target[1]) <= close:
                return None
        self.low, self.high = target
        return target


def _ranged(values: list[np.ndarray]) -> tuple[float, float]:
    finite = np.concatenate([v[~np.isnan(v)] for v in values if v.size])
    return (float(min(finite.min(), 0.0)), float(max(finite.max(), 0.0))) if finite.size else (-1.0, 1.0)


class PayoffPlot(pg.PlotWidget):
    """Earned (y, dollars) against the savings rate (x, percent of benchmark)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"left": MoneyAxis("left"), "bottom": PercentAxis("bottom")})
        item = self.getPlotItem()
        item.setLabel("bottom", "Savings rate (% of benchmark; negative = spending above benchmark)")
        item.setLabel("left", "Settlement: CMS pays the ACO (+) / the ACO owes (-)")
        item.setMenuEnabled(False)
        item.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.15)
        item.disableAutoRange()
        self.setMinimumHeight(260)
        self._x_span: tuple[float, float] = (X_LOW, X_HIGH)
        self.getPlotItem().setXRange(X_LOW, X_HIGH, padding=0.01)
        self._y_range = _FixedRange()

        self.corridor = pg.LinearRegionItem(values=(0, 1), movable=False, brush=pg.mkBrush(CORRIDOR),
                                            pen=pg.mkPen(None))
        self.corridor.setZValue(-20)
        self.addItem(self.corridor)
        self.corridor_label = pg.TextItem("", color=GREY, anchor=(0.5, -0.15))  # just below the zero line
        self.addItem(self.corridor_label)
        self.zero_line = pg.InfiniteLine(pos=0, angle=0, pen=_pen(GREY, 1))
        self.addItem(self.zero_line)
        label_opts = {"position": 0.93, "color": (60, 60, 60), "fill": (255, 255, 255, 200), "movable": False}
        self.msr_line = pg.InfiniteLine(angle=90, pen=_pen(BLUE, 1.5, Qt.PenStyle.DashLine), label="",
                                        labelOpts=label_opts)
        self.mlr_line = pg.InfiniteLine(angle=90, pen=_pen(RED, 1.5, Qt.PenStyle.DashLine), label="",
                                        labelOpts={**label_opts, "position": 0.07})
        self.net_line = pg.InfiniteLine(angle=90, pen=_pen(GREY, 1.2, Qt.PenStyle.DotLine), label="",
                                        labelOpts={**label_opts, "position": 0.80})
        cap_opts = {**label_opts, "position": 0.04, "anchors": [(0, 1), (0, 1)]}
        self.cap_line = pg.InfiniteLine(angle=0, pen=_pen(GREEN, 1.2, Qt.PenStyle.DashLine), label="",
                                        labelOpts=cap_opts)
        self.loss_cap_line = pg.InfiniteLine(angle=0, pen=_pen(RED, 1.2, Qt.PenStyle.DashLine), label="",
                                             labelOpts={**cap_opts, "position": 0.96, "anchors": [(1, 0), (1, 0)]})
        for line in (self.msr_line, self.mlr_line, self.net_line, self.cap_line, self.loss_cap_line):
            self.addItem(line)

        self.legend = item.addLegend(offset=(-10, -40), labelTextSize="9pt")  # bottom right: empty there
        self.baseline_curve = pg.PlotDataItem(pen=_pen(QColor(90, 90, 90), 2, Qt.PenStyle.DashLine),
                                              connect="finite", name="Baseline")
        self.addItem(self.baseline_curve)
        self.legend.removeItem(self.baseline_curve)
        self.earn_curve = pg.PlotDataItem(pen=_pen(GREEN, 3), connect="finite", name="ACO earns")
        self.owe_curve = pg.PlotDataItem(pen=_pen(RED, 3), connect="finite", name="ACO owes")
        self.flat_curve = pg.PlotDataItem(pen=_pen(GREY, 3), connect="finite")
        for curve in (self.earn_curve, self.owe_curve, self.flat_curve):
            self.addItem(curve)

        self.marker = pg.ScatterPlotItem(size=13, brush=pg.mkBrush(255, 255, 255), pen=_pen(QColor(0, 0, 0), 2))
        self.marker.setZValue(20)
        self.addItem(self.marker)
        # Below and right of the marker: the curve never goes there (it is non-decreasing).
        self.marker_label = pg.TextItem("", color=(0, 0, 0), fill=(255, 255, 255, 200), anchor=(-0.08, -0.25))
        font = QFont()
        font.setBold(True)
        self.marker_label.setFont(font)
        self.marker_label.setZValue(21)
        self.addItem(self.marker_label)

        self.cross_v = pg.InfiniteLine(angle=90, pen=_pen(QColor(0, 0, 0, 90), 1))
        self.cross_h = pg.InfiniteLine(angle=0, pen=_pen(QColor(0, 0, 0, 90), 1))
        self.cross_label = pg.TextItem("", color=(0, 0, 0), fill=(255, 255, 230, 235), anchor=(0, 1))
        for hover in (self.cross_v, self.cross_h, self.cross_label):
            hover.setZValue(30)
            hover.setVisible(False)
            self.addItem(hover, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._hover)
        _cache_static(self, (self.earn_curve, self.owe_curve, self.flat_curve, self.baseline_curve))

        self._x = np.array([])
        self._y = np.array([])
        self._baseline = np.array([]), np.array([])
        self._marker = (0.0, 0.0)
        self._shown_curve: PayoffCurve | None = None
        self._shown_curve_terms = None

    # ---- data --------------------------------------------------------------------------------------
    def show(self, result: Settlement, curve: PayoffCurve, dragging: bool = False) -> None:  # noqa: A003
        t = result.terms
        x_now = result.savings_rate * 100
        self._marker = (x_now, result.earned)
        self.marker.setData([x_now], [result.earned])
        self.marker_label.setText(f"{usd(result.earned)} at {x_now:.1f}%")
        if curve is self._shown_curve:  # only the savings rate moved: the marker is all that changes
            self.marker_label.setPos(*self._marker)
            return
        self._shown_curve = curve
        self._shown_curve_terms = t
        self._x = curve.rates * 100
        self._y = curve.earned
        pos, neg, zero = _signed_parts(self._y)
        self.earn_curve.setData(self._x, pos)
        self.owe_curve.setData(self._x, neg)
        self.flat_curve.setData(self._x, zero)
        self.msr_line.setPos(t.msr.value * 100)
        self.msr_line.label.setFormat(f"MSR {t.msr.value * 100:.2f}%")
        lo_edge = -t.mlr.value * 100 if t.two_sided else float(np.nanmin(self._x))
        self.corridor.setRegion((lo_edge, savings_needed_rate(t) * 100))
        self.corridor_label.setText("nothing shared" if not t.two_sided else "corridor: nothing shared")
        self.mlr_line.setVisible(t.two_sided)
        if t.two_sided:
            self.mlr_line.setPos(-t.mlr.value * 100)
            self.mlr_line.label.setFormat(f"MLR {t.mlr.value * 100:.2f}%")
        self.net_line.setVisible(bool(t.net_threshold))
        if t.net_threshold:
            self.net_line.setPos(t.net_threshold * 100)
            self.net_line.label.setFormat(f"net {t.net_threshold * 100:g}% threshold")
        self.cap_line.setPos(curve.max_earned)
        self.cap_line.label.setFormat(f"savings cap {money_short(curve.max_earned)}")
        self.loss_cap_line.setVisible(t.two_sided and curve.max_owed > 0.5)  # none when losses are forgiven
        if t.two_sided:
            self.loss_cap_line.setPos(-curve.max_owed)
            self.loss_cap_line.label.setFormat(f"loss cap -{money_short(curve.max_owed)}")
        self._rerange(tight=not dragging)
        self._place_labels(t)

    def set_baseline(self, curve: PayoffCurve | None, name: str = "") -> None:
        if curve is None:
            self._baseline = np.array([]), np.array([])
            self.baseline_curve.setData([], [])
            self.legend.removeItem(self.baseline_curve)
        else:
            self._baseline = curve.rates * 100, curve.earned
            self.baseline_curve.setData(*self._baseline)
            self.legend.removeItem(self.baseline_curve)
            self.legend.addItem(self.baseline_curve, f"Baseline: {name}")
        self._rerange()

    def fit(self) -> None:
        """Fit the ranges to the data (after a drag, whose ranges were kept loose)."""
        self._rerange(tight=True)
        if self._shown_curve is not None:
            self._place_labels(self._shown_curve_terms)

    def _rerange(self, tight: bool = True) -> None:
        item = self.getPlotItem()
        x_low = min(X_LOW, float(np.nanmin(self._x))) if self._x.size else X_LOW
        x_high = max(X_HIGH, float(np.nanmax(self._x))) if self._x.size else X_HIGH
        if (x_low, x_high) != self._x_span:  # the default view, widened only while the curve needs it
            self._x_span = (x_low, x_high)
            item.setXRange(x_low, x_high, padding=0.01)
        caps = np.array([self.cap_line.value(), self.loss_cap_line.value() if self.loss_cap_line.isVisible() else 0.0])
        low, high = _ranged([self._y, self._baseline[1], np.array([self._marker[1]]), caps])
        y_new = self._y_range.update(low, high, tight)
        if y_new:
            item.setYRange(*y_new, padding=0)

    def _place_labels(self, t) -> None:
        left = -t.mlr.value * 100 if t.two_sided else self._x_span[0]
        self.corridor_label.setPos((left + savings_needed_rate(t) * 100) / 2, 0)
        self.marker_label.setPos(*self._marker)

    # ---- hover ---------------------------------------------------------------------------------------
    def _hover(self, pos: QPointF) -> None:
        inside = self.getPlotItem().sceneBoundingRect().contains(pos)
        for hover in (self.cross_v, self.cross_h, self.cross_label):
            hover.setVisible(inside and self._x.size > 0)
        if not inside or not self._x.size:
            return
        point = self.getPlotItem().vb.mapSceneToView(pos)
        finite = ~np.isnan(self._x)
        xs, ys = self._x[finite], self._y[finite]
        i = int(np.clip(np.searchsorted(xs, point.x()), 0, xs.size - 1))
        x, y = float(xs[i]), float(ys[i])
        self.cross_v.setPos(x)
        self.cross_h.setPos(y)
        self.cross_label.setText(f"savings {x:.2f}%\n{'earns' if y >= 0 else 'owes'} {usd(abs(y))}")
        self.cross_label.setPos(x, y)

    # ---- what tests and the smoke test read ---------------------------------------------------------
    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The plotted curve (x in percent, y in dollars), NaN at the jumps, as drawn."""
        x, pos = self.earn_curve.getData()
        _, neg = self.owe_curve.getData()
        _, zero = self.flat_curve.getData()
        y = np.where(~np.isnan(pos), pos, np.where(~np.isnan(neg), neg, zero))
        return np.asarray(x), y

    def marker_point(self) -> tuple[float, float]:
        xs, ys = self.marker.getData()
        return float(xs[0]), float(ys[0])


class _Band(pg.QtWidgets.QGraphicsPathItem):
    """A filled band between two series sharing x; one path per change (pyqtgraph's FillBetweenItem
    rebuilds its path on every change of either curve, twice per update here)."""

    def __init__(self, color: QColor) -> None:
        super().__init__()
        self.setBrush(pg.mkBrush(color))
        self.setPen(pg.mkPen(None))

    def set_band(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        xs = np.concatenate([x, x[::-1]])
        ys = np.concatenate([high, low[::-1]])
        path = pg.arrayToQPath(xs, ys)
        path.closeSubpath()
        self.setPath(path)


class WhoKeepsPlot(pg.PlotWidget):
    """How gross savings (or losses) split between the ACO and Medicare across the same savings rates."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"left": MoneyAxis("left"), "bottom": PercentAxis("bottom")})
        item = self.getPlotItem()
        item.setLabel("left", "Who keeps what")
        item.setMenuEnabled(False)
        item.hideButtons()
        item.disableAutoRange()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(150)
        self._y_range = _FixedRange()
        self.aco_fill = _Band(QColor(22, 130, 60, 110))
        self.medicare_fill = _Band(QColor(40, 90, 170, 70))
        self.addItem(self.aco_fill)
        self.addItem(self.medicare_fill)
        self.earned = pg.PlotCurveItem(pen=_pen(GREEN, 1.5))
        self.gross = pg.PlotCurveItem(pen=_pen(BLUE, 1.5))
        for curve in (self.earned, self.gross):
            self.addItem(curve)
        legend = item.addLegend(offset=(10, 5), labelTextSize="9pt")
        legend.addItem(pg.BarGraphItem(x=[0], height=[0], width=0, brush=pg.mkBrush(22, 130, 60, 160)),
                       "ACO's share (earned, or owed)")
        legend.addItem(pg.BarGraphItem(x=[0], height=[0], width=0, brush=pg.mkBrush(40, 90, 170, 120)),
                       "Medicare's share (kept savings, or absorbed loss)")
        self.marker_line = pg.InfiniteLine(angle=90, pen=_pen(QColor(0, 0, 0, 120), 1, Qt.PenStyle.DotLine))
        self.addItem(self.marker_line)
        self._shown_curve: PayoffCurve | None = None
        self._extent = (-1.0, 1.0)
        _cache_static(self, (self.aco_fill, self.medicare_fill, self.earned, self.gross))

    def show(self, result: Settlement, curve: PayoffCurve, dragging: bool = False) -> None:  # noqa: A003
        self.marker_line.setPos(result.savings_rate * 100)
        if curve is self._shown_curve:  # only the savings rate moved
            return
        self._shown_curve = curve
        finite = ~np.isnan(curve.rates)
        x = curve.rates[finite] * 100
        earned = curve.earned[finite]
        gross = curve.gross[finite]
        self.aco_fill.set_band(x, np.zeros_like(x), earned)
        self.medicare_fill.set_band(x, earned, gross)
        self.earned.setData(x, earned)
        self.gross.setData(x, gross)
        self._extent = _ranged([gross, earned])
        self.fit(tight=not dragging)

    def fit(self, tight: bool = True) -> None:
        new = self._y_range.update(*self._extent, tight)
        if new:
            self.getPlotItem().setYRange(*new, padding=0)
