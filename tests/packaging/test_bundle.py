"""Freeze the app with PyInstaller and run the frozen bundle's smoke test offscreen (about 40 s)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APP_DIR = REPO / "dist" / "aco-desktop"
MAX_FOLDER_MB = 150  # the bundle budget; trimmed it is about 136 MB on Linux (README)

pytestmark = pytest.mark.slow


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / (1024 * 1024)


@pytest.fixture(scope="module")
def bundle() -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]'), so the app cannot be frozen")
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py")], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"build.py failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return APP_DIR


def test_frozen_app_passes_its_smoke_test(bundle: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "smoke_test.py"), "--timeout", "90"],
                          cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"smoke test of the frozen app failed:\n{done.stdout}\n{done.stderr}"
    assert '"frozen": true' in done.stdout


def test_bundle_stays_within_its_size_budget(bundle: Path) -> None:
    size = _folder_mb(bundle)
    assert size <= MAX_FOLDER_MB, f"dist/aco-desktop is {size:.1f} MB, over the {MAX_FOLDER_MB} MB budget"


def test_bundle_carries_the_resources(bundle: Path) -> None:
    resources = bundle / "_internal" / "resources"
    assert any((resources / "rules").glob("*.toml"))
    assert (resources / "icons" / "aco-desktop.svg").is_file()
