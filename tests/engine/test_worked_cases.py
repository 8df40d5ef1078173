"""The worked cases W1-W16 of rules-reference.md section 8, each computed by the engine."""

from __future__ import annotations

import pytest

from aco_desktop.engine import msr_from_table, resolve, savings_needed_rate, settle
from aco_desktop.scenario import Scenario
from ..conftest import RULES

W3_INPUTS = dict(beneficiaries=20_000, benchmark_per_capita=10_000, savings_pct=3, quality_pct=100)


def proposed(**kw) -> Scenario:
    return Scenario(rules="proposed-2011", **kw)


def mssp(**kw) -> Scenario:
    return Scenario(rules="mssp", **kw)


def test_w1_proposed_msr_table_at_7500() -> None:
    t = resolve(RULES, proposed(track="track-1", beneficiaries=7_500))
    assert t.msr.value == pytest.approx(0.033, abs=1e-4)


@pytest.mark.parametrize(("track", "agreement_year", "expected"), [("track-2", 1, 0.54), ("track-1", 1, 0.45)])
def test_w2_quality_90_percent(track: str, agreement_year: int, expected: float) -> None:
    t = resolve(RULES, proposed(track=track, agreement_year=agreement_year, quality_pct=90, beneficiaries=20_000))
    assert t.final_rate.value == pytest.approx(expected)


@pytest.mark.parametrize(("year", "earned"), [(2020, 3_000_000), (2014, 2_940_000)])
def test_w3_track_1_first_dollar_and_sequestration(year: int, earned: float) -> None:
    result = settle(RULES, mssp(track="track-1", performance_year=year, **W3_INPUTS))
    assert result.msr == pytest.approx(0.025)
    assert result.gross_savings == pytest.approx(6_000_000)
    assert result.earned == pytest.approx(earned, abs=0.005)
    assert result.terms.savings_cap.value == pytest.approx(20_000_000)


def test_w4_proposed_net_two_percent_and_withhold() -> None:
    result = settle(RULES, proposed(track="track-1", **W3_INPUTS))
    assert result.earned == pytest.approx(1_000_000, abs=0.005)
    assert result.withheld == pytest.approx(250_000, abs=0.005)
    assert result.paid_now == pytest.approx(750_000, abs=0.005)


def test_w5_fqhc_bonus_top_band() -> None:
    result = settle(RULES, proposed(track="track-1", fqhc_pct=45, **W3_INPUTS))
    assert result.final_sharing_rate == pytest.approx(0.525)
    assert result.earned == pytest.approx(1_050_000, abs=0.005)


def test_w6_exempt_small_physician_aco_shares_first_dollar() -> None:
    result = settle(RULES, proposed(track="track-1", beneficiaries=8_000, benchmark_per_capita=10_000, savings_pct=4,
                             quality_pct=100, physician_group_only=True))
    assert result.msr == pytest.approx(0.032)
    assert result.earned == pytest.approx(1_600_000, abs=0.005)


def test_w7_track_2_year_1_loss() -> None:
    result = settle(RULES, mssp(track="track-2", performance_year=2014, beneficiaries=10_000, benchmark_per_capita=10_000,
                         savings_pct=-5, quality_pct=90))
    assert result.mlr == pytest.approx(0.02)
    assert result.shared_loss_rate == pytest.approx(0.46)
    assert result.earned == pytest.approx(-2_300_000, abs=0.005)
    assert result.terms.loss_cap.value == pytest.approx(5_000_000)


def test_w8_track_2_loss_rate_held_and_cap_binding() -> None:
    result = settle(RULES, mssp(track="track-2", performance_year=2014, beneficiaries=10_000, benchmark_per_capita=10_000,
                         savings_pct=-20, quality_pct=50))
    assert result.final_sharing_rate == pytest.approx(0.30)
    assert result.shared_loss_rate == pytest.approx(0.60)
    assert result.earned == pytest.approx(-5_000_000, abs=0.005)


def _basic_loss_cap(track: str, revenue: float) -> float:
    t = resolve(RULES, mssp(track=track, performance_year=2022, beneficiaries=10_000, benchmark_per_capita=10_000,
                     participant_revenue=revenue))
    return t.loss_cap.value


def test_w9_w10_w11_revenue_based_loss_caps() -> None:
    assert _basic_loss_cap("basic-e", 20e6) == pytest.approx(1_600_000)
    assert _basic_loss_cap("basic-e", 60e6) == pytest.approx(4_000_000)
    assert _basic_loss_cap("basic-c", 20e6) == pytest.approx(400_000)
    assert _basic_loss_cap("basic-d", 20e6) == pytest.approx(800_000)


