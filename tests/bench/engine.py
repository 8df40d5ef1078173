"""Engine benchmark: prints `name: value unit` lines. Run: .venv/bin/python tests/bench/engine.py

Targets (issue 3): one settlement with its statement <= 50 us; a 1,001-point curve <= 0.2 ms;
the whole PUF reproduction <= 0.5 s; batch throughput and peak memory for 10,000 and 100,000 rows
(streamed, so the peak is the same for both).
Issue 13 (real ACO-years): the table's first-use load, search per keystroke, fill (ACO-year -> scenario and
settlement), history and peers; and the start-up of a process that does not use the table (it must not load it).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from aco_desktop import cms  # noqa: E402
from aco_desktop.engine import TermsCache, payoff_curve, resolve, settle, settle_terms  # noqa: E402
from aco_desktop.rules import RuleRegistry  # noqa: E402
from aco_desktop.scenario import Scenario  # noqa: E402

PUF_DIR = REPO.parent / "shared" / "mssp_puf"


def best_of(func, repeat: int, number: int) -> float:
    """Best mean seconds per call over ``repeat`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def bench_directory(rules) -> None:
    from aco_desktop.cms.directory import AcoDirectory, scenario_for

    found = AcoDirectory()
    start = time.perf_counter()
    found.search("palm")
    print(f"aco_table_first_use: {(time.perf_counter() - start) * 1e3:.0f} ms "
          f"(of which reading the table {found.load_seconds * 1e3:.0f} ms, {len(found.items):,} ACO-years)")
    for query in ("health", "palm beach", "A1001", "NJ", "St. Luke's Clinic Coordinated Care, Ltd."):
        print(f"aco_search {query!r}: {best_of(lambda: found.search(query), 3, 10) * 1e3:.1f} ms "
              f"({len(found.search(query))} ACO-years)")
    item = found.find("A1001", 2024)
    print(f"aco_fill_scenario_and_settle: "
          f"{best_of(lambda: settle(rules, scenario_for(item, rules)[0]), 5, 200) * 1e6:.0f} us")
    print(f"aco_history: {best_of(lambda: found.history('A1001'), 3, 10) * 1e3:.1f} ms")
    print(f"aco_peers: {best_of(lambda: found.peers(item), 3, 10) * 1e3:.1f} ms")
    code = ("import sys, time; t = time.perf_counter(); import aco_desktop.__main__, aco_desktop.cli; "
            "print((time.perf_counter() - t) * 1e3, 'aco_desktop.cms.table' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO).stdout.split()
            for _ in range(5)]
    print(f"startup_import_cli: {min(float(r[0]) for r in runs):.0f} ms (best of 5; table module imported: "
          f"{runs[0][1]})")


def main() -> None:
    scenario = Scenario(rules="mssp", track="track-2", performance_year=2016, beneficiaries=20_000,
                        benchmark_per_capita=10_000, savings_pct=-4, quality_pct=90)
    start = time.perf_counter()
    rules = RuleRegistry.load()
    print(f"rule_files_load: {(time.perf_counter() - start) * 1e3:.1f} ms")
    cache = TermsCache()
    # Warm: the terms (everything but the savings rate) come from the session's cache, as while dragging
    # the savings slider.
    print(f"settle_with_statement: "
          f"{best_of(lambda: settle_terms(cache.resolve(rules, scenario), scenario), 5, 2000) * 1e6:.1f} us")
    print(f"settle_with_statement_cold_terms: {best_of(lambda: settle(rules, scenario), 5, 2000) * 1e6:.1f} us")
    terms = resolve(rules, scenario)
    print(f"curve_1001_points: {best_of(lambda: payoff_curve(terms, -0.20, 0.25), 5, 500) * 1e3:.3f} ms")
    print(f"curve_1001_points_with_resolve: "
          f"{best_of(lambda: payoff_curve(resolve(rules, scenario), -0.20, 0.25), 5, 500) * 1e3:.3f} ms")

    # The expected-payment curve the chart draws (issue 12): 200 expected savings rates, closed form.
    from aco_desktop.engine import Spread, expected_curve, outlook  # noqa: E402
    import numpy as np  # noqa: E402

    two_sided = Scenario(rules="mssp", track="basic-e", performance_year=2026, participant_revenue=1e7,
                         savings_pct=2.0)
    mus = np.linspace(-0.15, 0.15, 200)
    print(f"expected_curve_200_points: "
          f"{best_of(lambda: expected_curve(rules, two_sided, mus, 0.03, p_quality_miss=0.1), 5, 50) * 1e3:.3f} ms")
    print(f"outlook_one_scenario: {best_of(lambda: outlook(rules, two_sided, Spread()), 5, 50) * 1e3:.3f} ms")
    print(f"expected_curve_over_curve_1001: "
          f"{best_of(lambda: expected_curve(rules, two_sided, mus, 0.03), 5, 50) / best_of(lambda: payoff_curve(terms, -0.20, 0.25), 5, 50):.1f} x")

    merged = PUF_DIR / "mssp_all_years_2013_2021.csv"
    raw13 = PUF_DIR / "2013_Shared_Savings_Program_Accountable_Care_Organizations__ACO__PUF.csv"
    if merged.is_file() and raw13.is_file():
        start = time.perf_counter()
        records = cms.load_pufs(merged, raw13, rules=rules)
        loaded = time.perf_counter()
        report = cms.reproduce(records, rules)
        done = time.perf_counter()
        print(f"puf_load_4080_rows: {loaded - start:.3f} s")
        print(f"puf_reproduce_3860_aco_years: {done - loaded:.3f} s")
        print(f"puf_matched: {report.matched} of {report.compared}")
    else:
        print("puf_reproduce_3860_aco_years: skipped (../shared/mssp_puf not found)")

    bench_directory(rules)
    for rows in (10_000, 100_000):
        bench_batch(rows)
    bench_current_files(rules)


def _write_batch(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rules", "track", "performance_year", "beneficiaries", "benchmark_per_capita",
                         "savings_pct", "quality_pct"])
        for i in range(rows):
            writer.writerow(["mssp", ("track-1", "track-2", "track-3")[i % 3], 2016 + i % 3, 5_000 + 7 * (i % 10_000),
                             9_000 + i % 4000, -10 + (i % 200) / 10, 50 + i % 50])


# Runs the batch in a child and reports that child's own peak resident memory (ru_maxrss, KiB on Linux).
_CHILD = """
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    code = subprocess.run([sys.executable, "-m", "aco_desktop", "settle", "--batch", sys.argv[1], "--json"],
                          stdout=out, cwd=sys.argv[3]).returncode
elapsed = time.perf_counter() - start
print(code, elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def bench_batch(rows: int) -> None:
    """Batch throughput and peak memory, end to end in a fresh process (streaming: the peak must not grow)."""
    with tempfile.TemporaryDirectory() as folder:
        batch, out = Path(folder) / "batch.csv", Path(folder) / "out.jsonl"
        _write_batch(batch, rows)
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(batch), str(out), str(REPO)],
                              capture_output=True, text=True)
        code, elapsed, peak_kib = proc.stdout.split()
        with out.open("rb") as handle:
            lines = sum(1 for _ in handle)
        print(f"batch_{rows}_rows_end_to_end: {float(elapsed):.2f} s (exit {code}, {lines} rows out)")
        print(f"batch_{rows}_throughput: {lines / float(elapsed):,.0f} rows/s")
        print(f"batch_{rows}_peak_memory: {int(peak_kib) / 1024:.1f} MiB")


def bench_current_files(rules) -> None:
    files = [PUF_DIR / name for name in ("Performance_Year_Financial_and_Quality_Results_2022.csv",
                                         "PY 2023 ACO Results PUF.csv", "PY 2024 ACO Results PUF.csv")]
    if not all(f.is_file() for f in files):
        print("puf_reproduce_py2022_2024: skipped (files not found)")
        return
    start = time.perf_counter()
    report = cms.reproduce(cms.load_pufs(*files, rules=rules), rules)
    print(f"puf_reproduce_py2022_2024: {time.perf_counter() - start:.3f} s")
    print(f"puf_py2022_2024_matched: {report.matched} of {report.compared}")

if __name__ == "__main__":
    main()
