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
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QApplication

from aco_desktop import APP_NAME, version
from aco_desktop.engine import Settlement, settle
from aco_desktop.rules import RuleRegistry
from aco_desktop.session.files import ScenarioFile
from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.export.files import ExportError, render_plot, write_bytes_atomically
from aco_desktop.ui.export.report_pages import draw_page, extra_pages
from aco_desktop.ui.export.report_layout import INK, MUTED, RECON_INK, RULE, Table, Text, font
from aco_desktop.ui.export.report_outlook import OutlookBlock
from aco_desktop.ui.panels.payoff import PayoffPlot
from aco_desktop.view import palette
from aco_desktop.view.figures import figure_cells
from aco_desktop.scenario import Scenario
from aco_desktop.view.present import payoff_chart, pinned_baseline
from aco_desktop.view.words import tag
from aco_desktop.view.report_text import inputs_line, outlook_summary, rule_version, source_legend
from aco_desktop.view.statement import RECONSTRUCTED

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


def ensure_app() -> QApplication:
    """A QApplication (PlotWidget needs one); offscreen when there is no display to draw on."""
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app


# ----- the page ------------------------------------------------------------------------------------------

@dataclass
class _Block:
    height: float
    draw: Callable[[QPainter, float, float], None]
    gap: float = 8.0


class _Report:
    def __init__(self, device, file: ScenarioFile, result: Settlement, today: date, width: float,
                 table_pt: float, base: Settlement | None = None, registry: RuleRegistry | None = None,
                 outlook: tuple | None = None) -> None:
        self.device, self.width = device, width
        self.result = result
        self.blocks_above: list[_Block] = []
        self.blocks_below: list[_Block] = []
        text = lambda s, f, **kw: Text(device, s, f, width, **kw)  # noqa: E731

        kicker = text(f"{APP_NAME}: settlement report", font(8.5, bold=True))
        title = text(file.name or "Untitled scenario", font(15, bold=True), max_lines=2)
        note = text(file.note, font(9), max_lines=NOTE_LINES) if file.note.strip() else None
        source = text(f"Source of the numbers: {file.source}", font(7.5, italic=True), max_lines=SOURCE_NOTE_LINES) \
            if file.source.strip() else None
        self._add(self.blocks_above, kicker, MUTED, gap=1)
        self._add(self.blocks_above, title, INK, gap=3 if note or source else 8)
        if note:
            self._add(self.blocks_above, note, INK, gap=2 if source else 8)
        if source:
            self._add(self.blocks_above, source, MUTED)

        rules_head = text("Rule version", font(8, bold=True))
        rules = text(rule_version(result), font(9))
        inputs = text(inputs_line(result), font(8), max_lines=3)
        self._add(self.blocks_above, rules_head, MUTED, gap=1)
        self._add(self.blocks_above, rules, INK, gap=2)
        self._add(self.blocks_above, inputs, MUTED, gap=10)
        self.blocks_above.append(self._figures_block())
        if base is not None:  # the comparison: the pinned scenario's figures, and what the change did
            self._add(self.blocks_above, text(comparison_text(registry, result, base), font(8.5), max_lines=4), INK)
        if outlook is not None:  # the chances line and the chooser's best rows (issue 12)
            block = OutlookBlock(device, *outlook, width)
            self.blocks_above.append(_Block(block.height, block.draw, gap=10))

        self.table = Table(device, result, width, table_pt)
        head = text("Settlement statement", font(10, bold=True))
        self._add(self.blocks_below, head, INK, gap=3)
        self.blocks_below.append(_Block(self.table.height, lambda p, x, y: self.table.draw(p, x, y), gap=4))
        small = font(max(table_pt - 1, 6.5))
        if result.has_reconstructed:
            foot = text(f"* {RECONSTRUCTED}: no source we hold gives this value; it is a documented assumption "
                        "in the rule file. The shaded rows use such a value (directly or through a reconstructed "
                        "step above them).", font(max(table_pt - 0.5, 6.5), bold=True), max_lines=3)
            self._add(self.blocks_below, foot, RECON_INK, gap=2)
        for note_text in result.terms.notes:
            self._add(self.blocks_below, text(f"Note: {note_text}", small, max_lines=2), INK, gap=2)
        self._add(self.blocks_below, text(source_legend(result), small, max_lines=4), MUTED, gap=0)

        self.footer_text = (f"Prepared {today:%B} {today.day}, {today:%Y} with {APP_NAME} {version()}. "
                            "An estimate from the published rules, not a CMS determination.")
        self.footer = Text(device, self.footer_text, font(7.5), width * 0.85)
        self.page_no = Text(device, "Page 1 of 1", font(7.5), width * 0.15, align=Qt.AlignmentFlag.AlignRight)

    @staticmethod
    def _add(blocks: list[_Block], text: Text, color: QColor, gap: float = 8.0) -> None:
        blocks.append(_Block(text.height, lambda p, x, y: text.draw(p, x, y, color), gap))

    def _figures_block(self) -> _Block:
        cells = [(cell.title, cell.text, INK if cell.tone == "neutral" else qcolor(palette.TONES[cell.tone]))
                 for cell in figure_cells(self.result)]
        title_f, value_f, big_f = font(7.5), font(10.5, bold=True), font(12.5, bold=True)
        tm, vm, bm = (QFontMetricsF(f, self.device) for f in (title_f, value_f, big_f))
        columns, pad = 4, 5.0
        row_h = pad + tm.lineSpacing() + bm.lineSpacing() + pad
        height = 2 * row_h
        col_w = self.width / columns

        def draw(p: QPainter, x: float, y: float) -> None:
            p.fillRect(QRectF(x, y, self.width, height), qcolor(palette.FIGURES_FILL))
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


