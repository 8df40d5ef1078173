"""Issue 14, item 1: the window opens on today's rules; presets list today's cases first and open as
untitled copies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from aco_desktop.scenario import Scenario
from aco_desktop.session.files import read_scenario_file
from aco_desktop.session.presets import is_earlier_rules, list_presets, opening_scenario

from ..conftest import RULES


def today() -> Scenario:
    return opening_scenario(RULES, date.today())


def test_a_fresh_window_new_and_reset_show_todays_rules(make_window) -> None:
    window = make_window()
    assert window.session.scenario == today()
    assert window.session.scenario.track == "basic-a" and window.session.scenario.rules == "mssp"
    window.session.apply(savings_pct=6)
    window.reset_action.trigger()
    assert window.session.scenario == today()
    window.session.apply(savings_pct=6)
    next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&New").trigger()
    assert window.session.scenario == today() and window.document.path is None


def test_presets_menu_puts_todays_rules_first_and_older_in_a_submenu(make_window) -> None:
    window = make_window()
    presets = list_presets(RULES)
    actions = window.presets_menu.actions()
    top = [a.text() for a in actions if a.menu() is None and not a.isSeparator()]
    assert top == [p.name for p in presets if not is_earlier_rules(p)] and len(top) == 9
    submenu = next(a.menu() for a in actions if a.menu() is not None)
    assert submenu.title() == "Earlier rules (2011-2014)"
    assert [a.text() for a in submenu.actions()] == [p.name for p in presets if is_earlier_rules(p)]


def test_a_preset_opens_as_an_untitled_copy_and_save_asks_for_a_name(make_window, tmp_path, monkeypatch) -> None:
    window = make_window()
    preset = list_presets(RULES)[0]
    before = preset.path.read_bytes()
    window.presets_menu.actions()[0].trigger()
    assert window.document.path is None
    window.session.apply(savings_pct=5)
    target = tmp_path / "copy.json"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kw: (asked.append(args) or str(target), ""))
    window.save_action.trigger()
    assert asked, "Save must ask for a file name"
    assert preset.path.read_bytes() == before
    saved = read_scenario_file(target, RULES)
    assert saved.source == preset.source != "" and saved.scenario.savings_pct == 5
