"""Start the window: ``aco-desktop [FILE] [scenario flags] [--rules-dir DIR] [--screenshot OUT.png]
[--smoke-test REPORT.json]``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

from aco_desktop import APP_NAME
from aco_desktop.flags import BadInput, add_scenario_arguments, scenario_from_namespace, settle_checked
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.presets import opening_scenario
from aco_desktop.session.state import starting_scenario
from aco_desktop.ui.startup import create_window, ensure_app, last_scenario, offer_recovery, user_settings

_NOT_SCENARIO = ("file", "screenshot", "size", "smoke_test", "option", "rules_dir")


def _ask_yes_no(text: str) -> bool:
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(None, "Restore your scenario?", text, buttons.Yes | buttons.No, buttons.Yes)
    return answer == buttons.Yes


def _cannot_start(message: str) -> None:
    """The app cannot open a window at all (no rule file loads): say why in a dialog."""
    ensure_app()
    QMessageBox.critical(None, f"{APP_NAME} cannot start", message)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aco-desktop", description=f"{APP_NAME}: opens the window. Headless "
                                     "commands: aco-desktop settle | rules | reproduce-puf (see --help of each).")
    parser.add_argument("file", nargs="?", help="a scenario file to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--size", default="1400x900", help="window size for --screenshot (default 1400x900)")
    parser.add_argument("--smoke-test", metavar="REPORT.json", help="exercise the real window, write a report, exit")
    parser.add_argument("--rules-dir", metavar="DIR", type=Path,
                        help="read the rule files from DIR instead of the installed ones")
    add_scenario_arguments(parser)
    return parser


def _initial_scenario(ns: argparse.Namespace, settings: QSettings | None,
                      rules: RuleRegistry) -> tuple[Scenario, str]:
    scenario_flags = {k: v for k, v in vars(ns).items() if k not in _NOT_SCENARIO and v is not None}
    if scenario_flags or ns.option:
        return scenario_from_namespace(ns), ""
    if settings is not None:
        scenario, why = last_scenario(settings, rules)
        if scenario is not None:
            return scenario, "Your last scenario is back."
    else:
        why = ""
    # a fresh start opens on the rules in force today; a rule file may have been skipped
    scenario, moved = starting_scenario(rules, opening_scenario(rules, date.today()))
    return scenario, f"{why} {moved}".strip()


def _load(ns: argparse.Namespace) -> tuple[RuleRegistry, QSettings | None, Scenario, str]:
    rules = RuleRegistry.load(ns.rules_dir, strict=False)
    for name, why in sorted(rules.skipped.items()):
        print(f"aco-desktop: warning: skipped rule file {name}: {why}", file=sys.stderr)
    settings = None if ns.screenshot else user_settings()
    scenario, message = _initial_scenario(ns, settings, rules)
    if ns.screenshot:
        settle_checked(rules, scenario)  # refuse a scenario the rules reject before drawing anything
    return rules, settings, scenario, message


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    if ns.smoke_test:
        from aco_desktop.ui.smoke import run_smoke_test  # only the smoke test needs it

        gc.enable()  # the smoke test times drags: with the collector on, as a user's session has it
        return run_smoke_test(Path(ns.smoke_test))
    if ns.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        rules, settings, scenario, message = _load(ns)
    except (BadInput, RuleFileError, ValueError) as exc:
        print(f"aco-desktop: error: {exc}", file=sys.stderr)
        if not isinstance(exc, BadInput) and not ns.screenshot:  # started from a desktop: no terminal
            _cannot_start(str(exc))
        return 2
    app = ensure_app()
    autosaver = recovered = None
    if not ns.screenshot:
        autosaver = Autosaver()
        if autosaver.last_error:
            message = f"{message} Autosave is off: {autosaver.last_error}".strip()
        recovered, recovery_message = offer_recovery(autosaver, rules, _ask_yes_no)
        if recovered is not None:
            scenario, message = recovered.scenario, recovery_message
    window = create_window(scenario, settings, autosaver, rules)
    if recovered is not None:
        window.model.load(recovered, None, dirty=True)
    if ns.file:  # opened like File > Open: a bad file is reported and what was on screen stays
        if not window.document.open_path(Path(ns.file)) and ns.screenshot:
            print(f"aco-desktop: error: {window.last_warning}", file=sys.stderr)
            window.close()
            return 2
        message = ""
    if ns.screenshot:
        return _screenshot(app, window, ns)
    if message:
        window.tell(message)
    window.show()
    QTimer.singleShot(0, start_collecting)  # start-up is over (``python -m aco_desktop`` turned the collector off)
    return app.exec()


def start_collecting() -> None:
    """The collector on again, past what start-up made: the ~130,000 objects that live as long as the
    window (rules, models, widgets' wrappers) are frozen out of every later collection, so a collection
    during a drag, or the last one at exit, walks only what the session made since."""
    gc.freeze()
    gc.enable()


PNG_QUALITY = 80  # Qt's PNG "quality" 80 is zlib level 1: a third faster to write than the default, no larger


def first_paint(window: QWidget) -> QPixmap:
    """What ``window`` painted when it was shown. Offscreen that is the window's own backing store (the
    pixels a user's screen would get), so the window is not painted a second time just to be grabbed;
    on a real screen (where another window may cover it) it is drawn again with ``grab()``."""
    if QGuiApplication.platformName() == "offscreen":
        shot = window.screen().grabWindow(window.winId())
        if not shot.isNull() and shot.deviceIndependentSize().toSize() == window.size():
            return shot
    return window.grab()


def _screenshot(app, window, ns: argparse.Namespace) -> int:
    width, height = (int(v) for v in ns.size.lower().split("x"))
    window.resize(width, height)
    window.show()
    app.processEvents()
    quality = PNG_QUALITY if ns.screenshot.lower().endswith(".png") else -1  # another format: Qt's default
    ok = first_paint(window).save(ns.screenshot, None, quality)
    start_collecting()  # as the window does after its first paint (and the exit's collection is short)
    window.close()
    if not ok:
        print(f"aco-desktop: error: could not write {ns.screenshot}", file=sys.stderr)
        return 1
    print(ns.screenshot)
    return 0
