"""The closed forms of ``uncertainty`` for one savings rate, in plain floats: what a drag asks for every frame.

``uncertainty.expected_values``, ``prob_at_most`` and ``quantile`` work on numpy arrays so that one call can
serve a whole curve of expected savings rates. A payoff has only 4 to 12 pieces, and for one expected rate
numpy's per-call cost (microseconds a call, a dozen calls a figure) outweighs the arithmetic, so ``Law``
holds the pieces as Python floats, with everything that does not depend on the expected rate worked out
once (the distinct piece ends, which piece ends where, whether the payoff never falls), and gives the five
figures of an outlook with one ``math.erfc`` per piece end and a few per quantile.

The arithmetic is the same as ``uncertainty``'s, term by term (the same Phi = erfc(-z / sqrt 2) / 2, the
same clipping, the same bracket and regula falsi for a quantile): only the order of a sum's terms and the
last bit of exp can differ, so the figures agree with the array versions to about 1e-15 (tests compare).
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)

# ---- The standard normal distribution (math.erfc only; no scipy) -------------------------------------

def normal_cdf(z: float | np.ndarray) -> np.ndarray:
    """Phi(z) = erfc(-z / sqrt 2) / 2, accurate in both tails (erfc, not 1 + erf); z may be +-inf.

    numpy has no erfc, so ``math.erfc`` is mapped over the values, but only where it can give something
    other than its limits: erfc(-z / sqrt 2) is exactly 2.0 in doubles for z > 8.5 and exactly 0.0 for
    z < -40, so Phi there is 1.0 or 0.0 without calling it (a curve's far ends are most of its values)."""
    z = np.asarray(z, dtype=float)
    x = -z.ravel() / _SQRT2
    out = np.where(z.ravel() > 8.5, 2.0, 0.0)
    middle = ~((z.ravel() > 8.5) | (z.ravel() < -40.0))  # NaN too: erfc gives it back
    out[middle] = np.fromiter(map(math.erfc, x[middle].tolist()), float, int(middle.sum()))
    return out.reshape(z.shape) / 2


def normal_pdf(z: float | np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):  # far tails: z * z = inf gives exp(-inf) = 0, as it should
        return np.exp(-z * z / 2) / _SQRT2PI


_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)


def _poly(coefficients: tuple[float, ...], x: float) -> float:
    out = 0.0
    for c in coefficients:
        out = out * x + c
    return out


def normal_quantile(p: float) -> float:
    """Phi^-1(p): Acklam's rational approximation (relative error 1.15e-9), then one Halley step on erfc."""
    if not 0.0 < p < 1.0:
        if p in (0.0, 1.0):
            return -math.inf if p == 0.0 else math.inf
        raise ValueError(f"p must be in [0, 1]; got {p}")
    if p < 0.02425 or p > 1 - 0.02425:
        q = math.sqrt(-2 * math.log(min(p, 1 - p)))
        x = _poly(_C, q) / (_poly(_D, q) * q + 1)
        x = x if p < 0.5 else -x
    else:
        q = p - 0.5
        r = q * q
        x = _poly(_A, r) * q / (_poly(_B, r) * r + 1)
    e = 0.5 * math.erfc(-x / _SQRT2) - p
    u = e * _SQRT2PI * math.exp(x * x / 2)
    return x - u / (1 + x * u / 2)


# ---- One payoff's law for one expected rate, in floats ------------------------------------------------

_LEVEL_Z = {level: normal_quantile(level) for level in (0.05, 0.95)}  # the percentiles an outlook gives


