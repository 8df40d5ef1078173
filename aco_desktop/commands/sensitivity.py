"""``aco-desktop sensitivity``: the chosen track's payment over savings rate x quality score and over savings
rate x assigned beneficiaries (everything else as the scenario says). Each cell is the settlement's
``earned`` at that point (the year's shared savings, negative when losses are owed, before any withhold).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys

from aco_desktop.engine import ScenarioError, settle
from aco_desktop.format import usd
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import INPUTS, Scenario

DEFAULT_GRIDS = {
    "savings_pct": "-6,-4,-2,0,1,2,3,4,6,8,10",
    "quality_pct": "0,25,50,75,90,100",
    "beneficiaries": "5000,10000,20000,50000,100000",
}
CSV_FIELDS = ("table", "savings_pct", "quality_pct", "beneficiaries", "earned")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for name, default in DEFAULT_GRIDS.items():
        spec = INPUTS[name]
        parser.add_argument(f"--{name.replace('_', '-')}-grid", metavar="N,N,...",
                            help=f"{spec.label} values, {spec.describe_range()} (default {default})"
                            .replace("%", "%%"))
    parser.add_argument("--csv", action="store_true", help="CSV, one row per cell: " + ", ".join(CSV_FIELDS))


def grid(text: str | None, name: str) -> tuple[float, ...]:
    """The values of ``--NAME-grid``, each within the input's own range (nothing clamped)."""
    spec, field = INPUTS[name], f"{name}_grid"
    try:
        values = tuple(float(v) for v in (text or DEFAULT_GRIDS[name]).split(","))
    except ValueError:
        raise ScenarioError(field, f"expected numbers separated by commas, got {text!r}") from None
    for v in values:
        if not (math.isfinite(v) and spec.minimum <= v <= spec.maximum) or (spec.integer and v != int(v)):
            raise ScenarioError(field, f"{v:g} is out of range; allowed: {spec.describe_range()}")
    return tuple(int(v) for v in values) if spec.integer else values


def _earned(rules: RuleRegistry, scenario: Scenario, field: str, **changes: float) -> float:
    try:
        return settle(rules, scenario.with_changes(**changes)).earned
    except ScenarioError as exc:  # e.g. too few beneficiaries for the track: name the grid and the point
        raise ScenarioError(field, f"at {', '.join(f'{k} {v:g}' for k, v in changes.items())}: "
                            f"{exc.message}") from None


def tables(ns: argparse.Namespace, rules: RuleRegistry, scenario: Scenario) -> dict[str, list[list[float]]]:
    savings = grid(ns.savings_pct_grid, "savings_pct")
    quality = grid(ns.quality_pct_grid, "quality_pct")
    sizes = grid(ns.beneficiaries_grid, "beneficiaries")
    return {
        "quality": [[_earned(rules, scenario, "quality_pct_grid", savings_pct=s, quality_pct=q) for q in quality]
                    for s in savings],
        "beneficiaries": [[_earned(rules, scenario, "beneficiaries_grid", savings_pct=s, beneficiaries=n)
                           for n in sizes] for s in savings],
        "axes": [list(savings), list(quality), list(sizes)],
    }


def _text(title: str, columns: list[str], savings: list[float], cells: list[list[float]]) -> list[str]:
    rows = [("Savings", *columns)] + [(f"{s:g}%", *(usd(v) for v in row)) for s, row in zip(savings, cells)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [title, *("  ".join(f"{c:>{w}}" for c, w in zip(r, widths)) for r in rows), ""]


def run(ns: argparse.Namespace, rules: RuleRegistry, scenario: Scenario) -> int:
    settle(rules, scenario)  # the scenario itself must settle (bad flags named before any grid)
    t = tables(ns, rules, scenario)
    savings, quality, sizes = t["axes"]
    if ns.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for s, row in zip(savings, t["quality"]):
            writer.writerows(("quality", s, q, scenario.beneficiaries, v) for q, v in zip(quality, row))
        for s, row in zip(savings, t["beneficiaries"]):
            writer.writerows(("beneficiaries", s, scenario.quality_pct, n, v) for n, v in zip(sizes, row))
        return 0
    head = (f"{scenario.track}: payment (shared savings, negative: losses owed) by savings rate; "
            f"benchmark ${scenario.benchmark_per_capita:,.0f} per person")
    print("\n".join([head, "",
                     *_text(f"By quality score ({scenario.beneficiaries:,} beneficiaries):",
                            [f"{q:g}%" for q in quality], savings, t["quality"]),
                     *_text(f"By assigned beneficiaries (quality {scenario.quality_pct:g}%):",
                            [f"{n:,}" for n in sizes], savings, t["beneficiaries"])]).rstrip())
    return 0
