"""The payoff chart: earned (y, dollars) against the savings rate (x, percent of benchmark).

Every item is created once and updated with ``setData``/``setPos``; the curve and its lines are touched
only when the screen brings a new series (not while only the savings rate moves), and an axis range only
when the screen's range differs from the one shown.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

from aco_desktop.ui.panels.chart_items import (Dot, MoneyAxis, PercentAxis, RangeShown, Span, SquareDot, cache_static,
                                               pen, still_chart)
from aco_desktop.ui.panels.chart_native import Curve, Grid, Tag, Threshold
from aco_desktop.view import palette
from aco_desktop.view.chart import VIEW_HIGH_PCT, VIEW_LOW_PCT, Line, hover_label
from aco_desktop.view.screen import PayoffChart

# One pixel: Qt draws a one-pixel dashed line in a single pass; a wider one is cut into dashes stroked and
# filled one by one (half a million instructions for each line that moves on a frame).
THRESHOLD_WIDTH = 1.0


def _line(view_box, vertical: bool, ink: str, style, label_at: float = 0.93, anchors=None) -> Threshold:
    return Threshold(view_box, vertical, pen(ink, THRESHOLD_WIDTH, style), label_at, anchors)


class PayoffPlot(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"left": MoneyAxis("left"), "bottom": PercentAxis("bottom")})
        item = still_chart(self, 170)  # the charts shrink before anything is cut off
        self.setAntialiasing(True)  # smooth at rest (Qt draws the curves and lines; a drag turns it off)
        item.setLabel("bottom", "Savings rate (% of benchmark; negative = spending above benchmark)")
        item.setLabel("left", "Paid (+) / owed (\N{MINUS SIGN})")  # short: never clipped on a laptop
        self.grid = Grid(self, GRID_ALPHA)  # lines at the money ticks, in the background
        self._x_shown, self._y_shown = RangeShown(), RangeShown()
        self._x_shown.shown = (VIEW_LOW_PCT, VIEW_HIGH_PCT)
        item.setXRange(VIEW_LOW_PCT, VIEW_HIGH_PCT, padding=0.01)
        self._add_thresholds()
        # The key is the plot's title row, above the data: it can never cover a curve, point or label.
        self.legend_key: tuple = ()
        self.extra_keys: dict[str, tuple[str, str, str]] = {}  # features' curves: name -> (colour, words, style)
        self.key_points = 9.0
        # Qt's own path items (chart_native.Curve), not pyqtgraph's: those bound and paint themselves in
        # Python on every frame, and a data item's setData also prepares downsampling and symbols.
        self.baseline_curve = Curve(pen(palette.BASELINE, 2, Qt.PenStyle.DotLine))
        self.baseline_curve.setVisible(False)  # until a baseline is pinned
        self.addItem(self.baseline_curve)
        self.earn_curve = Curve(pen(palette.GAIN, 3))
        self.owe_curve = Curve(pen(palette.LOSS, 3, Qt.PenStyle.DashLine))  # dashed as well as red: colour-blind safe
        self.flat_curve = Curve(pen(palette.GREY, 3))
        for curve in (self.earn_curve, self.owe_curve, self.flat_curve):
            self.addItem(curve)
        self._add_marker()
        self._add_hover()
        cache_static(self, (self.earn_curve, self.owe_curve, self.flat_curve, self.baseline_curve))
        self._series = None
        self._dragging = False
        self._corridor_foot: tuple | None = None  # where the corridor's label stands (set only on a change)
        self._label_anchor: tuple | None = None  # the point label's side of the point
        self._baseline = None
        self._hover_pos: QPointF | None = None
        # Labels that say what a shaded area is; in a chart too short for them (a 200% screen, large
        # text) they would sit on the thresholds' and points' labels, so they step aside there.
        self.secondary_labels: list = [self.corridor_label]
        self.getPlotItem().vb.sigResized.connect(self._fit_secondary_labels)

    def _add_thresholds(self) -> None:
        self.corridor = Span(self.getPlotItem().vb, palette.CORRIDOR)
        self.corridor.setZValue(-20)  # below the outlook's band (-15), which is narrower
        self.addItem(self.corridor)
        # At the foot of the corridor: the curve is flat at zero there, and the current point's label (below
        # and right of the point) no longer lands on it.
        self.corridor_label = Tag("", palette.GREY, anchor=(0.5, 1.15))
        self.addItem(self.corridor_label)
        view_box = self.getPlotItem().vb
        self.zero_line = Threshold(view_box, False, pen(palette.GREY, 1))
        self.zero_line.label.setVisible(False)
        self.addItem(self.zero_line)
        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        self.msr_line = _line(view_box, True, palette.BLUE, dash)
        # near the top, below the MSR's label: clear of the corridor label on the zero line
        self.mlr_line = _line(view_box, True, palette.LOSS, dash, 0.84)
        self.net_line = _line(view_box, True, palette.GREY, dot, 0.80)
        # A cap's label sits on the chart's side of its line (below the savings cap, above the loss cap): the
        # caps are near the top and bottom of the range, and a label beyond them was cut off by the chart's edge.
        self.cap_line = _line(view_box, False, palette.GAIN, dash, 0.04, [(0, 0), (0, 0)])
        self.loss_cap_line = _line(view_box, False, palette.LOSS, dash, 0.96, [(1, 1), (1, 1)])
        for line in (self.msr_line, self.mlr_line, self.net_line, self.cap_line, self.loss_cap_line):
            self.addItem(line)

    def _add_marker(self) -> None:
        self.marker = Dot(13, palette.WHITE, pen(palette.BLACK, 2))
        self.marker.setZValue(20)
        self.addItem(self.marker)
        # Below and right of the marker: the curve never goes there (it is non-decreasing).
        self.marker_label = Tag("", palette.BLACK, palette.LABEL_FILL, anchor=(-0.08, -0.25))
        font = QFont()
        font.setBold(True)
        self.marker_label.setFont(font)
        self.marker_label.setZValue(21)
        self.addItem(self.marker_label)
        self.baseline_marker = SquareDot(11, palette.WHITE, pen(palette.BASELINE, 2))
        # Above and left of the pinned point (the curve rises to the right), away from the current label.
        self.baseline_label = Tag("", palette.BASELINE, palette.LABEL_FILL, anchor=(1.06, 1.2))
        for item in (self.baseline_marker, self.baseline_label):
            item.setZValue(19)
            item.setVisible(False)
            self.addItem(item)

    def _add_hover(self) -> None:
        view_box = self.getPlotItem().vb
        self.cross_v = Threshold(view_box, True, pen(palette.HOVER_LINE, 1))
        self.cross_h = Threshold(view_box, False, pen(palette.HOVER_LINE, 1))
        for cross in (self.cross_v, self.cross_h):
            cross.label.setVisible(False)
        self.cross_label = Tag("", palette.BLACK, palette.HOVER_FILL, anchor=(0, 1))
        for hover in (self.cross_v, self.cross_h, self.cross_label):
            hover.setZValue(30)
            hover.setVisible(False)
            self.addItem(hover, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._hover)

    def drawBackground(self, painter, rect) -> None:  # noqa: N802 (Qt API)
        super().drawBackground(painter, rect)
        self.grid.draw(painter)

    # ---- data --------------------------------------------------------------------------------------
    def show_chart(self, chart: PayoffChart) -> None:
        x, y = chart.marker
        self.marker.setData([x], [y])
        self.marker_label.setText(chart.marker_label)
        self._place_marker_label(x, y, chart)
        self.marker_label.setPos(x, y)
        if chart.series is not self._series:  # not only the savings rate moved
            self._show_series(chart.series)
        if chart.baseline is not self._baseline:
            self._show_baseline(chart.baseline)
        if chart.legend != self.legend_key:
            self._show_key(chart.legend)
        self._x_shown.apply(lambda lo, hi, padding: self.getPlotItem().setXRange(lo, hi, padding=0.01),
                            chart.series.x_range)
        self._y_shown.apply(self.getPlotItem().setYRange, chart.y_range)
        loss_cap = chart.series.loss_cap  # the label stands on the loss cap's line, or on the chart's foot
        foot = (chart.series.corridor_label.pos, max(chart.y_range[0], loss_cap.pos if loss_cap.visible else -np.inf))
        if foot != self._corridor_foot:
            self._corridor_foot = foot
            self.corridor_label.setPos(*foot)

    def _place_marker_label(self, x: float, y: float, chart: PayoffChart) -> None:
        """Below and right of the point, where the (non-decreasing) curve never goes; left of it near the
        right edge; above and left of it near the foot of the chart (a point at $0 on a one-sided track),
        where the curve to its left is flat or lower, but above and right of it when it is also near the
        left edge (a loss at the cap, where the curve to its right is flat): never off the chart."""
        (x_lo, x_hi), (y_lo, y_hi) = chart.series.x_range, chart.y_range
        left = x > x_lo + 0.7 * (x_hi - x_lo)
        left_edge = x < x_lo + 0.3 * (x_hi - x_lo)
        above = y < y_lo + 0.2 * (y_hi - y_lo)
        anchor = (1.08 if left or (above and not left_edge) else -0.08, 1.25 if above else -0.25)
        if anchor != self._label_anchor:
            self._label_anchor = anchor
            self.marker_label.setAnchor(anchor)

    def _show_series(self, s) -> None:
        self._series = s
        for item, y in ((self.earn_curve, s.earns), (self.owe_curve, s.owes), (self.flat_curve, s.flat)):
            item.setData(s.x, y)
            item.setVisible(bool(np.isfinite(y).any()))  # an empty item still costs a paint call a frame
        self.corridor.setRegion(s.corridor)
        self.corridor.setVisible(s.corridor[1] > s.corridor[0])
        self.corridor_label.setText(s.corridor_label.label)
        for item, line in self._lines():
            _set_line(item, line, words=not self._dragging)
        if self._hover_pos is not None:  # the readout follows a change of track or rules
            self._hover(self._hover_pos)

    def _lines(self) -> tuple:
        s = self._series
        return ((self.msr_line, s.msr), (self.mlr_line, s.mlr), (self.net_line, s.net),
                (self.cap_line, s.savings_cap), (self.loss_cap_line, s.loss_cap))

    def show_line_labels(self) -> None:
        """The thresholds' and caps' words for the curve shown. During a drag the lines move on every
        frame but their words follow with the window's detail (re-laying-out five labels' text cost a
        quarter of a frame; the key figures above carry the same amounts live)."""
        if self._series is not None:
            for item, line in self._lines():
                _set_line(item, line)

    def _show_baseline(self, baseline) -> None:
        self._baseline = baseline
        for item in (self.baseline_curve, self.baseline_marker, self.baseline_label):
            item.setVisible(baseline is not None)  # hidden, not only empty: an empty item is still painted
        if baseline is None:
            self.baseline_curve.setData([], [])
            self.baseline_marker.setData([], [])
            self.baseline_label.setText("")
        else:
            self.baseline_curve.setData(baseline.x, baseline.y)
            self.baseline_marker.setData([baseline.point[0]], [baseline.point[1]])
            self.baseline_label.setText(baseline.point_label)
            self.baseline_label.setPos(*baseline.point)

    def _show_key(self, key) -> None:
        self.legend_key = key
        strokes = {"solid": "\u2501\u2501", "dash": "\u2505\u2505", "dot": "\u00b7\u00b7\u00b7\u00b7"}
        inks = {"solid": palette.GAIN, "dash": palette.LOSS, "dot": palette.BASELINE}
        entries = [(inks[style], style, words) for style, words in key]
        entries += [(ink, style, words) for ink, words, style in self.extra_keys.values()]
        # An entry never breaks inside (non-breaking spaces); when the key wraps (chart_fit), it wraps
        # between entries.
        html = " ".join(f'<span style="color:{ink}">{strokes[style]}</span>&nbsp;'
                        f'{_escape(words).replace(" ", "&nbsp;")}&nbsp;&nbsp;' for ink, style, words in entries)
        self.getPlotItem().setTitle(html, size=f"{self.key_points:g}pt")

    def set_extra_key(self, name: str, ink: str, words: str | None, style: str = "dash") -> None:
        """A feature's curve in the key above the chart (``words`` None removes it), drawn ``style``
        ("dash" or "dot")."""
        entry = None if words is None else (ink, words, style)
        if self.extra_keys.get(name) == entry:
            return  # re-setting the title re-lays-out the plot: only on a change
        if entry is None:
            self.extra_keys.pop(name, None)
        else:
            self.extra_keys[name] = entry
        self._show_key(self.legend_key)

    def set_key_points(self, points: float) -> None:
        """The key's text size (presentation mode makes it larger)."""
        self.key_points = points
        self._show_key(self.legend_key)

    def legend_words(self) -> list[str]:
        return [words for _, words in self.legend_key]

    def set_dragging(self, dragging: bool) -> None:
        """Draw the curves without antialiasing and straight to the screen while a slider is dragged (half
        the cost of a software frame; a pixel cache of a curve that changes every move is painted twice);
        the frame at release is antialiased and cached again (the hover readout then re-blits them)."""
        self._dragging = dragging
        if not dragging:
            self.show_line_labels()
        self.setAntialiasing(not dragging)  # every item: the dashed lines, the labels' boxes
        for item in self.getPlotItem().listDataItems():  # the features' curves (expected, reform) too
            for curve in (item, getattr(item, "curve", None)):  # a data item and the curve it holds
                if isinstance(curve, (pg.PlotDataItem, pg.PlotCurveItem)):
                    curve.opts["antialias"] = not dragging
                    curve.update()
        cache = QGraphicsItem.CacheMode.NoCache if dragging else QGraphicsItem.CacheMode.DeviceCoordinateCache
        for item in (self.earn_curve, self.owe_curve, self.flat_curve, self.baseline_curve):
            item.setCacheMode(cache)

    def _fit_secondary_labels(self, view_box) -> None:
        roomy = view_box.height() >= SECONDARY_LABELS_MIN_HEIGHT
        for label in self.secondary_labels:
            label.setVisible(roomy)

    # ---- hover ---------------------------------------------------------------------------------------
    def _hover(self, pos: QPointF) -> None:
        s = self._series
        inside = s is not None and self.getPlotItem().vb.sceneBoundingRect().contains(pos)
        self._hover_pos = pos if inside else None
        for hover in (self.cross_v, self.cross_h, self.cross_label):
            hover.setVisible(inside)
        if not inside:
            return
        point = self.getPlotItem().vb.mapSceneToView(pos)
        finite = ~np.isnan(s.x)
        xs, ys = s.x[finite], s.y[finite]
        i = int(np.clip(np.searchsorted(xs, point.x()), 0, xs.size - 1))
        x, y = float(xs[i]), float(ys[i])
        self.cross_v.set_value(x)
        self.cross_h.set_value(y)
        self.cross_label.setText(hover_label(x, y))
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


GRID_ALPHA = 0.15  # the grid's darkest lines: 15% black
SECONDARY_LABELS_MIN_HEIGHT = 150  # px of plot area below which the shaded areas' labels are not drawn


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _set_line(item: Threshold, line: Line, words: bool = True) -> None:
    item.setVisible(line.visible)
    if line.visible:
        item.set_value(line.pos)
        if words:
            item.label.setText(line.label)
