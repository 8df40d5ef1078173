"""Scenario files: round trip, migration from schema 1, atomic writes that fail cleanly, the CLI."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from aco_desktop.cli import main
from aco_desktop.engine import settle
from aco_desktop.scenario import Scenario
from aco_desktop import safe_write
from aco_desktop.session import files
from aco_desktop.session.files import (SCHEMA_VERSION, ScenarioFile, ScenarioFileError, dumps_scenario_file,
                                       read_scenario_file, write_scenario_file)
from ..conftest import RULES

W7 = Scenario(rules="mssp", track="track-2", performance_year=2014, beneficiaries=10_000,
              benchmark_per_capita=10_000, savings_pct=-5, quality_pct=90)
ODD = Scenario(rules="proposed-2011", track="track-1", agreement_year=3, beneficiaries=7_531,
               benchmark_per_capita=9_876.54321, savings_pct=-2.718281828, quality_pct=87.5, fqhc_pct=33.3,
               rural_pct=80, physician_group_only=True, options={"loss_basis": "above-mlr", "withhold": "20"})


@pytest.mark.parametrize("scenario", [Scenario(), W7, ODD], ids=["default", "W7", "odd"])
def test_round_trip_gives_the_identical_settlement(tmp_path: Path, scenario: Scenario) -> None:
    original = ScenarioFile(name="Ünïcode ACO — test", note="line 1\nline 2", scenario=scenario)
    path = write_scenario_file(tmp_path / "what-if.json", original)
    reopened = read_scenario_file(path, RULES)
    assert reopened == original
    assert settle(RULES, reopened.scenario).as_dict() == settle(RULES, scenario).as_dict()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION and data["app"] == "aco-desktop"
    assert set(data["scenario"]) == set(Scenario.model_fields)
    assert "expected_earned" not in data and "source" not in data  # optional fields left out when unset


def test_schema_1_file_opens_migrated(tmp_path: Path) -> None:
    v1 = {"schema_version": 1, "app": "aco-desktop", "name": "Old W5", "rules": "proposed-2011",
          "track": "track-1", "agreement_year": 1, "beneficiaries": 20000, "benchmark_per_capita": 10000,
          "savings_percent": 3, "quality_pct": 100, "fqhc_share": 45}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(v1), encoding="utf-8")
    file = read_scenario_file(path, RULES)
    assert file.name == "Old W5" and file.note == ""
    assert file.scenario.savings_pct == 3 and file.scenario.fqhc_pct == 45
    assert round(settle(RULES, file.scenario).earned) == 1_050_000  # W5
    # Saving it again writes schema 2, which reads back the same.
    write_scenario_file(path, file)
    assert json.loads(path.read_text())["schema_version"] == 2 and read_scenario_file(path, RULES) == file


def test_schema_1_with_both_old_and_new_names_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "both.json"
    path.write_text(json.dumps({"schema_version": 1, "savings_percent": 3, "savings_pct": 4}))
    with pytest.raises(ScenarioFileError, match="has both 'savings_percent' and 'savings_pct'"):
        read_scenario_file(path, RULES)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps_scenario_file(ScenarioFile(scenario=W7)))
    assert read_scenario_file(path, RULES).scenario == W7


# ----- writes that fail ---------------------------------------------------------------------------------

def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = write_scenario_file(tmp_path / "keep.json", ScenarioFile(name="old", scenario=W7))
    return path, path.read_bytes()


def _assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file left behind"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_real(tmp_path: Path) -> None:
    path, before = _old_file(tmp_path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ScenarioFileError, match="permission denied"):
            write_scenario_file(path, ScenarioFile(name="new", scenario=ODD))
    finally:
        tmp_path.chmod(0o755)
    _assert_untouched(path, before)


@pytest.mark.parametrize(("code", "needle"), [(errno.EROFS, "read-only"), (errno.EACCES, "permission denied")])
def test_read_only_location_simulated(tmp_path: Path, monkeypatch, code: int, needle: str) -> None:
    path, before = _old_file(tmp_path)
    real_open = os.open

    def refusing_open(name, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(files.os, "open", refusing_open)
    with pytest.raises(ScenarioFileError) as caught:
        write_scenario_file(path, ScenarioFile(name="new", scenario=ODD))
    monkeypatch.undo()
    assert needle in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)
    _assert_untouched(path, before)


def test_disk_full_midway_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path, before = _old_file(tmp_path)

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_write, "_write_fully", half_then_full)
    with pytest.raises(ScenarioFileError, match="the disk is full"):
        write_scenario_file(path, ScenarioFile(name="new", scenario=ODD))
    _assert_untouched(path, before)


def test_disk_full_at_fsync_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path, before = _old_file(tmp_path)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(ScenarioFileError, match="no space left"):
        write_scenario_file(path, ScenarioFile(name="new", scenario=ODD))
    monkeypatch.undo()
    _assert_untouched(path, before)


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(ScenarioFileError, match="cannot save: no such folder"):
        write_scenario_file(tmp_path / "nope" / "x.json", ScenarioFile(scenario=W7))
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(ScenarioFileError, match="it is a folder"):
        write_scenario_file(tmp_path / "dir.json", ScenarioFile(scenario=W7))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_overwrite_keeps_the_file_mode(tmp_path: Path) -> None:
    path, _ = _old_file(tmp_path)
    path.chmod(0o640)
    write_scenario_file(path, ScenarioFile(name="new", scenario=ODD))
    assert path.stat().st_mode & 0o777 == 0o640 and read_scenario_file(path, RULES).name == "new"


# ----- command line -------------------------------------------------------------------------------------

def test_cli_settles_a_scenario_file(tmp_path: Path, capsys) -> None:
    path = write_scenario_file(tmp_path / "w7.json", ScenarioFile(scenario=W7))
    assert main(["settle", "--scenario", str(path), "--json"]) == 0
    assert round(json.loads(capsys.readouterr().out)["earned"]) == -2_300_000
    assert main(["settle", "--scenario", str(path)]) == 0
    assert "Shared losses" in capsys.readouterr().out


def test_cli_flags_override_the_file(tmp_path: Path, capsys) -> None:
    path = write_scenario_file(tmp_path / "w7.json", ScenarioFile(scenario=W7))
    assert main(["settle", "--scenario", str(path), "--savings-pct", "-20", "--quality-pct", "50", "--json"]) == 0
    assert round(json.loads(capsys.readouterr().out)["earned"]) == -5_000_000  # W8
    assert main(["settle", "--scenario", str(path), "--quality-pct", "150"]) == 2
    assert "--quality-pct" in capsys.readouterr().err


def test_cli_scenario_and_batch_conflict(tmp_path: Path, capsys) -> None:
    path = write_scenario_file(tmp_path / "w7.json", ScenarioFile(scenario=W7))
    assert main(["settle", "--scenario", str(path), "--batch", str(path)]) == 2
    assert "not both" in capsys.readouterr().err


def test_switching_to_the_proposed_rule_clears_loss_relief_and_says_so() -> None:
    from aco_desktop.session.state import Session, follow_rule_change

    current = Scenario(rules="mssp", track="track-2", performance_year=2015, agreement_year=3, loss_relief_pct=20)
    changes, notes = follow_rule_change(RULES, current, {"rules": "proposed-2011"})
    assert changes["loss_relief_pct"] == 0 and any("no loss relief" in n for n in notes)
    session = Session(current, RULES)
    session.apply(**changes)
    assert session.scenario.rules == "proposed-2011"
