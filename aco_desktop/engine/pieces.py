"""The payoff as linear pieces: f(s) = a + b s between consecutive breakpoints, fitted from ``earned_at``.

The savings rates where the settlement can jump or bend split the line into pieces on each of which it is
linear; two values of the settlement inside a piece give its line. ``uncertainty`` integrates the pieces
against the normal density. Pure functions of the terms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from aco_desktop.engine.curve import _jump_candidates, corners, earned_at
from aco_desktop.engine.terms import Terms

_MIN_WIDTH = 1e-12  # relative width below which a piece carries no probability worth fitting a slope to


@dataclass(frozen=True, slots=True)
class Pieces:
    """f(s) = a + b s on lo < s < hi for each piece, with probability weight w (mixtures: weights < 1)."""

    lo: np.ndarray
    hi: np.ndarray
    a: np.ndarray
    b: np.ndarray
    w: np.ndarray

    def __add__(self, other: "Pieces") -> "Pieces":
        mine = (self.lo, self.hi, self.a, self.b, self.w)
        theirs = (other.lo, other.hi, other.a, other.b, other.w)
        return Pieces(*(np.concatenate([x, y]) for x, y in zip(mine, theirs)))

    def weighted(self, weight: float) -> "Pieces":
        return Pieces(self.lo, self.hi, self.a, self.b, self.w * weight)


_FARTHEST_RATE = 1e3


def breakpoints(t: Terms) -> np.ndarray:
    """Every savings rate where f can jump or bend: the curve's corners and jump candidates, plus the start
    of each cap measured without the MSR (where the half rate can reach the savings cap below the MSR)."""
    return np.array(_breakpoints(t), dtype=float)


def _breakpoints(t: Terms) -> list[float]:
    points = list(corners(t)) + list(_jump_candidates(t))
    per_rate = t.final_rate.value * (1 - t.sequestration_rate) * t.benchmark
    if per_rate > 0:
        points.append(t.net_threshold + t.savings_cap.value / per_rate)
        if t.half_rate_factor:
            points.append(t.savings_cap.value / (per_rate * t.half_rate_factor))
    # A savings rate is at most 1 (no spending); a cap reached only at a rate of 1e300 (a quality score of
    # 1e-302) is never reached: such points would overflow the fit and carry no probability.
    return sorted({float(p) for p in points if math.isfinite(p) and abs(p) <= _FARTHEST_RATE})


def _fit_points(lo: float, hi: float) -> tuple[float, float]:
    """Two savings rates inside the piece (lo, hi): its thirds, or 1 and 2 (times the end's size) beyond
    the finite end of an outer piece."""
    width = hi - lo
    if math.isfinite(width):
        return lo + width / 3, lo + 2 * width / 3
    inner = hi if math.isfinite(hi) else (lo if math.isfinite(lo) else 0.0)  # the outer piece's finite end
    step = (-1.0 if math.isfinite(hi) else 1.0) * max(1.0, abs(inner))
    return inner + step, inner + 2 * step


def payoff_pieces(t: Terms, weight: float = 1.0) -> Pieces:
    """Fit a + b s on every piece between consecutive breakpoints (and out to +-inf) from two interior
    values of ``earned_at``: the payoff itself decides each piece, so it cannot drift from the settlement."""
    lo, hi, a, b = piece_lists(t)
    return Pieces(np.array(lo), np.array(hi), np.array(a), np.array(b), np.full(len(lo), float(weight)))


def piece_lists(t: Terms) -> tuple[list[float], list[float], list[float], list[float]]:
    """``payoff_pieces``'s (lo, hi, a, b) as lists of floats: plain floats but for ``earned_at``, since a
    piece's arithmetic is a handful of operations on 4 to 12 pieces."""
    edges = [-math.inf, *_breakpoints(t), math.inf]
    lo, hi = edges[:-1], edges[1:]
    x1, x2 = zip(*(_fit_points(low, high) for low, high in zip(lo, hi)))
    values = earned_at(t, np.array(x1 + x2)).tolist()
    n = len(lo)
    a, b = [], []
    for low, high, u, v, f1, f2 in zip(lo, hi, x1, x2, values[:n], values[n:]):
        width = high - low
        if math.isfinite(width) and width < _MIN_WIDTH * max(1.0, abs(low), abs(high)):  # thin: a flat step
            b.append(0.0)
            a.append((f1 + f2) / 2)
        else:
            slope = (f2 - f1) / (v - u)
            b.append(slope)
            a.append(f1 - slope * u)
    return lo, hi, a, b
