"""Exports and the meeting report: files a user takes to a spreadsheet, a slide or a board meeting."""

from __future__ import annotations

import csv
import errno
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from aco_desktop.engine import payoff_curve, resolve, settle
from aco_desktop.format import usd
from aco_desktop.scenario import Scenario
from aco_desktop.session.files import ScenarioFile, write_scenario_file
from aco_desktop import safe_write
from aco_desktop.ui.export.files import (ExportError, copy_chart_to_clipboard, copy_statement_to_clipboard,
                                    export_chart_png, export_chart_svg, export_statement_csv)
from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.export.report import write_report_pdf
from aco_desktop.ui.panels.payoff import PayoffPlot
from aco_desktop.view import palette
from aco_desktop.view.chart import PLOT_POINTS
from aco_desktop.view.present import payoff_chart
from aco_desktop.view.statement import RECONSTRUCTED
from ..conftest import RULES

GREEN = qcolor(palette.GAIN)
REPO = Path(__file__).resolve().parents[2]
BAD_SCENARIOS = REPO / "tests" / "data" / "bad_scenarios"
PRESET = REPO / "resources" / "presets" / "17-two-sided-loss-cap.json"
PLOT_SIZE = (820, 460)

CASES = {
    "default": Scenario(),
    "w8-loss-cap": Scenario(rules="mssp", track="track-2", performance_year=2014, beneficiaries=10000,
                            benchmark_per_capita=10000, savings_pct=-20, quality_pct=50),
    "fqhc-reconstructed": Scenario(rules="proposed-2011", track="track-1", fqhc_pct=25),
    # the longest statements: two-sided with loss relief (17 steps with the header and footnotes)
    "basic-e-relief": Scenario(rules="mssp", track="basic-e", performance_year=2022, savings_pct=-10,
                               loss_relief_pct=50, quality_pct=80),
}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) not installed: PDF text not checked; "
                                          "bash .ci/bootstrap.sh installs it")


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def plot(leak_check, qtbot):
    scenario = CASES["w8-loss-cap"]
    widget = PayoffPlot()
    qtbot.addWidget(widget)
    widget.resize(*PLOT_SIZE)
    widget.show_chart(payoff_chart(settle(RULES, scenario), PLOT_POINTS))
    widget.setVisible(True)
    qtbot.waitExposed(widget)
    return widget  # qtbot closes it (PlotWidget.close cannot run twice)


