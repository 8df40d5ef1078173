"""Building the app and its window: the QApplication, settings, rules, the last or recovered scenario.

``app`` (the command line) and ``smoke`` (the smoke test) both start the window from here, so neither
needs the other.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Callable

from pydantic import ValidationError
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from aco_desktop import APP_NAME
from aco_desktop.engine import ScenarioError, settle
from aco_desktop.resources import resources_dir
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver, data_dir
from aco_desktop.session.errors import explain
from aco_desktop.session.files import ScenarioFile
from aco_desktop.session.presets import opening_scenario
from aco_desktop.session.state import Session, starting_scenario
from aco_desktop.ui.main_window import MainWindow
from aco_desktop.view.words import recovery_question

ICON = "icons/aco-desktop.svg"


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("aco-desktop")
        app.setApplicationDisplayName(APP_NAME)
        app.setOrganizationName(APP_NAME)
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
    """The real main window for ``scenario`` (default: the rules in force today, ``opening_scenario``).
    Creates the QApplication.

    Rule files that do not load are skipped (the window says which and why); with none loadable this
    raises ``RuleFileError``.
    """
    ensure_app()
    rules = rules or RuleRegistry.load(strict=False)
    shown, why = starting_scenario(rules, scenario or opening_scenario(rules, date.today()))
    window = MainWindow(Session(shown, rules), settings, autosaver)
    if why:
        window.tell(why)
    return window


def last_scenario(settings: QSettings, rules: RuleRegistry) -> tuple[Scenario | None, str]:
    """The scenario on screen at the last clean exit, or None with the reason it cannot be used."""
    text = settings.value("last_scenario")
    if not text:
        return None, ""
    try:
        scenario = Scenario.model_validate_json(str(text))
        settle(rules, scenario)  # the rules must still accept it (a rule file may have changed)
        return scenario, ""
    except (ValidationError, ScenarioError, ValueError, RuleFileError) as exc:
        return None, f"The last scenario could not be restored ({explain(exc)}); defaults shown."


def offer_recovery(autosaver: Autosaver, rules: RuleRegistry,
                   ask: Callable[[str], bool]) -> tuple[ScenarioFile | None, str]:
    """What an earlier run left on screen when it stopped without closing, if the user wants it back.

    ``ask(text) -> bool`` asks the user. Whatever the answer, the left-over autosave is then forgotten.
    """
    found = autosaver.recoverable(rules)
    if found is None:
        return None, ""
    restore = ask(recovery_question(rules, found.name, found.scenario))
    autosaver.discard_recoverable()
    return (found, "Restored the scenario from the last session.") if restore else (None, "")
