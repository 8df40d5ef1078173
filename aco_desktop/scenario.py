"""The user's inputs: one immutable, validated ``Scenario`` per what-if.

``INPUTS`` is the single description of every numeric input (label, unit, bounds, plain-language
definition). The pydantic model checks its bounds, the command line prints them in ``--help`` and the
window builds its sliders from them, so a bound is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


@dataclass(frozen=True, slots=True)
class InputSpec:
    name: str
    label: str
    unit: str  # "$", "%", "people", "points", "year"
    minimum: float
    maximum: float
    default: float
    definition: str
    integer: bool = False
    step: float = 1.0

    def describe_range(self) -> str:
        fmt = "{:,.0f}" if self.integer or float(self.minimum).is_integer() else "{:,}"
        lo, hi = fmt.format(self.minimum), fmt.format(self.maximum)
        unit = {"$": " dollars", "%": " percent", "people": " people", "points": " points"}.get(self.unit, "")
        return f"{lo} to {hi}{unit}"


# Defaults are typical of the real results (CMS PUF 2013-2021): median assigned beneficiaries about
# 15,000, median per-capita benchmark about $11,000, median quality score about 90%.
_SPECS = (
    InputSpec("beneficiaries", "Assigned beneficiaries", "people", 1, 1_000_000, 15_000,
              "Medicare beneficiaries assigned to the ACO this year; the size sets the minimum savings rate.",
              integer=True),
    InputSpec("benchmark_per_capita", "Benchmark per person", "$", 100, 100_000, 11_000,
              "What Medicare expected to spend per assigned beneficiary this year (the benchmark).",
              step=100),
    InputSpec("savings_pct", "Savings", "%", -100, 100, 3.0,
              "How far spending came in under the benchmark, as a percent of it (negative: overspent).",
              step=0.1),
    InputSpec("quality_pct", "Quality score", "%", 0, 100, 90.0,
              "Share of quality points earned (the MIPS quality score from 2021).", step=0.5),
    InputSpec("fqhc_pct", "FQHC/RHC share", "%", 0, 100, 0.0,
              "Share of assigned beneficiaries with at least one visit to a Federally Qualified Health "
              "Center or Rural Health Clinic.", step=1),
    InputSpec("agreement_year", "Agreement year", "year", 1, 6, 1,
              "Which year of its participation agreement the ACO is in (1 = first; the rules say how many "
              "years an agreement lasts).", integer=True),
    InputSpec("rural_pct", "Living outside a metro area", "%", 0, 100, 0.0,
              "Share of assigned beneficiaries living outside a metropolitan statistical area.", step=1),
    InputSpec("cah_pct", "Assigned via a CAH", "%", 0, 100, 0.0,
              "Share of assigned beneficiaries assigned through a critical access hospital.", step=1),
    InputSpec("participant_revenue", "Participant revenue", "$", 0, 1e11, 0.0,
              "Total Parts A+B fee-for-service revenue of the ACO's participants (0 = not given).",
              step=100_000),
    InputSpec("health_equity_bonus", "Health equity bonus", "points", 0, 10, 0.0,
              "Health equity adjustment points added to the MIPS quality score (the rules say from which year).", step=0.5),
    InputSpec("loss_relief_pct", "Loss relief", "%", 0, 100, 0.0,
              "Share of shared losses forgiven for extreme and uncontrollable circumstances.", step=1),
    InputSpec("disaster_adjustment", "Disaster adjustment", "$", 0, 1e10, 0.0,
              "Dollars by which shared losses are reduced for extreme and uncontrollable circumstances, after "
              "the loss rate and cap (CMS results: DisAdj).", step=10_000),
    InputSpec("aip_balance", "Advance investment balance", "$", 0, 1e10, 0.0,
              "Advance investment payments not yet recouped; recouped from earned shared savings (paid now "
              "= earned - recoupment).", step=10_000),
)
INPUTS: dict[str, InputSpec] = {spec.name: spec for spec in _SPECS}

QualityStandard = Literal["met", "alternative", "not-met"]
RevenueCategory = Literal["low", "high"]
REVENUE_CATEGORY_LABELS: dict[str, str] = {
    "low": "Low revenue (participant revenue below the high-revenue share of expenditures)",
    "high": "High revenue",
}
AGREEMENT_START_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
QUALITY_STANDARD_LABELS: dict[str, str] = {
    "met": "Quality standard met",
    "alternative": "Only the alternative standard met",
    "not-met": "Quality standard not met",
}


class Scenario(BaseModel):
    """One what-if. Frozen: a change builds a new, validated scenario (``Scenario.with_changes``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # The default is the seed's model (the April 2011 proposed rule), which needs no performance year.
    rules: str = "proposed-2011"
    track: str = "track-1"
    performance_year: int | None = None
    agreement_year: int = 1
    beneficiaries: int = int(INPUTS["beneficiaries"].default)
    benchmark_per_capita: float = INPUTS["benchmark_per_capita"].default
    savings_pct: float = INPUTS["savings_pct"].default
    quality_pct: float = INPUTS["quality_pct"].default
    fqhc_pct: float = INPUTS["fqhc_pct"].default
    physician_group_only: bool = Field(
        default=False,
        description="The ACO is made up only of ACO professionals in group practice arrangements or "
        "networks of individual practices (a net-2% exemption criterion).",
    )
    rural_pct: float = INPUTS["rural_pct"].default
    cah_pct: float = INPUTS["cah_pct"].default
    msr_election: str | None = Field(
        default=None, description="Elected MSR/MLR: 'table' or a percent such as '2.0' (two-sided tracks)."
    )
    participant_revenue: float = INPUTS["participant_revenue"].default
    quality_standard: QualityStandard = "met"
    health_equity_bonus: float = INPUTS["health_equity_bonus"].default
    loss_relief_pct: float = INPUTS["loss_relief_pct"].default
    revenue_category: RevenueCategory | None = Field(
        default=None, description="'low' or 'high' revenue, when the revenue in dollars is not known.")
    agreement_start: str | None = Field(
        default=None,
        description="Month the participation agreement began, YYYY-MM (default: January of performance year - "
        "agreement year + 1).")
    disaster_adjustment: float = INPUTS["disaster_adjustment"].default
    aip_balance: float = INPUTS["aip_balance"].default
    options: dict[str, str] = Field(default_factory=dict, description="Rule switches flipped by the user.")

    @field_validator("agreement_start")
    @classmethod
    def _a_month(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(AGREEMENT_START_PATTERN, value):
            raise ValueError(f"must be a month YYYY-MM, e.g. 2019-07; got {value!r}")
        return value

    @model_validator(mode="after")
    def _within_bounds(self) -> "Scenario":
        for name, spec in INPUTS.items():
            value = getattr(self, name)
            if not (spec.minimum <= value <= spec.maximum) or value != value:  # NaN fails too
                raise ValueError(f"{name} must be {spec.describe_range()}; got {value:,}")
        return self

    def with_changes(self, **changes: object) -> "Scenario":
        """A new scenario with ``changes`` applied, validated again (never ``model_copy(update=)``)."""
        data = self.model_dump()
        data.update(changes)
        return Scenario.model_validate(data)

    # Derived quantities, in one place.
    @property
    def benchmark(self) -> float:
        return self.benchmark_per_capita * self.beneficiaries

    @property
    def savings_rate(self) -> float:
        return self.savings_pct / 100.0

    @property
    def agreement_start_month(self) -> str | None:
        """The agreement start given, or January of performance year - agreement year + 1 (None without a year)."""
        if self.agreement_start is not None:
            return self.agreement_start
        if self.performance_year is None:
            return None
        return f"{self.performance_year - self.agreement_year + 1:04d}-01"

    @property
    def agreement_start_year(self) -> int | None:
        start = self.agreement_start_month
        return int(start[:4]) if start else None
