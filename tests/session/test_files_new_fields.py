"""Scenario files from before the PY2022-2024 inputs still load; files with them round-trip."""

from __future__ import annotations

import json
from pathlib import Path

from aco_desktop.scenario import Scenario
from aco_desktop.session.files import ScenarioFile, read_scenario_file, write_scenario_file

from ..conftest import RULES

OLD = {"schema_version": 2, "app": "aco-desktop", "name": "old", "note": "",
       "scenario": {"rules": "mssp", "track": "basic-e", "performance_year": 2022, "agreement_year": 1,
                    "beneficiaries": 15000, "benchmark_per_capita": 11000, "savings_pct": -3.0}}


def test_schema_2_file_without_the_new_fields_loads(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(OLD), encoding="utf-8")
    s = read_scenario_file(path, RULES).scenario
    assert s.revenue_category is None and s.agreement_start is None
    assert s.disaster_adjustment == 0 and s.aip_balance == 0


def test_new_fields_round_trip(tmp_path: Path) -> None:
    s = Scenario(rules="mssp", track="enhanced", performance_year=2024, agreement_year=6, agreement_start="2019-07",
                 revenue_category="low", disaster_adjustment=1_382, aip_balance=50_000)
    path = tmp_path / "new.json"
    write_scenario_file(path, ScenarioFile.of(s, name="new"))
    assert read_scenario_file(path, RULES).scenario == s
