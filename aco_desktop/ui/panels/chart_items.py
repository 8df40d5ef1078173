"""Pieces both charts use: money and percent axes, pens, a filled band, device-pixel caching, and the
payoff chart's items that Qt paints natively (curves, threshold lines, labels): pyqtgraph's own items
paint, bound and place themselves in Python on every frame, which made up most of a slider move's cost."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsSimpleTextItem

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
    edges drawn by ``edge`` if given, and an optional label near its right edge at ``label_at`` of the
    height. Qt paints it natively (pyqtgraph's region item paints itself and two edge lines in Python on
    every frame). Speaks the region item's ``setRegion``/``getRegion``."""

    def __init__(self, view_box, fill: str, edge=None, label: "Tag | None" = None,
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


class Curve(QGraphicsPathItem):
    """A polyline through (x, y) in data units, broken where either is NaN (a jump shows as a gap). Qt
    strokes it natively with a cosmetic pen (its width in pixels at any scale). Speaks the curve items'
    ``setData``/``getData``."""

    def __init__(self, line_pen) -> None:
        super().__init__()
        self.setPen(line_pen)
        self._xy = (np.empty(0), np.empty(0))

    def setData(self, x, y) -> None:  # noqa: N802 (pyqtgraph's name)
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self._xy = (x, y)
        keep = _corners(x, y)
        path, drawing = QPainterPath(), False
        for u, v in zip(x[keep].tolist(), y[keep].tolist()):
            if math.isnan(u) or math.isnan(v):
                drawing = False
            elif drawing:
                path.lineTo(u, v)
            else:
                path.moveTo(u, v)
                drawing = True
        self.setPath(path)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802
        return self._xy


def _corners(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The points a polyline through (x, y) needs: where a run of finite points starts, ends or bends, and
    the gap after each run (a payoff curve is a few straight pieces sampled on a grid: most of its points
    lie on a straight line)."""
    finite = ~(np.isnan(x) | np.isnan(y))
    keep = finite.copy()
    if x.size > 2:
        inner = finite[1:-1] & finite[:-2] & finite[2:]
        dx0, dy0 = x[1:-1] - x[:-2], y[1:-1] - y[:-2]
        dx1, dy1 = x[2:] - x[1:-1], y[2:] - y[1:-1]
        with np.errstate(invalid="ignore"):
            cross = np.abs(dx0 * dy1 - dy0 * dx1)
            scale = np.hypot(dx0, dy0) * np.hypot(dx1, dy1)
            straight = inner & (cross <= 1e-9 * scale)
        keep[1:-1] &= ~straight
    keep[1:] |= ~finite[1:] & finite[:-1]  # the first gap after a run: the polyline breaks there
    return keep


class Tag(QGraphicsRectItem):
    """Words on a chart at a data point, a fixed size on screen, on an optional box; ``anchor`` says which
    point of the box sits on the data point, as pyqtgraph's text item has it ((0, 0) top left, (1, 1)
    bottom right; beyond 0..1 leaves a gap). Drawn natively: no text document to lay out on a new text."""

    MARGIN = 4  # pixels around the words, as a text document has them

    def __init__(self, text: str = "", color: str = palette.BLACK, fill: str | None = None,
                 anchor: tuple[float, float] = (0.0, 0.0), parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPen(pg.mkPen(None))
        self.setBrush(brush(fill) if fill else pg.mkBrush(None))
        self._words = QGraphicsSimpleTextItem(self)
        # kept as pixels: words are laid out again on every paint, and most tags keep theirs through a drag
        self._words.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._words.setBrush(qcolor(color))
        self._words.setPen(pg.mkPen(None))
        self._anchor = tuple(anchor)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (pyqtgraph's name)
        if text != self._words.text():
            self._words.setText(text)
            self._fit()

    def toPlainText(self) -> str:  # noqa: N802
        return self._words.text()

    def setFont(self, font) -> None:  # noqa: N802
        self._words.setFont(font)
        self._fit()

    def font(self):
        return self._words.font()

    def setAnchor(self, anchor) -> None:  # noqa: N802
        anchor = tuple(anchor)
        if anchor != self._anchor:
            self._anchor = anchor
            self._fit()

    def mapRectToScene(self, rect) -> QRectF:  # noqa: N802 (Qt API)
        """Where ``rect`` (item pixels) shows in the scene. Qt's own mapping scales an item that ignores
        its parents' transformations by them all the same (the chart's pixels are the scene's)."""
        return QRectF(rect).translated(self.mapToScene(QPointF(0, 0)))

    def sceneBoundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self.mapRectToScene(self.boundingRect())

    def _fit(self) -> None:
        if not self._words.text():
            self.setRect(QRectF())  # no words, no box
            return
        words = self._words.boundingRect()
        width, height = words.width() + 2 * self.MARGIN, words.height() + 2 * self.MARGIN
        left, top = -self._anchor[0] * width, -self._anchor[1] * height
        self.setRect(QRectF(left, top, width, height))
        self._words.setPos(left + self.MARGIN, top + self.MARGIN)


class Threshold(QGraphicsLineItem):
    """A line across the whole chart at ``value()`` (vertical at an x, or horizontal at a y), with a label
    at ``label_at`` of the view's height (vertical) or width (horizontal). A vertical line's label takes
    ``anchors[0]`` left of the view's middle and ``anchors[1]`` right of it (facing the chart), as
    pyqtgraph's line labels do. Drawn natively; its line is fitted to the view only when the range changes."""

    def __init__(self, view_box, vertical: bool, line_pen, label_at: float = 0.5, anchors=None,
                 label_ink: str = palette.LABEL_INK, label_fill: str | None = palette.LABEL_FILL) -> None:
        super().__init__()
        self.setPen(line_pen)
        # kept as pixels: a line that moves is only re-blitted (its value is its position, see _fit)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._view_box, self._vertical, self._value = view_box, vertical, 0.0
        self._label_at = label_at
        self._anchors = anchors or ([(0, 0.5), (1, 0.5)] if vertical else [(0.5, 0), (0.5, 1)])
        self.label = Tag("", label_ink, label_fill, self._anchors[0], parent=self)
        view_box.sigRangeChanged.connect(self._fit)

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        if value != self._value:
            self._value = float(value)
            self._place()

    def _fit(self, *_) -> None:
        """The line across the view and its label's place along it, in the item's own coordinates: a new
        value then only moves the item, and Qt re-blits its pixels instead of drawing it again."""
        (x0, x1), (y0, y1) = self._view_box.viewRange()
        if self._vertical:
            # a little beyond the chart's top and foot (the view clips there): no end shows, few dashes drawn
            room = 0.01 * (y1 - y0)
            self.setLine(0, y0 - room, 0, y1 + room)
            self.label.setPos(0, y0 + self._label_at * (y1 - y0))
        else:
            room = 0.01 * (x1 - x0)
            self.setLine(x0 - room, 0, x1 + room, 0)
            self.label.setPos(x0 + self._label_at * (x1 - x0), 0)
        self._place()

    def _place(self) -> None:
        v = self._value
        if self._vertical:
            self.setPos(v, 0)
            (x0, x1), _ = self._view_box.viewRange()
            self.label.setAnchor(self._anchors[0] if v < (x0 + x1) / 2 else self._anchors[1])
        else:
            self.setPos(0, v)
            self.label.setAnchor(self._anchors[0])

class Grid:
    """Horizontal grid lines at the money axis's ticks, as pyqtgraph's axis grid draws them (each tick
    level fainter, ``alpha`` of black at most), but painted into the chart's background, which Qt keeps as
    a picture and only copies on a frame; fitted again only when the view's range or size changes. The
    axis's own grid made its pixel cache as large as the chart, and re-drawing that cache took most of a
    re-ranged frame. The opaque shaded bands cover the lines they span."""

    def __init__(self, plot: pg.PlotWidget, alpha: float) -> None:
        self._plot, self._alpha = plot, alpha
        self._levels: list[tuple[QPen, list[QLineF]]] = []
        view_box = plot.getPlotItem().vb
        view_box.sigRangeChanged.connect(self.fit)
        view_box.sigResized.connect(self.fit)

    def fit(self, *_) -> None:
        view_box = self._plot.getPlotItem().vb
        axis = self._plot.getPlotItem().getAxis("left")
        (x0, x1), (y0, y1) = view_box.viewRange()
        height = view_box.height()
        levels = axis.tickValues(y0, y1, height) if height > 0 and y1 > y0 else []
        self._levels = []
        # the view maps y to the scene linearly: two points give every line's place
        low, high = view_box.mapViewToScene(QPointF(x0, y0)), view_box.mapViewToScene(QPointF(x1, y1))
        scale = (high.y() - low.y()) / (y1 - y0) if y1 > y0 else 0.0
        for i, (_, values) in enumerate(levels):
            # pyqtgraph's grid: level i at 1/(i+1) of the alpha, less where its lines are dense
            alpha = 255 * self._alpha / (i + 1) * min(max(0.05 * height / (len(values) + 1), 0.0), 1.0)
            grey = round(255 - alpha)
            lines = [QLineF(low.x(), y, high.x(), y) for y in
                     (low.y() + (v - y0) * scale for v in values if y0 <= v <= y1)]
            self._levels.append((pg.mkPen(color=(grey, grey, grey), width=1), lines))
        self._plot.resetCachedContent()
        self._plot.viewport().update()

    def draw(self, painter) -> None:
        """Into the view's background (``drawBackground``), in scene coordinates, fainter levels first."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp one-pixel lines
        for line_pen, lines in reversed(self._levels):
            painter.setPen(line_pen)
            painter.drawLines(lines)
        painter.restore()
