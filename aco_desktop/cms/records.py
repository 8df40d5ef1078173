"""One ACO-year of a CMS results file, normalised, and its mapping to a ``Scenario``.

A ``PufRecord`` is plain data: dollars, fractions, a track id of the rule file, and what the reader
worked out from the rulebook it was given (two-sided or not, the MSR election). Mapping to a scenario
needs no rules: beneficiaries = N_AB; benchmark_per_capita = B / N; savings_pct = 100 (B - E) / B;
quality_pct = 100 x QualScore (100 for pay-for-reporting, 0 for a pay-for-reporting ACO whose final
sharing rate is 0); the quality standard as published; the MSR election; the agreement start, revenue
category, advance investment payment balance and disaster adjustment (dollars) where the file gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class PufRecord:
    """One ACO-year, normalised: dollars, fractions, a track name the rule files use."""

    source: str  # "merged", "raw-2013", "raw-2014" or "current"
    path: str
    line: int  # 1-based line of the row in its file (header = line 1)
    performance_year: int
    aco_id: str  # ACO_ID / ACO_Num / ACO Identifier; "" where the file has none (merged, pre-2018)
    aco_name: str
    track: str
    track_source: str  # "flag" or "inferred"
    agreement_year: int
    agreement_year_source: str  # "start date" or the evidence used
    beneficiaries: int  # N_AB
    benchmark: float  # B, total dollars
    expenditures: float  # E, total dollars
    quality_score: float | None  # fraction; None = pay for reporting
    final_share_rate: float | None  # as published (rounded to 2 decimals in 2019/2020)
    published_earned: float | None  # EarnSaveLoss; None where the file has none (merged 2013)
    published_msr: float | None  # fraction
    disadj: float  # <= 0: relief of shared losses in dollars (0 when empty)
    rev_loss_limit: bool | None  # revlosslimit flag (2018+), None when absent
    quality_standard: str  # "met", "alternative" or "not-met"
    two_sided: bool  # from the rulebook the reader was given
    msr_election: str | None  # two-sided rows: the election read off the published MSR
    agreement_start: str | None = None  # "YYYY-MM" where the file gives the start date
    revenue_category: str | None = None  # "low" / "high" (Rev_Exp_Cat)
    aip_balance: float | None = None  # advance investment payment balance (PY2024)
    guardrail: bool | None = None  # PY2024 Guardrail flag
    reduced_share: bool | None = None  # PY2024 ReducedSS flag (low-revenue half rate)

    @property
    def met_quality_standard(self) -> bool:
        return self.quality_standard != "not-met"

    @property
    def pay_for_reporting(self) -> bool:
        return self.quality_score is None

    @property
    def gross_savings(self) -> float:
        return self.benchmark - self.expenditures

    @property
    def savings_rate(self) -> float:
        return self.gross_savings / self.benchmark

    @property
    def key(self) -> tuple[int, str]:
        return (self.performance_year, self.aco_name)

    @property
    def label(self) -> str:
        ident = f"{self.aco_id} " if self.aco_id else ""
        return f"PY{self.performance_year} {ident}{self.aco_name} ({self.track})"

    @property
    def quality_pct(self) -> float:
        if self.quality_score is None:
            return 0.0 if self.final_share_rate == 0 else 100.0
        return min(100.0, 100.0 * self.quality_score)

    def scenario(self, disaster_adjustment: float = 0.0) -> Scenario:
        return record_to_scenario(self, disaster_adjustment)


def record_to_scenario(record: PufRecord, disaster_adjustment: float = 0.0) -> Scenario:
    """The settlement engine's input for one ACO-year (conventions in the module docstring).

    ``disaster_adjustment``: the per-ACO relief dollars (``-DisAdj``), which the caller passes where the
    rule file does not already forgive the year's losses automatically (``reproduce`` does)."""
    return Scenario(
        rules="mssp",
        track=record.track,
        performance_year=record.performance_year,
        agreement_year=record.agreement_year,
        beneficiaries=record.beneficiaries,
        benchmark_per_capita=record.benchmark / record.beneficiaries,
        savings_pct=100.0 * record.savings_rate,
        quality_pct=record.quality_pct,
        msr_election=record.msr_election,
        quality_standard=record.quality_standard,
        participant_revenue=0.0,
        revenue_category=record.revenue_category,
        agreement_start=record.agreement_start,
        disaster_adjustment=disaster_adjustment,
        aip_balance=record.aip_balance or 0.0,
    )
