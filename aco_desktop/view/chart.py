"""The chart series, Qt-free: curve arrays split by sign, threshold lines with their labels, ranges.

``VIEW_LOW_PCT``..``VIEW_HIGH_PCT`` is the savings-rate window the slider travels and the charts show
(the value box accepts the wider range ``scenario.INPUTS`` types). The y range is kept by ``RangeKeeper``:
while the user drags it changes only when the data leaves it or shrinks well inside it, since re-ticking
the axes costs a whole frame (platform notes); otherwise it fits the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aco_desktop.engine import PayoffCurve, Settlement, Terms, savings_needed_rate
from aco_desktop.format import money_short, usd

VIEW_LOW_PCT, VIEW_HIGH_PCT = -20.0, 25.0  # percent of benchmark: the slider's travel and the default view
# The payoff is piecewise linear and the curve holds every kink and jump exactly, so a coarse grid draws
# it without error; fewer points make each repaint cheaper.
PLOT_POINTS = 91


def curve_span(savings_rate: float) -> tuple[float, float]:
    """The savings rates (fractions) a curve covers: the default view, widened to keep the marker inside."""
    return min(VIEW_LOW_PCT / 100, savings_rate - 0.02), max(VIEW_HIGH_PCT / 100, savings_rate + 0.02)


@dataclass(frozen=True)
class Line:
    """A threshold line: where it is, what its label says, whether it is drawn."""

    pos: float
    label: str = ""
    visible: bool = True


@dataclass(frozen=True, eq=False)
class PayoffSeries:
    """What the payoff chart draws for one set of terms (shared while only the savings rate moves)."""

    x: np.ndarray  # savings rate, percent (NaN at jumps)
    y: np.ndarray  # earned, dollars
    earns: np.ndarray  # y where positive (NaN elsewhere), and so on
    owes: np.ndarray
    flat: np.ndarray
    msr: Line
    mlr: Line
    net: Line
    savings_cap: Line  # horizontal
    loss_cap: Line  # horizontal
    corridor: tuple[float, float]
    corridor_label: Line  # pos: x of the label (it sits on the zero line)
    x_range: tuple[float, float]
    extent: tuple[float, float]  # lowest and highest y the chart must show


@dataclass(frozen=True, eq=False)
class Baseline:
    """The pinned scenario, whole: its own rules and inputs, its curve and its point."""

    x: np.ndarray
    y: np.ndarray
    name: str
    point: tuple[float, float] = (0.0, 0.0)  # (savings rate %, earned $) of the pinned scenario
    point_label: str = ""


@dataclass(frozen=True, eq=False)
class WhoKeepsSeries:
    x: np.ndarray
    earned: np.ndarray
    gross: np.ndarray
    extent: tuple[float, float]


def signed_parts(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split ``y`` into positive, negative and zero series (NaN elsewhere), each keeping the points where
    it meets its neighbour so no segment is lost at a continuous crossing."""
    def keep(mask: np.ndarray) -> np.ndarray:
        grown = mask.copy()
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
        return np.where(grown & ~np.isnan(y), y, np.nan)

    finite = ~np.isnan(y)
    pos = finite & (y > 0.005)
    neg = finite & (y < -0.005)
    zero = finite & ~pos & ~neg
    return keep(pos), keep(neg), np.where(zero, y, np.nan)


def extent(values: list[np.ndarray]) -> tuple[float, float]:
    """The lowest and highest finite value, always including zero."""
    finite = np.concatenate([v[~np.isnan(v)] for v in values if v.size])
    return (float(min(finite.min(), 0.0)), float(max(finite.max(), 0.0))) if finite.size else (-1.0, 1.0)