def pixel_mask(image: QImage, ink: str) -> np.ndarray:
    """Where the chart has the curve's green ("green") or axis and text ink ("dark")."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(height, image.bytesPerLine())[:, :width * 4]
    b, g, r = (pixels.reshape(height, width, 4)[..., i].astype(int) for i in range(3))
    if ink == "dark":
        return (r < 90) & (g < 90) & (b < 90)
    return (abs(r - GREEN.red()) < 40) & (abs(g - GREEN.green()) < 40) & (abs(b - GREEN.blue()) < 40)


def overlap(a: np.ndarray, b: np.ndarray, slack: int = 2) -> float:
    """Share of ``a``'s pixels within ``slack`` pixels of one of ``b``'s."""
    grown = b.copy()
    for dx in range(-slack, slack + 1):
        for dy in range(-slack, slack + 1):
            grown |= np.roll(np.roll(b, dx, axis=1), dy, axis=0)
    return float((a & grown).sum() / max(a.sum(), 1))


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


# ----- chart -------------------------------------------------------------------------------------------

def test_png_is_a_png_of_the_chart_size(plot, tmp_path) -> None:
    path = export_chart_png(plot, tmp_path / "chart.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    ratio = plot.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(PLOT_SIZE[0] * ratio), round(PLOT_SIZE[1] * ratio))
    assert pixel_mask(image, "green").sum() > 100  # the curve is there


def test_svg_is_vector_xml_and_renders_back_aligned_with_the_chart(plot, tmp_path) -> None:
    path = export_chart_svg(plot, tmp_path / "chart.svg")
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == f"0 0 {PLOT_SIZE[0]} {PLOT_SIZE[1]}"
    paths = root.iter("{http://www.w3.org/2000/svg}path")
    green = GREEN.name().lower()
    assert any((p.get("stroke") or "").lower() == green or green in (p.get("style") or "").lower() for p in paths) \
        or green in path.read_text(encoding="utf-8").lower()
    curves = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if (g.get("stroke") or "").lower() == green
              and any(child.tag.endswith(("path", "polyline")) for child in g)]
    assert curves, "the payoff curve is not a vector path in the SVG"
    assert not list(root.iter("{http://www.w3.org/2000/svg}image")), "bitmaps embedded: caches leaked into the SVG"

    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    image = QImage(*PLOT_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, *PLOT_SIZE))
    painter.end()
    assert pixel_mask(image, "green").sum() > 300, "the SVG rendered back blank (no curve)"
    shown = plot.grab().toImage().scaled(*PLOT_SIZE)
    # Curve, axes and labels land where the widget draws them: the wrong SVG resolution moves and
    # resizes the text and axes against the curve (overlap falls to 0.4-0.7).
    for ink in ("green", "dark"):
        svg, widget = pixel_mask(image, ink), pixel_mask(shown, ink)
        assert overlap(svg, widget) > 0.9 and overlap(widget, svg) > 0.9, ink


def test_copy_chart_puts_an_image_on_the_clipboard(plot) -> None:
    image = copy_chart_to_clipboard(plot)
    pasted = QApplication.clipboard().image()
    assert not pasted.isNull() and pasted.size() == image.size()


# ----- statement ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", ["fqhc-reconstructed", "basic-e-relief", "w8-loss-cap"])
def test_csv_round_trips_to_the_engine_steps(case, tmp_path) -> None:
    result = settle(RULES, CASES[case])
    path = export_statement_csv(result, tmp_path / "statement.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["step", "amount", "unit", "formula", "source", "reconstructed"]
    assert len(rows) == len(result.steps)
    for row, step in zip(rows, result.steps):
        assert (row["step"], row["unit"], row["formula"], row["source"]) == (step.label, step.unit, step.formula,
                                                                             step.source)
        assert row["reconstructed"] == ("yes" if step.reconstructed else "no")
        if step.unit == "usd":
            assert round(float(row["amount"]), 2) == round(step.amount, 2)  # to the cent
        else:
            assert float(row["amount"]) == pytest.approx(step.amount, abs=1e-12)  # rates as fractions
    assert any(row["reconstructed"] == "yes" for row in rows) == result.has_reconstructed


def test_statement_clipboard_is_tab_separated_one_line_per_step() -> None:
    result = settle(RULES, CASES["fqhc-reconstructed"])
    text = copy_statement_to_clipboard(result)
    assert QApplication.clipboard().text() == text
    header, *lines = text.rstrip("\n").split("\n")
    assert header.split("\t") == ["step", "amount", "unit", "formula", "source", "reconstructed"]
    assert len(lines) == len(result.steps)
    for line, step in zip(lines, result.steps):
        cells = line.split("\t")
        assert len(cells) == 6 and cells[0] == step.label
        float(cells[1])  # a number a spreadsheet can add up


# ----- the meeting report --------------------------------------------------------------------------------

@pytest.mark.parametrize("case", list(CASES))
def test_report_is_one_pdf_page(case, leak_check, tmp_path) -> None:
    file = ScenarioFile.of(CASES[case], name=f"Case {case}", note="What the board asked about. " * 40)
    path = write_report_pdf(RULES, file, tmp_path / "report.pdf", today=date(2025, 3, 4))
    assert path.read_bytes()[:5] == b"%PDF-"
    assert pdf_pages(path) == 1
    assert not [p for p in tmp_path.iterdir() if p.name != "report.pdf"]  # no temporary file left


@needs_poppler
@pytest.mark.parametrize("case", list(CASES))
def test_report_text_shows_the_figures_rules_and_every_step(case, leak_check, tmp_path) -> None:
    scenario = CASES[case]
    result = settle(RULES, scenario)
    path = write_report_pdf(RULES, ScenarioFile.of(scenario, name="Board question", note="A short note."),
                            tmp_path / "report.pdf", today=date(2025, 3, 4))
    text = pdf_text(path)
    assert usd(result.earned) in text
    assert result.terms.book.title in text
    for step in result.steps:  # nothing cut off: every row of the statement is on the page
        assert step.label in text
    assert "March 4, 2025" in text and "Page 1 of 1" in text
    assert (RECONSTRUCTED in text) == result.has_reconstructed
    if case == "fqhc-reconstructed":
        assert RECONSTRUCTED in text and "FQHC/RHC bonus *" in text


# ----- failures: one clear error, no file left ---------------------------------------------------------------

def _writers(plot):
    result = settle(RULES, CASES["fqhc-reconstructed"])
    file = ScenarioFile.of(CASES["fqhc-reconstructed"], name="x")
    return {
        "png": lambda p: export_chart_png(plot, p),
        "svg": lambda p: export_chart_svg(plot, p),
        "csv": lambda p: export_statement_csv(result, p),
        "pdf": lambda p: write_report_pdf(RULES, file, p),
    }


@pytest.mark.parametrize("kind", ["png", "svg", "csv", "pdf"])
def test_no_such_folder_raises_export_error_and_writes_nothing(kind, plot, tmp_path) -> None:
    target = tmp_path / "missing" / f"out.{kind}"
    with pytest.raises(ExportError) as caught:
        _writers(plot)[kind](target)
    assert str(target) in str(caught.value) and "no such folder" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["png", "svg", "csv", "pdf"])
def test_path_through_a_file_raises_export_error(kind, plot, tmp_path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / "a-file" / f"out.{kind}"
    with pytest.raises(ExportError, match=re.escape(str(target))):
        _writers(plot)[kind](target)
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


@pytest.mark.skipif(as_root(), reason="running as root: permissions do not stop root from writing")
@pytest.mark.parametrize("kind", ["png", "svg", "csv", "pdf"])
def test_read_only_folder_raises_export_error_and_writes_nothing(kind, plot, tmp_path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as caught:
            _writers(plot)[kind](folder / f"out.{kind}")
        assert "read-only" in str(caught.value) and str(folder / f"out.{kind}") in str(caught.value)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("kind", ["png", "svg", "csv", "pdf"])
@pytest.mark.parametrize("code,reason", [(errno.ENOSPC, "disk is full"), (errno.EACCES, "read-only"),
                                         (errno.EROFS, "read-only")])
def test_failed_write_keeps_the_old_file_and_leaves_no_partial_one(kind, code, reason, plot, tmp_path,
                                                                   monkeypatch) -> None:
    """A full disk (or a folder that refuses the file) half-way through: the old export is untouched."""
    target = tmp_path / f"out.{kind}"
    target.write_bytes(b"the previous export")
    written = []

    def failing_write(fd, data):
        if written:
            raise OSError(code, os.strerror(code))
        written.append(os.write(fd, bytes(data[:10])))  # some bytes reach the temporary file first
        return written[-1]

    monkeypatch.setattr(safe_write, "os", SimpleNamespace(**{**vars(os), "write": failing_write}))
    with pytest.raises(ExportError) as caught:
        _writers(plot)[kind](target)
    assert reason in str(caught.value) and str(target) in str(caught.value)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# ----- the command line ----------------------------------------------------------------------------------

def run_report(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "aco_desktop", "report", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)


def test_report_command_writes_a_pdf_without_a_display(tmp_path) -> None:
    out = tmp_path / "report.pdf"
    proc = run_report(str(PRESET), str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:5] == b"%PDF-" and pdf_pages(out) == 1


def test_report_command_reads_a_saved_scenario_file(tmp_path) -> None:
    scenario_path = write_scenario_file(tmp_path / "mine.json", ScenarioFile.of(CASES["fqhc-reconstructed"], "Mine"))
    proc = run_report(str(scenario_path), str(tmp_path / "mine.pdf"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mine.pdf").is_file()


@pytest.mark.parametrize("name", ["duplicate-key.json", "infinity.json", "binary.json", "empty.json"])
def test_report_command_bad_scenario_file_exits_2_with_one_line(name, tmp_path) -> None:
    out = tmp_path / "report.pdf"
    proc = run_report(str(BAD_SCENARIOS / name), str(out))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and name in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder", "through-a-file"])
def test_report_command_unwritable_output_exits_2_with_one_line(where, tmp_path) -> None:
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / ("missing" if where == "missing-folder" else "a-file") / "report.pdf"
    proc = run_report(str(PRESET), str(out))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "cannot write" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
