"""The outlook's cache and its plain-float closed forms only make the same answer faster.

``outlook`` and the chooser's rows keep, per rulebook and scenario-but-its-savings-rate, the quality outcomes'
terms and the pieces' law (``uncertainty._PLANS``), and work out one expected rate's figures in plain floats
(``closed_form.Law``). Checked here: a cached call gives exactly what a cold one gives, for any order of
scenarios and savings rates; the float figures agree with the array closed forms (``expected_values``,
``prob_at_most``, ``quantile``) to floating-point noise; a new rulebook object never gets another's plan.
"""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aco_desktop.engine import ScenarioError, track_options
from aco_desktop.engine import uncertainty
from aco_desktop.engine.closed_form import normal_cdf
from aco_desktop.engine.pieces import payoff_pieces
from aco_desktop.engine.uncertainty import (Spread, _components, _mixture, _non_decreasing, _plan, expected_curve,
                                            expected_values, outlook, outlook_figures, prob_at_most, quantile,
                                            savings_sigma)
from aco_desktop.scenario import Scenario
from aco_desktop.view.outlook_tables import option_rows, ranked
from ..conftest import RULES
from .test_uncertainty import cases


def _same(x: tuple, y: tuple) -> bool:
    """Field by field, NaN equal to NaN (rows the engine refuses carry NaN)."""
    return len(x) == len(y) and all(a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a)
                                               and math.isnan(b)) for a, b in zip(x, y))


def _rows(choice) -> list[tuple]:
    return [dataclasses.astuple(r) for r in choice.rows]


def _cold(call):
    uncertainty._PLANS.clear()
    return call()