class Law:
    """The law of f(S), S ~ Normal(mu, sigma), for one piecewise linear payoff (or a mixture of them).

    Built from the pieces as lists (``pieces.piece_lists``, one weight a piece); ``figures(mu, sigma)`` is
    (expected, P(f > 0), P(f < 0), 5th percentile, 95th percentile)."""

    __slots__ = ("lo", "hi", "a", "b", "w", "edges", "ilo", "ihi", "monotone", "n", "rows", "ends")

    def __init__(self, lo: list[float], hi: list[float], a: list[float], b: list[float], w: list[float]) -> None:
        self.lo, self.hi, self.a, self.b, self.w = lo, hi, a, b, w
        self.n = len(lo)
        self.edges = sorted(set(self.lo) | set(self.hi))
        where = {e: i for i, e in enumerate(self.edges)}
        self.ilo = [where[x] for x in self.lo]
        self.ihi = [where[x] for x in self.hi]
        self.monotone = self._non_decreasing()  # then its quantiles are f at the normal quantiles
        self.rows = list(zip(lo, hi, a, b, w, self.ilo, self.ihi))
        self.ends = [(end, slope, at_0) for low, high, at_0, slope in zip(lo, hi, a, b) for end in (low, high)]

    def _non_decreasing(self) -> bool:
        """As ``uncertainty._non_decreasing``: one payoff (not a mixture), rising or flat on every piece and
        never dropping at a breakpoint."""
        lo, hi, a, b = self.lo, self.hi, self.a, self.b
        if any(x != y for x, y in zip(lo[1:], hi[:-1])) or any(slope < 0 for slope in b):
            return False
        for i, edge in enumerate(hi[:-1]):
            left, right = a[i] + b[i] * edge, a[i + 1] + b[i + 1] * edge
            if not right >= left - 1e-9 * max(1.0, abs(left)):
                return False
        return True

    # ---- per expected rate ------------------------------------------------------------------------
    def _edge_cdf(self, mu: float, sigma: float) -> list[float]:
        out = []
        for e in self.edges:
            z = (e - mu) / sigma
            # Phi is exactly 1.0 above z = 8.5 and exactly 0.0 below z = -40 in doubles: skip erfc there.
            out.append(1.0 if z > 8.5 else 0.0 if z < -40.0 else math.erfc(-z / _SQRT2) / 2)
        return out

    def expected(self, mu: float, sigma: float, cdf: list[float]) -> float:
        """E[f(S)]: the sum over pieces of a (Phi(u') - Phi(l')) + b (mu (Phi(u') - Phi(l')) - sigma (phi(u') -
        phi(l'))), with ``cdf`` Phi at the piece ends (``_edge_cdf``)."""
        pdf = []
        for e in self.edges:
            z = (e - mu) / sigma
            pdf.append(math.exp(-z * z / 2) / _SQRT2PI)
        total = 0.0
        for a, b, w, i, j in zip(self.a, self.b, self.w, self.ilo, self.ihi):
            total += ((cdf[j] - cdf[i]) * (a + b * mu) - sigma * b * (pdf[j] - pdf[i])) * w
        return total

    def cdf_at(self, y: float, mu: float, sigma: float, cdf: list[float], strict: bool = False) -> float:
        """P(f(S) <= y), or P(f(S) < y) when ``strict`` (they differ only on plateaus)."""
        total = 0.0
        for lo, hi, a, b, w, i, j in self.rows:
            if b != 0.0:
                t = (y - a) / b
                if t <= lo:
                    at = cdf[i]
                elif t >= hi:
                    at = cdf[j]
                else:
                    at = math.erfc(-((t - mu) / sigma) / _SQRT2) / 2
                mass = at - cdf[i] if b > 0 else cdf[j] - at
            else:
                mass = cdf[j] - cdf[i] if (a < y if strict else a <= y) else 0.0
            total += mass * w
        return 0.0 if total < 0.0 else 1.0 if total > 1.0 else total

    def figures(self, mu: float, sigma: float) -> tuple[float, float, float, float, float]:
        """(expected, P(f > 0), P(f < 0), the 5th and the 95th percentile), sigma > 0."""
        cdf = self._edge_cdf(mu, sigma)
        expected = self.expected(mu, sigma, cdf)
        p_earn = 1.0 - self.cdf_at(0.0, mu, sigma, cdf)
        p_owe = self.cdf_at(0.0, mu, sigma, cdf, strict=True)
        if self.monotone:
            p05, p95 = (self._monotone_quantile(mu, sigma, level) for level in (0.05, 0.95))
        else:
            search = _Search(self, mu, sigma, cdf)
            p05, p95 = search.quantile(0.05), search.quantile(0.95)
        return expected, p_earn, p_owe, p05, p95

    def _monotone_quantile(self, mu: float, sigma: float, level: float) -> float:
        s = mu + sigma * _LEVEL_Z[level]
        i = min(bisect_left(self.hi, s), self.n - 1)
        return self.a[i] + self.b[i] * s


