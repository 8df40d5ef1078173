"""What running the ACO costs, the net result, and the savings rate at which shared savings cover the costs.

Defaults come from the rule file's ``[agreement.startup_cost]`` (the first 12 months, charged in agreement
year 1) and ``[agreement.operating_cost]`` (each later year); a user edits them by building ``Costs``. The
break-even savings rate is solved on the payoff itself (bisection: shared savings never fall as the savings
rate rises), so the jump at the MSR and the caps are respected. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aco_desktop.engine.agreement import Agreement, settle_agreement
from aco_desktop.engine.settle import settle
from aco_desktop.engine.terms import ScenarioError, book_for, join_sources
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Costs:
    startup: float  # agreement year 1 (start-up and the first year's running)
    operating: float  # each later agreement year
    source: str = "user"
    reconstructed: bool = False

    def __post_init__(self) -> None:
        for name in ("startup", "operating"):
            value = getattr(self, name)
            if not (0 <= value < 1e12):  # NaN fails too
                raise ScenarioError(name, f"costs must be from $0 to under $1 trillion; got {value}")

    def for_year(self, year: int) -> float:
        return self.startup if year == 1 else self.operating

    def total(self, years: int) -> float:
        return sum(self.for_year(y) for y in range(1, years + 1))


@dataclass(frozen=True, slots=True)
class NetYear:
    year: int
    cash: float  # what the settlement moved this year (agreement.YearRow.cash)
    cost: float
    net: float


@dataclass(frozen=True, slots=True)
class NetResult:
    years: tuple[NetYear, ...]
    cash: float
    cost: float
    net: float
    source: str


def default_costs(rules: Rulebook | RuleRegistry, rulebook_id: str = "mssp") -> Costs:
    """The rule file's cost defaults (NAACOS 2014 survey), with their sources."""
    book = rules if isinstance(rules, Rulebook) else rules[rulebook_id]
    startup, operating = book.agreement.get("startup_cost"), book.agreement.get("operating_cost")
    if startup is None or operating is None:
        raise ScenarioError("costs", f"{book.short_title} has no cost defaults; enter the costs")
    return Costs(startup.value, operating.value, join_sources(startup.source, operating.source),
                 startup.reconstructed or operating.reconstructed)


def net_result(agreement: Agreement, costs: Costs) -> NetResult:
    """Cash from the settlements minus costs, year by year and over the agreement."""
    years = tuple(NetYear(row.year, row.cash, costs.for_year(row.year), row.cash - costs.for_year(row.year))
                  for row in agreement.rows)
    cash, cost = sum(y.cash for y in years), sum(y.cost for y in years)
    return NetResult(years, cash, cost, cash - cost, costs.source)


def _smallest_reaching(payoff: Callable[[float], float], target: float, low: float, high: float,
                       tolerance: float) -> float | None:
    """The smallest x in [low, high] with payoff(x) >= target, for a payoff that never falls; None if none."""
    if payoff(high) < target:
        return None
    if payoff(low) >= target:
        return low
    while high - low > tolerance:
        middle = (low + high) / 2
        if payoff(middle) >= target:
            high = middle
        else:
            low = middle
    return high


def break_even_year(rules: Rulebook | RuleRegistry, scenario: Scenario, cost: float,
                    tolerance_pct: float = 1e-7) -> float | None:
    """The savings percentage at which one year's earned shared savings first cover ``cost`` (None: the
    savings cap stops them short). Uses the settlement of ``scenario`` at each trial savings rate."""
    book = book_for(rules, scenario)
    if cost <= 0:
        return 0.0
    return _smallest_reaching(lambda p: settle(book, scenario.with_changes(savings_pct=p)).earned, cost,
                              0.0, 100.0, tolerance_pct)


def break_even_agreement(rules: Rulebook | RuleRegistry, base: Scenario, costs: Costs,
                         plan: Sequence[str] | None = None, tolerance_pct: float = 1e-6) -> float | None:
    """The savings percentage which, held every year, makes the agreement's cash cover its costs (None: the
    caps stop it short). The withhold counts when it is released within the plan."""
    book = book_for(rules, base)
    years = len(plan) if plan is not None else book.tracks[base.track].agreement_length
    target = costs.total(years)
    if target <= 0:
        return 0.0
    return _smallest_reaching(lambda p: settle_agreement(book, base, p, plan).totals["cash"], target,
                              0.0, 100.0, tolerance_pct)
