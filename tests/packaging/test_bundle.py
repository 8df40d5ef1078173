"""Freeze the app with PyInstaller and run the frozen bundle's smoke test offscreen (about 40 s)."""

from __future__ import annotations

import importlib.util
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The bundle budget (issue 14), in MiB on disk as `du -sm` counts them; trimmed it is about 118 MiB on
# Linux (README "Build the standalone app").
MAX_FOLDER_MB = 120

pytestmark = pytest.mark.slow


def _folder_mb(path: Path) -> float:
    """MiB on disk the way `du -s` counts: allocated blocks of every file, directory and symlink (the
    folder included), each inode once; `du -sm` prints this rounded up. File sizes on Windows."""
    seen, total = set(), 0
    for p in (path, *path.rglob("*")):
        st = p.lstat()
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_blocks * 512 if hasattr(st, "st_blocks") else st.st_size
    return total / (1024 * 1024)


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
    assert size <= MAX_FOLDER_MB, (f"dist/aco-desktop takes {size:.1f} MiB on disk (du -sm {math.ceil(size)}), "
                                   f"over the {MAX_FOLDER_MB} MiB budget")


@pytest.mark.skipif(shutil.which("du") is None, reason="no du command to compare with")
def test_size_measure_agrees_with_du(bundle: Path) -> None:
    du = subprocess.run(["du", "-sm", str(bundle)], capture_output=True, text=True, check=True)
    assert abs(int(du.stdout.split()[0]) - math.ceil(_folder_mb(bundle))) <= 1, du.stdout


def test_bundle_carries_the_resources(bundle: Path) -> None:
    resources = bundle / "_internal" / "resources"
    assert any((resources / "rules").glob("*.toml"))
    assert (resources / "icons" / "aco-desktop.svg").is_file()
