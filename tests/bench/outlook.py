"""Outlook benchmark: what a slider drag asks of the engine. Run: .venv/bin/python tests/bench/outlook.py

Prints `name: p50 / p95 unit` lines, each timed call by call (time.perf_counter):
- chooser_full_ms: the whole track chooser (``option_rows`` + ``ranked``, as the window's chooser calls them)
  after a change that is not the savings rate (a new quality score every call, so nothing is cached);
- chooser_savings_only_ms: the same after a savings-rate change only (the drag the chooser follows);
- outlook_ms: one ``engine.outlook`` for a new savings rate (every frame of a drag);
- expected_curve_ms: ``view.outlook.ExpectedCurve.get`` over the chart's x grid after a change of the curve.
Each for the default spread and with a 10% chance of missing quality (a mixture of two payoffs). The same
run's ``settle()`` is the baseline: the ratio says how the machine (and its load) compares.
Targets (chooser issue): chooser_savings_only <= 2 ms, chooser_full <= 8 ms on a 2-core machine.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from aco_desktop.engine import Spread, outlook, payoff_curve, resolve, settle  # noqa: E402
from aco_desktop.view.chart import PLOT_POINTS, curve_span, payoff_series  # noqa: E402
from aco_desktop.rules import RuleRegistry  # noqa: E402
from aco_desktop.scenario import Scenario  # noqa: E402
from aco_desktop.view.outlook import ExpectedCurve  # noqa: E402
from aco_desktop.view.outlook_tables import option_rows, ranked  # noqa: E402

# PY2026, a low-revenue BASIC E ACO: 26 rows (BASIC A-E and ENHANCED with every MSR/MLR election).
BASE = Scenario(rules="mssp", track="basic-e", performance_year=2026, participant_revenue=1e7, savings_pct=2.0)


def percentiles(func, calls: int, warm: int = 3) -> tuple[float, float, float]:
    """p50 and p95 of one call's wall seconds, and the p50 of its CPU seconds (this thread's: time spent
    waiting for a core on a loaded machine is not in it); ``func(i)`` gets the call's number."""
    for i in range(warm):
        func(-1 - i)
    times, cpu = [], []
    for i in range(calls):
        start, start_cpu = time.perf_counter(), time.thread_time()
        func(i)
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    times.sort()
    cpu.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))], cpu[len(cpu) // 2]


def line(name: str, p: tuple[float, float, float], scale: float = 1e3, unit: str = "ms", extra: str = "") -> None:
    print(f"{name}: {p[0] * scale:.3f} / {p[1] * scale:.3f} {unit} (p50 / p95; CPU p50 {p[2] * scale:.3f}){extra}")


def main() -> None:
    rules = RuleRegistry.load()
    baseline = percentiles(lambda i: settle(rules, BASE), 2000)
    line("settle_baseline_us", baseline, 1e6, "us")

    def table(scenario: Scenario, spread: Spread):
        return ranked(list(option_rows(rules, scenario, spread)), scenario, spread)

    rows = len(table(BASE, Spread()).rows)
    for suffix, spread in (("", Spread()), ("_quality_mix", Spread(p_quality_miss=0.1))):
        offset = 0.0 if not suffix else 0.005  # other quality scores than the default spread's run
        full = percentiles(lambda i: table(BASE.with_changes(quality_pct=60 + offset + (i % 4000) / 100), spread), 150)
        line(f"chooser_full{suffix}_ms", full, extra=f", {rows} rows, {full[0] / baseline[0]:.0f} settles")
        drag = percentiles(lambda i: table(BASE.with_changes(savings_pct=-5 + (i % 1000) / 100), spread), 300)
        line(f"chooser_savings_only{suffix}_ms", drag, extra=f", {drag[0] / baseline[0]:.0f} settles")
        one = percentiles(lambda i: outlook(rules, BASE.with_changes(savings_pct=-5 + (i % 1000) / 100), spread), 2000)
        line(f"outlook{suffix}_ms", one, extra=f", {one[0] / baseline[0]:.1f} settles")

        terms = resolve(rules, BASE)  # the chart's settlement curve, as view.present draws it
        series = payoff_series(terms, payoff_curve(terms, *curve_span(BASE.savings_rate), points=PLOT_POINTS))
        curve = ExpectedCurve()
        grid = len(np.unique(series.x[~np.isnan(series.x)]))
        # A new sigma every call: the curve is worked out again (as after any change but the savings rate).
        timed = percentiles(lambda i: curve.get(rules, BASE, series, 0.02 + i * 1e-7, spread.p_quality_miss), 300)
        line(f"expected_curve{suffix}_ms", timed, extra=f", {grid} points")
    print(f"load_average_1min: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
