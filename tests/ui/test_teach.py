"""The teaching features as a user drives them: presentation mode, the guided tour, help, reforms."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import save_screenshot


def _active(window, qtbot) -> None:
    """Shortcuts need the active window, as on a desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _settle_events(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def test_presentation_mode_enlarges_and_leaving_restores_the_layout(make_window, qtbot) -> None:
    window = make_window()
    _active(window, qtbot)
    size, splits = window.size(), window.splitter.sizes()
    figure_font = window.figures.values["earned"].font().pointSizeF()
    shown = {w: w.isVisible() for w in (window.controls, window.statement, window.who, window.menuBar())}
    qtbot.keyClick(window, Qt.Key.Key_F5)
    _settle_events(qtbot)
    p = window.presentation
    assert p.active and window.isFullScreen()
    assert not window.controls.isVisible() and not window.statement.isVisible() and not window.who.isVisible()
    assert p.strip.isVisible() and list(p.fields) == ["savings_pct", "quality_pct", "beneficiaries"]
    assert window.figures.values["earned"].font().pointSizeF() >= 2 * figure_font
    p.fields["savings_pct"].setValue(5.0)  # the big slider drives the session
    assert window.session.scenario.savings_pct == 5.0
    save_screenshot(window, "teach-presentation")
    qtbot.keyClick(window.plot, Qt.Key.Key_Escape)
    _settle_events(qtbot)
    assert not p.active and not window.isFullScreen() and not p.strip.isVisible()
    assert window.size() == size and window.splitter.sizes() == splits
    assert window.figures.values["earned"].font().pointSizeF() == figure_font
    assert {w: w.isVisible() for w in shown} == shown
