"""Shared test setup: no display needed, and the CMS results files located beside the project."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest


def _offscreen_with_a_laptop_screen() -> str:
    """Qt's offscreen screen is 800x800 by default, smaller than the window; give it a 1920x1200 one."""
    config = Path(tempfile.gettempdir()) / "aco-desktop-offscreen-screen.json"
    config.write_text(json.dumps({"screens": [{"name": "screen-1", "x": 0, "y": 0, "width": 1920, "height": 1200,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _offscreen_with_a_laptop_screen()

REPO = Path(__file__).resolve().parents[1]
PUF_DIR = REPO.parent / "shared" / "mssp_puf"
MERGED_PUF = PUF_DIR / "mssp_all_years_2013_2021.csv"
RAW_2013_PUF = PUF_DIR / "2013_Shared_Savings_Program_Accountable_Care_Organizations__ACO__PUF.csv"
RAW_2014_PUF = PUF_DIR / "2014_Shared_Savings_Program__SSP__Accountable_Care_Organizations__ACO__PUF.csv"
PY2022_PUF = PUF_DIR / "Performance_Year_Financial_and_Quality_Results_2022.csv"
PY2023_PUF = PUF_DIR / "PY 2023 ACO Results PUF.csv"
PY2024_PUF = PUF_DIR / "PY 2024 ACO Results PUF.csv"
CURRENT_PUFS = {2022: PY2022_PUF, 2023: PY2023_PUF, 2024: PY2024_PUF}


def require_puf(*paths: Path) -> None:
    """Skip the calling test, saying why, when the public results files are not beside the project."""
    for path in paths or (MERGED_PUF,):
        if not path.is_file():
            pytest.skip(f"CMS public results file not found at {path} (expected ../shared/mssp_puf beside the repo)")


def _shipped_rules():
    from aco_desktop.rules import RuleRegistry

    return RuleRegistry.load()


# The shipped rule files, loaded once for the tests that settle scenarios (the app's own entry points
# load and hold theirs the same way).
RULES = _shipped_rules()