class _Search:
    """``uncertainty.quantile`` for a payoff that can fall, for one (mu, sigma): the CDF at the values at
    piece ends (worked out once for both levels, by bisection over them), then regula falsi (Illinois)
    inside the bracket that holds the level."""

    def __init__(self, law: Law, mu: float, sigma: float, cdf: list[float]) -> None:
        self.law, self.mu, self.sigma, self.cdf = law, mu, sigma, cdf
        low, high = mu - 40 * sigma, mu + 40 * sigma
        values = set()
        for end, b, a in law.ends:  # the payoff at each piece end, clipped to mu +- 40 sigma (np.clip's order)
            v = a + b * (high if end > high else low if end < low else end)
            if math.isfinite(v):
                values.add(v)
        self.criticals = sorted(values)
        self.at = {}  # index into criticals -> CDF there

    def _at_most(self, j: int) -> float:
        got = self.at.get(j)
        if got is None:
            got = self.at[j] = self.law.cdf_at(self.criticals[j], self.mu, self.sigma, self.cdf)
        return got

    def _g(self, y: float, level: float, strict: bool = False) -> float:
        return self.law.cdf_at(y, self.mu, self.sigma, self.cdf, strict) - level

    def quantile(self, level: float) -> float:
        c = self.criticals
        lo, hi = 0, len(c)
        while lo < hi:  # the first critical value where the CDF reaches the level
            mid = (lo + hi) // 2
            if self._at_most(mid) >= level:
                hi = mid
            else:
                lo = mid + 1
        if lo == len(c):  # reached only beyond the window
            return c[-1]
        if lo == 0:
            return c[0]
        low, high = c[lo - 1], c[lo]
        g_low, g_high = self._at_most(lo - 1) - level, self._g(high, level, strict=True)
        if g_high < 0:  # an atom at ``high`` carries the CDF across the level
            return high
        return self._solve(low, high, g_low, g_high, level)

    def _inside(self, low: float, high: float):
        """The CDF for y strictly between two neighbouring critical values: there a piece is either always
        inside its range in y or always clipped to the same end (its ends' values are critical values, or lie
        beyond 40 sigma where Phi is exactly 0 or 1 either way), so the clipped pieces add a constant and only
        the others need erfc."""
        law, mu, sigma, cdf = self.law, self.mu, self.sigma, self.cdf
        mid = (low + high) / 2
        constant, active = 0.0, []
        for lo, hi, a, b, w, i, j in law.rows:
            if b != 0.0 and lo < (mid - a) / b < hi:
                active.append((lo, hi, a, b, w, cdf[i], cdf[j]))
            elif b != 0.0:
                at = cdf[i] if (mid - a) / b <= lo else cdf[j]
                constant += (at - cdf[i] if b > 0 else cdf[j] - at) * w
            elif a <= mid:
                constant += (cdf[j] - cdf[i]) * w

        def at_most(y: float) -> float:
            total = constant
            for lo, hi, a, b, w, c_lo, c_hi in active:
                t = (y - a) / b
                at = c_lo if t <= lo else c_hi if t >= hi else math.erfc(-((t - mu) / sigma) / _SQRT2) / 2
                total += (at - c_lo if b > 0 else c_hi - at) * w
            return 0.0 if total < 0.0 else 1.0 if total > 1.0 else total

        return at_most

    def _solve(self, low: float, high: float, g_low: float, g_high: float, level: float) -> float:
        at_most = self._inside(low, high)
        return solve_level(lambda y: at_most(y) - level, low, high, g_low, g_high)


def solve_level(g, low: float, high: float, g_low: float, g_high: float) -> float:
    """The y in (low, high] where the increasing ``g`` (a CDF minus the level) crosses zero, by regula falsi
    (Illinois), g_low < 0 <= g_high: the least y the CDF reaches the level at, to 1e-12 relative."""
    tolerance = 1e-12 * max(1.0, abs(low), abs(high))
    side = 0
    for _ in range(200):
        y = high - g_high * (high - low) / (g_high - g_low)
        if not low < y < high:
            y = (low + high) / 2
        value = g(y)
        if value >= 0:
            high, g_high = y, value
            g_low = g_low / 2 if side == 1 else g_low
            side = 1
        else:
            low, g_low = y, value
            g_high = g_high / 2 if side == -1 else g_high
            side = -1
        if abs(value) < 1e-13:  # the CDF is met to 1e-13 of probability: y is the quantile to a micro-dollar
            return float(y)
        if high - low <= tolerance:
            break
    return float(high)
