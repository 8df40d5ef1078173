"""The payoff chart's curves, threshold lines, labels and grid, painted natively by Qt: pyqtgraph's own
items bound, place and paint themselves in Python on every frame, which made up most of a slider move's
cost (tests/bench/instructions.py counts it)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.panels.chart_items import brush
from aco_desktop.view import palette


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
