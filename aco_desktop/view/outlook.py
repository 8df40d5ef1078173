"""The outlook's numbers and words, Qt-free: how sure the user is (the spread), the chances line, the
expected-payment curve beside the settlement curve and the "90% of years" band on the savings axis.

The spread is a view setting of the outlook, not a scenario field: it is not saved, undone or settled.
The model is ``engine.uncertainty`` (shared/uncertainty.md): the year's savings rate is normal around the
rate the user expects, with a standard deviation from the ACO's size unless the user gives their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from aco_desktop.engine import Spread
from aco_desktop.engine.arrays import sorted_unique
from aco_desktop.engine.uncertainty import Outlook, expected_curve, normal_quantile, savings_sigma
from aco_desktop.format import chance, money_short, pct
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario

SIGMA_MAX_PP = 100.0  # the savings rate itself runs from -100% to 100% (as the CLI's --sigma-pct)
Z90 = normal_quantile(0.95)  # mu +- 1.645 sigma holds 90% of years
CURVE_NAME = "Expected payment (savings uncertain)"
PINNED_CURVE_NAME = "Pinned: expected payment"
BAND_LABEL = "90% of years"

MODEL_TIP = (
    "How these chances are worked out:\n"
    "- The year's savings rate is treated as normal (a bell curve) around the rate you expect.\n"
    "- Its spread (sigma) defaults to sqrt(0.8\u00b2 + 215\u00b2/N) percentage points for N beneficiaries: the\n"
    "  noise CMS's own minimum-savings-rate table implies (76 FR 19528), matched by DeLia et al. (MMRR 2012)\n"
    "  and by the year-to-year changes of the same ACOs in CMS's results, PY2021-2024.\n"
    "- A bad year doubles sigma (CMS expected COVID-19 to roughly double it, May 2020 rule).\n"
    "- Those results cover ACOs that stayed in the program, mostly one-sided; give your own sigma if you\n"
    "  know your year-to-year spread.\n"
    "Expected payment: the average over all years, before any withhold.")


@dataclass(frozen=True)
class OutlookSettings:
    """How sure the user is: their own sigma (None: from size), a bad year, the chance of missing quality."""

    sigma_pp: float | None = None
    bad_year: bool = False
    miss_pct: float = 0.0

    def spread(self) -> Spread:
        return Spread(sigma_pp=self.sigma_pp, bad_year=self.bad_year, p_quality_miss=self.miss_pct / 100)

    def with_changes(self, **changes) -> "OutlookSettings":
        return replace(self, **changes)


def _number(text: str, what: str, low: float, high: float, unit: str) -> tuple[float | None, str]:
    cleaned = text.strip().rstrip("%").strip().replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None, f"{what}: {text.strip()!r} is not a number; enter {low:g} to {high:g} {unit}."
    if not (math.isfinite(value) and low <= value <= high):
        return None, f"{what}: {value:g} is out of range; enter {low:g} to {high:g} {unit}."
    return value, ""


def parse_sigma(text: str) -> tuple[float | None, bool, str]:
    """(sigma_pp, ok, reason): empty or 'from size' resets to the default (None); else 0 to 100 points."""
    if text.strip().lower() in ("", "from size", "default", "auto"):
        return None, True, ""
    value, reason = _number(text, "How sure are you", 0.0, SIGMA_MAX_PP, "percentage points")
    return value, value is not None, reason


def parse_miss(text: str) -> tuple[float | None, str]:
    """(percent, reason): the chance of missing the quality standard, 0 to 100."""
    return _number(text or "0", "Chance of missing quality", 0.0, 100.0, "percent")


def sigma_text(sigma_pp: float) -> str:
    return f"{sigma_pp:.2f}"


def default_sigma_pp(beneficiaries: int) -> float:
    """The size-based default, in percentage points (before a bad year)."""
    return savings_sigma(beneficiaries) * 100


def sigma_hint(settings: OutlookSettings, beneficiaries: int) -> str:
    """What the spread in use is and where it comes from (beside the box)."""
    used = savings_sigma(beneficiaries, settings.spread()) * 100
    source = "yours" if settings.sigma_pp is not None else f"from size ({beneficiaries:,})"
    bad = ", doubled: bad year" if settings.bad_year else ""
    return f"\u03c3 {used:.2f} pp, {source}{bad}"


def chances_line(o: Outlook) -> str:
    """'62% chance of earning · 7% chance of owing · expected $1.2M · 1 year in 20 worse than -$0.8M'."""
    worse = money_short(o.earned_p05) if abs(o.earned_p05) >= 0.5 else "$0"
    return (f"{chance(o.p_earn)} chance of earning \u00b7 {chance(o.p_owe)} chance of owing \u00b7 "
            f"expected {money_short(o.expected_earned)} \u00b7 1 year in 20 worse than {worse}")


def chances_tip(o: Outlook, settings: OutlookSettings) -> str:
    source = "your own" if settings.sigma_pp is not None else "the default for the ACO's size"
    lines = [f"Savings rate {pct(o.mu)} expected, sigma {o.sigma * 100:.2f} percentage points ({source}"
             f"{', doubled for a bad year' if settings.bad_year else ''}).",
             f"9 years in 10 the savings rate falls between {pct(o.savings_p05)} and {pct(o.savings_p95)}.",
             f"1 year in 20 better than {money_short(o.earned_p95)}."]
    if o.p_quality_miss:
        lines.append(f"Includes a {chance(o.p_quality_miss)} chance of missing the quality standard.")
    return "\n".join(lines + ["", MODEL_TIP])


def band(o: Outlook) -> tuple[float, float]:
    """The savings axis (percent) holding 90% of years: mu +- 1.645 sigma."""
    return (o.mu - Z90 * o.sigma) * 100, (o.mu + Z90 * o.sigma) * 100


class ExpectedCurve:
    """The expected-payment curve over the chart's x grid, recomputed only when the settlement curve (its
    terms and span, shared by identity while only the savings rate moves), sigma or the quality chance
    changes: a savings drag only moves the band."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._series = None  # held so its id cannot be reused by a new series while cached
        self._xy: tuple[np.ndarray, np.ndarray] = (np.array([]), np.array([]))
        self.computed = 0  # how many times the curve was worked out (tests read it)

    def get(self, rules: RuleRegistry, scenario: Scenario, series, sigma: float,
            p_miss: float) -> tuple[np.ndarray, np.ndarray]:
        key = (id(series), sigma, p_miss)
        if key != self._key:
            x = sorted_unique(series.x[~np.isnan(series.x)])
            self._xy = (x, expected_curve(rules, scenario, x / 100, sigma, p_miss))
            self._key, self._series = key, series
            self.computed += 1
        return self._xy


# The outlook's ink: a colour the settlement curve (green, red, grey) and the MSR line (blue) do not use.
EXPECTED_INK = "#8a3ab9"
BAND_FILL = "#8a3ab91c"
BAND_EDGE = "#8a3ab966"
