"""Scenario files in the window: open, save, presets, bad files, drag-and-drop, autosave and recovery."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from aco_desktop.engine import settle
from aco_desktop.scenario import Scenario
from aco_desktop import safe_write
from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.files import ScenarioFile, read_scenario_file, write_scenario_file
from aco_desktop.session.presets import list_presets
from aco_desktop.ui.startup import offer_recovery
from ..conftest import RULES

REPO = Path(__file__).resolve().parents[2]
BAD_FILES = sorted((REPO / "tests" / "data" / "bad_scenarios").glob("*.json"))


def test_save_then_open_gives_the_identical_settlement(make_window, tmp_path) -> None:
    window = make_window(Scenario(rules="mssp", track="track-3", performance_year=2018, savings_pct=-5.5,
                                  quality_pct=77, msr_election="1.0"))
    window.document.set_details("Board option B", "Two-sided, 1% corridor")
    path = tmp_path / "option-b.json"
    assert window.document.save_to(path)
    assert not window.session.dirty and "Board option B" in window.windowTitle()
    earned = window.settlement.earned
    window.reset_action.trigger()
    assert window.settlement.earned != earned
    assert window.document.open_path(path)
    assert window.session.scenario == read_scenario_file(path, RULES).scenario
    assert window.settlement.earned == earned == settle(RULES, window.session.scenario).earned
    assert window.document.name == "Board option B" and window.document.recent()[0] == path.resolve()


@pytest.mark.parametrize("bad", BAD_FILES, ids=lambda p: p.stem)
def test_a_bad_file_is_refused_with_its_reason_and_the_scenario_stays(make_window, bad: Path) -> None:
    window = make_window(Scenario(savings_pct=4.2))
    before = window.session.scenario
    window.session.apply(quality_pct=70)  # unsaved work on screen
    assert not window.document.open_path(bad)
    assert window.session.scenario == before.with_changes(quality_pct=70)
    assert window.session.dirty and window.session.can_undo  # nothing the user had is lost
    assert bad.name in window.last_warning and len(window.last_warning) > len(str(bad)) + 5


def test_failed_save_keeps_the_work_open_and_unsaved(make_window, tmp_path, monkeypatch) -> None:
    window = make_window(Scenario(savings_pct=5))
    window.session.apply(quality_pct=66)
    target = tmp_path / "kept.json"
    write_scenario_file(target, ScenarioFile.of(Scenario()))
    original = target.read_bytes()

    def full_disk(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_write, "_write_fully", full_disk)
    assert not window.document.save_to(target)
    assert window.session.dirty and window.session.scenario.quality_pct == 66
    assert "space" in window.last_warning.lower() and "still open and unsaved" in window.last_warning
    assert target.read_bytes() == original  # the old file is intact


def test_every_preset_opens_from_the_menu_with_its_figure(make_window) -> None:
    window = make_window()
    menus = [window.presets_menu] + [a.menu() for a in window.presets_menu.actions() if a.menu()]
    actions = {a.text(): a for m in menus for a in m.actions() if a.menu() is None and not a.isSeparator()}
    presets = list_presets(RULES)
    assert len(actions) == len(presets) >= 10
    for preset in presets:
        actions[preset.name].trigger()
        assert window.document.name == preset.name and not window.session.dirty
        if preset.expected_earned is not None:
            assert round(window.settlement.earned) == round(preset.expected_earned)


def test_drop_a_file_on_the_window(make_window, tmp_path) -> None:
    path = tmp_path / "dropped.json"
    write_scenario_file(path, ScenarioFile.of(Scenario(savings_pct=9.5), name="Dropped"))
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.session.scenario.savings_pct == 9.5 and window.document.name == "Dropped"


def test_autosave_after_a_change_but_not_during_a_drag(make_window, tmp_path, qtbot) -> None:
    saver = Autosaver(tmp_path / "auto")
    window = make_window()
    window.document.autosaver = saver
    field = window.controls.slider("savings_pct")
    field.slider.setSliderDown(True)
    field.slider.setValue(700)
    qtbot.wait(400)
    assert not saver.path.exists() or read_scenario_file(saver.path, RULES).scenario != window.session.scenario
    field.slider.setSliderDown(False)
    qtbot.waitUntil(lambda: saver.path.exists()
                    and read_scenario_file(saver.path, RULES).scenario == window.session.scenario, timeout=3000)


def test_killed_app_offers_exactly_what_was_on_screen(tmp_path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ACO_DESKTOP_DATA_DIR": str(data)}
    proc = subprocess.Popen([sys.executable, "-m", "aco_desktop", "--rules", "mssp", "--track", "basic-e",
                             "--performance-year", "2023", "--savings-pct", "-3.5", "--quality-pct", "81"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not list((data / "sessions").glob("*.json")):
            time.sleep(0.1)
        assert list((data / "sessions").glob("*.json")), "the app never autosaved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    asked = []
    found, message = offer_recovery(Autosaver(data), RULES, lambda text: asked.append(text) or True)
    assert found is not None and asked
    assert found.scenario == Scenario(rules="mssp", track="basic-e", performance_year=2023, savings_pct=-3.5,
                                      quality_pct=81)
    assert offer_recovery(Autosaver(data), RULES, lambda text: True) == (None, "")  # offered once
