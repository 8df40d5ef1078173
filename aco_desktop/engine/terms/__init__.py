"""Resolve a rulebook and a scenario into ``Terms``: every rate, threshold and cap that does not
depend on the savings rate, as plain numbers with their formulas and sources.

One resolver per concept, each reading only the rule-file values its docstring names:
``msr`` (MSR/MLR), ``basis`` (first dollar or net threshold), ``sharing`` (maximum rate, quality,
bonus), ``losses`` (loss rate, loss cap, loss basis), ``payments`` (savings cap, sequestration, relief,
withhold), ``eligibility`` (the low-revenue test and half rate). ``resolve`` only puts them together.
The statement (``settle``) and the payoff curve (``curve``) both start from the same ``Terms``.
"""

from __future__ import annotations

from aco_desktop.engine.terms.basis import resolve_basis
from aco_desktop.engine.terms.checks import check_scenario
from aco_desktop.engine.terms.eligibility import half_rate_possible, resolve_half_rate
from aco_desktop.engine.terms.losses import resolve_losses
from aco_desktop.engine.terms.model import Rated, ScenarioError, Terms, join_sources
from aco_desktop.engine.terms.msr import msr_from_table, resolve_mlr, resolve_msr
from aco_desktop.engine.terms.payments import (resolve_disaster_adjustment, resolve_relief, resolve_savings_cap,
                                               resolve_sequestration, resolve_withhold)
from aco_desktop.engine.terms.sharing import resolve_sharing
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

__all__ = ["Rated", "ScenarioError", "Terms", "book_for", "join_sources", "msr_from_table", "resolve"]


def book_for(rules: Rulebook | RuleRegistry, scenario: Scenario) -> Rulebook:
    """The rulebook that settles ``scenario``: ``rules`` itself, or the registry's book named by it."""
    return rules if isinstance(rules, Rulebook) else rules[scenario.rules]


def _two_sided_year(book: Rulebook, s: Scenario) -> int:
    """1 in the first two-sided agreement year (phased loss caps count from it); 0 when one-sided."""
    if book.model_for(s.track, s.agreement_year).risk != "two-sided":
        return 0
    return sum(book.model_for(s.track, y).risk == "two-sided" for y in range(1, s.agreement_year + 1))


def resolve(rules: Rulebook | RuleRegistry, scenario: Scenario) -> Terms:
    """The terms ``rules`` give ``scenario`` (everything but the savings rate). Pure: same arguments,
    same answer. Raises ``ScenarioError`` naming the input the rules cannot take."""
    s = scenario
    book = book_for(rules, s)
    check_scenario(book, s)
    track = book.tracks[s.track]
    model = book.model_for(s.track, s.agreement_year)
    two_sided_year = _two_sided_year(book, s)
    msr = resolve_msr(book, model, s, track.label)
    net_threshold, basis = resolve_basis(model, s)
    sharing = resolve_sharing(book, model, s)
    losses = resolve_losses(book, model, s, sharing, two_sided_year)
    half_factor, half_source, threshold = resolve_half_rate(book, model, s, sharing.met)
    return Terms(
        book=book, track_label=track.label, model_label=model.label, two_sided=losses is not None,
        two_sided_year=two_sided_year, benchmark=s.benchmark, msr=msr, mlr=resolve_mlr(model, msr),
        net_threshold=net_threshold, basis=basis, max_rate=sharing.max_rate, quality_method=sharing.quality_method,
        quality_standard_met=sharing.met, bonus=sharing.bonus, final_rate=sharing.final_rate,
        loss_rate=losses.loss_rate if losses else None, loss_basis=losses.loss_basis if losses else "first-dollar",
        loss_basis_source=losses.loss_basis_source if losses else "", savings_cap=resolve_savings_cap(model, s),
        loss_cap=losses.loss_cap if losses else None, sequestration=resolve_sequestration(book, s),
        relief=resolve_relief(book, model, s), withhold=resolve_withhold(book, model, s),
        half_rate_factor=half_factor, half_rate_source=half_source, participant_revenue=s.participant_revenue,
        high_revenue_threshold=threshold, notes=(losses.note,) if losses and losses.note else (),
        revenue_category=s.revenue_category, disaster_adjustment=resolve_disaster_adjustment(book, model, s),
        revenue_unknown=_revenue_unknown(model, s, sharing.met),
        half_rate_possible=half_rate_possible(model, s, sharing.met),
    )


def _revenue_unknown(model, s: Scenario, met: bool) -> bool:
    """The rules would use participant revenue here (revenue-based loss cap or the low-revenue half rate)
    but neither revenue dollars nor a revenue category were given."""
    if s.participant_revenue > 0 or s.revenue_category is not None:
        return False
    uses_cap = model.loss_cap is not None and model.loss_cap.of_revenue is not None
    return uses_cap or half_rate_possible(model, s, met)
