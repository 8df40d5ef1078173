"""The final sharing rate: the maximum rate, quality, the FQHC/RHC bonus and the quality standard.

Reads: a model's ``max_sharing_rate`` and ``fqhc_bonus``; the rulebook's ``fqhc_bonus`` bands,
``quality_method`` and ``quality_standard_percentile`` schedules and ``health_equity_bonus_max``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.engine.terms.model import Rated, ScenarioError, join_sources
from aco_desktop.engine.terms.schedule import period_for
from aco_desktop.view.format import pct
from aco_desktop.rules import Model, Rulebook
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Sharing:
    quality_method: str  # "scaled", "standard-gate" or "alternative-standard"
    met: bool  # the quality standard (or the alternative one) was met
    max_rate: Rated
    bonus: Rated | None
    final_rate: Rated
    loss_quality: float  # the quality-scaled rate that ENHANCED-style loss rates subtract from 1


def quality_method(book: Rulebook, s: Scenario) -> str:
    period = period_for(book.quality_method, s.performance_year)
    method = str(period.value) if period else "scaled"
    if s.quality_standard == "alternative" and method != "alternative-standard":
        since = book.first_year_of("alternative-standard")
        raise ScenarioError("quality_standard", f"the alternative quality standard exists only from PY{since}"
                            if since else f"{book.short_title} has no alternative standard")
    return method


def fqhc_bonus(book: Rulebook, model: Model, s: Scenario) -> Rated | None:
    if model.fqhc_bonus == "none" or s.fqhc_pct <= 0:  # no FQHC/RHC participation: no bonus to find
        return None
    band = max((b for b in book.fqhc_bonus if b.from_pct <= s.fqhc_pct), key=lambda b: b.from_pct)
    points = band.one_sided_points if model.fqhc_bonus == "one-sided" else band.two_sided_points
    return Rated(points / 100, f"{s.fqhc_pct:g}% FQHC/RHC share: +{points:g} points "
                 f"({model.fqhc_bonus} scale, band from {band.from_pct:g}%)", band.source, band.reconstructed)


def _rate_and_formula(book: Rulebook, method: str, max_rate: float, bonus: float, s: Scenario) -> tuple[float, float, str]:
    """(final rate, the quality-scaled rate for loss rates, formula), before the standard's gate."""
    q = s.quality_pct / 100
    percentile = period_for(book.quality_standard_percentile, s.performance_year)
    standard = (f"quality standard ({percentile.value:g}th percentile of MIPS scores) met" if percentile
                else "quality standard met")
    if method == "scaled":
        rate = max_rate * q + bonus
        return rate, rate, f"{pct(max_rate)} x quality {pct(q, 1)}" + (f" + bonus {pct(bonus)}" if bonus else "")
    if method == "standard-gate":
        return max_rate, max_rate * q, f"full {pct(max_rate)}: {standard}"
    cap = book.health_equity_bonus_max.value if book.health_equity_bonus_max else 0.0
    heaqps = min(100.0, s.quality_pct + min(s.health_equity_bonus, cap)) / 100
    if s.quality_standard == "met":
        return max_rate, max_rate * heaqps, f"full {pct(max_rate)}: {standard}"
    return max_rate * heaqps, max_rate * heaqps, (f"{pct(max_rate)} x health-equity-adjusted quality "
                                                  f"{pct(heaqps, 1)} (alternative standard met)")


def resolve_sharing(book: Rulebook, model: Model, s: Scenario) -> Sharing:
    method = quality_method(book, s)
    m = model.max_sharing_rate
    max_rate = Rated(m.value, f"{pct(m.value)} at full quality", m.source, m.reconstructed)
    bonus = fqhc_bonus(book, model, s)
    rate, loss_quality, formula = _rate_and_formula(book, method, m.value, bonus.value if bonus else 0.0, s)
    met = s.quality_standard != "not-met"
    if not met:  # no method shares savings when the quality standard is missed
        rate, formula = 0.0, "no savings shared: quality standard not met"
    period = period_for(book.quality_method, s.performance_year)
    source = join_sources(m.source, period.source if period else "")
    final = Rated(rate, formula, source, bonus.reconstructed if bonus else False)
    return Sharing(method, met, max_rate, bonus, final, loss_quality)
