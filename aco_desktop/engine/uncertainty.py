"""How uncertain is the year's settlement? Exact moments of the payoff when the savings rate is normal.

The model (shared/uncertainty.md): the savings rate the year delivers is s ~ Normal(mu, sigma), mu the
scenario's savings rate, everything else in the scenario fixed. The payoff f(s) (``earned_at``) is piecewise
linear in s with jumps (MSR, MLR, the low-revenue half-rate edges) and plateaus (caps), so every figure here
is a finite sum over its pieces of closed forms in the normal CDF Phi and density phi:

    E[a + bS; l < S < u] = a (Phi(u') - Phi(l')) + b (mu (Phi(u') - Phi(l')) - sigma (phi(u') - phi(l')))

with l' = (l - mu) / sigma. No sampling, no grid: the results are exact up to floating point. Percentiles of
the payment come from its exact CDF (a sum of Phi differences) by bisection, so they hold whether or not f is
monotone (the low-revenue half rate switches off as savings grow, so it is not) and for the mixture with a
missed quality standard. Pure functions: no I/O, no Qt; the one cache (``_PLANS``, bounded) holds what
immutable inputs give, so it makes the same answer faster and never another one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from aco_desktop.engine.arrays import sorted_unique
from aco_desktop.engine.cache import BookLru, terms_key
from aco_desktop.engine.closed_form import Law, normal_cdf, normal_pdf, normal_quantile, solve_level
from aco_desktop.engine.curve import earned_at
from aco_desktop.engine.pieces import Pieces, breakpoints, payoff_pieces, piece_lists  # noqa: F401 (re-exported)
from aco_desktop.engine.terms import ScenarioError, Terms, book_for, resolve
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class SpreadModel:
    """Default spread of one year's savings rate: sigma(N) = sqrt(floor^2 + per_sqrt_n^2 / N), fractions."""

    floor: float
    per_sqrt_n: float
    source: str

    def sigma(self, beneficiaries: int) -> float:
        return math.sqrt(self.floor ** 2 + self.per_sqrt_n ** 2 / max(beneficiaries, 1))


# The one place the two constants live. per_sqrt_n: the MSR size table read as z x sigma(N) (76 FR 19528,
# April 2011 proposed rule: 3.9% at 5,000 with z 1.2816 gives 2.152/sqrt(N); 2.5% at 20,000 with z 1.6449
# gives 2.149), matched by DeLia, Hoover & Cantor, MMRR 2012;2(4). floor: the size-independent part of the
# year-to-year change of the same ACOs' savings rates in CMS's results PY2021-2024 (0.82 pp). See
# shared/uncertainty.md, "Where the numbers come from".
DEFAULT_SPREAD = SpreadModel(
    floor=0.008, per_sqrt_n=2.15,
    source="MSR table as a confidence bound (76 FR 19528); DeLia et al., MMRR 2012; CMS results PY2021-2024")

# CMS expected COVID-19 to "roughly double the standard deviation in gross measured savings and losses"
# (May 2020 interim final rule): a bad year doubles whichever sigma is in use.
BAD_YEAR_FACTOR = 2.0


@dataclass(frozen=True, slots=True)
class Spread:
    """The user's answer to "how sure are you?"."""

    sigma_pp: float | None = None  # own standard deviation in percentage points; None = DEFAULT_SPREAD by size
    bad_year: bool = False  # doubles whichever sigma is in use
    p_quality_miss: float = 0.0  # chance the quality standard is missed (mixes in quality_standard "not-met")

    def __post_init__(self) -> None:
        if self.sigma_pp is not None and not (math.isfinite(self.sigma_pp) and self.sigma_pp >= 0):
            raise ValueError(f"sigma_pp must be a finite number of percentage points >= 0; got {self.sigma_pp}")
        if not 0.0 <= self.p_quality_miss <= 1.0:
            raise ValueError(f"p_quality_miss must be a probability in [0, 1]; got {self.p_quality_miss}")


def savings_sigma(beneficiaries: int, spread: Spread = Spread()) -> float:
    """Standard deviation of the savings rate (a fraction): the user's own, or the size-based default."""
    sigma = spread.sigma_pp / 100 if spread.sigma_pp is not None else DEFAULT_SPREAD.sigma(beneficiaries)
    return sigma * (BAD_YEAR_FACTOR if spread.bad_year else 1.0)


