"""What the resolvers produce: ``Rated`` values with their formula and source, gathered in ``Terms``."""

from __future__ import annotations

from dataclasses import dataclass, field

from aco_desktop.rules import Rulebook


class ScenarioError(ValueError):
    """The scenario asks for something the chosen rules do not allow. ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def join_sources(*sources: str) -> str:
    """'A; B' + 'B; C' -> 'A; B; C' (each label once, first-seen order)."""
    parts = [part.strip() for source in sources for part in source.split(";") if part.strip()]
    return "; ".join(dict.fromkeys(parts))


@dataclass(frozen=True, slots=True)
class Rated:
    """A resolved value with how it was found."""

    value: float
    formula: str
    source: str
    reconstructed: bool = False


@dataclass(frozen=True, slots=True)
class Terms:
    """Everything about a settlement except the savings rate. A pure function of (rulebook, scenario
    without its savings rate): nothing here remembers which scenario it was resolved for."""

    book: Rulebook
    track_label: str
    model_label: str
    two_sided: bool
    two_sided_year: int  # 1 = first two-sided year (sets phased loss caps); 0 when one-sided
    benchmark: float
    msr: Rated
    mlr: Rated | None
    net_threshold: float  # fraction of benchmark not shared (0 when shared from the first dollar)
    basis: Rated  # how savings are counted (first dollar or above the net threshold)
    max_rate: Rated
    quality_method: str
    quality_standard_met: bool
    bonus: Rated | None
    final_rate: Rated
    loss_rate: Rated | None
    loss_basis: str  # "first-dollar" or "above-mlr"
    loss_basis_source: str
    savings_cap: Rated  # value in dollars
    loss_cap: Rated | None  # value in dollars
    sequestration: Rated | None
    relief: Rated | None
    withhold: Rated | None
    half_rate_factor: float  # 0 where the low-revenue half rate cannot apply
    half_rate_source: str
    participant_revenue: float
    high_revenue_threshold: float
    notes: tuple[str, ...] = field(default=())
    revenue_category: str | None = None  # "low" / "high" when given instead of revenue dollars
    disaster_adjustment: Rated | None = None  # dollars of shared losses forgiven after rate, cap and relief
    revenue_unknown: bool = False  # the rules use participant revenue here but neither dollars nor category were given
    half_rate_possible: bool = False  # all but revenue allows the low-revenue half rate (start, size, quality)

    @property
    def disaster_dollars(self) -> float:
        return self.disaster_adjustment.value if self.disaster_adjustment else 0.0

    @property
    def sequestration_rate(self) -> float:
        return self.sequestration.value if self.sequestration else 0.0

    @property
    def savings_cap_rate(self) -> float | None:
        """The savings rate from which the savings cap binds (None if it never does)."""
        per_rate = self.final_rate.value * (1 - self.sequestration_rate)
        if per_rate <= 0:
            return None
        start = self.net_threshold + self.savings_cap.value / (per_rate * self.benchmark)
        return max(start, self.msr.value)

    @property
    def loss_cap_rate(self) -> float | None:
        """The (negative) savings rate from which the loss cap binds."""
        if not self.two_sided or self.loss_rate is None or self.loss_rate.value <= 0:
            return None
        extra = self.mlr.value if self.loss_basis == "above-mlr" else 0.0
        start = extra + self.loss_cap.value / (self.loss_rate.value * self.benchmark)
        return -max(start, self.mlr.value)

    @property
    def max_owed(self) -> float:
        if not self.two_sided:
            return 0.0
        owed = self.loss_cap.value * (1 - (self.relief.value if self.relief else 0.0))
        return max(0.0, owed - self.disaster_dollars)
