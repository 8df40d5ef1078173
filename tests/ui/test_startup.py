"""Start-up does only what the first paint needs: a feature's dialog, the command line and the report
exporter load when first used, not when the window opens (``aco-desktop --screenshot`` measures this)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from aco_desktop.ui import app

REPO = Path(__file__).resolve().parents[2]

# Modules the window must not import before its first paint (each is imported on first use).
LOADED_ON_FIRST_USE = (
    "aco_desktop.cli",  # the headless commands
    "aco_desktop.batch",
    "aco_desktop.ui.smoke",  # --smoke-test only
    "aco_desktop.ui.features.agreement_dialog",  # View > Agreement
    "aco_desktop.ui.features.agreement_panels",
    "aco_desktop.view.agreement",
    "aco_desktop.view.agreement_money",
    "aco_desktop.engine.costs",
    "aco_desktop.ui.export.report",  # File > Export > Meeting report
    "aco_desktop.ui.export.report_pages",
    "aco_desktop.ui.export.report_layout",
    "aco_desktop.view.report_text",
    "aco_desktop.commands.reform_impact",  # Tools > Reform impact
    "aco_desktop.cms",  # CMS's results (Find my ACO, reform impact)
)


def test_the_window_opens_without_the_modules_it_loads_on_first_use(tmp_path) -> None:
    code = ("import sys; from aco_desktop.__main__ import main; "
            f"code = main(['--screenshot', {str(tmp_path / 'shot.png')!r}, '--size', '1366x768']); "
            "print(sorted(m for m in sys.modules if m.startswith('aco_desktop'))); sys.exit(code)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACO_DESKTOP_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = set(eval(proc.stdout.strip().splitlines()[-1]))  # noqa: S307 (our own printed list)
    assert "aco_desktop.ui.main_window" in loaded and (tmp_path / "shot.png").is_file()
    eager = [m for m in LOADED_ON_FIRST_USE if m in loaded or any(x.startswith(m + ".") for x in loaded)]
    assert not eager, f"imported at start-up: {eager}"


def test_the_screenshot_is_the_windows_first_paint(make_window) -> None:
    """--screenshot takes the offscreen backing store (no second paint): the same pixels as grab()."""
    window = make_window()
    window.resize(1366, 768)
    QApplication.processEvents()
    shot = app.first_paint(window).toImage().convertToFormat(QImage.Format.Format_RGB32)
    drawn = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert shot.size() == drawn.size() and shot == drawn


def test_the_agreement_view_is_built_when_first_read_or_opened(make_window) -> None:
    from aco_desktop.ui.features.lazy import built

    window = make_window()
    assert built(window, "agreement_view") is None  # not at start
    dialog = window.agreement_view  # reading it builds it, once
    assert dialog is window.agreement_view and built(window, "agreement_view") is dialog
    window.agreement_action.trigger()
    assert dialog.isVisible()
    dialog.close()


def test_the_package_reads_its_version_only_when_asked() -> None:
    """importlib.metadata costs ~40 ms to import; nothing on the first paint shows the version."""
    code = ("import sys, aco_desktop; assert 'importlib.metadata' not in sys.modules; "
            "v = aco_desktop.__version__; assert v == aco_desktop.version() and v[0].isdigit(), v; print(v)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_start_up_objects_are_frozen_out_of_later_collections_once_the_window_is_painted() -> None:
    import gc

    gc.disable()
    try:
        app.start_collecting()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
