"""The agreement view's Qt-free numbers: the seeded correlated draws, strict input, costs and repayment."""

from __future__ import annotations

import time

import numpy as np
import pytest

from aco_desktop.scenario import Scenario
from aco_desktop.view.agreement import (AgreementInputs, correlated_normals, parse_savings, present_agreement,
                                        starting_inputs, total_draws, trend_savings)
from aco_desktop.view.agreement_money import parse_cost, present_costs, starting_costs

from ..conftest import RULES

PROPOSED = Scenario(rules="proposed-2011", track="track-1", beneficiaries=20_000, benchmark_per_capita=10_000,
                    quality_pct=100)


def picture(savings=(3, 1, -4)):
    return present_agreement(RULES, PROPOSED, AgreementInputs(("track-1",) * 3, savings, "track-1"))


def test_years_are_correlated_075_and_the_draws_are_seeded() -> None:
    z = correlated_normals(200_000, 3)
    assert np.corrcoef(z[:, 0], z[:, 1])[0, 1] == pytest.approx(0.75, abs=0.01)
    assert np.corrcoef(z[:, 0], z[:, 2])[0, 1] == pytest.approx(0.75 ** 2, abs=0.01)
    assert z[:, 2].std() == pytest.approx(1.0, abs=0.01)
    p = picture()
    assert np.array_equal(total_draws(p.book, p.agreement), total_draws(p.book, p.agreement))


def test_the_total_distribution_is_fast() -> None:
    base = Scenario(rules="mssp", track="basic-a", performance_year=2022, beneficiaries=20_000,
                    benchmark_per_capita=10_000, participant_revenue=20_000_000)
    p = present_agreement(RULES, base, starting_inputs(RULES["mssp"], base))
    total_draws(p.book, p.agreement)  # warm up
    start = time.perf_counter()
    total_draws(p.book, p.agreement)
    assert time.perf_counter() - start < 0.05


def test_without_spread_the_draws_average_near_the_point_total() -> None:
    # Far from every kink the payoff is linear, so the simulated mean is the settled total.
    p = picture((3, 1, -4))
    assert p.p05 < p.agreement.totals["cash"] < p.p95


def test_strict_input_says_why() -> None:
    assert parse_savings(" 2.5% ") == 2.5
    with pytest.raises(ValueError, match="not a number"):
        parse_savings("abc")
    with pytest.raises(ValueError, match="-100 to 100"):
        parse_savings("nan")
    with pytest.raises(ValueError, match="reaches 103% by year 3"):
        trend_savings("95", "4", 3)
    assert trend_savings("1", "0.5", 3) == (1, 1.5, 2)
    assert parse_cost("$1,500,000", "Running cost") == 1_500_000
    with pytest.raises(ValueError, match="under \\$1 trillion"):
        parse_cost("-5", "Running cost")


def test_costs_break_even_and_chance_ahead() -> None:
    p = picture((3, 3, 3))
    costs = starting_costs(p.book)
    c = present_costs(p, costs)
    # Years 1-2 one-sided: (3% - 2%) x $200M x 50% = $1M each; year 3 two-sided, first dollar: 3% x $200M x 60%
    # = $3.6M. $5.6M against $2M + 2 x $1.5M of costs: $600,000 ahead.
    assert c.cells[-1] == ("Total", "$5,600,000", "$5,000,000", "$600,000")
    assert c.break_even_pct == pytest.approx(2.8125, abs=1e-4)
    assert 0.0 < c.p_ahead < 1.0
    assert any("RECONSTRUCTED" in line for line in c.sources)
