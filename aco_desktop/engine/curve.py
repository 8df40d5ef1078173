"""The payoff curve: earned as a function of the savings rate, everything else fixed.

``earned_at`` is ``settle``'s arithmetic over a numpy array of savings rates. ``payoff_curve`` samples
it on a grid that contains every threshold and cap corner exactly, and splits it with NaN at every
jump (the MSR, the MLR, the low-revenue edge), so a plot drawn with ``connect="finite"`` shows a true
vertical gap rather than a slope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aco_desktop.engine.arrays import sorted_unique
from aco_desktop.engine.terms import Terms
from aco_desktop.engine.terms.eligibility import half_rate_applies

_JUMP_TOLERANCE = 0.005  # dollars: smaller differences at a candidate point are not jumps


def earned_at(t: Terms, rates: np.ndarray) -> np.ndarray:
    """Earned (dollars; negative = owed) for each savings rate in ``rates`` (fractions)."""
    rates = np.asarray(rates, dtype=float)
    b = t.benchmark
    g = rates * b
    seq = t.sequestration_rate
    rate = t.final_rate.value
    cap = t.savings_cap.value

    def after_seq_and_cap(shared: np.ndarray) -> np.ndarray:
        return np.minimum(shared * (1 - seq) if seq else shared, cap)

    out = np.zeros_like(rates)
    if rate > 0:
        shared = after_seq_and_cap((g - t.net_threshold * b) * rate)
        out = np.where(rates >= t.msr.value, shared, out)
    if t.half_rate_factor:
        half = after_seq_and_cap(g * rate * t.half_rate_factor)
        out = np.where(half_rate_applies(t, rates), half, out)
    if t.two_sided:
        loss = -g - (t.mlr.value * b if t.loss_basis == "above-mlr" else 0.0)
        owed = np.minimum(loss * t.loss_rate.value, t.loss_cap.value)
        if t.relief is not None:
            owed = owed * (1 - t.relief.value)
        if t.disaster_adjustment is not None:
            owed = np.maximum(owed - t.disaster_dollars, 0.0)
        out = np.where(-rates >= t.mlr.value, -owed, out)
    return out


@dataclass(frozen=True, slots=True)
class PayoffCurve:
    rates: np.ndarray  # savings rates (fractions); NaN separates continuous pieces
    earned: np.ndarray  # dollars; NaN where rates is NaN
    gross: np.ndarray  # gross savings in dollars at each rate
    jumps: tuple[tuple[float, float, float], ...]  # (rate, earned on its left, earned on its right)
    max_earned: float  # the savings cap (dollars)
    max_owed: float  # the loss cap after relief (dollars, positive)


def corners(t: Terms) -> list[float]:
    """Savings rates where the curve bends (thresholds and where a cap starts to bind)."""
    points = [t.msr.value, t.net_threshold]
    if t.two_sided:
        points.append(-t.mlr.value)
    points += [r for r in (t.savings_cap_rate, t.loss_cap_rate) if r is not None]
    return points


def _jump_candidates(t: Terms) -> list[float]:
    points = [t.msr.value]
    if t.two_sided:
        points.append(-t.mlr.value)
    if t.half_rate_factor:
        points.append(0.0)
        # Low revenue flips where revenue = threshold x expenditures = threshold x B x (1 - s).
        if t.high_revenue_threshold and t.benchmark and t.participant_revenue > 0:
            points.append(1 - t.participant_revenue / (t.high_revenue_threshold * t.benchmark))
    return points


def payoff_curve(t: Terms, low: float, high: float, points: int = 1001) -> PayoffCurve:
    """Sample the payoff under terms ``t`` between savings rates ``low`` and ``high`` (fractions)."""
    candidates = [c for c in _jump_candidates(t) if low < c < high]
    grid = sorted_unique(np.concatenate([np.linspace(low, high, points),
                                         [c for c in corners(t) if low <= c <= high] + candidates]))
    values = earned_at(t, grid)
    jumps = []
    if candidates:
        # A threshold belongs to one side (savings: s >= MSR; losses: -s >= MLR), so compare the value at
        # the point with both neighbours to find where the step is.
        at_points = np.asarray(candidates)
        before = earned_at(t, np.nextafter(at_points, -np.inf))
        at = earned_at(t, at_points)
        after = earned_at(t, np.nextafter(at_points, np.inf))
        for rate, lo, mid, hi in zip(candidates, before, at, after):
            if abs(mid - lo) > _JUMP_TOLERANCE:
                jumps.append((rate, float(lo), float(mid)))
            elif abs(hi - mid) > _JUMP_TOLERANCE:
                jumps.append((rate, float(mid), float(hi)))
    if jumps:
        # At each jump: end the left piece at its limit, break with NaN, start the right piece at its limit.
        xs, ys, start = [], [], 0
        for rate, left_value, right_value in sorted(jumps):
            idx = int(np.searchsorted(grid, rate))  # grid[idx] == rate
            xs += [grid[start:idx], [rate, np.nan, rate]]
            ys += [values[start:idx], [left_value, np.nan, right_value]]
            start = idx + 1
        xs.append(grid[start:])
        ys.append(values[start:])
        grid, values = np.concatenate(xs), np.concatenate(ys)
    return PayoffCurve(rates=grid, earned=values, gross=grid * t.benchmark, jumps=tuple(jumps), max_earned=t.savings_cap.value, max_owed=t.max_owed)
