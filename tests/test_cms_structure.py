"""The CMS results package stays small and acyclic, and takes its rules as an argument."""

from __future__ import annotations

import ast
from collections import defaultdict

from .conftest import REPO

CMS = REPO / "aco_desktop" / "cms"


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in CMS.glob("*.py")}


def test_small_modules_and_functions() -> None:
    for path in CMS.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{path.name}: {node.name}"


def test_no_import_cycles_between_cms_modules() -> None:
    graph: dict[str, set[str]] = defaultdict(set)  # module -> modules it imports
    for name, tree in _modules().items():
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aco_desktop.cms"):
                target = node.module.split(".")[-1]
                if node.module == "aco_desktop.cms":
                    graph[name] |= {a.name for a in node.names if (CMS / f"{a.name}.py").exists()}
                else:
                    graph[name].add("__init__" if target == "cms" else target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ()))

    assert not [m for m in list(graph) if m != "__init__" and reaches(m, m, set())]


def test_no_module_global_rulebook() -> None:
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "load" and \
                    getattr(node.func.value, "id", "") == "RuleRegistry":
                raise AssertionError(f"{name} loads the rules itself; readers take them as an argument")
    assert not (REPO / "aco_desktop" / "puf.py").exists()
