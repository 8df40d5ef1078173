"""``aco-desktop --smoke-test REPORT.json``: build the real window, use it a little, report, exit.

Run against the source tree and against the frozen bundle (``packaging/smoke_test.py``), so a bundle
that lost a module, a plugin or a data file fails here rather than on a user's desk. It drives the
window through the same path a user does (slider ``setValue`` is exactly what a drag does, the undo
action is the menu item), checks what the window shows against the Qt-free session, exercises the
Qt pieces the app needs that a plain start would not load (PNG/SVG/PDF writers, the SVG icon engine),
and writes a JSON report:

    {"ok": bool, "version": str, "qt_version": str, "frozen": bool,
     "timings": {"import_s": float, "startup_to_first_paint_s": float, "changes_ms": [float, ...]},
     "checks": [str, ...], "error": str | null}

``import_s`` runs from process start to the moment the smoke test begins (interpreter, bootloader and
imports); ``startup_to_first_paint_s`` from process start to the main window's first paint event.
A watchdog ends the process if anything hangs, after writing the report.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT_S = 45.0

# Scripted changes, as a user would make them: (input name, value). The last one is undone.
CHANGES: tuple[tuple[str, float], ...] = (
    ("savings_pct", 5.0),
    ("quality_pct", 80.0),
    ("beneficiaries", 20_000),
    ("savings_pct", -2.0),
)


def _process_start_epoch() -> tuple[float, str]:
    """Best estimate of when this process started (epoch seconds), and how it was obtained.

    Linux: from ``/proc`` (10 ms resolution), which includes the bootloader of a frozen bundle and
    the interpreter's start. Elsewhere: when this module was imported (an underestimate).
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 (starttime), counted after "pid (comm)"
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime_s = float(fh.read().split()[0])
        age_s = uptime_s - start_ticks / os.sysconf("SC_CLK_TCK")
        return time.time() - max(age_s, 0.0), "process"
    except (OSError, ValueError, IndexError, AttributeError):
        return _MODULE_IMPORTED_AT, "smoke-module-import"


_MODULE_IMPORTED_AT = time.time()


class SmokeFailure(AssertionError):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class _Report:
    """The report, written once (by the test or by the watchdog, whichever comes first)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {
            "ok": False,
            "version": _app_version(),
            "qt_version": None,
            "frozen": _is_frozen(),
            "timings": {"import_s": None, "startup_to_first_paint_s": None, "changes_ms": []},
            "checks": [],
            "error": None,
        }
        self._lock = threading.Lock()
        self._written = False

    def passed(self, name: str) -> None:
        self.data["checks"].append(name)

    def write(self, ok: bool, error: str | None = None) -> bool:
        with self._lock:
            if self._written:
                return False
            self._written = True
            self.data["ok"] = ok
            self.data["error"] = error
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.data, indent=2) + "\n", encoding="utf-8")
            return True


def _app_version() -> str:
    from aco_desktop import version

    return version()


def _is_frozen() -> bool:
    from aco_desktop.resources import is_frozen

    return bool(is_frozen())


def run_smoke_test(report_path: Path, argv_scenario: Any = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Build the real main window, exercise it, write ``report_path``; 0 when every check passed.

    ``argv_scenario`` is the scenario the app would have opened from its command line (None: the
    default rules and inputs).
    """
    report_path = Path(report_path)
    report = _Report(report_path)
    start_epoch, clock = _process_start_epoch()
    report.data["timings"]["import_s"] = round(time.time() - start_epoch, 3)
    report.data["timings"]["clock"] = clock

    def on_timeout() -> None:
        if report.write(False, f"watchdog: the smoke test did not finish within {timeout_s:.0f} s"):
            print(f"smoke test: watchdog fired after {timeout_s:.0f} s", file=sys.stderr, flush=True)
        os._exit(1)

    watchdog = threading.Timer(timeout_s, on_timeout)
    watchdog.daemon = True
    watchdog.start()
    window = None
    try:
        window = _exercise(report, start_epoch, argv_scenario)
        ok, error = True, None
    except Exception as exc:  # noqa: BLE001 - every failure goes into the report
        ok = False
        error = f"{type(exc).__name__}: {exc}"
        # Not a Python traceback on stderr: the harness treats "Traceback" as a crash of the app.
        detail = "".join(traceback.format_exception(exc)).replace("Traceback", "Stack")
        report.data["detail"] = detail
        print(f"smoke test failed: {error}", file=sys.stderr, flush=True)
    report.write(ok, error)
    if window is not None:
        # hide(), not close(): closing a window with changes asks whether to save them, and a modal
        # question offscreen waits forever. The process ends without closing it.
        window.hide()
    watchdog.cancel()
    return 0 if ok else 1


def _exercise(report: _Report, start_epoch: float, argv_scenario: Any) -> Any:
    from PySide6.QtCore import QEvent, QObject, qVersion
    from PySide6.QtWidgets import QApplication

    from aco_desktop.ui.startup import create_window

    report.data["qt_version"] = qVersion()
    timings = report.data["timings"]

    first_paint: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if not first_paint and event.type() == QEvent.Type.Paint:
                first_paint.append(time.time())
            return False

    window = create_window(argv_scenario)
    app = QApplication.instance()
    _check(app is not None, "create_window did not create a QApplication")
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    window.show()
    deadline = time.monotonic() + 10.0
    while not first_paint and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.removeEventFilter(watcher)
    _check(bool(first_paint), "the main window was shown but never painted within 10 s")
    timings["startup_to_first_paint_s"] = round(first_paint[0] - start_epoch, 3)
    report.passed("window shown and painted")

    _exercise_changes(report, window, app)
    _check_qt_features(window)
    report.passed("PNG, SVG and PDF output; SVG app icon; rule files in resources")
    return window


