"""Whole agreements, pinned by numbers computed by hand in the comments (never from the engine's internals)."""

from __future__ import annotations

import pytest

from aco_desktop.engine.agreement import check_plan, settle_agreement, trend
from aco_desktop.engine.costs import Costs, break_even_agreement, break_even_year, default_costs, net_result
from aco_desktop.engine.terms import ScenarioError
from aco_desktop.scenario import Scenario
from ..conftest import RULES

# 20,000 beneficiaries x $10,000 = $200,000,000 benchmark (B).
ACO = dict(beneficiaries=20_000, benchmark_per_capita=10_000, quality_pct=100)
BASIC_PLAN = ("basic-a", "basic-b", "basic-c", "basic-d", "basic-e")


def proposed(track: str = "track-1") -> Scenario:
    return Scenario(rules="proposed-2011", track=track, **ACO)


def test_proposed_track_1_three_years_withhold_offsets_the_year_3_loss() -> None:
    a = settle_agreement(RULES, proposed(), [3, 1, -4])
    y1, y2, y3 = a.rows
    # Year 1, one-sided: MSR 2.5% (size table at 20,000); 3% >= 2.5%: net of 2% -> (3% - 2%) x $200M = $2M
    # x 50% = $1,000,000 (cap 7.5% = $15M); 25% withheld = $250,000; paid now $750,000.
    assert (y1.model, y1.msr, y1.earned, y1.withheld, y1.paid_now) == (
        "One-sided (shared savings only)", pytest.approx(0.025), 1_000_000, 250_000, 750_000)
    assert (y1.balance, y1.cash, y1.loss_cap) == (250_000, 750_000, None)
    # Year 2: 1% < MSR 2.5%: nothing; the balance stays $250,000.
    assert (y2.earned, y2.withheld, y2.balance, y2.cash) == (0, 0, 250_000, 0)
    # Year 3, Track 1's first two-sided year: loss 4% >= MLR 2%: first dollar $8M x (1 - 60%) = $3,200,000;
    # loss cap 5% of B = $10,000,000 (not binding). The $250,000 balance offsets it: $2,950,000 still owed.
    assert y3.model == "Two-sided (shared savings and losses)"
    assert (y3.loss_cap, y3.loss_rate, y3.earned) == (10_000_000, pytest.approx(0.40), -3_200_000)
    assert (y3.offset, y3.owed, y3.balance, y3.released, y3.cash) == (250_000, 2_950_000, 0, 0, -2_950_000)
    # Totals: earned 1,000,000 - 3,200,000 = -2,200,000 = cash 750,000 - 2,950,000 (nothing left to release).
    totals = a.totals
    assert (totals["earned"], totals["cash"], totals["withheld"], totals["offset"]) == (
        -2_200_000, -2_200_000, 250_000, 250_000)
    assert not a.barred  # year 2 was below benchmark: no three-year loss streak
    assert any("RECONSTRUCTED (withhold_release_year)" in note for note in a.notes)


def test_proposed_withhold_balance_is_released_after_year_3() -> None:
    a = settle_agreement(RULES, proposed(), [3, 4, 0.5])
    # Year 1 $1,000,000 (as above), withheld $250,000. Year 2: (4% - 2%) x $200M x 50% = $2,000,000,
    # withheld $500,000 -> balance $750,000. Year 3 two-sided: 0.5% < MSR 2% and not a loss: $0; the
    # $750,000 balance is released after year 3: cash $750,000.
    assert [row.earned for row in a.rows] == [1_000_000, 2_000_000, 0]
    assert [row.balance for row in a.rows] == [250_000, 750_000, 0]
    assert [row.released for row in a.rows] == [0, 0, 750_000]
    assert a.totals["cash"] == 750_000 + 1_500_000 + 750_000 == a.totals["earned"]


def test_proposed_track_2_loss_cap_phases_in_and_binds() -> None:
    a = settle_agreement(RULES, proposed("track-2"), [-15, -15, -15])
    # Two-sided every year: $30M loss x 40% = $12M, held by the cap 5% / 7.5% / 10% of $200M.
    assert [row.loss_cap for row in a.rows] == [10_000_000, 15_000_000, 20_000_000]
    assert [row.earned for row in a.rows] == [-10_000_000, -12_000_000, -12_000_000]
    assert a.barred and a.barred_after_year == 3


