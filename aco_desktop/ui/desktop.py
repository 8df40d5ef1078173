"""Desktop basics around the window: text size for a projector, and what the settings file remembers
(window geometry, text size, the last scenario)."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow

from aco_desktop.scenario import Scenario

FONT_STEPS = (9, 10, 11, 12, 14, 16, 18, 20)  # point sizes for View > Larger/Smaller text


def next_font_size(size: int, direction: int) -> int:
    """The next size up (``direction`` > 0) or down from ``size``; ``size`` at either end."""
    bigger = [s for s in FONT_STEPS if s > size]
    smaller = [s for s in FONT_STEPS if s < size]
    return (bigger[0] if bigger else size) if direction > 0 else (smaller[-1] if smaller else size)


def set_app_font_size(points: int, settings: QSettings | None) -> None:
    app = QApplication.instance()
    before = app.font().pointSizeF()
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    _follow_style_sheets(before, points)
    if settings is not None:
        settings.setValue("font_points", points)


def _follow_style_sheets(before: float, points: int) -> None:
    """A widget with a style sheet keeps the text size it had when the sheet was set (Qt pins it): those
    still at the old app size get the new one, so every line (a feature's coloured line too) follows."""
    for widget in QApplication.allWidgets():
        if widget.styleSheet() and widget.font().pointSizeF() == before and before != points:
            font = QFont(widget.font())
            font.setPointSize(points)
            widget.setFont(font)


def default_size(window: QMainWindow) -> tuple[int, int]:
    """What the window opens at without a remembered size: most of the screen's available area (never a
    fixed size that a 1366x768 laptop or a 200% display cannot hold)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return 1280, 760
    area = screen.availableGeometry()
    return max(640, int(area.width() * 0.92)), max(480, int(area.height() * 0.9))


def _screen_key(window: QMainWindow) -> str:
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return "geometry"
    size = screen.availableGeometry().size()
    return f"geometry/{screen.name() or 'screen'}-{size.width()}x{size.height()}"


def restore_window(window: QMainWindow, settings: QSettings | None) -> int | None:
    """Put the window back where it was on this screen (sizes are remembered per screen); returns the
    remembered text size, if any."""
    window.resize(*default_size(window))
    if settings is None:
        return None
    geometry = settings.value(_screen_key(window)) or settings.value("geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    points = settings.value("font_points")
    return int(points) if points else None


def remember_window(window: QMainWindow, settings: QSettings | None, scenario: Scenario) -> None:
    """At a clean exit: the geometry and the scenario on screen, for the next start."""
    if settings is None:
        return
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue(_screen_key(window), window.saveGeometry())
    settings.setValue("last_scenario", json.dumps(scenario.model_dump()))
    settings.sync()
