"""Window fixtures: a real MainWindow offscreen, settings in a temporary file, and a leak check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from aco_desktop.scenario import Scenario
from aco_desktop.ui.startup import create_window

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def leak_check(qapp):
    """Every top-level widget a test opened is closed when it ends."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for widget in left:
        widget.close()
    assert not left, f"left open: {[type(w).__name__ for w in left]}"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(leak_check, qtbot, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("ACO_DESKTOP_DATA_DIR", str(tmp_path / "data"))

    def make(scenario: Scenario | None = None, with_settings: bool = True, resize: bool = True):
        window = create_window(scenario, settings if with_settings else None)
        window.ask_to_save = lambda: "discard"  # no modal question in tests
        qtbot.addWidget(window)
        if resize:
            window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def save_screenshot(window, name: str) -> Path:
    """For people to look at (never compared by pixel)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    window.grab().save(str(path))
    return path
