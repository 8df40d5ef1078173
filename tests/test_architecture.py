"""Only aco_desktop.ui imports Qt: the engine, rules, session and CLI run without a display."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

QT_MODULES = ("PySide6", "pyqtgraph", "superqt", "shiboken6", "PyQt5", "PyQt6")


def test_no_qt_import_below_the_ui_package() -> None:
    offenders = []
    for path in (REPO / "aco_desktop").rglob("*.py"):
        if "ui" in path.relative_to(REPO / "aco_desktop").parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
    assert not offenders


def test_headless_settle_loads_no_qt() -> None:
    code = ("import sys; from aco_desktop.cli import main; main(['settle','--rules','mssp','--track','track-1',"
            "'--performance-year','2016']); print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{QT_MODULES!r}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_import_contracts_hold() -> None:
    """The import-linter contracts in pyproject.toml: Qt only in the UI, layers, no import circles."""
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "BROKEN" not in proc.stdout and "KEPT" in proc.stdout


MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def test_functions_and_modules_stay_readable() -> None:
    """No function over 60 lines and no module over 400 lines: the next engineer reads them whole."""
    long = []
    for path in sorted((REPO / "aco_desktop").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO)
        if text.count("\n") > MAX_MODULE_LINES:
            long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name}:{node.lineno} {node.name}(): {lines} lines")
    assert not long, "\n".join(long)