# ---- Closed forms -----------------------------------------------------------------------------------

def _standardized(x: np.ndarray, mus: np.ndarray, sigma: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (x[None, :] - mus[:, None]) / sigma


def expected_values(p: Pieces, mus: np.ndarray, sigma: float) -> np.ndarray:
    """E[f(S)] for S ~ Normal(mu, sigma), for every mu in ``mus`` (sigma > 0)."""
    mus = np.asarray(mus, dtype=float)
    edges = sorted_unique(np.concatenate([p.lo, p.hi]))
    ilo, ihi = np.searchsorted(edges, p.lo), np.searchsorted(edges, p.hi)
    z = _standardized(edges, mus, sigma)
    cdf, pdf = normal_cdf(z), normal_pdf(z)
    mass = cdf[:, ihi] - cdf[:, ilo]
    dens = pdf[:, ihi] - pdf[:, ilo]
    per_piece = mass * (p.a + p.b * mus[:, None]) - sigma * p.b * dens
    return per_piece @ p.w


def _cdf_of(p: Pieces, mu: float, sigma: float):
    """The CDF of f(S) as a function of an array of y: P(f(S) <= y), or P(f(S) < y) when ``strict`` (they
    differ only on plateaus). The edges' Phi are computed once."""
    cdf_lo, cdf_hi = normal_cdf((p.lo - mu) / sigma), normal_cdf((p.hi - mu) / sigma)
    flat_mass = cdf_hi - cdf_lo
    rising, falling = p.b > 0, p.b < 0
    safe_b = np.where(p.b == 0, 1.0, p.b)

    def cdf(ys: np.ndarray, strict: bool = False) -> np.ndarray:
        ys = np.asarray(ys, dtype=float)[:, None]
        with np.errstate(over="ignore"):  # a slope near 0 sends t to +-inf: clipped to the piece
            t = np.clip((ys - p.a) / safe_b, p.lo, p.hi)
        cdf_t = normal_cdf((t - mu) / sigma)
        flat_in = (p.a < ys) if strict else (p.a <= ys)
        mass = np.where(rising, cdf_t - cdf_lo, np.where(falling, cdf_hi - cdf_t, flat_in * flat_mass))
        return np.clip(mass @ p.w, 0.0, 1.0)

    return cdf


def prob_at_most(p: Pieces, mu: float, sigma: float, y: float, strict: bool = False) -> float:
    """P(f(S) <= y), or P(f(S) < y) when ``strict``."""
    return float(_cdf_of(p, mu, sigma)(np.array([y]), strict)[0])


def _non_decreasing(p: Pieces) -> bool:
    """One payoff (not a mixture), rising or flat on every piece and never dropping at a breakpoint (the
    low-revenue edge drops: there f is not monotone)."""
    if np.any(p.lo[1:] != p.hi[:-1]) or np.any(p.b < 0):
        return False
    edges = p.hi[:-1]
    left, right = p.a[:-1] + p.b[:-1] * edges, p.a[1:] + p.b[1:] * edges
    return bool(np.all(right >= left - 1e-9 * np.maximum(1.0, np.abs(left))))


def quantile(p: Pieces, mu: float, sigma: float, level: float) -> float:
    """The ``level`` quantile of f(S): the least y with P(f(S) <= y) >= level, from the exact CDF, so it
    holds for any piecewise linear f, monotone or not, and for mixtures.

    The values at piece ends (and plateaus) split the y axis into brackets inside which the CDF is smooth
    and strictly increasing; find the bracket, return its end if an atom (a plateau) carries the level
    across it, else solve CDF(y) = level inside it by regula falsi (Illinois)."""
    if _non_decreasing(p):  # then the quantile of f(S) is f at the normal quantile
        s = mu + sigma * normal_quantile(level)
        i = min(int(np.searchsorted(p.hi, s)), len(p.hi) - 1)
        return float(p.a[i] + p.b[i] * s)
    with np.errstate(invalid="ignore"):
        window = np.clip(np.stack([p.lo, p.hi]), mu - 40 * sigma, mu + 40 * sigma)
        ends = p.a + p.b * window
    criticals = sorted_unique(ends[np.isfinite(ends)])
    cdf = _cdf_of(p, mu, sigma)
    at_most = cdf(criticals)
    j = int(np.argmax(at_most >= level))
    if j == 0 or at_most[j] < level:  # the level is reached at the least value (or only beyond the window)
        return float(criticals[0] if j == 0 and at_most[0] >= level else criticals[-1])
    low, high = float(criticals[j - 1]), float(criticals[j])
    g_low, g_high = at_most[j - 1] - level, cdf(np.array([high]), strict=True)[0] - level
    if g_high < 0:  # an atom at ``high`` carries the CDF across the level
        return high
    return solve_level(lambda y: float(cdf(np.array([y]))[0]) - level, low, high, g_low, g_high)


# ---- What the user asks for ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outlook:
    """The year's settlement as a distribution. Dollars: positive = CMS pays the ACO, negative = owed."""

    mu: float  # expected savings rate (fraction)
    sigma: float  # its standard deviation (fraction)
    p_quality_miss: float
    savings_p05: float  # 5th and 95th percentiles of the savings rate itself
    savings_p95: float
    earned_at_mu: float  # the settlement at the expected savings rate (quality as in the scenario)
    expected_earned: float  # E[earned]: the settlement before any withhold (proposed rule), like ``earned``
    p_earn: float  # P(earned > 0)
    p_owe: float  # P(earned < 0)
    earned_p05: float
    earned_p95: float
    max_earned: float  # the savings cap
    max_owed: float  # the loss cap after relief (0 when one-sided)
    msr: float  # the minimum savings rate these terms give (fraction)


def _components(rules: Rulebook | RuleRegistry, scenario: Scenario, p_miss: float) -> list[tuple[Terms, float]]:
    """(terms, weight) per quality outcome: as the scenario says with 1 - p_miss, standard missed with p_miss."""
    out = [] if p_miss >= 1.0 else [(resolve(rules, scenario), 1.0 - p_miss)]
    if p_miss > 0.0:
        out.append((resolve(rules, scenario.with_changes(quality_standard="not-met")), p_miss))
    return out


def _mixture(components: list[tuple[Terms, float]]) -> Pieces:
    pieces = [payoff_pieces(t, w) for t, w in components]
    total = pieces[0]
    for more in pieces[1:]:
        total = total + more
    return total


def _point_outlook(components: list[tuple[Terms, float]], mu: float) -> tuple[float, float, float, float, float]:
    """(expected, p_earn, p_owe, p05, p95) when sigma is 0: the settlement at mu, mixed over quality."""
    values = np.array([float(earned_at(t, np.array([mu]))[0]) for t, _ in components])
    weights = np.array([w for _, w in components])
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])

    def pick(level: float) -> float:
        return float(values[order][min(int(np.searchsorted(cumulative, level - 1e-15)), len(values) - 1)])

    return (float(values @ weights), float(weights[values > 0].sum()), float(weights[values < 0].sum()),
            pick(0.05), pick(0.95))


