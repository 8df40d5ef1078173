"""Faults of issue 14 that live below the window: a recovered scenario must survive a kill right after
it is restored, and temporary files left by killed writers must not pile up."""

from __future__ import annotations

import os
import time
from pathlib import Path

from aco_desktop import safe_write
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.files import ScenarioFile
from ..conftest import RULES
from .test_autosave import ON_SCREEN, _kill, _start, _wait_ready


def test_a_restored_scenario_survives_a_kill_right_after_the_choice(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    _wait_ready(proc)
    _kill(proc)
    second_run = Autosaver(tmp_path)
    found = second_run.recoverable(RULES)
    assert found is not None and found.scenario == ON_SCREEN
    second_run.discard_recoverable(keep=found)  # the user said "restore"; then the app is killed at once
    del second_run  # no close(): the process is gone, its marker's pid too (simulated below)
    for marker in (tmp_path / "sessions").glob("*.lock"):
        marker.write_text('{"pid": 999999999, "host": "%s", "started": "x"}' % os.uname().nodename)
    third_run = Autosaver(tmp_path)
    again = third_run.recoverable(RULES)
    assert again is not None and again.scenario == ON_SCREEN
    third_run.close()


def test_declining_the_recovery_forgets_it(tmp_path: Path) -> None:
    proc = _start(tmp_path)
    _wait_ready(proc)
    _kill(proc)
    run = Autosaver(tmp_path)
    assert run.recoverable(RULES) is not None
    run.discard_recoverable()
    run.close()
    assert Autosaver(tmp_path).recoverable(RULES) is None


def test_stale_temporary_files_are_swept_and_fresh_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    stale = tmp_path / ".plan.json.dead0001.tmp"
    fresh = tmp_path / ".plan.json.live0002.tmp"  # another process may be writing it right now
    other = tmp_path / ".other.json.dead0003.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"half a file")
    old = time.time() - safe_write.STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    safe_write.write_atomically(target, ScenarioFile.of(Scenario()).model_dump_json().encode())
    assert not stale.exists() and fresh.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.json.dead0003.tmp", ".plan.json.live0002.tmp",
                                                          "plan.json"]
