"""Two-sided terms: the shared loss rate, the loss cap and how losses are counted.

Reads: a model's ``loss_rate`` (fixed, or 1 - sharing held within floor/ceiling), ``loss_cap``
(``of_benchmark`` by two-sided year, ``of_revenue``) and ``loss_basis`` (or the option it names).
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.engine.terms.model import Rated
from aco_desktop.engine.terms.sharing import Sharing
from aco_desktop.view.format import pct, usd
from aco_desktop.rules import Model, Rulebook
from aco_desktop.rules.schema import OptionRef
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Losses:
    loss_rate: Rated
    loss_cap: Rated  # dollars
    loss_basis: str  # "first-dollar" or "above-mlr"
    loss_basis_source: str
    note: str = ""


def option_choice(book: Rulebook, s: Scenario, name: str):
    option = book.options[name]
    return option.choices[s.options.get(name, option.default)]


def resolve_loss_rate(model: Model, sharing: Sharing) -> Rated:
    lr = model.loss_rate
    if lr.method == "fixed":
        return Rated(lr.value, f"fixed {pct(lr.value)}", lr.source)
    if not sharing.met:
        return Rated(lr.ceiling, f"{pct(lr.ceiling)}: the most, as the quality standard was not met", lr.source)
    raw = 1 - sharing.loss_quality
    value = min(max(raw, lr.floor), lr.ceiling)
    held = "" if value == raw else f", held at {pct(value)}"
    what = ("1 - final sharing rate" if sharing.quality_method == "scaled"
            else f"1 - {pct(sharing.max_rate.value)} x quality")
    return Rated(value, f"{what} = {pct(raw, 2)}{held} (allowed {pct(lr.floor)}-{pct(lr.ceiling)})", lr.source)


def resolve_loss_cap(model: Model, s: Scenario, two_sided_year: int) -> tuple[Rated, str]:
    """(the loss cap in dollars, a note when the revenue-based limit could not be applied)."""
    cap = model.loss_cap
    cap_rate = cap.of_benchmark[min(two_sided_year, len(cap.of_benchmark)) - 1]
    by_benchmark = cap_rate * s.benchmark
    if cap.of_revenue is not None and s.participant_revenue > 0:
        by_revenue = cap.of_revenue * s.participant_revenue
        return Rated(min(by_revenue, by_benchmark),
                     f"lesser of {pct(cap.of_revenue)} of participant revenue ({usd(by_revenue)}) and "
                     f"{pct(cap_rate)} of benchmark ({usd(by_benchmark)})", cap.source), ""
    formula = f"{pct(cap_rate)} of benchmark"
    if len(cap.of_benchmark) > 1:
        formula += f" (two-sided year {two_sided_year})"
    note = ""
    if cap.of_revenue is not None:
        formula += "; participant revenue not given, so the revenue-based limit is not applied"
        note = "Participant revenue not given: the loss cap uses the benchmark-based limit only."
    return Rated(by_benchmark, formula, cap.source), note


def resolve_losses(book: Rulebook, model: Model, s: Scenario, sharing: Sharing, two_sided_year: int) -> Losses | None:
    if model.risk != "two-sided":
        return None
    loss_cap, note = resolve_loss_cap(model, s, two_sided_year)
    if isinstance(model.loss_basis, OptionRef):
        choice = option_choice(book, s, model.loss_basis.option)
        basis, basis_source = str(choice.value), choice.source
    else:
        basis, basis_source = model.loss_basis, model.savings_basis_source
    return Losses(resolve_loss_rate(model, sharing), loss_cap, basis, basis_source, note)
