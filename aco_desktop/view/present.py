"""``present(session) -> Screen``: the one place the window's contents are decided.

``Presenter`` keeps what a presentation may reuse between calls, none of which changes an answer: the
payoff curve and chart series of the current terms (recomputed only when the terms or the curve's span
change, so a savings drag only moves the marker), the pinned baseline, and the charts' y ranges (held
still during a drag, fitted after it; see ``chart.RangeKeeper``).
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from aco_desktop.engine import Settlement, Terms, payoff_curve, settle_terms
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.scenario import Scenario
from aco_desktop.session.document import Document
from aco_desktop.session.state import Session
from aco_desktop.view import chart, words
from aco_desktop.view.chart import PLOT_POINTS, Baseline, RangeKeeper
from aco_desktop.view.figures import figure_cells
from aco_desktop.view.screen import ControlsState, PayoffChart, Screen, WhoKeepsChart


class Presenter:
    def __init__(self) -> None:
        self._terms: Terms | None = None
        self._span: tuple[float, float] | None = None
        self._series: chart.PayoffSeries | None = None
        self._who: chart.WhoKeepsSeries | None = None
        self._disabled: MappingProxyType = MappingProxyType({})
        self._pinned: tuple[Scenario, Baseline, Settlement] | None = None
        self._payoff_range, self._who_range = RangeKeeper(), RangeKeeper()
        self._payoff_y: tuple[float, float] | None = None
        self._who_y: tuple[float, float] | None = None

    # ---- the baseline ------------------------------------------------------------------------------
    def pin(self, session: Session) -> None:
        """Keep the current scenario whole (its rules, every input, its settlement and curve) to compare
        the next changes with."""
        s = session.scenario
        result = settle_terms(session.terms(), s)
        self._pinned = (s, pinned_baseline(session.rules, result), result)
        self._payoff_y = None  # fit the range to both curves

    def clear_pin(self) -> None:
        self._pinned = None
        self._payoff_y = None

    @property
    def pinned(self) -> Scenario | None:
        return self._pinned[0] if self._pinned else None

    def baseline_settlement(self, session: Session | None = None) -> Settlement | None:
        """The pinned scenario's own settlement: the deltas then read what the change did (current
        minus pinned), savings rate included."""
        return self._pinned[2] if self._pinned else None

    # ---- the screen --------------------------------------------------------------------------------
    def present(self, session: Session, document: Document | None = None, fit: bool = False) -> Screen:
        """What the window shows now. ``fit``: fit the charts' ranges to the data (after a drag)."""
        s, terms = session.scenario, session.terms()
        result = settle_terms(terms, s)
        span = chart.curve_span(s.savings_rate)
        # The curve and the disabled inputs do not move with the savings rate. Terms compare by identity:
        # the session's cache returns the same object for the same terms, and a deep comparison of two
        # different ones (rulebook included) would cost more than it saves.
        if terms is not self._terms or span != self._span:
            curve = payoff_curve(terms, *span, points=PLOT_POINTS)
            self._terms, self._span = terms, span
            self._series = chart.payoff_series(terms, curve)
            self._who = chart.who_keeps_series(curve)
            self._disabled = MappingProxyType(ignored_inputs(terms, s))
            self._payoff_y = self._who_y = None
        tight = fit or not session.in_gesture
        payoff = self._payoff(result, tight, fit, words.tag(session.rules, s))
        if self._who_y is None or fit:
            self._who_y = self._who_range.update(*self._who.extent, tight)
        name = (document.title() if document is not None else "") or words.describe(session.rules, s)
        return Screen(
            title=words.window_title(name, session.dirty),
            figures=figure_cells(result, self.baseline_settlement(session)),
            controls=ControlsState(s, self._disabled),
            payoff=payoff,
            who_keeps=WhoKeepsChart(self._who, s.savings_pct, self._who_y),
            settlement=result,
            rules=session.rules,
            can_undo=session.can_undo,
            can_redo=session.can_redo,
            has_baseline=self._pinned is not None,
        )

    def _payoff(self, result: Settlement, tight: bool, fit: bool, name: str = "") -> PayoffChart:
        marker = (result.savings_rate * 100, result.earned)
        baseline = self._pinned[1] if self._pinned else None
        if self._payoff_y is None or fit:  # a new curve or baseline, or the end of a drag
            values = [self._series.y, np.array([marker[1], *self._series.extent])]
            if baseline:
                values.append(np.array([baseline.point[1]]))
            low, high = chart.extent(values + ([baseline.y] if baseline else []))
            self._payoff_y = self._payoff_range.update(low, high, tight)
        return PayoffChart(self._series, marker, chart.marker_label(result), baseline, self._payoff_y,
                           tuple(chart.legend_text(name, baseline)))


def pinned_baseline(rules, result: Settlement, points: int = PLOT_POINTS) -> Baseline:
    """A pinned scenario as the chart draws it: its own curve, its point and its label."""
    curve = payoff_curve(result.terms, *chart.curve_span(result.savings_rate), points=points)
    return Baseline(curve.rates * 100, curve.earned, words.tag(rules, result.scenario),
                    (result.savings_rate * 100, result.earned), f"Pinned: {chart.marker_label(result)}")


def payoff_chart(result: Settlement, points: int = PLOT_POINTS, baseline: Baseline | None = None,
                 name: str = "") -> PayoffChart:
    """The payoff chart of one settlement (the printed report's chart), with a pinned one if given."""
    curve = payoff_curve(result.terms, *chart.curve_span(result.savings_rate), points=points)
    series = chart.payoff_series(result.terms, curve)
    values = [series.y, np.array([result.earned, *series.extent])]
    if baseline is not None:
        values += [baseline.y, np.array([baseline.point[1]])]
    y_range = RangeKeeper().update(*chart.extent(values))
    return PayoffChart(series, (result.savings_rate * 100, result.earned), chart.marker_label(result), baseline,
                       y_range, tuple(chart.legend_text(name, baseline)))


def present(session: Session, document: Document | None = None) -> Screen:
    """The screen for ``session`` as a fresh window would show it."""
    return Presenter().present(session, document)
