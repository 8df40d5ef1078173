"""The engine is a function of its arguments: a cache makes the same answer faster, never another one."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from aco_desktop.engine import TermsCache, earned_at, resolve, savings_needed_rate, settle, settle_terms
from aco_desktop.scenario import Scenario
from ..conftest import RULES
from .test_invariants import scenarios


def test_terms_resolved_for_one_savings_rate_settle_another() -> None:
    """Issue 10: terms first resolved for 3% savings settled a 9% scenario at the 3% figure ($742,500)."""
    at_3 = Scenario(savings_pct=3)
    at_9 = Scenario(savings_pct=9)
    terms = resolve(RULES, at_3)
    # 2011 proposed rule, Track 1 one-sided: 15,000 x $11,000 = $165M benchmark; 9% savings = $14.85M;
    # net of 2% = $11.55M x 45% (50% x 90% quality) = $5,197,500, under the 7.5% cap ($12.375M).
    assert settle_terms(terms, at_9).earned == 5_197_500
    assert settle_terms(terms, at_3).earned == 742_500  # (4.95M - 3.3M) x 45%


@settings(max_examples=60, deadline=None)
@given(st.lists(scenarios(), min_size=5, max_size=12), st.randoms(use_true_random=False))
def test_cached_and_uncached_settlements_are_identical_in_any_order(batch: list[Scenario], rnd: random.Random) -> None:
    # Each scenario again at other savings rates: the cache sees the same key with different savings.
    batch = batch + [s.with_changes(savings_pct=rnd.uniform(-30, 30)) for s in batch]
    plain = [settle(RULES, s).as_dict() for s in batch]
    cache = TermsCache(limit=4)  # small, so entries are evicted and resolved again
    order = list(range(len(batch)))
    for _ in range(3):
        rnd.shuffle(order)
        for i in order:
            assert settle_terms(cache.resolve(RULES, batch[i]), batch[i]).as_dict() == plain[i]


def test_the_cache_never_serves_another_rulebook_object() -> None:
    s = Scenario(savings_pct=5)
    cache = TermsCache()
    first = cache.resolve(RULES, s)
    edited = RULES["proposed-2011"].model_copy(deep=True)  # an equal but distinct rulebook (a reload)
    assert cache.resolve(edited, s) is not first
    assert cache.resolve(RULES, s) is first


def test_savings_needed_agrees_with_the_settlement_for_a_low_revenue_aco() -> None:
    """Issue 10: BASIC A PY2025, revenue $34.8M: the key figures said "savings needed $0" while the
    settlement was $0 (terms compared revenue with the benchmark, the statement with expenditures)."""
    # 10,000 x $10,000 = $100M benchmark; MSR 3.0% (size table at 10,000). 35% of expenditures is above
    # $34.8M only while expenditures exceed $99.43M, i.e. below 0.57% savings.
    base = Scenario(rules="mssp", track="basic-a", performance_year=2025, beneficiaries=10_000,
                    benchmark_per_capita=10_000, savings_pct=1, quality_pct=100, participant_revenue=34.8e6)
    t = resolve(RULES, base)
    assert settle(RULES, base).earned == 0  # 1%: no longer low revenue, below the MSR
    assert settle(RULES, base.with_changes(savings_pct=0.5)).earned == 500_000 * 0.40 * 0.5 * 0.98
    assert savings_needed_rate(t) == 0.03
    # Revenue low at every rate up to the MSR: any saving earns.
    low = base.with_changes(participant_revenue=5e6)
    assert savings_needed_rate(resolve(RULES, low)) == 0
    assert settle(RULES, low.with_changes(savings_pct=2.9)).earned > 0


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_savings_needed_is_where_the_curve_starts_paying_for_good(scenario: Scenario) -> None:
    t = resolve(RULES, scenario)
    needed = savings_needed_rate(t)
    if t.final_rate.value == 0 or needed >= 0.25:
        return
    above = earned_at(t, [needed + 1e-6, (needed + 0.25) / 2])
    assert (above > 0).all()