# ---- Worked out once per scenario but its savings rate (a drag moves only the savings rate) ------------

class _Plan:
    """The quality outcomes' terms of one scenario, and (when first asked for) its pieces and their law:
    nothing here depends on the savings rate or on sigma."""

    __slots__ = ("components", "_pieces", "_law")

    def __init__(self, components: list[tuple[Terms, float]]) -> None:
        self.components = components
        self._pieces: Pieces | None = None
        self._law: Law | None = None

    @property
    def pieces(self) -> Pieces:
        if self._pieces is None:
            self._pieces = _mixture(self.components)
        return self._pieces

    @property
    def law(self) -> Law:
        if self._law is None:  # from lists: the arrays of ``pieces`` are needed only for a curve
            lo, hi, a, b, w = [], [], [], [], []
            for terms, weight in self.components:
                for whole, part in zip((lo, hi, a, b), piece_lists(terms)):
                    whole += part
                w += [float(weight)] * (len(lo) - len(w))
            self._law = Law(lo, hi, a, b, w)
        return self._law


# Keyed by the rulebook's identity, every scenario field but the savings rate, and the chance of missing
# quality: immutable inputs only, so a hit is the answer the plan would be worked out to again. Bounded: a
# chooser table is 26 plans, a drag across every quality score 201.
_PLANS = BookLru(limit=1024)