@pytest.mark.parametrize(("quality", "rate"), [(80, 0.40), (50, 0.625), (20, 0.75)])
def test_w12_enhanced_2022_loss_rate(quality: float, rate: float) -> None:
    t = resolve(RULES, mssp(track="enhanced", performance_year=2022, quality_pct=quality))
    assert t.loss_rate.value == pytest.approx(rate)
    assert t.final_rate.value == pytest.approx(0.75)  # the standard is met: the full rate


def test_w13_palm_beach_2014() -> None:
    b, e, n = 450_902_466, 418_729_017, 34_601
    result = settle(RULES, mssp(track="track-1", performance_year=2014, agreement_year=2, beneficiaries=n,
                         benchmark_per_capita=b / n, savings_pct=100 * (b - e) / b, quality_pct=91.6964))
    assert result.gross_savings == pytest.approx(32_173_449, abs=1)
    assert result.earned == pytest.approx(14_455_933, abs=5)


def test_w14_balance_aco_2016_cap_binds() -> None:
    b, g, n = 119_762_995, 28_231_243, 10_000
    result = settle(RULES, mssp(track="track-1", performance_year=2016, beneficiaries=n, benchmark_per_capita=b / n,
                         savings_pct=100 * g / b, quality_pct=88.66))
    assert result.earned == pytest.approx(11_976_300, abs=1)
    assert any(s.key == "savings_cap" and "binds" in s.formula and "not" not in s.formula for s in result.steps)


@pytest.mark.parametrize(("n", "msr"), [(5_000, 0.039), (5_999, 0.036), (59_999, 0.020), (60_000, 0.020),
                                        (100_000, 0.020)])
def test_w15_msr_edges(n: int, msr: float) -> None:
    for book in ("proposed-2011", "mssp"):
        assert msr_from_table(RULES.__getitem__(book).msr_table, n).value == pytest.approx(msr)


def test_w16_2013_track_2_loss_first_dollar_forty_percent() -> None:
    result = settle(RULES, mssp(track="track-2", performance_year=2013, beneficiaries=10_000, benchmark_per_capita=10_000,
                         savings_pct=-10, quality_pct=100))
    assert result.shared_loss_rate == pytest.approx(0.40)
    assert result.earned == pytest.approx(-4_000_000, abs=0.005)


def test_proposed_track_1_year_3_is_its_first_two_sided_year_and_the_loss_basis_switch() -> None:
    base = dict(rules="proposed-2011", track="track-1", agreement_year=3, beneficiaries=10_000,
                benchmark_per_capita=10_000, savings_pct=-5, quality_pct=100)
    first_dollar = settle(RULES, Scenario(**base))
    assert first_dollar.terms.two_sided_year == 1 and first_dollar.terms.loss_cap.value == pytest.approx(5_000_000)
    assert first_dollar.shared_loss_rate == pytest.approx(0.40)  # 1 - 60%
    assert first_dollar.earned == pytest.approx(-2_000_000)  # 40% of the whole $5M loss
    above = settle(RULES, Scenario(**base, options={"loss_basis": "above-mlr"}))
    assert above.earned == pytest.approx(-0.40 * 3_000_000)  # only the $3M above the 2% MLR
    counted = {s.key: s for s in above.steps}["loss_counted"]
    assert counted.amount == pytest.approx(3_000_000) and counted.source == "2ND"
    assert {s.key: s for s in first_dollar.steps}["loss_counted"].source == "decision; SEED-003"


@pytest.mark.parametrize("year", [2016, 2021, 2023])
def test_missing_the_quality_standard_shares_nothing_in_every_period(year: int) -> None:
    result = settle(RULES, mssp(track="enhanced" if year >= 2019 else "track-3", performance_year=year,
                         quality_standard="not-met", quality_pct=60, savings_pct=5))
    assert result.earned == 0 and result.outcome == "quality-not-met"


def test_assumed_loss_relief_is_marked_reconstructed() -> None:
    result = settle(RULES, mssp(track="enhanced", performance_year=2025, savings_pct=-5))
    relief = {s.key: s for s in result.steps}["relief"]
    assert relief.reconstructed and relief.amount == 0 and result.has_reconstructed