def comparison_text(rules: RuleRegistry, result: Settlement, base: Settlement) -> str:
    """Both scenarios' key figures in words: the pinned one's values and each change (current - pinned)."""
    pinned = figure_cells(base)
    deltas = figure_cells(result, base)
    parts = [f"{p.title} {p.text} ({d.delta})" for p, d in zip(pinned, deltas) if d.delta]
    return (f"Compared with the pinned scenario ({tag(rules, base.scenario)}; dotted curve): "
            + "; ".join(parts) + ".")


def _report_plot(result: Settlement, width: float, height: float, base: Settlement | None = None,
                 rules: RuleRegistry | None = None) -> PayoffPlot:
    plot = PayoffPlot()
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # laid out and sized, never on screen
    plot.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    plot.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    plot.setFrameShape(plot.Shape.NoFrame)
    plot.resize(round(width), round(height))
    plot.setVisible(True)
    plot.getPlotItem().setLabel("left", "ACO earns (+) / owes (\N{MINUS SIGN})")  # fits a short chart
    baseline = pinned_baseline(rules, base, PLOT_POINTS) if base is not None else None
    name = tag(rules, result.scenario) if base is not None else ""
    plot.show_chart(payoff_chart(result, PLOT_POINTS, baseline, name))
    QApplication.sendPostedEvents()
    return plot


def report_pdf_bytes(rules: RuleRegistry, file: ScenarioFile, today: date | None = None, spread=None,
                     baseline: Scenario | None = None) -> bytes:
    """The report as PDF bytes (one Letter page, plus any page a feature adds); with ``baseline`` (the pinned
    scenario) it carries the comparison: both curves and the pinned scenario's figures with the changes."""
    ensure_app()
    today = today or date.today()
    result = settle(rules, file.scenario)
    outlook = outlook_summary(rules, file.scenario, spread)
    base = settle(rules, baseline) if baseline is not None else None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{APP_NAME}: {file.name or 'scenario'}")
    writer.setCreator(f"{APP_NAME} {version()}")

    page = QPageSize(PAGE).rect(QPageSize.Unit.Inch)  # the page in layout units, whatever the device does
    page_w, page_h = page.width() * DPI, page.height() * DPI
    width, height = page_w - 2 * MARGIN, page_h - 2 * MARGIN

    report = None
    reports: dict[float, _Report] = {}
    for pt, least_chart in FITS:
        report = reports.get(pt) or reports.setdefault(pt, _Report(writer, file, result, today, width, pt,
                                                                    base, rules, outlook))
        if height - report.text_height() >= least_chart:
            break
    chart_h = min(CHART_MAX, max(CHART_FLOOR, height - report.text_height()))
    needed = report.text_height() + chart_h
    fit = min(1.0, height / needed)  # last resort: scale the whole page down rather than cut anything off
    pages = extra_pages(rules, file)  # further pages features add (report_pages.PAGE_PROVIDERS)
    if pages:
        report.page_no = Text(writer, f"Page 1 of {1 + len(pages)}", font(7.5), width * 0.15,
                              align=Qt.AlignmentFlag.AlignRight)

    plot = _report_plot(result, width, chart_h, base, rules)
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
        painter.resetTransform()
        painter.scale(scale, scale)
        for number, page in enumerate(pages, start=2):
            writer.newPage()
            draw_page(painter, writer, page, MARGIN, MARGIN, width, height,
                      f"{report.footer_text}  Page {number} of {1 + len(pages)}.")
    finally:
        if painter.isActive():
            painter.end()
        plot.close()
        plot.deleteLater()
    buffer.close()
    return bytes(buffer.data().data())


def write_report_pdf(rules: RuleRegistry, file: ScenarioFile, path: str | os.PathLike[str],
                     today: date | None = None, spread=None, baseline: Scenario | None = None) -> Path:
    """Write the one-page meeting report for ``file`` to ``path`` (atomically). Raises ``ExportError``."""
    path = Path(path)
    if not path.parent.is_dir():  # fail before the drawing work
        raise ExportError(path, "cannot write: no such folder")
    return write_bytes_atomically(path, report_pdf_bytes(rules, file, today, spread, baseline))
