"""Repayment mechanism amounts (42 CFR 425.204(f)(4); proposed rule: SEED-003), computed by hand."""

from __future__ import annotations

import pytest

from aco_desktop.engine.repayment import increase_needed, repayment_amount
from aco_desktop.scenario import Scenario
from ..conftest import RULES


def mssp(track: str, year: int = 2024, **kw) -> Scenario:
    return Scenario(rules="mssp", track=track, performance_year=year, quality_pct=100, **kw)


def test_track_2_one_percent_of_expenditures_against_its_loss_cap() -> None:
    # 10,000 x $10,000 = $100M; 1% = $1,000,000. Track 2 year 1 loss cap 5% = $5,000,000: $4M not covered.
    r = repayment_amount(RULES, mssp("track-2", 2016, beneficiaries=10_000, benchmark_per_capita=10_000))
    assert (r.amount, r.by_revenue, r.loss_cap, r.shortfall, r.covers_worst_case) == (
        1_000_000, None, 5_000_000, 4_000_000, False)
    assert "CFR 425.204(f)(4)" in r.source


def test_basic_e_lesser_of_expenditures_and_revenue() -> None:
    # $100M x 1% = $1,000,000; revenue $20M x 2% = $400,000 -> $400,000.
    # Loss cap: min(8% x $20M = $1.6M, 4% x $100M = $4M) = $1,600,000.
    r = repayment_amount(RULES, mssp("basic-e", beneficiaries=10_000, benchmark_per_capita=10_000,
                                     participant_revenue=20_000_000))
    assert (r.by_expenditures, r.by_revenue, r.amount) == (1_000_000, 400_000, 400_000)
    assert (r.loss_cap, r.shortfall) == (1_600_000, 1_200_000)


def test_enhanced_high_revenue_uses_expenditures() -> None:
    # 20,000 x $10,000 = $200M x 1% = $2,000,000 < revenue $150M x 2% = $3,000,000. Loss cap 15% = $30M.
    r = repayment_amount(RULES, mssp("enhanced", beneficiaries=20_000, benchmark_per_capita=10_000,
                                     participant_revenue=150_000_000))
    assert (r.amount, r.by_revenue, r.loss_cap) == (2_000_000, 3_000_000, 30_000_000)


def test_proposed_rule_and_given_expenditures() -> None:
    base = Scenario(rules="proposed-2011", track="track-2", beneficiaries=20_000, benchmark_per_capita=10_000)
    r = repayment_amount(RULES, base)
    assert (r.amount, r.loss_cap) == (2_000_000, 10_000_000)  # 1% of $200M; cap 5% of $200M in year 1
    assert repayment_amount(RULES, base, expenditures=180_000_000).amount == 1_800_000
    # Track 1 is one-sided in year 1: the amount is known, no loss cap yet.
    one_sided = repayment_amount(RULES, base.with_changes(track="track-1"))
    assert one_sided.amount == 2_000_000 and one_sided.loss_cap is None


def test_no_mechanism_for_one_sided_tracks_or_without_revenue() -> None:
    assert repayment_amount(RULES, mssp("track-1", 2016, beneficiaries=10_000)) is None
    r = repayment_amount(RULES, mssp("basic-c", beneficiaries=10_000, benchmark_per_capita=10_000))
    assert (r.amount, r.by_revenue) == (1_000_000, None)
    assert any("revenue not given" in note for note in r.notes)


@pytest.mark.parametrize(("existing", "recalculated", "needed"), [
    (1_000_000, 1_400_000, False),  # +$400,000 < min(50% x $1M, $1M) = $500,000
    (1_000_000, 1_500_000, True),   # +$500,000 reaches it
    (4_000_000, 5_100_000, True),   # +$1.1M >= min($2M, $1M) = $1M
    (4_000_000, 4_900_000, False),
    (1_000_000, 900_000, False),
])
def test_increase_needed(existing: float, recalculated: float, needed: bool) -> None:
    assert increase_needed(RULES, existing, recalculated) is needed
    assert increase_needed(RULES, existing, recalculated, "proposed-2011") is False  # no such rule there
