"""The CMS results package takes its rules as an argument (size and import circles: test_architecture)."""

from __future__ import annotations

import ast

from .conftest import REPO

CMS = REPO / "aco_desktop" / "cms"


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in CMS.glob("*.py")}


def test_no_module_global_rulebook() -> None:
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "load" and \
                    getattr(node.func.value, "id", "") == "RuleRegistry":
                raise AssertionError(f"{name} loads the rules itself; readers take them as an argument")
    assert not (REPO / "aco_desktop" / "puf.py").exists()
