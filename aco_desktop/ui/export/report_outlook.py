"""The report's outlook: the chances line and a small track chooser (its best rows), measured then drawn."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.export.report_layout import INK, MUTED, RULE, Text, font
from aco_desktop.view import palette

WIDTHS = (0.30, 0.14, 0.16, 0.12, 0.12, 0.16)  # of the page width: level, election, expected, earn, owe, bad year


class OutlookBlock:
    """``height`` and ``draw(painter, x, y)``, like the report's other blocks."""

    def __init__(self, device, line: str, rows: list[tuple[str, ...]], width: float, pt: float = 7.5) -> None:
        self.width, self.rows = width, rows
        self.line = Text(device, line, font(8.5, bold=True), width, max_lines=2)
        self.head = Text(device, "Track chooser: each level at its best election, best expected payment first (the app "
                                 "lists every election)", font(7.5, italic=True), width, max_lines=1)
        self.font, self.bold = font(pt), font(pt, bold=True)
        self.metrics = QFontMetricsF(self.font, device)
        self.row_h = self.metrics.lineSpacing() + 2
        self.height = self.line.height + 3 + self.head.height + 1 + self.row_h * len(rows)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        self.line.draw(painter, x, y, qcolor(palette.NEUTRAL))
        y += self.line.height + 3
        self.head.draw(painter, x, y, MUTED)
        y += self.head.height + 1
        for i, row in enumerate(self.rows):
            painter.setFont(self.bold if i == 0 else self.font)
            painter.setPen(MUTED if i == 0 else INK)
            cx = x
            for j, (cell, share) in enumerate(zip(row, WIDTHS)):
                w = share * self.width
                right = j >= 2
                tx = cx + (w - 6 - self.metrics.horizontalAdvance(cell) if right else 0)
                painter.drawText(QPointF(tx, y + self.metrics.ascent() + 1), cell)
                cx += w
            y += self.row_h
            if i == 0:
                painter.setPen(QPen(RULE, 0.8))
                painter.drawLine(QPointF(x, y), QPointF(x + self.width, y))

    def rect(self, x: float, y: float) -> QRectF:
        return QRectF(x, y, self.width, self.height)