def test_low_revenue_half_rate_below_the_msr() -> None:
    # BASIC A, agreement begun 2025, 10,000 beneficiaries x $10,000; 1% savings (MSR 3%); revenue $5M < 35% of E.
    result = settle(RULES, mssp(track="basic-a", performance_year=2025, beneficiaries=10_000, benchmark_per_capita=10_000,
                         savings_pct=1, quality_pct=100, participant_revenue=5e6))
    assert result.outcome == "half-rate"
    assert result.earned == pytest.approx(1_000_000 * 0.40 * 0.5 * 0.98)
    assert savings_needed_rate(result.terms) == 0
    high_revenue = settle(RULES, mssp(track="basic-a", performance_year=2025, beneficiaries=10_000,
                               benchmark_per_capita=10_000, savings_pct=1, participant_revenue=60e6))
    assert high_revenue.earned == 0 and savings_needed_rate(high_revenue.terms) == pytest.approx(0.03)


# ---- inputs the PY2022-2024 results imply (worked by hand from rules-reference sections 4 and 6) ----

HALF = dict(track="basic-a", performance_year=2024, beneficiaries=10_000, benchmark_per_capita=10_000,
            savings_pct=1, quality_pct=100)


def test_half_rate_by_revenue_category_and_agreement_start() -> None:
    # 1% of $100M below the 3.0% MSR: 1,000,000 x 40% x 0.5 x (1 - 2%) = 196,000 for a low-revenue 2024 starter.
    assert settle(RULES, mssp(**HALF, revenue_category="low")).earned == pytest.approx(196_000)
    assert settle(RULES, mssp(**HALF, revenue_category="high")).earned == 0
    # An agreement begun in 2023 (agreement year 2 in PY2024) is not eligible (CFR 425.605(h): from 2024).
    assert settle(RULES, mssp(**{**HALF, "agreement_year": 2}, revenue_category="low",
                              agreement_start="2023-01")).earned == 0


def test_unknown_revenue_is_an_assumption_with_the_low_revenue_result_beside_it() -> None:
    result = settle(RULES, mssp(**HALF))
    assert result.earned == 0
    assert result.alternative_if_low_revenue == pytest.approx(196_000)
    assert result.assumptions and "Participant revenue not given" in result.assumptions[-1]
    assert result.as_dict()["alternative_if_low_revenue"] == pytest.approx(196_000)
    assert settle(RULES, mssp(**HALF, revenue_category="high")).alternative_if_low_revenue is None


@pytest.mark.parametrize(("balance", "paid"), [(0, 196_000), (100_000, 96_000), (500_000, 0)])
def test_advance_investment_recoupment(balance: float, paid: float) -> None:
    result = settle(RULES, mssp(**HALF, revenue_category="low", aip_balance=balance))
    assert result.earned == pytest.approx(196_000)  # EarnSaveLoss is before recoupment
    assert result.paid_now == pytest.approx(paid)
    assert result.aip_recouped == pytest.approx(196_000 - paid)


def test_disaster_adjustment_dollars_after_rate_and_cap() -> None:
    # BASIC E PY2024: 5% loss of $100M x 30% = $1.5M (cap 4% = $4M not binding), less $200,000 relief.
    base = dict(track="basic-e", performance_year=2024, beneficiaries=10_000, benchmark_per_capita=10_000,
                savings_pct=-5, revenue_category="high")
    assert settle(RULES, mssp(**base)).earned == pytest.approx(-1_500_000)
    assert settle(RULES, mssp(**base, disaster_adjustment=200_000)).earned == pytest.approx(-1_300_000)
    assert settle(RULES, mssp(**base, disaster_adjustment=9e6)).earned == 0  # never turns into a payment
    # CMS PY2024 A2029 (ENHANCED, 0% MLR): GenSaveLoss -3,432,303 x 40% + DisAdj 1,382 = EarnSaveLoss -1,371,539.
    a2029 = mssp(track="enhanced", performance_year=2024, agreement_start="2024-01", beneficiaries=37_510,
                 benchmark_per_capita=10_000, savings_pct=-100 * 3_432_303 / 375_100_000, quality_pct=100,
                 msr_election="0.0", revenue_category="high", disaster_adjustment=1_382)
    assert settle(RULES, a2029).earned == pytest.approx(-1_371_539, abs=1)


def test_sixth_agreement_year_only_for_the_july_2019_cohort() -> None:
    from aco_desktop.engine import ScenarioError

    ok = settle(RULES, mssp(track="enhanced", performance_year=2024, agreement_year=6, agreement_start="2019-07"))
    assert ok.scenario.agreement_year == 6
    with pytest.raises(ScenarioError) as err:
        settle(RULES, mssp(track="enhanced", performance_year=2024, agreement_year=6))
    assert err.value.field == "agreement_year"
    with pytest.raises(ScenarioError) as err:
        settle(RULES, mssp(track="enhanced", performance_year=2024, agreement_year=2, agreement_start="2019-07"))
    assert err.value.field == "agreement_start"
