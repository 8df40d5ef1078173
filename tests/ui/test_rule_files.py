"""A bad or missing rule file never crashes the window: it says which file it skipped and why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aco_desktop.engine import settle
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.ui import app
from aco_desktop.ui.startup import create_window
from aco_desktop.format import usd

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "resources" / "rules"


@pytest.fixture
def half_broken(tmp_path: Path) -> Path:
    """A rules folder where the mssp file loads and the 2011 proposed rule (the default) does not."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(SHIPPED / "mssp.toml", folder / "mssp.toml")
    (folder / "proposed-2011.toml").write_text("id = 'proposed-2011'\n[tracks\n", encoding="utf-8")
    return folder


@pytest.fixture
def all_broken(tmp_path: Path) -> Path:
    folder = tmp_path / "broken-rules"
    folder.mkdir()
    (folder / "mssp.toml").write_text("this is not toml at all = = =\n", encoding="utf-8")
    return folder


def test_window_names_the_skipped_file_and_shows_what_loaded(leak_check, qtbot, half_broken) -> None:
    rules = RuleRegistry.load(half_broken, strict=False)
    window = create_window(Scenario(), rules=rules)
    window.ask_to_save = lambda: "discard"
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "proposed-2011.toml" in window.last_warning and "not valid TOML" in window.last_warning
    assert window.session.scenario.rules == "mssp"  # the default rulebook was skipped: the one that loaded
    assert "showing" in window.statusBar().currentMessage()
    assert window.figures.values["earned"].text() == usd(settle(rules, window.session.scenario).earned)
    assert [window.controls.rulebook.itemData(i) for i in range(window.controls.rulebook.count())] == ["mssp"]


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "aco_desktop", *args], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=120)


def test_command_line_warns_about_a_skipped_file_and_still_draws(half_broken, tmp_path) -> None:
    out = tmp_path / "shot.png"
    proc = _run("--rules-dir", str(half_broken), "--screenshot", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "skipped rule file proposed-2011.toml" in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_no_loadable_rule_file_is_a_clear_error_and_exit_2(all_broken, tmp_path) -> None:
    proc = _run("--rules-dir", str(all_broken), "--screenshot", str(tmp_path / "shot.png"))
    assert proc.returncode == 2
    assert "mssp.toml" in proc.stderr and "not valid TOML" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "shot.png").exists()


def test_no_loadable_rule_file_opens_an_error_dialog_not_a_window(all_broken, monkeypatch, leak_check) -> None:
    said = []
    monkeypatch.setattr(app, "_cannot_start", said.append)  # the dialog, as the user would see it
    assert app.main(["--rules-dir", str(all_broken)]) == 2
    assert len(said) == 1 and "mssp.toml" in said[0] and "installation is incomplete" in said[0]