def test_three_loss_years_bar() -> None:
    # A loss year is spending above the benchmark, shared or not (reconstructed reading of SEED-003): -1% and
    # -0.5% are inside the 2% MLR (nothing owed) but count; -3% owes $6M x 40% = $2.4M.
    barred = settle_agreement(RULES, proposed("track-2"), [-1, -0.5, -3])
    assert [row.loss_year for row in barred.rows] == [True, True, True]
    assert [row.earned for row in barred.rows] == [0, 0, -2_400_000]
    assert barred.barred_after_year == 3
    assert any(note.startswith("Barred: losses in 3 consecutive years") for note in barred.notes)
    # One year at or above benchmark breaks the streak.
    assert not settle_agreement(RULES, proposed("track-2"), [-1, 0, -3]).barred
    # Two loss years are not enough.
    assert not settle_agreement(RULES, proposed("track-2"), [2.5, -1, -3]).barred


def test_basic_glide_path_five_years_with_revenue_based_loss_caps() -> None:
    base = Scenario(rules="mssp", track="basic-a", performance_year=2022, participant_revenue=20_000_000, **ACO)
    a = settle_agreement(RULES, base, [4, 2, -3, 3, -5], plan=BASIC_PLAN, glide_path="glide-standard")
    # PY2022 A: 4% >= MSR 2.5%: $8M x 40% x 0.98 (sequestration) = $3,136,000 (cap 10% = $20M).
    # PY2023 B: 2% < 2.5%: $0.
    # PY2024 C: -3% >= MLR 2%: $6M x 30% = $1.8M; cap min(2% x $20M, 1% x $200M) = $400,000.
    # PY2025 D: 3% >= MSR 2%: $6M x 50% x 0.98 = $2,940,000.
    # PY2026 E: -5%: $10M x 30% = $3M; cap min(8% x $20M, 4% x $200M) = $1,600,000.
    assert [row.performance_year for row in a.rows] == [2022, 2023, 2024, 2025, 2026]
    assert [row.earned for row in a.rows] == pytest.approx([3_136_000, 0, -400_000, 2_940_000, -1_600_000])
    assert [row.loss_cap for row in a.rows] == pytest.approx([None, None, 400_000, 800_000, 1_600_000])
    assert [row.sharing_rate for row in a.rows] == pytest.approx([0.40, 0.40, 0.50, 0.50, 0.50])
    assert a.totals["earned"] == pytest.approx(4_076_000)
    assert a.totals["cash"] == pytest.approx(4_076_000)  # no withhold outside the proposed rule
    assert a.warnings == () and not a.barred  # the rules in force have no loss-years bar


def test_glide_path_checker_warns_on_plans_that_do_not_fit() -> None:
    assert check_plan(RULES, BASIC_PLAN, "glide-standard") == ()
    stays = check_plan(RULES, ("basic-a", "basic-a", "basic-c", "basic-d", "basic-e"), "glide-standard")
    assert len(stays) == 2 and "year 2: basic-a is not allowed" in stays[0] and "automatic advancement" in stays[1]
    back = check_plan(RULES, ("basic-c", "basic-b", "basic-c", "basic-d", "basic-e"), "glide-standard")
    assert any("moves back from basic-c" in w for w in back)
    short = check_plan(RULES, BASIC_PLAN[:3], "glide-standard")
    assert short and "has 5 years; the plan has 3" in short[0]
    # New to the program: may stay in B for year 3 (reconstructed detail); Track 1 experience: starts at B.
    assert check_plan(RULES, ("basic-a", "basic-b", "basic-b", "basic-c", "basic-d"), "glide-new-to-program") == ()
    assert check_plan(RULES, BASIC_PLAN, "glide-track-1-experienced")
    assert check_plan(RULES, ("basic-a",) * 5, "glide-2024-inexperienced") == ()
    assert check_plan(RULES, ("enhanced",) * 6, "enhanced-july-2019") == ()
    proposed_book = RULES["proposed-2011"]
    assert check_plan(proposed_book, ("track-1",) * 3, "track-1") == ()
    assert "year 2: track-2 is not allowed" in check_plan(proposed_book, ("track-1", "track-2", "track-2"),
                                                           "track-1")[0]
    with pytest.raises(ScenarioError, match="no glide path 'nope'"):
        check_plan(RULES, BASIC_PLAN, "nope")


