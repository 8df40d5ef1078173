"""``aco-desktop agreement``: a whole agreement, year by year (engine.agreement, repayment, costs).

The plan (a level per agreement year) is ``--plan``, or follows the rule file's glide path from the
scenario's ``--track``: ``[agreement.<track>]`` where the file has one (proposed rule Track 1/2, ENHANCED),
else ``glide-standard`` for BASIC levels (``--glide-path`` picks another), else the track for its agreement
length. Savings per year: ``--savings-by-year``, ``--trend FIRST,STEP``, or ``--savings-pct`` every year.
Each year also gets the outlook (expected payment and chance of owing) with the ``--sigma-pct`` spread.
"""

from __future__ import annotations

import argparse
import json
import math

from aco_desktop.commands.agreement_text import agreement_table
from aco_desktop.commands.outlook_flags import spread_from_namespace
from aco_desktop.engine import ScenarioError, Spread, book_for, outlook
from aco_desktop.engine.agreement import Agreement, check_plan, default_plan, settle_agreement, trend
from aco_desktop.engine.costs import Costs, break_even_agreement, default_costs, net_result
from aco_desktop.engine.repayment import repayment_amount
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario
from aco_desktop.view.agreement import default_glide_path, plan_from_path

COSTS_MAX = 1e12  # the engine's bound on costs: under $1 trillion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    savings = parser.add_mutually_exclusive_group()
    savings.add_argument("--savings-by-year", metavar="PCT,PCT,...", help="savings percent for each agreement "
                         "year, e.g. 3,1,-4 (one per year of the plan; default: --savings-pct every year)")
    savings.add_argument("--trend", metavar="FIRST,STEP", help="savings percent in year 1 and its change a year, "
                         "e.g. 1,0.5 for 1%%, 1.5%%, 2%%...")
    parser.add_argument("--plan", metavar="LEVEL,LEVEL,...", help="the track (level) of each agreement year, e.g. "
                        "basic-a,basic-b,basic-c,basic-d,basic-e (default: the rule file's glide path from --track)")
    parser.add_argument("--glide-path", metavar="NAME", help="the rule file's [agreement.NAME] glide path the "
                        "plan follows or is checked against, e.g. glide-standard, glide-new-to-program")
    parser.add_argument("--costs-startup", type=float, metavar="USD", help="cost of agreement year 1 in dollars, "
                        "0 to under 1 trillion (default: the rule file's start-up cost)")
    parser.add_argument("--costs-yearly", type=float, metavar="USD", help="cost of each later agreement year in "
                        "dollars, 0 to under 1 trillion (default: the rule file's operating cost)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def parse_numbers(text: str, field: str, count: int | None = None) -> tuple[float, ...]:
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ScenarioError(field, f"expected numbers separated by commas, got {text!r}") from None
    if count is not None and len(values) != count:
        raise ScenarioError(field, f"expected {count} numbers separated by commas, got {text!r}")
    if not all(math.isfinite(v) and -100 <= v <= 100 for v in values):
        raise ScenarioError(field, f"savings must be -100 to 100 percent; got {text!r}")
    return values


def choose_plan(book: Rulebook, base: Scenario, plan_text: str | None,
                glide_path: str | None) -> tuple[tuple[str, ...], str | None]:
    """(plan, glide path to check it against)."""
    if glide_path is not None and not (book.agreement.get(glide_path) and book.agreement[glide_path].levels):
        paths = ", ".join(k for k, f in book.agreement.items() if f.levels) or "none"
        raise ScenarioError("glide_path", f"{book.short_title} has no glide path {glide_path!r}; paths: {paths}")
    if plan_text:
        plan = tuple(p.strip() for p in plan_text.split(","))
        unknown = [p for p in plan if p not in book.tracks]
        if unknown:
            raise ScenarioError("plan", f"{', '.join(map(repr, unknown))} not a track of {book.short_title}; "
                                f"tracks: {', '.join(book.tracks)}")
        return plan, glide_path or default_glide_path(book, plan[0])
    path = glide_path or default_glide_path(book, base.track)
    if path is None:
        return default_plan(book, base), None
    return plan_from_path(book, path, base.track), path


def savings_for(ns: argparse.Namespace, base: Scenario, years: int) -> tuple[float, ...]:
    if ns.savings_by_year:
        values = parse_numbers(ns.savings_by_year, "savings_by_year")
        if len(values) != years:
            raise ScenarioError("savings_by_year", f"the plan has {years} years but {len(values)} savings rates "
                                f"were given; give {years}, or a --plan of {len(values)} years")
        return values
    if ns.trend:
        first, step = parse_numbers(ns.trend, "trend", count=2)
        values = trend(first, step, years)
        if not all(-100 <= v <= 100 for v in values):
            raise ScenarioError("trend", f"reaches {values[-1]:g}% by year {years}; savings must be -100 to 100 percent")
        return values
    return (base.savings_pct,) * years


def costs_for(ns: argparse.Namespace, book: Rulebook) -> Costs:
    for field in ("costs_startup", "costs_yearly"):
        value = getattr(ns, field)
        if value is not None and not (math.isfinite(value) and 0 <= value < COSTS_MAX):
            raise ScenarioError(field, f"must be 0 to under 1 trillion dollars; got {value:g}")
    if ns.costs_startup is not None and ns.costs_yearly is not None:
        return Costs(ns.costs_startup, ns.costs_yearly)
    try:
        defaults = default_costs(book)
    except ScenarioError:
        missing = "costs_startup" if ns.costs_startup is None else "costs_yearly"
        raise ScenarioError(missing, f"{book.short_title} has no cost defaults; give --costs-startup and "
                            "--costs-yearly") from None
    if ns.costs_startup is None and ns.costs_yearly is None:
        return defaults
    return Costs(defaults.startup if ns.costs_startup is None else ns.costs_startup,
                 defaults.operating if ns.costs_yearly is None else ns.costs_yearly,
                 f"user and {defaults.source}", defaults.reconstructed)


def year_extras(book: Rulebook, agreement: Agreement, spread: Spread, costs: Costs) -> list[dict]:
    """Per year: the outlook, the repayment mechanism against the loss cap, costs and net."""
    out = []
    for row in agreement.rows:
        o = outlook(book, row.settlement.scenario, spread)
        mechanism = repayment_amount(book, row.settlement.scenario)
        cost = costs.for_year(row.year)
        out.append({"sigma_pct": o.sigma * 100, "expected_earned": o.expected_earned, "p_earn": o.p_earn,
                    "p_owe": o.p_owe, "cost": cost, "net": row.cash - cost,
                    "repayment": mechanism.as_dict() if mechanism is not None else None})
    return out


def build(ns: argparse.Namespace, rules: RuleRegistry, base: Scenario) -> dict:
    """The agreement and everything printed about it, as one JSON-ready object."""
    book = book_for(rules, base)
    base = base.with_changes(agreement_year=1)
    plan, glide_path = choose_plan(book, base, ns.plan, ns.glide_path)
    savings = savings_for(ns, base, len(plan))
    costs = costs_for(ns, book)
    agreement = settle_agreement(book, base, savings, plan)
    warnings = check_plan(book, plan, glide_path) if glide_path else ()
    extras = year_extras(book, agreement, spread_from_namespace(ns), costs)
    net = net_result(agreement, costs)
    out = agreement.as_dict()
    out["rows"] = [row | extra for row, extra in zip(out["rows"], extras)]
    out.update(plan=list(plan), glide_path=glide_path, warnings=list(warnings),
               costs={"startup": costs.startup, "yearly": costs.operating, "source": costs.source,
                      "reconstructed": costs.reconstructed},
               totals=out["totals"] | {"expected_earned": sum(e["expected_earned"] for e in extras),
                                       "cost": net.cost, "net": net.net},
               break_even_savings_pct=break_even_agreement(book, base, costs, plan),
               title=book.short_title)
    return out


def run(ns: argparse.Namespace, rules: RuleRegistry, scenario: Scenario) -> int:
    result = build(ns, rules, scenario)
    print(json.dumps(result) if ns.json else agreement_table(result))
    return 0
