"""Start the window: ``aco-desktop [FILE] [scenario flags] [--screenshot OUT.png] [--smoke-test REPORT.json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from aco_desktop import __version__
from aco_desktop.flags import BadInput, add_scenario_arguments, scenario_from_namespace, settle_checked
from aco_desktop.resources import resources_dir
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver, data_dir
from aco_desktop.session.files import ScenarioFile
from aco_desktop.session.state import Session
from aco_desktop.ui.main_window import APP_NAME, MainWindow, describe, last_scenario

ICON = "icons/aco-desktop.svg"


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("aco-desktop")
        app.setApplicationDisplayName(APP_NAME)
        app.setOrganizationName("ACO What-If Explorer")
        app.setApplicationVersion(__version__)
        icon = resources_dir() / ICON
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def user_settings() -> QSettings:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def create_window(scenario: Scenario | None = None, settings: QSettings | None = None,
                  autosaver: Autosaver | None = None, rules: RuleRegistry | None = None) -> MainWindow:
    """The real main window for ``scenario`` (default: the app's defaults). Creates the QApplication."""
    ensure_app()
    return MainWindow(Session(scenario or Scenario(), rules or RuleRegistry.load(strict=False)), settings, autosaver)


def offer_recovery(autosaver: Autosaver, rules: RuleRegistry, ask) -> tuple[ScenarioFile | None, str]:
    """What an earlier run left on screen when it stopped without closing, if the user wants it back.

    ``ask(text) -> bool`` asks the user. Whatever the answer, the left-over autosave is then forgotten.
    """
    found = autosaver.recoverable(rules)
    if found is None:
        return None, ""
    what = found.name or describe(rules, found.scenario)
    restore = ask(f"ACO What-If Explorer stopped unexpectedly last time. Restore the scenario that was on "
                  f"screen?\n\n{what}: savings {found.scenario.savings_pct:g}%, quality {found.scenario.quality_pct:g}%, "
                  f"{found.scenario.beneficiaries:,} beneficiaries.")
    autosaver.discard_recoverable()
    return (found, "Restored the scenario from the last session.") if restore else (None, "")


def _ask_yes_no(text: str) -> bool:
    answer = QMessageBox.question(None, "Restore your scenario?", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aco-desktop", description=f"{APP_NAME}: opens the window. Headless "
                                     "commands: aco-desktop settle | rules | reproduce-puf (see --help of each).")
    parser.add_argument("file", nargs="?", help="a scenario file to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    parser.add_argument("--size", default="1400x900", help="window size for --screenshot (default 1400x900)")
    parser.add_argument("--smoke-test", metavar="REPORT.json", help="exercise the real window, write a report, exit")
    add_scenario_arguments(parser)
    return parser


def _initial_scenario(ns: argparse.Namespace, settings: QSettings | None,
                      rules: RuleRegistry) -> tuple[Scenario, str]:
    scenario_flags = {k: v for k, v in vars(ns).items()
                      if k not in ("file", "screenshot", "size", "smoke_test", "option") and v is not None}
    if scenario_flags or ns.option:
        return scenario_from_namespace(ns), ""
    if settings is not None:
        scenario, why = last_scenario(settings, rules)
        if scenario is not None:
            return scenario, "Your last scenario is back."
        return Scenario(), why
    return Scenario(), ""


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    if ns.smoke_test:
        from aco_desktop.ui.smoke import run_smoke_test

        return run_smoke_test(Path(ns.smoke_test))
    if ns.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        rules = RuleRegistry.load(strict=False)
        settings = None if ns.screenshot else user_settings()
        scenario, message = _initial_scenario(ns, settings, rules)
        if ns.screenshot:
            settle_checked(rules, scenario)  # refuse a scenario the rules reject before drawing anything
    except (BadInput, RuleFileError) as exc:
        print(f"aco-desktop: error: {exc}", file=sys.stderr)
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
        window.document.name, window.document.note = recovered.name, recovered.note
        window.session.reset(scenario, dirty=True)
    if ns.file:  # opened like File > Open: a bad file is reported and what was on screen stays
        if not window.document.open_path(Path(ns.file)) and ns.screenshot:
            print(f"aco-desktop: error: {window.last_warning}", file=sys.stderr)
            window.close()
            return 2
        message = ""
    if ns.screenshot:
        width, height = (int(v) for v in ns.size.lower().split("x"))
        window.resize(width, height)
        window.show()
        app.processEvents()
        ok = window.grab().save(ns.screenshot)
        window.close()
        if not ok:
            print(f"aco-desktop: error: could not write {ns.screenshot}", file=sys.stderr)
            return 1
        print(ns.screenshot)
        return 0
    if message:
        window.tell(message)
    window.show()
    return app.exec()
