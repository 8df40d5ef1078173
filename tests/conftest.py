"""Shared test setup: no display needed, and the CMS results files located beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
PUF_DIR = REPO.parent / "shared" / "mssp_puf"
MERGED_PUF = PUF_DIR / "mssp_all_years_2013_2021.csv"
RAW_2013_PUF = PUF_DIR / "2013_Shared_Savings_Program_Accountable_Care_Organizations__ACO__PUF.csv"
RAW_2014_PUF = PUF_DIR / "2014_Shared_Savings_Program__SSP__Accountable_Care_Organizations__ACO__PUF.csv"


def require_puf(*paths: Path) -> None:
    """Skip the calling test, saying why, when the public results files are not beside the project."""
    for path in paths or (MERGED_PUF,):
        if not path.is_file():
            pytest.skip(f"CMS public results file not found at {path} (expected ../shared/mssp_puf beside the repo)")
