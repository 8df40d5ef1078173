"""``aco-desktop options``: the track chooser on the command line.

Every level (track) the rules offer in the scenario's performance year and, for each two-sided one, every
MSR/MLR election, in one list by expected payment, highest first (engine.options.track_options). A row is
``allowed: false`` where the engine cannot settle it for this ACO (no figures: it sorts last) or where the
``--glide-path`` of the rule file does not allow that BASIC level in the scenario's agreement year (its
figures are shown and it keeps its sorted place).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys

from aco_desktop.commands.outlook_flags import spread_from_namespace
from aco_desktop.format import chance
from aco_desktop.engine import ScenarioError, Spread, TrackChoice, TrackOption, book_for, track_options
from aco_desktop.format import pct, usd
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

FIELDS = ("track", "label", "msr_election", "allowed", "note", "msr", "expected_earned", "p_earn", "p_owe",
          "earned_p05", "earned_p95", "max_owed")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON object a line, best expected payment first")
    out.add_argument("--csv", action="store_true", help="CSV with a header row, best expected payment first")
    parser.add_argument("--glide-path", metavar="NAME", help="mark BASIC levels the rule file's glide path "
                        "[agreement.NAME] does not allow in --agreement-year as not allowed, e.g. glide-standard "
                        "(see the rule file's [agreement.*] tables)")


def glide_allowed(book: Rulebook, glide_path: str | None, agreement_year: int) -> set[str] | None:
    """Levels the glide path forbids in ``agreement_year`` (None: no path given, nothing forbidden)."""
    if not glide_path:
        return None
    path = book.agreement.get(glide_path)
    if path is None or not path.levels:
        names = ", ".join(k for k, f in book.agreement.items() if f.levels) or "none"
        raise ScenarioError("glide_path", f"{book.short_title} has no glide path {glide_path!r}; paths: {names}")
    in_path = {level for year in path.levels for level in year}
    allowed = set(path.levels[min(agreement_year, len(path.levels)) - 1])
    return in_path - allowed


def _with_glide(row: TrackOption, forbidden: set[str] | None, glide_path: str | None) -> TrackOption:
    if not forbidden or row.track not in forbidden or not row.allowed:
        return row
    fields = {name: getattr(row, name) for name in TrackOption.__dataclass_fields__}
    fields.update(allowed=False, note=f"not allowed in this agreement year by the glide path {glide_path}")
    return TrackOption(**fields)


def choose(rules: RuleRegistry, scenario: Scenario, spread: Spread, glide_path: str | None) -> TrackChoice:
    choice = track_options(rules, scenario, spread)
    forbidden = glide_allowed(book_for(rules, scenario), glide_path, scenario.agreement_year)
    rows = tuple(_with_glide(row, forbidden, glide_path) for row in choice.rows)
    return TrackChoice(choice.performance_year, choice.sigma, rows, choice.notes)


def row_dict(row: TrackOption, sigma: float) -> dict:
    """A chooser row for JSON/CSV: NaN figures (rows the engine cannot settle) become null."""
    out = {name: getattr(row, name) for name in FIELDS}
    out = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in out.items()}
    return out | {"sigma_pct": sigma * 100}


def table(choice: TrackChoice, scenario: Scenario, spread: Spread) -> str:
    year = f" PY{choice.performance_year}," if choice.performance_year else ""
    source = "yours" if spread.sigma_pp is not None else "default for the size"
    lines = [f"Track chooser:{year} {scenario.beneficiaries:,} beneficiaries, expected savings "
             f"{pct(scenario.savings_rate)}, sigma {choice.sigma * 100:.2f} percentage points ({source})", ""]
    head = ("Level", "MSR/MLR", "Allowed", "Expected", "Earn", "Owe", "1 in 20 worse", "1 in 20 better",
            "Most owed", "Note")
    rows = [head]
    for r in choice.rows:
        figures = (usd(r.expected_earned), chance(r.p_earn), chance(r.p_owe), usd(r.earned_p05),
                   usd(r.earned_p95), usd(r.max_owed)) if not math.isnan(r.expected_earned) else ("-",) * 6
        rows.append((r.label, r.msr_election or "-", "yes" if r.allowed else "no", *figures, r.note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    for row in rows:
        cells = [f"{c:<{w}}" if i < 3 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    lines += ["", "Expected: the mean payment before any withhold; Earn/Owe: the chance of a payment either way.",
              *choice.notes]
    return "\n".join(lines)


def run(ns: argparse.Namespace, rules: RuleRegistry, scenario: Scenario) -> int:
    spread = spread_from_namespace(ns)
    choice = choose(rules, scenario, spread, ns.glide_path)
    if ns.json:
        for row in choice.rows:
            print(json.dumps(row_dict(row, choice.sigma)))
    elif ns.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=[*FIELDS, "sigma_pct"], lineterminator="\n")
        writer.writeheader()
        for row in choice.rows:
            writer.writerow({k: str(v).lower() if isinstance(v, bool) else v
                             for k, v in row_dict(row, choice.sigma).items()})
    else:
        print(table(choice, scenario, spread))
    return 0