def test_enhanced_july_2019_six_years() -> None:
    base = Scenario(rules="mssp", track="enhanced", performance_year=2019, **ACO)
    a = settle_agreement(RULES, base, 1, plan=("enhanced",) * 6, glide_path="enhanced-july-2019")
    assert [row.performance_year for row in a.rows] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert a.warnings == ()
    assert any("run past the track's 5-year length" in note for note in a.notes)


def test_trend_and_input_errors() -> None:
    assert trend(3, -2, 3) == (3, 1, -1)
    with pytest.raises(ScenarioError, match="3 years but 2 savings rates"):
        settle_agreement(RULES, proposed(), [1, 2])
    with pytest.raises(ScenarioError, match="not a track"):
        settle_agreement(RULES, proposed(), 1, plan=("track-9",))


def test_glide_paths_and_facts_name_real_tracks() -> None:
    for book in RULES.books():
        for name, f in book.agreement.items():
            named = set(f.tracks) | {t for year in f.levels for t in year}
            assert named <= set(book.tracks), f"{book.id}: agreement.{name} names {named - set(book.tracks)}"
            assert not (f.rate and f.value > 1)


# ---- Costs and break-even (engine/costs.py) ---------------------------------------------------------------

def test_default_costs_come_from_the_rule_file() -> None:
    costs = default_costs(RULES, "proposed-2011")
    # NAACOS 2014: $2.0M first 12 months; $3.5M at risk before savings -> $1.5M a later year (reconstructed).
    assert (costs.startup, costs.operating, costs.reconstructed) == (2_000_000, 1_500_000, True)
    assert "NAACOS-2014" in costs.source
    assert costs.total(3) == 5_000_000
    with pytest.raises(ScenarioError, match="costs must be"):
        Costs(-1, 0)


def test_net_result_of_the_three_year_example() -> None:
    a = settle_agreement(RULES, proposed(), [3, 1, -4])
    net = net_result(a, default_costs(RULES, "proposed-2011"))
    # Cash 750,000 / 0 / -2,950,000 against costs 2.0M / 1.5M / 1.5M.
    assert [y.net for y in net.years] == [-1_250_000, -1_500_000, -4_450_000]
    assert (net.cash, net.cost, net.net) == (-2_200_000, 5_000_000, -7_200_000)


def test_break_even_savings_rate_over_the_proposed_track_1_agreement() -> None:
    # Same savings rate s every year, withhold released after year 3, so cash = earned:
    # years 1-2 one-sided net of 2%: (s - 2%) x $200M x 50% each; year 3 first dollar: s x $200M x 60%.
    # 2 x (s - 0.02) x 100M + 120M x s = 320M x s - 4M = $5M costs -> s = 9/320 = 2.8125% (above the 2.5% MSR).
    s = break_even_agreement(RULES, proposed(), default_costs(RULES, "proposed-2011"))
    assert s == pytest.approx(2.8125, abs=1e-5)


def test_break_even_one_year_respects_the_msr_jump_and_the_cap() -> None:
    base = Scenario(rules="mssp", track="basic-a", performance_year=2022, **ACO)
    # BASIC A: s x $200M x 40% x 0.98 = $78.4M x s. $2M needs s = 2.55102% (above the 2.5% MSR).
    assert break_even_year(RULES, base, 2_000_000) == pytest.approx(200 / 78.4, abs=1e-5)
    # $1.5M would need 1.91%, below the MSR: the first rate that pays it is the MSR, where $1.96M jumps in.
    assert break_even_year(RULES, base, 1_500_000) == pytest.approx(2.5, abs=1e-5)
    # The cap (10% of $200M = $20M) is below $25M: never.
    assert break_even_year(RULES, base, 25_000_000) is None
