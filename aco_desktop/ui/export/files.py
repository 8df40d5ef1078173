"""Exports: the payoff chart as PNG or SVG, the statement as CSV, and both to the clipboard.

Every writer renders into memory first and then writes the bytes atomically (a temporary file in the
same folder, fsync'ed, then ``os.replace``): a read-only folder, a full disk or a missing folder raises
``ExportError`` with one line naming the path and the reason, and never leaves a partial target file.

Vector output (SVG here, the PDF report) is drawn with the plot's device-pixel caches switched off for
the duration, so the curve and axes come out as paths rather than embedded bitmaps.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QBuffer, QIODevice, QRect, QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from aco_desktop import APP_NAME
from aco_desktop.engine import Settlement, Step
from aco_desktop.safe_write import write_atomically
from aco_desktop.session.errors import explain
from aco_desktop.ui.panels.payoff import PayoffPlot

CSV_COLUMNS = ("step", "amount", "unit", "formula", "source", "reconstructed")
SVG_DPI = 96  # QSvgGenerator must be told the resolution the widget was laid out at (platform notes)


class ExportError(Exception):
    """An export cannot be written. ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = " ".join(problem.split())
        super().__init__(f"{self.path}: {self.problem}")


# ----- writing bytes safely ----------------------------------------------------------------------------

def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` safely (``safe_write``). Raises ``ExportError``."""
    try:
        return write_atomically(path, data)
    except OSError as exc:
        raise ExportError(path, explain(exc, "write")) from None


def _device_bytes(buffer: QBuffer) -> bytes:
    return bytes(buffer.data().data())


# ----- the chart -----------------------------------------------------------------------------------------

@contextlib.contextmanager
def vector_rendering(widget) -> Iterator[None]:
    """Draw a plot's scene as vectors while the block runs: the device-pixel caches are switched off (they
    would be embedded as bitmaps) and items are put in pyqtgraph's export mode (the marker is then drawn
    as a path, not from its pixmap atlas). Everything is restored afterwards."""
    items = widget.scene().items()
    saved = []
    for item in items:
        mode = item.cacheMode()
        if mode != QGraphicsItem.CacheMode.NoCache:
            saved.append((item, mode))
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    exporting = [item for item in items if hasattr(item, "setExportMode")]
    for item in exporting:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in exporting:
            item.setExportMode(False)
        for item, mode in saved:
            item.setCacheMode(mode)


def render_plot(plot: PayoffPlot, painter: QPainter, target: QRectF) -> None:
    """Draw the whole plot into ``target`` (painter coordinates), as vectors, keeping its aspect."""
    source = QRectF(plot.viewport().rect())
    with vector_rendering(plot):
        plot.render(painter, target, source.toRect())  # the view's, not the scene's: with its background grid


def chart_image(plot: PayoffPlot) -> QImage:
    """The chart as shown, at the screen's pixel density."""
    return plot.grab().toImage()


def export_chart_png(plot: PayoffPlot, path: str | os.PathLike[str]) -> Path:
    """The chart as a PNG the size of the widget (times the screen's device pixel ratio)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not chart_image(plot).save(buffer, "PNG"):
        raise ExportError(path, "cannot write: the chart could not be encoded as PNG")
    buffer.close()
    return write_bytes_atomically(path, _device_bytes(buffer))


def chart_svg_bytes(plot: PayoffPlot, title: str = "Payoff curve") -> bytes:
    size: QSize = plot.viewport().size()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(SVG_DPI)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription(f"{APP_NAME}: settlement against the savings rate")
    painter = QPainter()
    if not painter.begin(generator):
        raise RuntimeError("QSvgGenerator could not start painting")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        render_plot(plot, painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    buffer.close()
    return _device_bytes(buffer)


def export_chart_svg(plot: PayoffPlot, path: str | os.PathLike[str]) -> Path:
    """The chart as SVG (vector paths, 96 dpi user units, the widget's size)."""
    return write_bytes_atomically(path, chart_svg_bytes(plot))


def copy_chart_to_clipboard(plot: PayoffPlot) -> QImage:
    image = chart_image(plot)
    QApplication.clipboard().setImage(image)
    return image


# ----- the statement -------------------------------------------------------------------------------------

def plain_amount(step: Step) -> str:
    """A number a spreadsheet reads: dollars to the cent, rates as fractions, counts as integers."""
    amount = step.amount + 0.0  # no "-0"
    if step.unit == "usd":
        return f"{round(amount, 2) + 0.0:.2f}"
    if step.unit == "rate":
        return repr(amount)
    return f"{amount:.0f}" if float(amount).is_integer() else repr(amount)


def statement_rows(settlement: Settlement) -> list[tuple[str, ...]]:
    """Header plus one row per step: step, amount, unit, formula, source, reconstructed."""
    return [CSV_COLUMNS, *((step.label, plain_amount(step), step.unit, step.formula, step.source,
                            "yes" if step.reconstructed else "no") for step in settlement.steps)]


def statement_csv_bytes(settlement: Settlement) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(statement_rows(settlement))
    return text.getvalue().encode("utf-8")


def export_statement_csv(settlement: Settlement, path: str | os.PathLike[str]) -> Path:
    """The statement as UTF-8 CSV (no byte-order mark), one row per step under a header row."""
    return write_bytes_atomically(path, statement_csv_bytes(settlement))


def statement_tsv(settlement: Settlement) -> str:
    """Tab-separated: a header line, then one line per step (tabs and newlines in cells become spaces)."""
    def clean(cell: str) -> str:
        return " ".join(cell.replace("\t", " ").split())

    return "\n".join("\t".join(clean(c) for c in row) for row in statement_rows(settlement)) + "\n"


def copy_statement_to_clipboard(settlement: Settlement) -> str:
    text = statement_tsv(settlement)
    QApplication.clipboard().setText(text)
    return text


__all__ = ["CSV_COLUMNS", "ExportError", "copy_chart_to_clipboard", "copy_statement_to_clipboard",
           "export_chart_png", "export_chart_svg", "export_statement_csv", "render_plot", "write_bytes_atomically"]
