"""Properties that hold for every rulebook, track, year and input (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aco_desktop.engine import ScenarioError, earned_at, payoff_curve, resolve, settle, settle_terms
from aco_desktop.scenario import INPUTS, Scenario
from ..conftest import RULES


def _track_choices() -> list[tuple[str, str, int | None]]:
    out = []
    for book in RULES.books():
        for track_id, track in book.tracks.items():
            years = range(track.first_year, track.last_year + 1) if track.first_year else [None]
            out += [(book.id, track_id, year) for year in years]
    return out


TRACKS = _track_choices()


def _bounded(name: str, low: float | None = None, high: float | None = None):
    spec = INPUTS[name]
    return st.floats(low if low is not None else spec.minimum, high if high is not None else spec.maximum,
                     allow_nan=False)


@st.composite
def scenarios(draw) -> Scenario:
    rules, track, year = draw(st.sampled_from(TRACKS))
    book = RULES[rules]
    length = book.tracks[track].agreement_length
    model = book.models[book.tracks[track].models[-1]]
    election = draw(st.sampled_from(model.msr.choices)) if model.msr.method == "elected" else None
    quality_standard = draw(st.sampled_from(["met", "not-met"] + (["alternative"] if year and year >= 2023 else [])))
    data = dict(
        rules=rules, track=track, performance_year=year, agreement_year=draw(st.integers(1, length)),
        beneficiaries=draw(st.integers(max(book.tracks[track].min_beneficiaries, 1), 200_000)),
        benchmark_per_capita=draw(_bounded("benchmark_per_capita", 2_000, 40_000)),
        savings_pct=draw(_bounded("savings_pct", -30, 30)),
        quality_pct=draw(_bounded("quality_pct")), fqhc_pct=draw(_bounded("fqhc_pct")),
        physician_group_only=draw(st.booleans()), rural_pct=draw(_bounded("rural_pct")),
        cah_pct=draw(_bounded("cah_pct")), msr_election=election,
        participant_revenue=draw(st.sampled_from([0.0, 1e6, 2e7, 3e8])),
        quality_standard=quality_standard, health_equity_bonus=draw(_bounded("health_equity_bonus")),
        loss_relief_pct=draw(_bounded("loss_relief_pct")) if year else 0.0,
        options={name: draw(st.sampled_from(sorted(o.choices))) for name, o in book.options.items()},
        revenue_category=draw(st.sampled_from([None, "low", "high"])),
        disaster_adjustment=draw(st.sampled_from([0.0, 1e4, 5e6])) if year else 0.0,
        aip_balance=draw(st.sampled_from([0.0, 5e4, 1e8])),
    )
    return Scenario(**data)


FAST = settings(max_examples=300, deadline=None)


@FAST
@given(scenarios())
def test_statement_equals_curve_to_the_cent(scenario: Scenario) -> None:
    t = resolve(RULES, scenario)
    result = settle_terms(t, scenario)
    assert abs(float(earned_at(t, np.array([scenario.savings_rate]))[0]) - result.earned) < 0.005
    # The statement's steps end in earned, withheld and paid now, and they add up.
    keys = [s.key for s in result.steps]
    assert keys[-1] == "paid_now" and "earned" in keys
    assert abs(result.paid_now - (result.earned - result.withheld - result.aip_recouped)) < 0.005
    # Advance investment recoupment (CFR 425.630) never exceeds the balance or the savings paid.
    assert 0 <= result.aip_recouped <= min(scenario.aip_balance, max(result.earned - result.withheld, 0)) + 0.005


@FAST
@given(scenarios())
def test_earned_within_caps_and_zero_in_corridor(scenario: Scenario) -> None:
    t = resolve(RULES, scenario)
    rates = np.linspace(-0.3, 0.3, 601)
    earned = earned_at(t, rates)
    assert np.all(earned <= t.savings_cap.value + 0.005)
    floor = -(t.max_owed if t.two_sided else 0.0)
    assert np.all(earned >= floor - 0.005)
    upper = t.msr.value
    lower = -t.mlr.value if t.two_sided else -np.inf
    inside = (rates < upper) & (rates > lower)
    if t.half_rate_factor:
        inside &= rates <= 0  # low-revenue ACOs share below the MSR at half rate
    assert np.all(earned[inside] == 0)


@FAST
@given(scenarios())
def test_no_savings_without_the_quality_standard(scenario: Scenario) -> None:
    """Whatever the year's quality method, missing the standard shares no savings (it may still owe)."""
    t = resolve(RULES, scenario.with_changes(quality_standard="not-met"))
    assert np.all(earned_at(t, np.linspace(-0.3, 0.3, 301)) <= 0)


@FAST
@given(scenarios())
def test_monotone_non_decreasing_in_savings_rate(scenario: Scenario) -> None:
    t = resolve(RULES, scenario)
    if t.half_rate_factor:
        # The low-revenue rule depends on expenditures, so it can switch off as savings grow
        # (revenue reaches 35% of a smaller expenditure): the rule itself is not monotone.
        return
    earned = earned_at(t, np.linspace(-0.3, 0.3, 1201))
    assert np.all(np.diff(earned) >= -0.005)


@FAST
@given(scenarios())
def test_jump_at_msr_is_what_the_rule_says(scenario: Scenario) -> None:
    t = resolve(RULES, scenario)
    at_msr = float(earned_at(t, np.array([t.msr.value]))[0])
    seq = t.sequestration.value if t.sequestration else 0.0
    expected = min((t.msr.value - t.net_threshold) * t.benchmark * t.final_rate.value * (1 - seq),
                   t.savings_cap.value) if t.final_rate.value > 0 else 0.0
    assert abs(at_msr - expected) < 0.005


@FAST
@given(scenarios())
def test_curve_matches_statement_at_its_points_and_shows_gaps(scenario: Scenario) -> None:
    curve = payoff_curve(resolve(RULES, scenario), -0.20, 0.25, points=201)
    finite = ~np.isnan(curve.rates)
    t = resolve(RULES, scenario)
    # Every drawn point is the statement's number; at a jump the two drawn ends are its two limits.
    jumps = {rate: (left, right) for rate, left, right in curve.jumps}
    for rate, value in zip(curve.rates[finite][::7], curve.earned[finite][::7]):
        if rate in jumps:
            assert value in jumps[rate]
            continue
        stmt = settle(RULES, scenario.with_changes(savings_pct=rate * 100))
        assert abs(stmt.earned - value) < 0.01
    for rate, left, right in curve.jumps:
        stmt = settle(RULES, scenario.with_changes(savings_pct=rate * 100)).earned
        assert min(abs(stmt - left), abs(stmt - right)) < 0.01
    # One NaN break per jump: the plot shows a gap, not a slope.
    assert int(np.isnan(curve.rates).sum()) == len(curve.jumps)
    if t.final_rate.value > 0 and float(earned_at(t, np.array([t.msr.value]))[0]) > 0.005 and -0.2 < t.msr.value < 0.25:
        assert any(abs(rate - t.msr.value) < 1e-12 for rate, _, _ in curve.jumps)


def test_a_track_outside_its_years_is_refused() -> None:
    try:
        resolve(RULES, Scenario(rules="mssp", track="basic-e", performance_year=2016))
    except ScenarioError as exc:
        assert exc.field == "performance_year" and "2019-2026" in exc.message
    else:
        raise AssertionError("BASIC E in 2016 must be refused")