@settings(max_examples=80, deadline=None)
@given(cases(), st.lists(st.floats(-20, 20), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_cached_calls_give_exactly_the_cold_calls_answers(case, rates: list[float], rnd: random.Random) -> None:
    scenario, spread = case
    scenarios = [scenario] + [scenario.with_changes(savings_pct=r) for r in rates]
    cold = [_cold(lambda s=s: outlook(RULES, s, spread)) for s in scenarios]
    cold_rows = [_cold(lambda s=s: _rows(track_options(RULES, s, spread))) for s in scenarios]
    uncertainty._PLANS.clear()
    order = list(range(len(scenarios))) * 2
    rnd.shuffle(order)
    for i in order:  # warm, in any order: the same savings-free plan serves every rate
        assert outlook(RULES, scenarios[i], spread) == cold[i]
        warm = _rows(track_options(RULES, scenarios[i], spread))
        assert len(warm) == len(cold_rows[i]) and all(_same(a, b) for a, b in zip(warm, cold_rows[i]))
        streamed = ranked(list(option_rows(RULES, scenarios[i], spread)), scenarios[i], spread)
        assert all(_same(a, b) for a, b in zip(_rows(streamed), cold_rows[i]))


def _close(x: float, y: float, scale: float) -> bool:
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-12 * scale


@settings(max_examples=150, deadline=None)
@given(cases())
def test_float_figures_match_the_array_closed_forms(case) -> None:
    scenario, spread = case
    sigma = savings_sigma(scenario.beneficiaries, spread)
    if sigma == 0:
        return
    mu = scenario.savings_rate
    pieces = _mixture(_components(RULES, scenario, spread.p_quality_miss))
    law = _plan(RULES, scenario, spread.p_quality_miss).law
    assert law.monotone == _non_decreasing(pieces)
    expected, p_earn, p_owe, p05, p95 = law.figures(mu, sigma)
    scale = max(1.0, float(np.max(np.abs(pieces.a[np.isfinite(pieces.a)]))))
    assert _close(expected, float(expected_values(pieces, np.array([mu]), sigma)[0]), scale)
    assert abs(p_earn - (1.0 - prob_at_most(pieces, mu, sigma, 0.0))) <= 1e-12
    assert abs(p_owe - prob_at_most(pieces, mu, sigma, 0.0, strict=True)) <= 1e-12
    for level, q in ((0.05, p05), (0.95, p95)):
        reference = quantile(pieces, mu, sigma, level)
        # Equal, or both the level's quantile to noise: where the CDF is flat at the level (a missed-quality
        # chance equal to it) any value on the flat meets it, and the last bit of a sum picks one.
        assert _close(q, reference, scale) or (
            prob_at_most(pieces, mu, sigma, q) >= level - 1e-12
            and prob_at_most(pieces, mu, sigma, q, strict=True) <= level + 1e-12), (level, q, reference)


def test_the_quantile_of_a_payoff_that_falls_is_solved_inside_its_bracket() -> None:
    """Low revenue on BASIC: the half rate stops where revenue passes the threshold, so f drops there."""
    s = Scenario(rules="mssp", track="basic-c", performance_year=2026, beneficiaries=10_000,
                 benchmark_per_capita=10_000, participant_revenue=0.35 * 1e8 * 0.99, msr_election="2.0",
                 savings_pct=1.0)
    pieces = payoff_pieces(uncertainty.resolve(RULES, s))
    assert not _non_decreasing(pieces)
    law = _plan(RULES, s, 0.0).law
    for mu in (-0.01, 0.0, 0.009, 0.01, 0.011, 0.02, 0.05):
        _, _, _, p05, p95 = law.figures(mu, 0.01)
        assert p05 == pytest.approx(quantile(pieces, mu, 0.01, 0.05), rel=1e-9, abs=1e-6)
        assert p95 == pytest.approx(quantile(pieces, mu, 0.01, 0.95), rel=1e-9, abs=1e-6)


def test_normal_cdf_is_erfc_everywhere_including_where_it_skips_it() -> None:
    """Phi is exactly 1.0 above 8.5 and 0.0 below -40 in doubles, so skipping erfc there changes no bit."""
    erfc = np.frompyfunc(math.erfc, 1, 1)
    z = np.concatenate([np.linspace(-60, 60, 240_001), [-np.inf, np.inf, 8.5, -40.0, -0.0, np.nan, 0.0]])
    reference = erfc(-z / math.sqrt(2)).astype(float) / 2
    np.testing.assert_array_equal(normal_cdf(z), reference)
    np.testing.assert_array_equal(normal_cdf(z.reshape(-1, 8)), reference.reshape(-1, 8))


def test_a_new_rulebook_object_never_gets_another_books_plan() -> None:
    s = Scenario(rules="mssp", track="enhanced", performance_year=2025, savings_pct=1.0)
    first = _plan(RULES, s, 0.0)
    edited = RULES["mssp"].model_copy(deep=True)  # equal but distinct (a reload)
    assert _plan(edited, s, 0.0) is not first
    assert _plan(RULES, s, 0.0) is first
    assert outlook(edited, s) == outlook(RULES, s)


def test_refused_scenarios_raise_every_time_and_refused_rows_stay_refused() -> None:
    book = RULES["mssp"]
    tracks = {**book.tracks, "enhanced": book.tracks["enhanced"].model_copy(update={"min_beneficiaries": 10_000})}
    stricter = book.model_copy(update={"tracks": tracks})
    small = Scenario(rules="mssp", track="enhanced", performance_year=2025, beneficiaries=5_000, savings_pct=1.0)
    messages = []
    for _ in range(3):
        with pytest.raises(ScenarioError) as caught:
            outlook(stricter, small)
        messages.append((caught.value.field, caught.value.message))
    assert len(set(messages)) == 1 and "10,000" in messages[0][1]
    first, again = _rows(track_options(stricter, small)), _rows(track_options(stricter, small))
    assert any(not row[3] for row in first) and all(_same(a, b) for a, b in zip(first, again))


def test_the_cache_is_bounded() -> None:
    base = Scenario(rules="mssp", track="basic-e", performance_year=2026, savings_pct=2.0)
    for quality in np.linspace(0, 100, uncertainty._PLANS._limit + 50):
        outlook(RULES, base.with_changes(quality_pct=float(quality)))
    assert len(uncertainty._PLANS._entries) == uncertainty._PLANS._limit


def test_expected_curve_from_the_cache_is_the_cold_curve() -> None:
    s = Scenario(rules="mssp", track="basic-e", performance_year=2026, participant_revenue=1e7, savings_pct=2.0)
    mus = np.linspace(-0.2, 0.25, 451)
    cold = _cold(lambda: expected_curve(RULES, s, mus, 0.02, 0.1))
    outlook(RULES, s, Spread(p_quality_miss=0.1))  # the same plan, made by the outlook
    np.testing.assert_array_equal(expected_curve(RULES, s.with_changes(savings_pct=-3.0), mus, 0.02, 0.1), cold)


def test_outlook_figures_refuses_changes_that_move_mu_or_sigma() -> None:
    s = Scenario(rules="mssp", track="basic-e", performance_year=2026, savings_pct=2.0)
    for changes in ({"savings_pct": 5.0}, {"beneficiaries": 6_000}):
        with pytest.raises(ValueError):
            outlook_figures(RULES, s, Spread(), changes)
    terms, sigma, figures = outlook_figures(RULES, s, Spread(), {"track": "enhanced", "msr_election": "1.0"})
    o = outlook(RULES, s.with_changes(track="enhanced", msr_election="1.0"))
    assert (terms.msr.value, sigma, figures) == (o.msr, o.sigma, (o.expected_earned, o.p_earn, o.p_owe,
                                                                   o.earned_p05, o.earned_p95))