def _plan(rules: Rulebook | RuleRegistry, scenario: Scenario, p_miss: float, changes: dict | None = None) -> _Plan:
    """The plan of ``scenario.with_changes(**changes)`` (cached); raises its ``ScenarioError`` (cached too)."""
    book = book_for(rules, scenario)

    def make() -> _Plan | ScenarioError:
        try:
            return _Plan(_components(book, scenario.with_changes(**changes) if changes else scenario, p_miss))
        except ScenarioError as exc:
            return exc

    got = _PLANS.get(book, (*terms_key(book, scenario, changes), p_miss), make)
    if isinstance(got, ScenarioError):
        raise ScenarioError(got.field, got.message)
    return got


def outlook_figures(rules: Rulebook | RuleRegistry, scenario: Scenario, spread: Spread = Spread(),
                    changes: dict | None = None) -> tuple[Terms, float, tuple[float, float, float, float, float]]:
    """(terms as the scenario says, sigma, (expected, p_earn, p_owe, p05, p95)) of the outlook of
    ``scenario.with_changes(**changes)`` (not its savings rate nor its size): ``outlook`` without building
    the scenario, the settlement at mu or the ``Outlook``, for a table of many tracks."""
    if changes and ("savings_pct" in changes or "beneficiaries" in changes):
        raise ValueError("outlook_figures: mu and sigma come from the scenario; change its savings or size first")
    mu = scenario.savings_rate
    sigma = savings_sigma(scenario.beneficiaries, spread)
    p_miss = spread.p_quality_miss
    plan = _plan(rules, scenario, p_miss, changes)
    main = _plan(rules, scenario, 0.0, changes).components[0][0] if p_miss >= 1.0 else plan.components[0][0]
    if sigma == 0:
        return main, sigma, _point_outlook(plan.components, mu)
    expected, p_earn, p_owe, p05, p95 = plan.law.figures(mu, sigma)
    # A fitted flat piece can give -6e-11 for $0: within a micro-dollar of zero is zero.
    return main, sigma, (expected, p_earn, p_owe, 0.0 if abs(p05) < 1e-6 else p05, 0.0 if abs(p95) < 1e-6 else p95)


def outlook(rules: Rulebook | RuleRegistry, scenario: Scenario, spread: Spread = Spread()) -> Outlook:
    """The distribution of the year's payment when the savings rate is Normal(scenario's rate, sigma)."""
    mu = scenario.savings_rate
    main, sigma, (expected, p_earn, p_owe, p05, p95) = outlook_figures(rules, scenario, spread)
    return Outlook(mu=mu, sigma=sigma, p_quality_miss=spread.p_quality_miss,
                   savings_p05=mu - _Z95 * sigma, savings_p95=mu + _Z95 * sigma,
                   earned_at_mu=float(earned_at(main, np.array([mu]))[0]), expected_earned=expected,
                   p_earn=p_earn, p_owe=p_owe, earned_p05=p05, earned_p95=p95,
                   max_earned=main.savings_cap.value, max_owed=main.max_owed, msr=main.msr.value)


_Z95 = normal_quantile(0.95)


def expected_curve(rules: Rulebook | RuleRegistry, scenario: Scenario, mus: np.ndarray, sigma: float,
                   p_quality_miss: float = 0.0) -> np.ndarray:
    """Expected payment (dollars) for each expected savings rate in ``mus`` (fractions), sigma (a fraction)
    fixed: the smooth curve beside the settlement curve. Everything in ``scenario`` but its savings rate is
    used; 200 points take well under 2 ms."""
    if not (math.isfinite(sigma) and sigma >= 0):
        raise ValueError(f"sigma must be a finite fraction >= 0; got {sigma}")
    Spread(p_quality_miss=p_quality_miss)  # validates the probability
    mus = np.asarray(mus, dtype=float)
    plan = _plan(rules, scenario, p_quality_miss)
    if sigma == 0:
        return sum(w * earned_at(t, mus) for t, w in plan.components)
    return expected_values(plan.pieces, mus, sigma)
