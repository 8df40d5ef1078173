"""Text and tables measured and drawn on a paint device (the PDF report's building blocks)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption

from aco_desktop.engine import Settlement
from aco_desktop.ui.colors import qcolor
from aco_desktop.view import palette
from aco_desktop.view.report_text import report_source
from aco_desktop.view.statement import step_cells

INK = qcolor(palette.INK)
MUTED = qcolor(palette.MUTED)
RULE = qcolor(palette.RULE)
HEADER_FILL = qcolor(palette.HEADER_FILL)
STRIPE = qcolor(palette.STRIPE)
RECON_FILL = qcolor(palette.RECONSTRUCTED_FILL)
RECON_INK = qcolor(palette.RECONSTRUCTED_INK)


def font(pt: float, bold: bool = False, italic: bool = False) -> QFont:
    result = QFont()
    result.setPointSizeF(pt)
    result.setBold(bold)
    result.setItalic(italic)
    return result


# ----- text that wraps, measured on the PDF device -------------------------------------------------------

class Text:
    """A paragraph wrapped to a width (at word boundaries, or anywhere for a word wider than the line),
    optionally cut to ``max_lines`` with an ellipsis."""

    def __init__(self, device, text: str, font: QFont, width: float, max_lines: int | None = None,
                 align=Qt.AlignmentFlag.AlignLeft) -> None:
        self.font = font
        self.metrics = QFontMetricsF(font, device)
        text = " ".join(text.split())
        self.layout = QTextLayout(text, font, device)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        self.layout.beginLayout()
        y = 0.0
        self.lines = []
        while True:
            line = self.layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += self.metrics.lineSpacing()
            self.lines.append(line)
        self.layout.endLayout()
        self.elided: str | None = None
        if max_lines is not None and len(self.lines) > max_lines:
            last = self.lines[max_lines - 1]
            rest = text[last.textStart():]
            self.elided = self.metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
            self.lines = self.lines[:max_lines]
        self.width = width
        self.height = len(self.lines) * self.metrics.lineSpacing() if text else 0.0

    def draw(self, painter: QPainter, x: float, y: float, color: QColor = INK) -> None:
        painter.setPen(color)
        painter.setFont(self.font)
        for i, line in enumerate(self.lines):
            if self.elided is not None and i == len(self.lines) - 1:
                top = y + line.position().y()
                painter.drawText(QPointF(x, top + self.metrics.ascent()), self.elided)
            else:
                line.draw(painter, QPointF(x, y))


# ----- the statement table -------------------------------------------------------------------------------

@dataclass
class _Row:
    cells: list[Text]
    height: float
    bold: bool = False
    reconstructed: bool = False


class Table:
    PAD_X, PAD_Y = 4.0, 2.5

    def __init__(self, device, result: Settlement, width: float, pt: float) -> None:
        self.width = width
        body, bold = font(pt), font(pt, bold=True)
        metrics = QFontMetricsF(bold, device)
        label_w = max(metrics.horizontalAdvance(step.label + " *") for step in result.steps) + 2 * self.PAD_X
        amount_w = max(metrics.horizontalAdvance(step_cells(step)[1]) for step in result.steps)
        amount_w = max(amount_w, metrics.horizontalAdvance("-$000,000,000")) + 2 * self.PAD_X
        label_w = min(label_w, width * 0.28)
        rest = width - label_w - amount_w
        source_w = min(max(metrics.horizontalAdvance(report_source(s)) for s in result.steps) + 2 * self.PAD_X,
                       rest * 0.36)
        source_w = max(source_w, metrics.horizontalAdvance("Source") + 2 * self.PAD_X)
        self.columns = [label_w, amount_w, rest - source_w, source_w]
        self.aligns = [Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft,
                       Qt.AlignmentFlag.AlignLeft]
        self.header = self._row(device, ("Step", "Amount", "How it is found", "Source"), bold, header=True)
        self.rows = []
        for step in result.steps:
            label, amount, formula, _ = step_cells(step)
            emphasis = step.key in ("earned", "paid_now")
            cells = (label + (" *" if step.reconstructed else ""), amount, formula, report_source(step))
            row = self._row(device, cells, bold if emphasis else body)
            row.bold, row.reconstructed = emphasis, step.reconstructed
            self.rows.append(row)
        self.height = self.header.height + sum(r.height for r in self.rows)

    def _row(self, device, cells, font: QFont, header: bool = False) -> _Row:
        texts = [Text(device, text, font, w - 2 * self.PAD_X, align=a)
                 for text, w, a in zip(cells, self.columns, self.aligns)]
        return _Row(texts, max(t.height for t in texts) + 2 * self.PAD_Y, bold=header)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        top = y
        painter.fillRect(QRectF(x, y, self.width, self.header.height), HEADER_FILL)
        self._draw_row(painter, self.header, x, y, INK)
        y += self.header.height
        for i, row in enumerate(self.rows):
            rect = QRectF(x, y, self.width, row.height)
            if row.reconstructed:
                painter.fillRect(rect, RECON_FILL)
            elif i % 2:
                painter.fillRect(rect, STRIPE)
            self._draw_row(painter, row, x, y, RECON_INK if row.reconstructed else INK)
            y += row.height
            painter.setPen(QPen(RULE, 0.5))
            painter.drawLine(QPointF(x, y), QPointF(x + self.width, y))
        painter.setPen(QPen(MUTED, 0.8))
        painter.drawLine(QPointF(x, top), QPointF(x + self.width, top))
        painter.drawLine(QPointF(x, top + self.header.height), QPointF(x + self.width, top + self.header.height))
        painter.drawLine(QPointF(x, y), QPointF(x + self.width, y))

    def _draw_row(self, painter: QPainter, row: _Row, x: float, y: float, color: QColor) -> None:
        for text, w in zip(row.cells, self.columns):
            text.draw(painter, x + self.PAD_X, y + self.PAD_Y, color)
            x += w