def payoff_series(terms: Terms, curve: PayoffCurve) -> PayoffSeries:
    t = terms
    x, y = curve.rates * 100, curve.earned
    earns, owes, flat = signed_parts(y)
    x_range = (min(VIEW_LOW_PCT, float(np.nanmin(x))), max(VIEW_HIGH_PCT, float(np.nanmax(x))))
    needed = savings_needed_rate(t) * 100
    left = -t.mlr.value * 100 if t.two_sided else float(np.nanmin(x))
    label_left = -t.mlr.value * 100 if t.two_sided else x_range[0]
    two_sided = t.two_sided
    net = Line(t.net_threshold * 100, f"net {t.net_threshold * 100:g}% threshold") if t.net_threshold \
        else Line(0.0, "", visible=False)
    loss_cap = Line(-curve.max_owed, f"loss cap -{money_short(curve.max_owed)}",
                    visible=two_sided and curve.max_owed > 0.5)  # none when losses are forgiven
    caps = np.array([curve.max_earned, loss_cap.pos if loss_cap.visible else 0.0])
    return PayoffSeries(
        x=x, y=y, earns=earns, owes=owes, flat=flat,
        msr=Line(t.msr.value * 100, f"MSR {t.msr.value * 100:.2f}%"),
        mlr=Line(-t.mlr.value * 100, f"MLR {t.mlr.value * 100:.2f}%") if two_sided else Line(0.0, "", False),
        net=net,
        savings_cap=Line(curve.max_earned, f"savings cap {money_short(curve.max_earned)}"),
        loss_cap=loss_cap,
        corridor=(left, needed),
        corridor_label=Line((label_left + needed) / 2, "corridor: nothing shared" if two_sided else "nothing shared"),
        x_range=x_range,
        extent=extent([y, caps]),
    )


def who_keeps_series(curve: PayoffCurve) -> WhoKeepsSeries:
    finite = ~np.isnan(curve.rates)
    earned, gross = curve.earned[finite], curve.gross[finite]
    return WhoKeepsSeries(curve.rates[finite] * 100, earned, gross, extent([gross, earned]))


def marker_label(result: Settlement) -> str:
    return f"{usd(result.earned)} at {result.savings_rate * 100:.1f}%"


def hover_label(x: float, y: float) -> str:
    return f"savings {x:.2f}%\n{'earns' if y >= 0 else 'owes'} {usd(abs(y))}"


def legend_text(current: str, baseline: Baseline | None) -> list[tuple[str, str]]:
    """The chart's key, as (line style, words) pairs: which curve is which, and earn/owe by style as
    well as colour (solid earns, dashed owes; the pinned scenario dotted)."""
    key = [("solid", "ACO earns"), ("dash", "ACO owes")]
    if baseline is not None:
        now, pinned = _what_differs(current, baseline.name)
        key = [("solid", f"Now: {now}"), ("dash", "owes"), ("dot", f"Pinned: {pinned}")]
    return key


def _what_differs(current: str, pinned: str) -> tuple[str, str]:
    """Two scenario tags ('ENHANCED PY2026, 2% savings, quality 90%') without the parts they share, so the
    key fits above a laptop's chart; both whole when they share every part."""
    now_parts, pinned_parts = current.split(", "), pinned.split(", ")
    now = [part for part in now_parts if part not in pinned_parts]
    then = [part for part in pinned_parts if part not in now_parts]
    return (", ".join(now), ", ".join(then)) if now and then else (current, pinned)


# Mid-drag, a range the data leaves grows to hold it with this much of its span to spare each side: each
# change re-ticks the axis and redraws the whole chart (several times a normal frame), and a size drag
# grows every amount with the benchmark, so the room sets how often that happens (about every doubling).
DRAG_ROOM = 1.0


class RangeKeeper:
    """Decides an axis range. While the user drags (``tight=False``) it changes only when the data leaves
    it (and then grows with room to spare); otherwise it fits the data (with 12% room each side)."""

    def __init__(self) -> None:
        self.range: tuple[float, float] | None = None

    def update(self, low: float, high: float, tight: bool = True) -> tuple[float, float]:
        span = max(high - low, 1.0)
        target = (low - 0.12 * span, high + 0.12 * span)
        if self.range is not None:
            now_low, now_high = self.range
            if not tight and now_low <= low and high <= now_high:  # mid-drag it never shrinks: fit at release
                return self.range
            if not tight and (low < now_low or high > now_high):  # leaving it mid-drag: room to grow into
                room = DRAG_ROOM * span
                target = (min(target[0], low - room), max(target[1], high + room))
            close = 0.02 * (target[1] - target[0])
            if tight and abs(now_low - target[0]) <= close and abs(now_high - target[1]) <= close:
                return self.range
        self.range = target
        return target
