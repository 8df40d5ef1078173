"""The one-page meeting report: a scenario's settlement as a printable PDF.

One Letter page, portrait, laid out in 1/96-inch units (``QPdfWriter`` at 96 dpi; the painter is scaled to
the page): title, scenario name and note; the rule version; the key figures; the payoff curve (a
``PayoffPlot`` built offscreen, drawn as vectors); the statement with its sources, reconstructed values
marked and footnoted; the date and the app version in the footer.

Everything is measured before it is drawn. The chart takes the room the text leaves (within limits); a
long statement first shrinks the table's type, then the chart; as a last resort the whole page is scaled
down, so nothing is ever cut off or runs off the page. Long notes are cut to a few lines with an ellipsis.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen,
                           QTextLayout, QTextOption)
from PySide6.QtWidgets import QApplication

from aco_desktop import __version__
from aco_desktop.engine import Settlement, payoff_curve, settle
from aco_desktop.rules import RuleRegistry
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.view.format import pct, usd
from aco_desktop.scenario import INPUTS
from aco_desktop.session.files import APP_NAME, ScenarioFile
from aco_desktop.ui.exports import ExportError, render_plot, write_bytes_atomically
from aco_desktop.ui.figures import FIGURES
from aco_desktop.ui.plot import X_HIGH, X_LOW, PayoffPlot
from aco_desktop.ui.statement import RECONSTRUCTED, step_cells

DPI = 96  # layout unit: 1/96 inch
MARGIN = 0.6 * DPI
PAGE = QPageSize.PageSizeId.Letter
PLOT_POINTS = 181  # twice the window's grid: the curve is exact at its kinks either way; smoother for print
CHART_MAX, CHART_FLOOR = 3.6 * DPI, 1.9 * DPI
# (statement type size, least chart height) tried in turn until the page holds both: the type shrinks
# first a little, then the chart gives way, then the type again.
FITS = ((8.5, 2.6 * DPI), (8.0, 2.6 * DPI), (8.0, 2.2 * DPI), (7.5, 2.2 * DPI), (7.5, 2.0 * DPI), (7.0, 2.0 * DPI),
        (7.0, CHART_FLOOR))
NOTE_LINES, SOURCE_NOTE_LINES = 4, 2

INK = QColor(20, 20, 20)
MUTED = QColor(95, 95, 95)
RULE = QColor(190, 190, 190)
HEADER_FILL = QColor(232, 236, 242)
STRIPE = QColor(246, 246, 246)
RECON_FILL = QColor(255, 236, 190)
RECON_INK = QColor(140, 80, 0)
GREEN = QColor(22, 130, 60)
RED = QColor(196, 40, 40)


def ensure_app() -> QApplication:
    """A QApplication (PlotWidget needs one); offscreen when there is no display to draw on."""
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app


def _font(pt: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(pt)
    font.setBold(bold)
    font.setItalic(italic)
    return font


# ----- text that wraps, measured on the PDF device -------------------------------------------------------

class _Text:
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


# ----- what the page says ------------------------------------------------------------------------------

def _input_text(name: str, value: float) -> str:
    spec = INPUTS[name]
    if spec.unit == "$":
        text = usd(value)
    elif spec.unit == "%":
        text = f"{value:.2f}".rstrip("0").rstrip(".") + "%"
    elif spec.unit == "people":
        text = f"{value:,.0f}"
    else:
        text = f"{value:g}"
    return f"{spec.label} {text}"


def inputs_line(result: Settlement) -> str:
    """The inputs the chosen rules use, in one sentence."""
    s, ignored = result.scenario, ignored_inputs(result.terms, result.scenario)
    parts = [_input_text(name, getattr(s, name)) for name in INPUTS
             if name not in ignored and name != "agreement_year"
             and not (name == "participant_revenue" and not s.participant_revenue)]
    if s.msr_election is not None and "msr_election" not in ignored:
        parts.append(f"MSR election {s.msr_election}")
    if s.physician_group_only and "physician_group_only" not in ignored:
        parts.append("physician groups only")
    if "quality_standard" not in ignored and s.quality_standard != "met":
        parts.append(f"quality standard {s.quality_standard}")
    parts += [f"{name} = {choice}" for name, choice in sorted(s.options.items())]
    return "Inputs: " + "; ".join(parts) + "."


def rule_version(result: Settlement) -> str:
    t, s = result.terms, result.scenario
    year = f"performance year {s.performance_year}" if s.performance_year else "no performance year (never in force)"
    track = t.model_label if t.model_label.startswith(t.track_label) else f"{t.track_label}: {t.model_label}"
    return f"{t.book.title}. {track}; {year}; agreement year {s.agreement_year}."


def figure_cells(result: Settlement) -> list[tuple[str, str, QColor]]:
    cells = []
    for fig in FIGURES:
        value = fig.value(result)
        text = "none" if value is None else usd(value) if fig.kind == "usd" else pct(value, 2)
        color = INK
        if fig.key in ("earned", "paid_now") and value is not None:
            color = GREEN if value > 0.5 else RED if value < -0.5 else INK
        cells.append((fig.title, text, color))
    return cells


def source_legend(result: Settlement) -> str:
    """The source labels the statement uses, spelled out."""
    names = result.terms.book.sources
    used = dict.fromkeys(part.strip().split()[0] for step in result.steps for part in step.source.split(";")
                         if part.strip())
    return "Sources: " + "; ".join(f"{key} = {names[key]}" for key in used
                                   if key in names and key not in ("definition", RECONSTRUCTED)) + "."


# ----- the statement table -------------------------------------------------------------------------------

@dataclass
class _Row:
    cells: list[_Text]
    height: float
    bold: bool = False
    reconstructed: bool = False


class _Table:
    PAD_X, PAD_Y = 4.0, 2.5

    def __init__(self, device, result: Settlement, width: float, pt: float) -> None:
        self.width = width
        body, bold = _font(pt), _font(pt, bold=True)
        metrics = QFontMetricsF(bold, device)
        label_w = max(metrics.horizontalAdvance(step.label + " *") for step in result.steps) + 2 * self.PAD_X
        amount_w = max(metrics.horizontalAdvance(step_cells(step)[1]) for step in result.steps)
        amount_w = max(amount_w, metrics.horizontalAdvance("-$000,000,000")) + 2 * self.PAD_X
        label_w = min(label_w, width * 0.28)
        rest = width - label_w - amount_w
        source_w = min(max(metrics.horizontalAdvance(self._source(s)) for s in result.steps) + 2 * self.PAD_X,
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
            cells = (label + (" *" if step.reconstructed else ""), amount, formula, self._source(step))
            row = self._row(device, cells, bold if emphasis else body)
            row.bold, row.reconstructed = emphasis, step.reconstructed
            self.rows.append(row)
        self.height = self.header.height + sum(r.height for r in self.rows)

    @staticmethod
    def _source(step) -> str:
        if step.reconstructed and RECONSTRUCTED not in step.source:
            return f"{step.source}; {RECONSTRUCTED} *"
        return step.source + (" *" if step.reconstructed else "")

    def _row(self, device, cells, font: QFont, header: bool = False) -> _Row:
        texts = [_Text(device, text, font, w - 2 * self.PAD_X, align=a)
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


# ----- the page ------------------------------------------------------------------------------------------

@dataclass
class _Block:
    height: float
    draw: Callable[[QPainter, float, float], None]
    gap: float = 8.0


class _Report:
    def __init__(self, device, file: ScenarioFile, result: Settlement, today: date, width: float,
                 table_pt: float) -> None:
        self.device, self.width = device, width
        self.result = result
        self.blocks_above: list[_Block] = []
        self.blocks_below: list[_Block] = []
        text = lambda s, f, **kw: _Text(device, s, f, width, **kw)  # noqa: E731

        kicker = text(f"{APP_NAME}: settlement report", _font(8.5, bold=True))
        title = text(file.name or "Untitled scenario", _font(15, bold=True), max_lines=2)
        note = text(file.note, _font(9), max_lines=NOTE_LINES) if file.note.strip() else None
        source = text(f"Source of the numbers: {file.source}", _font(7.5, italic=True), max_lines=SOURCE_NOTE_LINES) \
            if file.source.strip() else None
        self._add(self.blocks_above, kicker, MUTED, gap=1)
        self._add(self.blocks_above, title, INK, gap=3 if note or source else 8)
        if note:
            self._add(self.blocks_above, note, INK, gap=2 if source else 8)
        if source:
            self._add(self.blocks_above, source, MUTED)

        rules_head = text("Rule version", _font(8, bold=True))
        rules = text(rule_version(result), _font(9))
        inputs = text(inputs_line(result), _font(8), max_lines=3)
        self._add(self.blocks_above, rules_head, MUTED, gap=1)
        self._add(self.blocks_above, rules, INK, gap=2)
        self._add(self.blocks_above, inputs, MUTED, gap=10)
        self.blocks_above.append(self._figures_block())

        self.table = _Table(device, result, width, table_pt)
        head = text("Settlement statement", _font(10, bold=True))
        self._add(self.blocks_below, head, INK, gap=3)
        self.blocks_below.append(_Block(self.table.height, lambda p, x, y: self.table.draw(p, x, y), gap=4))
        small = _font(max(table_pt - 1, 6.5))
        if result.has_reconstructed:
            foot = text(f"* {RECONSTRUCTED}: no source we hold gives this value; it is a documented assumption "
                        "in the rule file. The shaded rows use such a value (directly or through a reconstructed "
                        "step above them).", _font(max(table_pt - 0.5, 6.5), bold=True), max_lines=3)
            self._add(self.blocks_below, foot, RECON_INK, gap=2)
        for note_text in result.terms.notes:
            self._add(self.blocks_below, text(f"Note: {note_text}", small, max_lines=2), INK, gap=2)
        self._add(self.blocks_below, text(source_legend(result), small, max_lines=4), MUTED, gap=0)

        self.footer = _Text(device, f"Prepared {today:%B} {today.day}, {today:%Y} with {APP_NAME} {__version__}. "
                            "An estimate from the published rules, not a CMS determination.", _font(7.5),
                            width * 0.85)
        self.page_no = _Text(device, "Page 1 of 1", _font(7.5), width * 0.15, align=Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _add(blocks: list[_Block], text: _Text, color: QColor, gap: float = 8.0) -> None:
        blocks.append(_Block(text.height, lambda p, x, y: text.draw(p, x, y, color), gap))

    def _figures_block(self) -> _Block:
        cells = figure_cells(self.result)
        title_f, value_f, big_f = _font(7.5), _font(10.5, bold=True), _font(12.5, bold=True)
        tm, vm, bm = (QFontMetricsF(f, self.device) for f in (title_f, value_f, big_f))
        columns, pad = 4, 5.0
        row_h = pad + tm.lineSpacing() + bm.lineSpacing() + pad
        height = 2 * row_h
        col_w = self.width / columns

        def draw(p: QPainter, x: float, y: float) -> None:
            p.fillRect(QRectF(x, y, self.width, height), QColor(248, 249, 251))
            p.setPen(QPen(RULE, 0.8))
            p.drawRect(QRectF(x, y, self.width, height))
            p.drawLine(QPointF(x, y + row_h), QPointF(x + self.width, y + row_h))
            for i, (title, value, color) in enumerate(cells):
                cx, cy = x + (i % columns) * col_w, y + (i // columns) * row_h
                if i % columns:
                    p.setPen(QPen(RULE, 0.8))
                    p.drawLine(QPointF(cx, cy + 3), QPointF(cx, cy + row_h - 3))
                p.setPen(MUTED)
                p.setFont(title_f)
                p.drawText(QPointF(cx + 2 * pad, cy + pad + tm.ascent()), title)
                big = i < 2
                font, m = (big_f, bm) if big else (value_f, vm)
                p.setFont(font)
                p.setPen(color)
                shown = m.elidedText(value, Qt.TextElideMode.ElideRight, col_w - 4 * pad)
                p.drawText(QPointF(cx + 2 * pad, cy + pad + tm.lineSpacing() + (bm.lineSpacing() - m.lineSpacing())
                                   + m.ascent()), shown)

        return _Block(height, draw, gap=10)

    def text_height(self) -> float:
        blocks = self.blocks_above + self.blocks_below
        footer = max(self.footer.height, self.page_no.height) + 10
        return sum(b.height + b.gap for b in blocks) + footer + 12  # 12: gap below the chart

    def draw(self, painter: QPainter, x: float, y: float, chart_h: float, plot: PayoffPlot, page_bottom: float) -> None:
        for block in self.blocks_above:
            block.draw(painter, x, y)
            y += block.height + block.gap
        render_plot(plot, painter, QRectF(x, y, self.width, chart_h))
        y += chart_h + 12
        for block in self.blocks_below:
            block.draw(painter, x, y)
            y += block.height + block.gap
        top = page_bottom - max(self.footer.height, self.page_no.height)
        painter.setPen(QPen(RULE, 0.8))
        painter.drawLine(QPointF(x, top - 5), QPointF(x + self.width, top - 5))
        self.footer.draw(painter, x, top, MUTED)
        self.page_no.draw(painter, x + self.width * 0.85, top, MUTED)


def _report_plot(result: Settlement, width: float, height: float) -> PayoffPlot:
    s, t = result.scenario, result.terms
    low = min(X_LOW / 100, s.savings_rate - 0.02)
    high = max(X_HIGH / 100, s.savings_rate + 0.02)
    plot = PayoffPlot()
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # laid out and sized, never on screen
    plot.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    plot.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    plot.setFrameShape(plot.Shape.NoFrame)
    plot.resize(round(width), round(height))
    plot.setVisible(True)  # QWidget.show: PayoffPlot.show is its data method
    plot.getPlotItem().setLabel("left", "ACO earns (+) / owes (\N{MINUS SIGN})")  # fits a short chart
    plot.show(result, payoff_curve(t, low, high, points=PLOT_POINTS))
    QApplication.sendPostedEvents()
    return plot


def report_pdf_bytes(rules: RuleRegistry, file: ScenarioFile, today: date | None = None) -> bytes:
    """The report as PDF bytes (one Letter page)."""
    ensure_app()
    today = today or date.today()
    result = settle(rules, file.scenario)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{APP_NAME}: {file.name or 'scenario'}")
    writer.setCreator(f"{APP_NAME} {__version__}")

    page = QPageSize(PAGE).rect(QPageSize.Unit.Inch)  # the page in layout units, whatever the device does
    page_w, page_h = page.width() * DPI, page.height() * DPI
    width, height = page_w - 2 * MARGIN, page_h - 2 * MARGIN

    report = None
    reports: dict[float, _Report] = {}
    for pt, least_chart in FITS:
        report = reports.get(pt) or reports.setdefault(pt, _Report(writer, file, result, today, width, pt))
        if height - report.text_height() >= least_chart:
            break
    chart_h = min(CHART_MAX, max(CHART_FLOOR, height - report.text_height()))
    needed = report.text_height() + chart_h
    fit = min(1.0, height / needed)  # last resort: scale the whole page down rather than cut anything off

    plot = _report_plot(result, width, chart_h)
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise RuntimeError("QPdfWriter could not start painting")
        scale = writer.width() / page_w  # device pixels per layout unit (1 at 96 dpi)
        painter.scale(scale * fit, scale * fit)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        bottom = (MARGIN + height) / fit
        report.draw(painter, MARGIN / fit + (width / fit - width) / 2, MARGIN / fit, chart_h, plot, bottom)
    finally:
        if painter.isActive():
            painter.end()
        plot.close()
        plot.deleteLater()
    buffer.close()
    return bytes(buffer.data().data())


def write_report_pdf(rules: RuleRegistry, file: ScenarioFile, path: str | os.PathLike[str],
                     today: date | None = None) -> Path:
    """Write the one-page meeting report for ``file`` to ``path`` (atomically). Raises ``ExportError``."""
    path = Path(path)
    if not path.parent.is_dir():  # fail before the drawing work
        raise ExportError(path, "cannot write: no such folder")
    return write_bytes_atomically(path, report_pdf_bytes(rules, file, today))
