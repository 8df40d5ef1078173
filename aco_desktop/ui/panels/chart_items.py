"""Pieces both charts use: money and percent axes, pens, points, bands, device-pixel caching. The payoff
chart's curves, threshold lines, labels and grid are in ``chart_native``."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from aco_desktop.ui.colors import qcolor
from aco_desktop.format import money_short
from aco_desktop.view import palette

pg.setConfigOptions(antialias=True, background="w", foreground="k")


class MoneyAxis(pg.AxisItem):
    """Dollars, in a text space as wide as the widest amount at its font ("-$000.0M"): when a drag re-ranged
    the axis and the new amounts were longer or shorter, the axis changed width and the whole chart was
    laid out and repainted again, its other axis re-drawn too (most of a frame)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fit_text_space()

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        return [money_short(v * scale) for v in values]

    def setStyle(self, **kwargs) -> None:  # noqa: N802
        super().setStyle(**kwargs)
        if "tickFont" in kwargs:
            self.fit_text_space()

    def fit_text_space(self) -> None:
        font = self.style.get("tickFont") or pg.QtWidgets.QApplication.font()
        room = pg.QtGui.QFontMetrics(font).horizontalAdvance(money_short(-888.8e6)) + 4
        if self.style.get("tickTextWidth") != room or self.style.get("autoExpandTextSpace"):
            super().setStyle(autoExpandTextSpace=False, tickTextWidth=room)


class PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [f"{v:g}%" for v in values]


def pen(color: str, width: float = 2.5, style=Qt.PenStyle.SolidLine) -> pg.mkPen:
    return pg.mkPen(color=qcolor(color), width=width, style=style)


def brush(color: str) -> pg.mkBrush:
    return pg.mkBrush(qcolor(color))


def solid_brush(color: str) -> pg.mkBrush:
    """``color`` as it shows on the white chart, opaque (a fill that need not be blended: cheap to repaint)."""
    return brush(palette.over_white(color))


def still_chart(plot: pg.PlotWidget, min_height: int) -> pg.PlotItem:
    """A chart the user cannot pan or zoom, with ranges set by the window (never auto-ranged)."""
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.disableAutoRange()
    plot.setMouseEnabled(x=False, y=False)
    plot.setMinimumHeight(min_height)
    return item


def fit_chart_text(plot: pg.PlotWidget, font) -> None:
    """Axis ticks and titles at the app's text size (a projector's larger text reaches the charts)."""
    item = plot.getPlotItem()
    tick = pg.QtGui.QFont(font)
    tick.setPointSizeF(max(6.0, font.pointSizeF() * 0.9))
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setStyle(tickFont=tick)
        axis.label.setFont(font)
        axis.picture = None
        axis.update()


def cache_static(plot: pg.PlotWidget, items) -> None:
    """Paint these items and the axes into device-pixel caches: moving the marker then re-blits them
    instead of re-drawing antialiased paths and axes (most of a frame in software rendering)."""
    plot_item = plot.getPlotItem()
    cache_pixels([plot_item.getAxis(axis) for axis in ("left", "bottom")] + list(items))


def cache_pixels(items) -> None:
    """Keep each item (a data item: its curve) as device pixels, re-drawn only when it or the view's range
    changes: for curves that change with the detail clock, not on every move of a drag (stroking a long
    dashed curve cost more than the rest of the chart)."""
    for item in items:
        target = item.curve if isinstance(item, pg.PlotDataItem) else item
        target.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)


class _Point:
    """One point drawn ``size`` pixels wide whatever the axes' scales. Qt paints it natively: pyqtgraph's
    scatter item, made for thousands of points, cost a good part of a frame in Python to draw this one.
    Speaks the scatter item's ``setData``/``getData``/``setSize``/``opts["size"]``."""

    def _start(self, size: float, fill: str, edge) -> None:
        self.opts = {"size": size}
        self.setBrush(brush(fill))
        self.setPen(edge)
        self.setFlag(pg.QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._xy: tuple[list[float], list[float]] = ([], [])
        self.setSize(size)

    def setSize(self, size: float) -> None:  # noqa: N802 (pyqtgraph's name)
        self.opts["size"] = size
        self.setRect(-size / 2, -size / 2, size, size)

    def setData(self, x, y) -> None:  # noqa: N802
        self._xy = (list(x), list(y))
        if self._xy[0]:
            self.setPos(self._xy[0][0], self._xy[1][0])

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802
        return np.asarray(self._xy[0], dtype=float), np.asarray(self._xy[1], dtype=float)


class Dot(_Point, pg.QtWidgets.QGraphicsEllipseItem):
    def __init__(self, size: float, fill: str, edge) -> None:
        pg.QtWidgets.QGraphicsEllipseItem.__init__(self)
        self._start(size, fill, edge)


class SquareDot(_Point, pg.QtWidgets.QGraphicsRectItem):
    def __init__(self, size: float, fill: str, edge) -> None:
        pg.QtWidgets.QGraphicsRectItem.__init__(self)
        self._start(size, fill, edge)


class Span(pg.QtWidgets.QGraphicsRectItem):
    """A band across the chart's whole height from x0 to x1 (data units): an opaque fill (``solid_brush``),
    edges drawn by ``edge`` if given, and an optional label (a ``chart_native.Tag``) near its right edge at ``label_at`` of the
    height. Qt paints it natively (pyqtgraph's region item paints itself and two edge lines in Python on
    every frame). Speaks the region item's ``setRegion``/``getRegion``."""

    def __init__(self, view_box, fill: str, edge=None, label: QGraphicsItem | None = None,
                 label_at: float = 0.72) -> None:
        super().__init__()
        self.setBrush(solid_brush(fill))
        self.setPen(edge if edge is not None else pg.mkPen(None))
        self._view_box, self._region = view_box, (0.0, 0.0)
        self.label, self._label_at = label, label_at
        view_box.sigYRangeChanged.connect(self._fit)

    def setRegion(self, region) -> None:  # noqa: N802 (pyqtgraph's name)
        region = (float(region[0]), float(region[1]))
        if region != self._region:
            self._region = region
            self._fit()

    def getRegion(self) -> tuple[float, float]:  # noqa: N802
        return self._region

    def _fit(self, *_) -> None:
        (x0, x1), (y0, y1) = self._region, self._view_box.viewRange()[1]
        room = y1 - y0  # beyond the chart's top and foot: the view clips them, so no edge shows there
        self.setRect(pg.QtCore.QRectF(x0, y0 - room, x1 - x0, 3 * room))
        if self.label is not None:
            self.label.setPos(x1, y0 + self._label_at * room)


class Band(pg.QtWidgets.QGraphicsPathItem):
    """A filled band between two series sharing x; one path per change (pyqtgraph's FillBetweenItem
    rebuilds its path on every change of either curve, twice per update here)."""

    def __init__(self, color: str) -> None:
        super().__init__()
        self.setBrush(brush(color))
        self.setPen(pg.mkPen(None))

    def set_band(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        xs = np.concatenate([x, x[::-1]])
        ys = np.concatenate([high, low[::-1]])
        path = pg.arrayToQPath(xs, ys)
        path.closeSubpath()
        self.setPath(path)


class RangeShown:
    """Sets an axis range only when it differs from the one on screen (re-ticking costs a frame)."""

    def __init__(self) -> None:
        self.shown: tuple[float, float] | None = None

    def apply(self, set_range, new: tuple[float, float]) -> None:
        if new != self.shown:
            self.shown = new
            set_range(*new, padding=0)
