"""Freeze the app with PyInstaller and run the frozen bundle's smoke test offscreen (about 40 s)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MAX_FOLDER_MB = 150  # the bundle budget; trimmed it is about 136 MB on Linux (README)

pytestmark = pytest.mark.slow


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / (1024 * 1024)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build in a private folder: people and CI share this working tree, and two builds into
    the same dist/ would collide."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]'), so the app cannot be frozen")
    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(out / "dist"),
                           "--work", str(out / "build")], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"build.py failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return out / "dist" / "aco-desktop"


def test_frozen_app_passes_its_smoke_test(bundle: Path) -> None:
    exe = bundle / ("aco-desktop.exe" if sys.platform == "win32" else "aco-desktop")
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "smoke_test.py"), str(exe), "--timeout", "90"],
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
