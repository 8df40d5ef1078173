"""``Screen``: everything the window shows for one state of the session, as plain frozen data.

Each panel gets its slice (``figures``, ``payoff``, ``who_keeps``, ``statement``, ``controls``, the
headline and notice). Series objects are shared between screens while only the savings rate moves, so a
panel can tell by identity (``is``) that its curve did not change and skip ``setData``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Mapping

from aco_desktop.engine import Settlement
from aco_desktop.scenario import Scenario
from aco_desktop.view.chart import Baseline, PayoffSeries, WhoKeepsSeries
from aco_desktop.view.figures import FigureCell
from aco_desktop.view import words
from aco_desktop.view.statement import StatementRow, statement_rows


@dataclass(frozen=True)
class ControlsState:
    """The inputs as they are, and the ones the chosen rules ignore (disabled) with the reason."""

    scenario: Scenario
    disabled: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, eq=False)
class PayoffChart:
    series: PayoffSeries
    marker: tuple[float, float]  # (savings rate %, earned $)
    marker_label: str
    baseline: Baseline | None
    y_range: tuple[float, float]
    legend: tuple[tuple[str, str], ...] = ()  # (line style, words): which curve is which


@dataclass(frozen=True, eq=False)
class WhoKeepsChart:
    series: WhoKeepsSeries
    marker_x: float
    y_range: tuple[float, float]


@dataclass(frozen=True, eq=False)
class Screen:
    title: str
    figures: tuple[FigureCell, ...]
    controls: ControlsState
    payoff: PayoffChart
    who_keeps: WhoKeepsChart
    settlement: Settlement
    rules: Any  # the rulebook the settlement is under (the headline names it)
    can_undo: bool
    can_redo: bool
    has_baseline: bool

    # Read with the window's detail (during a drag, four times a second): worded when first read.
    @cached_property
    def headline(self) -> str:
        """Rich text."""
        return words.headline(self.rules, self.settlement)

    @cached_property
    def notice(self) -> str:
        """"" when there is nothing to say."""
        return words.notice(self.settlement.terms, self.settlement)

    @cached_property
    def statement(self) -> tuple[StatementRow, ...]:
        return statement_rows(self.settlement)
