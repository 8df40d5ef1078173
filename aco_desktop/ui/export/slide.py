"""A titled 16:9 slide (1920x1080 PNG) for a meeting: title, key figures, the payoff chart as on screen
(both curves and their key when a baseline is pinned), and a caption with the rules and the date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from aco_desktop.ui.export.files import ExportError
from aco_desktop.view import palette
from aco_desktop.view.report_text import rule_version

SLIDE_W, SLIDE_H = 1920, 1080
MARGIN = 60


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(int(points))
    font.setBold(bold)
    return font


def _figures(painter: QPainter, cells, top: int) -> int:
    """The key figures in one row (two when there are many); returns the y below them."""
    cells = list(cells)
    per_row = 4
    width = (SLIDE_W - 2 * MARGIN) // per_row
    y = top
    for row_start in range(0, len(cells), per_row):
        for i, cell in enumerate(cells[row_start:row_start + per_row]):
            x = MARGIN + i * width
            painter.setFont(_font(22))
            painter.setPen(QColor(palette.MUTED_TEXT))
            painter.drawText(QRect(x, y, width - 20, 30), Qt.AlignmentFlag.AlignLeft, cell.title)
            painter.setFont(_font(40 if cell.big else 32, bold=True))
            painter.setPen(QColor(palette.TONES.get(cell.tone, palette.NEUTRAL)))
            painter.drawText(QRect(x, y + 30, width - 20, 50), Qt.AlignmentFlag.AlignLeft, cell.text)
            if cell.delta:
                painter.setFont(_font(20))
                painter.setPen(QColor(palette.MUTED_TEXT))
                painter.drawText(QRect(x, y + 82, width - 20, 28), Qt.AlignmentFlag.AlignLeft, cell.delta)
        y += 118
    return y


def slide_image(title: str, cells, chart, settlement, today: date | None = None) -> QImage:
    """The slide as an image. ``chart`` is the window's payoff chart (a QGraphicsView), drawn as vectors."""
    image = QImage(SLIDE_W, SLIDE_H, QImage.Format.Format_ARGB32)
    image.fill(QColor(palette.WHITE))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(QColor(palette.INK))
    painter.setFont(_font(48, bold=True))
    painter.drawText(QRect(MARGIN, 36, SLIDE_W - 2 * MARGIN, 64), Qt.AlignmentFlag.AlignLeft, title)
    below = _figures(painter, cells[:4], 120)
    caption_h = 70
    target = QRectF(MARGIN, below + 10, SLIDE_W - 2 * MARGIN, SLIDE_H - below - 10 - caption_h - 20)
    chart.render(painter, target, chart.viewport().rect(), Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.setFont(_font(20))
    painter.setPen(QColor(palette.MUTED))
    when = (today or date.today()).isoformat()
    caption = f"{rule_version(settlement)} Settled {when} with ACO What-If Explorer."
    painter.drawText(QRect(MARGIN, SLIDE_H - caption_h - 10, SLIDE_W - 2 * MARGIN, caption_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, caption)
    painter.end()
    return image


def export_slide_png(image: QImage, path: Path) -> Path:
    if not image.save(str(path), "PNG"):
        raise ExportError(path, "the image could not be written (check the folder exists and is writable)")
    return path