def _exercise_changes(report: _Report, window: Any, app: Any) -> None:
    """The default scenario, then the scripted slider changes and an undo, each checked against the session."""
    session = window.session
    settlement = session.settlement()
    _check(len(settlement.steps) > 0, "the default scenario settles to an empty statement")
    report.passed(f"default rules loaded ({session.scenario.rules}, {session.scenario.track})")
    _check_view_matches_session(window)
    report.passed("curve finite, marker at the earned total, statement has rows (default)")

    before_last: Any = None
    for name, value in CHANGES:
        slider = window.controls.slider(name)
        target = _within(name, slider, value)
        before_last = session.scenario
        t0 = time.perf_counter()
        slider.setValue(target)
        app.processEvents()
        report.data["timings"]["changes_ms"].append(round((time.perf_counter() - t0) * 1000, 2))
        shown = getattr(session.scenario, name)
        _check(math.isclose(float(shown), float(target), rel_tol=1e-9, abs_tol=1e-6),
               f"moving the {name} slider to {target} left the scenario at {shown}")
        _check_view_matches_session(window)
    report.passed(f"{len(CHANGES)} slider changes reached the session and the views")

    window.undo_action.trigger()
    app.processEvents()
    _check(session.scenario == before_last, "the undo action did not restore the scenario before the last change")
    last_name = CHANGES[-1][0]
    slider_value = float(window.controls.slider(last_name).value())
    _check(math.isclose(slider_value, float(getattr(before_last, last_name)), abs_tol=1e-6),
           f"after undo the {last_name} slider shows {slider_value}, the scenario has {getattr(before_last, last_name)}")
    _check_view_matches_session(window)
    report.passed("undo restored the scenario, the slider and the views")


def _within(name: str, slider: Any, value: float) -> float:
    """``value`` inside the input's bounds (and the slider's, if it has its own), typed as the input."""
    from aco_desktop.scenario import INPUTS

    spec = INPUTS[name]
    lo, hi = spec.minimum, spec.maximum
    if hasattr(slider, "minimum") and hasattr(slider, "maximum"):
        lo, hi = max(lo, slider.minimum()), min(hi, slider.maximum())
    value = min(max(value, lo), hi)
    return int(round(value)) if spec.integer else float(value)


def _check_view_matches_session(window: Any) -> None:
    import numpy as np

    settlement = window.session.settlement()
    x, y = (np.asarray(a, dtype=float) for a in window.plot.curve_data())
    _check(x.shape == y.shape and x.size >= 2, f"payoff curve has {x.size} x and {y.size} y values")
    finite = np.isfinite(x) & np.isfinite(y)
    _check(int(finite.sum()) >= 2, "payoff curve has fewer than two finite points")
    _check(not (np.isinf(x).any() or np.isinf(y).any()), "payoff curve has infinite values (only NaN gaps allowed)")
    mx, my = window.plot.marker_point()
    _check(math.isfinite(mx) and math.isfinite(my), f"marker is not finite: ({mx}, {my})")
    _check(abs(my - settlement.earned) <= 0.01,
           f"marker at ${my:,.2f} but the statement's earned total is ${settlement.earned:,.2f}")
    rows = window.statement_rows()
    _check(len(rows) > 0, "the statement table has no rows")


def _check_qt_features(window: Any) -> None:
    """The Qt pieces a plain start does not load but the app uses: image, SVG and PDF output, SVG icons."""
    from PySide6.QtCore import QPointF, QRect, QSize
    from PySide6.QtGui import QIcon, QImage, QPainter, QPdfWriter
    from PySide6.QtSvg import QSvgGenerator, QSvgRenderer

    from aco_desktop.resources import resources_dir

    def draw(painter: QPainter) -> None:  # a line and some text: enough to need fonts and paths
        painter.drawPolyline([QPointF(10, 90), QPointF(50, 60), QPointF(90, 10)])
        painter.drawText(QPointF(10, 110), "ACO smoke test $1,234.56")

    with tempfile.TemporaryDirectory(prefix="aco-smoke-") as tmp:
        png = Path(tmp) / "window.png"
        _check(window.grab().save(str(png)), "could not save a PNG of the window")
        _check(not QImage(str(png)).isNull(), "could not read back the PNG of the window")

        svg = Path(tmp) / "drawing.svg"
        generator = QSvgGenerator()
        generator.setFileName(str(svg))
        generator.setSize(QSize(200, 120))
        generator.setViewBox(QRect(0, 0, 200, 120))
        generator.setResolution(96)
        painter = QPainter(generator)
        draw(painter)
        painter.end()
        _check(svg.is_file() and svg.stat().st_size > 0, "QSvgGenerator wrote nothing")
        _check(QSvgRenderer(str(svg)).isValid(), "Qt cannot read back the SVG it wrote")

        pdf = Path(tmp) / "drawing.pdf"
        writer = QPdfWriter(str(pdf))
        writer.setResolution(96)
        painter = QPainter(writer)
        draw(painter)
        painter.end()
        _check(pdf.read_bytes()[:5] == b"%PDF-", "QPdfWriter did not write a PDF")

    resources = resources_dir()
    _check(any((resources / "rules").glob("*.toml")), f"no rule files in {resources / 'rules'}")
    icon_file = resources / "icons" / "aco-desktop.svg"
    _check(icon_file.is_file(), f"app icon missing: {icon_file}")
    pixmap = QIcon(str(icon_file)).pixmap(QSize(64, 64))
    _check(not pixmap.isNull(), "the SVG app icon does not render (SVG icon engine plugin missing?)")

