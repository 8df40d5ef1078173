"""The outlook under an uncertain savings rate, checked against an independent numerical integration.

The reference integrates the settlement (``earned_at``) times the normal density on a very fine grid
(trapezoid rule over mu +- 10 sigma): it knows nothing of the pieces, breakpoints or closed forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aco_desktop.engine import earned_at, resolve, settle
from aco_desktop.engine.uncertainty import (Spread, expected_curve, normal_quantile, outlook, payoff_pieces,
                                            savings_sigma)
from aco_desktop.scenario import Scenario
from ..conftest import RULES
from .test_invariants import TRACKS


@dataclass
class Reference:
    s: np.ndarray
    dens: np.ndarray
    parts: list[tuple[np.ndarray, float]]  # (earned on the grid, weight) per quality outcome

    def integral(self, values: np.ndarray) -> float:
        return float(np.trapezoid(values * self.dens, self.s))

    @property
    def expected(self) -> float:
        return sum(w * self.integral(f) for f, w in self.parts)

    def prob(self, test) -> float:
        return sum(w * self.integral(test(f).astype(float)) for f, w in self.parts)

    def cdf(self, y: float) -> float:
        return self.prob(lambda f: f <= y)


def reference(scenario: Scenario, sigma: float, p_miss: float = 0.0, points: int = 2_000_001) -> Reference:
    mu = scenario.savings_rate
    s = np.linspace(mu - 10 * sigma, mu + 10 * sigma, points)
    dens = np.exp(-0.5 * ((s - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    parts = []
    if p_miss < 1:
        parts.append((earned_at(resolve(RULES, scenario), s), 1 - p_miss))
    if p_miss > 0:
        parts.append((earned_at(resolve(RULES, scenario.with_changes(quality_standard="not-met")), s), p_miss))
    return Reference(s, dens, parts)


def assert_matches(scenario: Scenario, spread: Spread = Spread(), points: int = 2_000_001) -> None:
    got = outlook(RULES, scenario, spread)
    ref = reference(scenario, got.sigma, spread.p_quality_miss, points)
    scale = max(got.max_earned, got.max_owed, 1.0)
    assert abs(got.expected_earned - ref.expected) <= max(1e-3 * abs(ref.expected), 5.0 + 2e-6 * scale), \
        (got.expected_earned, ref.expected)
    assert abs(got.p_earn - ref.prob(lambda f: f > 0)) <= 1e-3
    assert abs(got.p_owe - ref.prob(lambda f: f < 0)) <= 1e-3
    # A percentile q at level p: the payment is <= q with chance >= p, and below q with chance <= p.
    slack = 1e-6 * scale + 0.01
    for level, q in ((0.05, got.earned_p05), (0.95, got.earned_p95)):
        assert ref.cdf(q + slack) >= level - 1e-3, (level, q)
        assert ref.cdf(q - slack) <= level + 1e-3, (level, q)


def S(**kw) -> Scenario:
    base = dict(beneficiaries=10_000, benchmark_per_capita=10_000, quality_pct=90.0)
    return Scenario(**{**base, **kw})


ENHANCED_YEARS = [(f"enhanced-PY{y}", S(rules="mssp", track="enhanced", performance_year=y, savings_pct=1.0,
                                        msr_election="1.0"), Spread())
                  for y in range(2019, 2027)]
LOW_REVENUE = 0.35 * 10_000 * 10_000 * (1 - 0.01)  # low revenue below 1% savings, high revenue above it

CASES = [
    # The April 2011 proposed rule: Track 1 one-sided years 1-2 (net 2%, or exempt), two-sided year 3; Track 2.
    ("proposed-t1-y1-net", S(track="track-1", agreement_year=1, beneficiaries=7_500, savings_pct=3.0), Spread()),
    ("proposed-t1-y2-exempt", S(track="track-1", agreement_year=2, beneficiaries=8_000, physician_group_only=True,
                                savings_pct=4.0), Spread()),
    ("proposed-t1-y3-two-sided", S(track="track-1", agreement_year=3, savings_pct=-1.0), Spread(sigma_pp=4)),
    ("proposed-t2-y1-fqhc", S(track="track-2", agreement_year=1, fqhc_pct=45, savings_pct=0.0), Spread()),
    ("proposed-t2-y2-above-mlr", S(track="track-2", agreement_year=2, savings_pct=-3.0,
                                   options={"loss_basis": "above-mlr", "withhold": "20"}), Spread(sigma_pp=5)),
    ("proposed-t2-y3-cap", S(track="track-2", agreement_year=3, savings_pct=-14.0, quality_pct=40), Spread()),
    # Rules in force before Pathways: Tracks 1, 2, 3 and 1+.
    ("track-1-PY2014-at-msr", S(rules="mssp", track="track-1", performance_year=2014, beneficiaries=20_000,
                                savings_pct=2.5), Spread()),
    ("track-1-PY2016-cap", S(rules="mssp", track="track-1", performance_year=2016, savings_pct=11.0), Spread()),
    ("track-2-PY2014-y1-cap", S(rules="mssp", track="track-2", performance_year=2014, quality_pct=50,
                                savings_pct=-4.0), Spread(sigma_pp=3)),
    ("track-2-PY2015-fixed-2pct", S(rules="mssp", track="track-2", performance_year=2015, agreement_year=3,
                                    savings_pct=2.0), Spread()),
    ("track-2-PY2017-elected", S(rules="mssp", track="track-2", performance_year=2017, agreement_year=2,
                                 msr_election="1.0", savings_pct=-1.0), Spread(bad_year=True)),
    ("track-3-PY2018-table", S(rules="mssp", track="track-3", performance_year=2018, beneficiaries=12_000,
                               msr_election="table", savings_pct=1.0), Spread()),
    ("track-1-plus-PY2019-revenue", S(rules="mssp", track="track-1-plus", performance_year=2019, msr_election="0.5",
                                      participant_revenue=2e7, loss_relief_pct=30, savings_pct=-2.0), Spread()),
    ("track-2-PY2020-relief", S(rules="mssp", track="track-2", performance_year=2020, agreement_year=5,
                                savings_pct=-3.0), Spread()),
    # Pathways: BASIC A-E.
    ("basic-a-PY2020-small", S(rules="mssp", track="basic-a", performance_year=2020, beneficiaries=3_000,
                               savings_pct=4.0), Spread()),
    ("basic-b-PY2021-quality-missed", S(rules="mssp", track="basic-b", performance_year=2021,
                                        quality_standard="not-met", savings_pct=3.0), Spread()),
    ("basic-c-PY2022-revenue", S(rules="mssp", track="basic-c", performance_year=2022, participant_revenue=2e7,
                                 msr_election="0.0", savings_pct=0.5), Spread()),
    ("basic-d-PY2023-alternative", S(rules="mssp", track="basic-d", performance_year=2023,
                                     quality_standard="alternative", health_equity_bonus=5, savings_pct=1.5), Spread()),
    ("basic-e-PY2024-corridor", S(rules="mssp", track="basic-e", performance_year=2024, msr_election="2.0",
                                  savings_pct=-1.0), Spread(sigma_pp=0.5)),
    ("basic-a-PY2025-half-rate", S(rules="mssp", track="basic-a", performance_year=2025, agreement_year=2,
                                   participant_revenue=5e6, savings_pct=1.0), Spread()),
    ("basic-c-PY2026-low-revenue-edge", S(rules="mssp", track="basic-c", performance_year=2026,
                                          participant_revenue=LOW_REVENUE, msr_election="2.0", savings_pct=1.0),
     Spread(sigma_pp=1)),
    ("basic-e-PY2026-half-rate-quality-mix", S(rules="mssp", track="basic-e", performance_year=2026,
                                               participant_revenue=1e7, msr_election="table", savings_pct=2.0),
     Spread(p_quality_miss=0.3)),
    # ENHANCED every year, caps binding, and the quality-miss mixture.
    *ENHANCED_YEARS,
    ("enhanced-savings-cap", S(rules="mssp", track="enhanced", performance_year=2024, savings_pct=32.0),
     Spread(sigma_pp=1)),
    ("enhanced-loss-cap", S(rules="mssp", track="enhanced", performance_year=2024, savings_pct=-30.0), Spread()),
    ("enhanced-at-mlr", S(rules="mssp", track="enhanced", performance_year=2025, msr_election="1.5",
                          savings_pct=-1.5), Spread()),
    ("enhanced-quality-mix", S(rules="mssp", track="enhanced", performance_year=2024, savings_pct=-2.0),
     Spread(p_quality_miss=0.25, bad_year=True)),
]


@pytest.mark.parametrize("scenario,spread", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_closed_form_matches_numerical_integration(scenario: Scenario, spread: Spread) -> None:
    assert_matches(scenario, spread)


def test_the_cases_reach_the_features_they_name() -> None:
    """Guard the case list itself: the half rate, the low-revenue edge and the caps are really in play."""
    half = resolve(RULES, dict((c[0], c[1]) for c in CASES)["basic-a-PY2025-half-rate"])
    assert half.half_rate_factor == 0.5
    edge = dict((c[0], c[1]) for c in CASES)["basic-c-PY2026-low-revenue-edge"]
    t = resolve(RULES, edge)
    below, above = earned_at(t, np.array([0.009, 0.011]))
    assert below > 0 and above == 0  # the half rate switches off as savings grow: f is not monotone
    cap = dict((c[0], c[1]) for c in CASES)["enhanced-savings-cap"]
    assert outlook(RULES, cap, Spread(sigma_pp=1)).expected_earned > 0.99 * 0.2 * 1e8


def test_default_sigma_is_the_documented_table() -> None:
    """shared/uncertainty.md: sigma(N) in percentage points for 1,000 ... 100,000 beneficiaries."""
    table = {1_000: 6.85, 5_000: 3.14, 10_000: 2.29, 20_000: 1.72, 50_000: 1.25, 100_000: 1.05}
    for n, pp in table.items():
        assert round(savings_sigma(n) * 100, 2) == pp


def test_user_sigma_and_a_bad_year() -> None:
    assert savings_sigma(5_000, Spread(sigma_pp=3)) == pytest.approx(0.03)
    assert savings_sigma(5_000, Spread(sigma_pp=3, bad_year=True)) == pytest.approx(0.06)
    assert savings_sigma(5_000, Spread(bad_year=True)) == pytest.approx(2 * 0.0314, abs=1e-4)
    for bad in (dict(sigma_pp=-1.0), dict(sigma_pp=float("nan")), dict(p_quality_miss=1.5)):
        with pytest.raises(ValueError):
            Spread(**bad)


def test_normal_quantile_known_values() -> None:
    known = {0.05: -1.6448536269514722, 0.95: 1.6448536269514722, 0.975: 1.959963984540054,
             0.001: -3.090232306167813, 1e-10: -6.361340902404056, 0.5: 0.0}
    for p, z in known.items():
        assert normal_quantile(p) == pytest.approx(z, abs=1e-12)
    for p in np.concatenate([np.logspace(-15, -1, 29), np.linspace(0.05, 0.95, 19)]):
        z = normal_quantile(float(p))
        assert 0.5 * math.erfc(-z / math.sqrt(2)) == pytest.approx(p, rel=1e-12)


def test_symmetric_corridor_chances_by_hand() -> None:
    """MSR = MLR = 2%, mu = 0, sigma = 2 points: earn when s >= 2%, owe when s <= -2%: 1 - Phi(1) each."""
    s = S(rules="mssp", track="enhanced", performance_year=2024, msr_election="2.0", savings_pct=0.0)
    got = outlook(RULES, s, Spread(sigma_pp=2))
    assert got.p_earn == pytest.approx(0.15865525393145707, abs=1e-12)
    assert got.p_owe == pytest.approx(0.15865525393145707, abs=1e-12)


def test_missed_quality_on_enhanced_owes_at_75_percent() -> None:
    s = S(rules="mssp", track="enhanced", performance_year=2024, savings_pct=-5.0)
    got = outlook(RULES, s, Spread(sigma_pp=1e-6, p_quality_miss=1.0))
    assert got.expected_earned == pytest.approx(-0.05 * 1e8 * 0.75, abs=0.01)
    assert got.p_owe == 1.0 and got.p_earn == 0.0


def test_percentiles_of_a_monotone_payoff_are_the_payoff_at_normal_quantiles() -> None:
    s = S(rules="mssp", track="enhanced", performance_year=2026, savings_pct=2.0, beneficiaries=7_000)
    got = outlook(RULES, s)
    t = resolve(RULES, s)
    z05 = -1.6448536269514722
    p05, p95 = earned_at(t, np.array([0.02 + z05 * got.sigma, 0.02 - z05 * got.sigma]))
    assert got.earned_p05 == pytest.approx(p05, rel=1e-7)
    assert got.earned_p95 == pytest.approx(p95, rel=1e-7)


def _at_a_jump(scenario: Scenario) -> bool:
    near = [settle(RULES, scenario.with_changes(savings_pct=scenario.savings_pct + d)).earned for d in (-1e-7, 1e-7)]
    return abs(near[1] - near[0]) > 1.0


@pytest.mark.parametrize("scenario", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_tiny_sigma_gives_back_the_settlement(scenario: Scenario) -> None:
    got = outlook(RULES, scenario, Spread(sigma_pp=1e-9))
    earned = settle(RULES, scenario).earned
    if _at_a_jump(scenario):  # a coin toss between the two sides of the jump
        assert got.p_earn + got.p_owe == pytest.approx(0.5, abs=1e-6) or got.p_earn == pytest.approx(1, abs=1e-9)
        return
    assert got.expected_earned == pytest.approx(earned, abs=0.01)
    assert got.earned_p05 == pytest.approx(earned, abs=0.01) and got.earned_p95 == pytest.approx(earned, abs=0.01)
    assert got.p_earn == float(earned > 0) and got.p_owe == float(earned < 0)


def test_zero_sigma_is_the_settlement_even_at_a_jump() -> None:
    for name in ("track-1-PY2014-at-msr", "enhanced-at-mlr"):
        scenario = dict((c[0], c[1]) for c in CASES)[name]
        got = outlook(RULES, scenario, Spread(sigma_pp=0))
        assert got.expected_earned == settle(RULES, scenario).earned == got.earned_p05 == got.earned_p95
    # At the MSR with a tiny sigma the year is a coin toss between nothing and the jump.
    at_msr = outlook(RULES, dict((c[0], c[1]) for c in CASES)["track-1-PY2014-at-msr"], Spread(sigma_pp=1e-7))
    assert at_msr.p_earn == pytest.approx(0.5, abs=1e-6)


def test_expected_curve_matches_the_outlook_and_the_integral() -> None:
    s = dict((c[0], c[1]) for c in CASES)["basic-e-PY2026-half-rate-quality-mix"]
    mus = np.linspace(-0.08, 0.08, 9)
    curve = expected_curve(RULES, s, mus, 0.02, p_quality_miss=0.3)
    for mu, value in zip(mus, curve):
        at = s.with_changes(savings_pct=float(mu) * 100)
        ref = reference(at, 0.02, 0.3, points=400_001).expected
        assert value == pytest.approx(ref, rel=1e-3, abs=20.0)
        assert value == pytest.approx(outlook(RULES, at, Spread(sigma_pp=2, p_quality_miss=0.3)).expected_earned,
                                      rel=1e-12, abs=1e-6)
    assert np.array_equal(expected_curve(RULES, s, mus, 0.0), earned_at(resolve(RULES, s), mus))


def test_every_piece_is_linear_in_the_settlement() -> None:
    """The breakpoints miss no jump or bend: inside each piece the settlement is the fitted line."""
    rng = np.random.default_rng(7)
    for _, scenario, _ in CASES:
        t = resolve(RULES, scenario)
        p = payoff_pieces(t)
        for lo, hi, a, b in zip(p.lo, p.hi, p.a, p.b):
            lo, hi = max(lo, -2.0), min(hi, 2.0)
            if hi - lo < 1e-9:
                continue
            x = rng.uniform(lo, hi, 50)
            assert np.allclose(earned_at(t, x), a + b * x, rtol=1e-9, atol=1e-4)


# ---- Random scenarios -------------------------------------------------------------------------------

@st.composite
def cases(draw) -> tuple[Scenario, Spread]:
    rules, track, year = draw(st.sampled_from(TRACKS))
    book = RULES[rules]
    model = book.models[book.tracks[track].models[-1]]
    n = draw(st.integers(max(book.tracks[track].min_beneficiaries, 500), 120_000))
    per_capita = draw(st.floats(3_000, 30_000))
    revenue_share = draw(st.sampled_from([None, 0.05, 0.2, 0.33, 0.345, 0.36]))
    scenario = Scenario(
        rules=rules, track=track, performance_year=year,
        agreement_year=draw(st.integers(1, book.tracks[track].agreement_length)),
        beneficiaries=n, benchmark_per_capita=per_capita, savings_pct=draw(st.floats(-15, 15)),
        quality_pct=draw(st.floats(0, 100)), fqhc_pct=draw(st.sampled_from([0.0, 20.0, 60.0])),
        physician_group_only=draw(st.booleans()),
        msr_election=draw(st.sampled_from(model.msr.choices)) if model.msr.method == "elected" else None,
        participant_revenue=0.0 if revenue_share is None else revenue_share * n * per_capita,
        quality_standard=draw(st.sampled_from(["met", "not-met"] + (["alternative"] if year and year >= 2023 else []))),
        loss_relief_pct=draw(st.sampled_from([0.0, 50.0])) if year else 0.0,
        options={name: draw(st.sampled_from(sorted(o.choices))) for name, o in book.options.items()})
    spread = Spread(sigma_pp=draw(st.sampled_from([None, 0.3, 2.0, 6.0])), bad_year=draw(st.booleans()),
                    p_quality_miss=draw(st.sampled_from([0.0, 0.0, 0.2])))
    return scenario, spread


@settings(max_examples=60, deadline=None)
@given(cases())
def test_random_scenarios_match_numerical_integration(case: tuple[Scenario, Spread]) -> None:
    assert_matches(*case, points=800_001)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_chances_and_percentiles_are_consistent(case: tuple[Scenario, Spread]) -> None:
    scenario, spread = case
    got = outlook(RULES, scenario, spread)
    assert 0.0 <= got.p_owe <= 1.0 and 0.0 <= got.p_earn <= 1.0 and got.p_earn + got.p_owe <= 1.0 + 1e-12
    assert -got.max_owed - 0.01 <= got.earned_p05 <= got.earned_p95 <= got.max_earned + 0.01
    assert -got.max_owed - 0.01 <= got.expected_earned <= got.max_earned + 0.01
    assert got.savings_p05 < scenario.savings_rate < got.savings_p95 or got.sigma == 0
