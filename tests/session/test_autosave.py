"""Autosave and crash recovery, with real processes killed by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from aco_desktop.scenario import Scenario
from aco_desktop.session import autosave
from aco_desktop.session.autosave import ENV_DATA_DIR, Autosaver, data_dir
from aco_desktop.session.files import ScenarioFile, read_scenario_file
from aco_desktop.session.state import Session

from ..conftest import REPO
from ..conftest import RULES

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

# A plain-Python app run: Session + Autosaver, no Qt. Prints "ready" once its changes are made, then waits.
CHILD = textwrap.dedent("""
    import sys, time
    from aco_desktop.scenario import Scenario
    from aco_desktop.session.autosave import Autosaver
    from aco_desktop.rules import RuleRegistry
    from aco_desktop.session.state import Session

    saver = Autosaver()
    session = Session(Scenario(), RuleRegistry.load())
    saver.attach(session, name="on screen")
    session.apply(rules="mssp", track="track-2", performance_year=2016, msr_election="1.0")
    session.apply(savings_pct=-4.2)
    session.begin_gesture()
    for n in range(12000, 12346):  # one slider drag
        session.apply(beneficiaries=n)
    session.end_gesture()
    session.apply(quality_pct=77.5)
    session.apply(quality_pct=12.0)
    session.undo()  # what is on screen: quality 77.5
    if sys.argv[1] == "loop":
        i = 0
        while True:
            i += 1
            session.apply(savings_pct=min(i, 9999) / 100)
            print(i, flush=True)
    assert "PySide6" not in sys.modules
    print("ready", flush=True)
    time.sleep(120)
""")
ON_SCREEN = Scenario(rules="mssp", track="track-2", performance_year=2016, msr_election="1.0", savings_pct=-4.2,
                     beneficiaries=12345, quality_pct=77.5)


def _start(folder: Path, mode: str = "wait") -> subprocess.Popen:
    env = {**os.environ, ENV_DATA_DIR: str(folder), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", CHILD, mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO, env=env)


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read()


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)  # reaped: its process id is gone
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_then_the_next_start_offers_exactly_the_last_scenario(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    _wait_ready(proc)
    _kill(proc)
    saver = Autosaver(tmp_path)
    found = saver.recoverable(RULES)
    assert found is not None
    assert found.scenario == ON_SCREEN and found.name == "on screen"
    # Offered until the user has chosen; then not again, even by a later start.
    assert Autosaver(tmp_path).recoverable(RULES) == found
    saver.discard_recoverable()
    saver.close()
    assert Autosaver(tmp_path).recoverable(RULES) is None


def test_a_run_still_going_is_not_offered(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    try:
        _wait_ready(proc)
        saver = Autosaver(tmp_path)
        assert saver.recoverable(RULES) is None  # the other window is still open: its session is not ours
        saver.discard_recoverable()
        assert any(tmp_path.glob("sessions/*.json")), "a running session's autosave is never deleted"
    finally:
        _kill(proc)
    assert Autosaver(tmp_path).recoverable(RULES).scenario == ON_SCREEN


def test_killed_while_saving_leaves_a_readable_autosave(tmp_path: Path) -> None:
    proc = _start(tmp_path, "loop")
    last = 0
    deadline = time.monotonic() + 20
    while last < 200 and time.monotonic() < deadline:
        last = int(proc.stdout.readline())
    _kill(proc)
    found = Autosaver(tmp_path).recoverable(RULES)
    assert found is not None  # never a torn file, whatever instant the kill came
    assert round(found.scenario.savings_pct * 100) >= last  # at least as new as the last change we saw
    assert found.scenario == ON_SCREEN.with_changes(savings_pct=found.scenario.savings_pct)


def test_clean_close_leaves_nothing_to_recover(tmp_path: Path) -> None:
    with Autosaver(tmp_path) as saver:
        session = Session(Scenario(), RULES)
        saver.attach(session)
        session.apply(savings_pct=5.0)
        assert read_scenario_file(saver.path, RULES).scenario.savings_pct == 5.0
        assert saver.marker.is_file()
    assert not saver.path.exists() and not saver.marker.exists()
    assert Autosaver(tmp_path).recoverable(RULES) is None
    assert saver.save(Scenario()) is False  # closed: no more writes


def test_a_crash_of_this_process_keeps_the_autosave(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), Autosaver(tmp_path) as saver:
        saver.save(ScenarioFile(name="before the crash", scenario=Scenario(savings_pct=1.5)))
        raise RuntimeError("boom")
    assert saver.path.exists()  # an exception escaping is not a clean exit


def test_left_behind_session_of_a_dead_process_with_no_changes(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    (sessions / "999999999-dead.lock").write_text('{"pid": 999999999, "host": "%s", "started": "x"}'
                                                  % autosave.socket.gethostname())
    (sessions / "garbage.lock").write_text("not json")
    saver = Autosaver(tmp_path)
    assert saver.recoverable(RULES) is None
    saver.discard_recoverable()
    assert sorted(p.name for p in sessions.iterdir()) == sorted([saver.marker.name])


def test_autosave_failure_never_raises(tmp_path: Path, monkeypatch) -> None:
    saver = Autosaver(tmp_path)

    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(autosave.os, "replace", refuse)
    assert saver.save(Scenario(savings_pct=2.0)) is False
    monkeypatch.undo()
    assert saver.last_error and "read-only" in saver.last_error
    assert saver.save(Scenario(savings_pct=2.0)) is True and saver.last_error is None
    saver.close()


def test_data_dir_override_and_platform_default(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "override"))
    assert data_dir() == tmp_path / "override"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert data_dir().name == "aco-desktop" and data_dir().is_absolute()
