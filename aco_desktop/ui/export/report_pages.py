"""Further pages of the meeting report (``view.report_text.ReportPage``): a title, paragraphs and tables,
measured before drawing; the whole page is scaled down rather than cut off when it runs long.

Features add pages through ``PAGE_PROVIDERS``: callables ``(rules, file) -> ReportPage | None``, asked when
a report is written (the agreement view adds one when it has been used)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from aco_desktop.ui.export.report_layout import HEADER_FILL, INK, MUTED, RULE, STRIPE, Text, font
from aco_desktop.view.report_text import ReportPage, ReportTable

PAGE_PROVIDERS: list[Callable] = []
PAD_X, PAD_Y = 3.0, 2.0


def extra_pages(rules, file) -> list[ReportPage]:
    pages = []
    for provider in list(PAGE_PROVIDERS):
        page = provider(rules, file)
        if page is not None:
            pages.append(page)
    return pages


class _Grid:
    """A table with columns as wide as their widest cell, shrunk in proportion to fit the width."""

    def __init__(self, device, table: ReportTable, width: float, pt: float) -> None:
        every = (table.columns, *table.rows)
        for pt in (pt, pt - 0.5, pt - 1.0, pt - 1.5, pt - 2.0):  # smaller type before wrapping numbers
            body, bold = font(pt), font(pt, bold=True)
            metrics = QFontMetricsF(bold, device)
            natural = [max(metrics.horizontalAdvance(row[i]) for row in every) + 2 * PAD_X + 1
                       for i in range(len(table.columns))]
            if sum(natural) <= width:
                break
        if sum(natural) > width:  # still too wide: the widest (a text column) wraps
            widest = natural.index(max(natural))
            natural[widest] = max(natural[widest] - (sum(natural) - width), 4 * PAD_X)
        scale = min(1.0, width / sum(natural))
        self.widths = [w * scale for w in natural]
        self.rows = []
        for r, cells in enumerate(every):
            strong = r == 0 or (table.bold_last and r == len(every) - 1)
            texts = [Text(device, c, bold if strong else body, w - 2 * PAD_X,
                          align=Qt.AlignmentFlag.AlignRight if c[:1] in "$-0123456789<>" and " " not in c and r else
                          Qt.AlignmentFlag.AlignLeft) for c, w in zip(cells, self.widths)]
            self.rows.append((texts, max(t.height for t in texts) + 2 * PAD_Y))
        self.width = sum(self.widths)
        self.height = sum(h for _, h in self.rows)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        for r, (texts, h) in enumerate(self.rows):
            if r == 0 or r % 2 == 0:
                painter.fillRect(QRectF(x, y, self.width, h), HEADER_FILL if r == 0 else STRIPE)
            cx = x
            for text, w in zip(texts, self.widths):
                text.draw(painter, cx + PAD_X, y + PAD_Y, INK)
                cx += w
            y += h
            painter.setPen(QPen(RULE, 0.5))
            painter.drawLine(QPointF(x, y), QPointF(x + self.width, y))


def _blocks(device, page: ReportPage, width: float, pt: float) -> list:
    blocks = [(Text(device, page.title, font(13, bold=True), width, max_lines=2), INK, 8)]
    for block in page.blocks:
        if isinstance(block, ReportTable):
            blocks.append((_Grid(device, block, width, pt), None, 6))
        else:
            heading = len(block) < 40
            blocks.append((Text(device, block, font(pt + 1.5, bold=True) if heading else font(pt), width),
                           INK if heading else MUTED, 4))
    return blocks


def draw_page(painter: QPainter, device, page: ReportPage, x: float, y: float, width: float, height: float,
              footer: str) -> None:
    """Draw ``page`` in the box, with ``footer`` at its foot; smaller type first, then scale down to fit."""
    for pt in (8.0, 7.5, 7.0, 6.5):
        blocks = _blocks(device, page, width, pt)
        needed = sum(b.height + gap for b, _, gap in blocks) + 24
        if needed <= height:
            break
    fit = min(1.0, height / needed)
    painter.save()
    painter.translate(x, y)
    painter.scale(fit, fit)
    top = 0.0
    for block, color, gap in blocks:
        if color is None:
            block.draw(painter, 0.0, top)
        else:
            block.draw(painter, 0.0, top, color)
        top += block.height + gap
    painter.restore()
    foot = Text(device, footer, font(7.5), width)
    painter.setPen(QPen(RULE, 0.8))
    painter.drawLine(QPointF(x, y + height - foot.height - 5), QPointF(x + width, y + height - foot.height - 5))
    foot.draw(painter, x, y + height - foot.height, MUTED)
