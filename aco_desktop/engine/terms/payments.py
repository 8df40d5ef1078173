"""What happens to an amount after sharing: the savings cap, sequestration, loss relief, the withhold.

Reads: a model's ``savings_cap``, ``withhold`` (or the option it names) and ``relief_source``; the
rulebook's ``sequestration`` and ``automatic_loss_relief`` schedules.
"""

from __future__ import annotations

from aco_desktop.engine.terms.losses import option_choice
from aco_desktop.engine.terms.model import Rated, ScenarioError, join_sources
from aco_desktop.engine.terms.schedule import period_for
from aco_desktop.view.format import pct
from aco_desktop.rules import Model, Rulebook
from aco_desktop.rules.schema import OptionRef
from aco_desktop.scenario import Scenario


def resolve_savings_cap(model: Model, s: Scenario) -> Rated:
    cap = model.savings_cap
    return Rated(cap.value * s.benchmark, f"{pct(cap.value)} of benchmark", cap.source, cap.reconstructed)


def resolve_sequestration(book: Rulebook, s: Scenario) -> Rated | None:
    p = period_for(book.sequestration, s.performance_year)
    if p is None or not p.value:
        return None
    return Rated(float(p.value), f"payments reduced by {pct(float(p.value))} in PY{s.performance_year}",
                 p.source, p.reconstructed)


def resolve_relief(book: Rulebook, model: Model, s: Scenario) -> Rated | None:
    """The share of shared losses forgiven: the year's automatic relief combined with the user's."""
    two_sided = model.risk == "two-sided"
    auto = period_for(book.automatic_loss_relief, s.performance_year)
    if auto is None:
        if two_sided and s.loss_relief_pct:
            raise ScenarioError("loss_relief_pct", f"{book.short_title} has no loss relief")
        return None
    user = s.loss_relief_pct / 100
    combined = 1 - (1 - float(auto.value)) * (1 - user)
    if not two_sided or not (combined > 0 or auto.reconstructed):
        return None
    parts, sources = [], []
    if auto.value or auto.reconstructed:
        parts.append(f"{pct(float(auto.value))} automatic in PY{s.performance_year}"
                     + (" (assumed)" if auto.reconstructed else ""))
        sources.append(auto.source)
    if user:
        parts.append(f"{pct(user)} for extreme and uncontrollable circumstances")
        sources.append(model.relief_source or auto.source)
    return Rated(combined, " and ".join(parts), join_sources(*sources), auto.reconstructed)


def resolve_withhold(book: Rulebook, model: Model, s: Scenario) -> Rated | None:
    if model.withhold is None:
        return None
    if isinstance(model.withhold, OptionRef):
        choice = option_choice(book, s, model.withhold.option)
        return Rated(float(choice.value), f"{pct(float(choice.value))} of earned savings held back "
                     "against future losses", choice.source)
    w = model.withhold
    return Rated(w.value, f"{pct(w.value)} of earned savings held back", w.source, w.reconstructed)
