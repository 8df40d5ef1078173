"""Issue 14, item 6: a titled 16:9 slide image from File > Export, and copied to the clipboard."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from aco_desktop.scenario import Scenario

from .conftest import ARTIFACTS
from .test_window import choose


def _menu_action(window, *path):
    menu = window.menuBar()
    for name in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text().replace("&", "") == name)
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(path[-1]))


def test_slide_image_is_1920x1080_and_copied(make_window, tmp_path, monkeypatch) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.pin_action.trigger()
    choose(window.controls.track, "enhanced")
    target = tmp_path / "slide.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _menu_action(window, "File", "Export", "Slide image").trigger()
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1920, 1080)
    assert "Wrote" in window.statusBar().currentMessage()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(str(ARTIFACTS / "slide-compare.png"))
    _menu_action(window, "Edit", "Copy slide").trigger()
    assert QApplication.clipboard().image().width() == 1920


def test_the_pdf_report_carries_the_comparison_when_a_baseline_is_pinned(make_window, tmp_path, monkeypatch) -> None:
    from aco_desktop.ui.export import report

    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.pin_action.trigger()
    choose(window.controls.track, "enhanced")
    seen = {}
    original = report._report_plot

    def spy(result, width, height, base=None, rules=None):
        plot = original(result, width, height, base, rules)
        seen["baseline"] = plot.baseline_curve.getData()[1]
        seen["key"] = plot.legend_words()
        return plot

    monkeypatch.setattr(report, "_report_plot", spy)
    words = report.comparison_text
    monkeypatch.setattr(report, "comparison_text", lambda *a: seen.setdefault("text", words(*a)))
    target = tmp_path / "r.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _menu_action(window, "File", "Export", "Meeting report").trigger()
    assert target.stat().st_size > 1000
    assert seen["baseline"] is not None and len(seen["baseline"]) > 10
    assert seen["key"][-1].startswith("Pinned: BASIC level A")
    assert seen["text"].startswith("Compared with the pinned scenario (BASIC level A") and "Earned" in seen["text"]
