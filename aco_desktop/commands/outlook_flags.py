"""``--sigma-pct``, ``--bad-year``, ``--quality-miss-pct`` (the outlook's spread) and ``--rules-file``.

The outlook (engine.uncertainty) treats the year's savings rate as Normal(the scenario's rate, sigma); these
flags say how sure the user is. ``settle`` adds the outlook to every statement and JSON row; ``options``,
``agreement`` and ``sensitivity`` take the same flags. Batch files give them as the columns ``sigma_pct``
(empty: the default from size), ``bad_year`` (true/false) and ``quality_miss_pct``.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from aco_desktop.engine import ScenarioError, Spread, outlook
from aco_desktop.flags import yes_no
from aco_desktop.format import chance, usd
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.rules.loader import load_rulebook_file
from aco_desktop.scenario import Scenario

SPREAD_COLUMNS = ("sigma_pct", "bad_year", "quality_miss_pct")  # batch columns that are not scenario fields
SIGMA_MAX_PP = 100.0  # the savings rate itself runs from -100% to 100%

SIGMA_HELP = ("standard deviation of the year's savings rate, in percentage points, 0 to 100 (default: from "
              "size, sqrt(0.8^2 + 215^2 / N) pp, e.g. 2.29 at 10,000 beneficiaries; 0: no uncertainty)")
BAD_YEAR_HELP = "a bad year (as CMS expected of COVID-19): doubles whichever sigma is in use"
MISS_HELP = "chance of missing the quality standard, percent, 0 to 100 (default 0)"
RULES_FILE_HELP = ("a reform rule file (.toml): a copy of a shipped rule file (resources/rules/) with changed "
                   "values and its own 'id', which must match its file name (my-reform.toml: id = \"my-reform\"). "
                   "It is validated like the shipped files and added to the rulebooks (an id already in use is "
                   "replaced); settle under it with --rules <its id>")


def add_spread_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("outlook (how sure are you?)")
    group.add_argument("--sigma-pct", type=float, metavar="PP", help=SIGMA_HELP.replace("%", "%%"))
    group.add_argument("--bad-year", action="store_true", default=False, help=BAD_YEAR_HELP)
    group.add_argument("--quality-miss-pct", type=float, default=0.0, metavar="PCT", help=MISS_HELP)


def add_rules_file_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules-file", metavar="FILE.toml", help=RULES_FILE_HELP)


def with_rules_file(rules: RuleRegistry, path: str | None) -> RuleRegistry:
    """``rules`` with the reform file added (or replacing the rulebook of its id); a bad file raises
    ``RuleFileError`` naming the flag, the file and the field."""
    if not path:
        return rules
    try:
        return rules.with_book(load_rulebook_file(Path(path)))
    except RuleFileError as exc:
        raise RuleFileError(f"--rules-file: {exc}") from None


def make_spread(sigma_pct: float | None, bad_year: bool, quality_miss_pct: float) -> Spread:
    """The spread, or ``ScenarioError`` naming the input and its allowed range (nothing is clamped)."""
    if sigma_pct is not None and not (math.isfinite(sigma_pct) and 0 <= sigma_pct <= SIGMA_MAX_PP):
        raise ScenarioError("sigma_pct", f"must be 0 to {SIGMA_MAX_PP:g} percentage points; got {sigma_pct:g}")
    if not (math.isfinite(quality_miss_pct) and 0 <= quality_miss_pct <= 100):
        raise ScenarioError("quality_miss_pct", f"must be 0 to 100 percent; got {quality_miss_pct:g}")
    return Spread(sigma_pp=sigma_pct, bad_year=bad_year, p_quality_miss=quality_miss_pct / 100)


def spread_from_namespace(ns: argparse.Namespace) -> Spread:
    return make_spread(ns.sigma_pct, ns.bad_year, ns.quality_miss_pct)


def _number(text: str, column: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ScenarioError(column, f"expected a number, got {text!r}") from None


def _yes_no(text: str, column: str) -> bool:
    try:
        return yes_no(text)
    except ValueError as exc:
        raise ScenarioError(column, str(exc)) from None


def split_spread_cells(cells: dict[str, str]) -> tuple[dict[str, str], Spread]:
    """A batch row's cells without the spread columns, and the spread they give (empty cell: default)."""
    given = {c: cells[c].strip() for c in SPREAD_COLUMNS if cells.get(c, "").strip()}
    rest = {c: v for c, v in cells.items() if c not in SPREAD_COLUMNS}
    sigma = _number(given["sigma_pct"], "sigma_pct") if "sigma_pct" in given else None
    bad_year = _yes_no(given["bad_year"], "bad_year") if "bad_year" in given else False
    miss = _number(given["quality_miss_pct"], "quality_miss_pct") if "quality_miss_pct" in given else 0.0
    return rest, make_spread(sigma, bad_year, miss)


def outlook_fields(rules: RuleRegistry, scenario: Scenario, spread: Spread) -> dict[str, float]:
    """The outlook's figures as JSON fields: sigma in percentage points, chances as fractions, dollars."""
    o = outlook(rules, scenario, spread)
    return {"sigma_pct": o.sigma * 100, "p_earn": o.p_earn, "p_owe": o.p_owe,
            "expected_earned": o.expected_earned, "earned_p05": o.earned_p05, "earned_p95": o.earned_p95}


def outlook_block(fields: dict[str, float], spread: Spread) -> str:
    """The statement's short "Outlook" block."""
    source = "yours" if spread.sigma_pp is not None else "default for the ACO's size"
    extra = ", doubled for a bad year" if spread.bad_year else ""
    miss = f"; {chance(spread.p_quality_miss)} chance of missing the quality standard" \
        if spread.p_quality_miss else ""
    return "\n".join([
        f"Outlook (savings rate uncertain: sigma {fields['sigma_pct']:.2f} percentage points, {source}{extra}{miss})",
        f"  Chance of earning shared savings  {chance(fields['p_earn'])}",
        f"  Chance of owing shared losses     {chance(fields['p_owe'])}",
        f"  Expected payment                  {usd(fields['expected_earned'])} (before any withhold)",
        f"  1 year in 20 worse than           {usd(fields['earned_p05'])}",
        f"  1 year in 20 better than          {usd(fields['earned_p95'])}",
    ])
