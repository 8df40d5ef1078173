"""Who qualifies for what: the low-revenue test, in one place.

CFR 425.20: a high-revenue ACO's participant revenue is at least the rule file's
``high_revenue_threshold`` (35%) of its assigned beneficiaries' total expenditures; otherwise it is
low-revenue. Expenditures move with the savings rate (E = B x (1 - s)), so the settlement, the curve
and the key figures all ask this one function, with the expenditures at the savings rate they show.
Where only the category is known (``revenue_category``, as CMS's results give ``Rev_Exp_Cat``), the
category decides; where neither is known the ACO is not treated as low-revenue (and the settlement says so).
"""

from __future__ import annotations

import numpy as np

from aco_desktop.engine.terms.model import Terms
from aco_desktop.rules import Model, Rulebook
from aco_desktop.scenario import Scenario


def is_low_revenue(t: Terms, expenditures: float | np.ndarray) -> bool | np.ndarray:
    """Participant revenue below the high-revenue share of ``expenditures`` (dollars, scalar or array);
    the given category instead when there are no revenue dollars; False when neither is known."""
    if t.participant_revenue <= 0:
        low = t.revenue_category == "low"
        return np.full(np.shape(expenditures), low) if np.ndim(expenditures) else low
    return t.participant_revenue < t.high_revenue_threshold * expenditures


def half_rate_applies(t: Terms, savings_rate: float | np.ndarray) -> bool | np.ndarray:
    """CFR 425.605(h): below the MSR but below benchmark, low revenue, and eligible (``half_rate_factor``)."""
    eligible = bool(t.half_rate_factor and t.final_rate.value > 0)
    if isinstance(savings_rate, (int, float)):  # the statement's scalar path: no numpy on the hot path
        return eligible and 0 < savings_rate < t.msr.value and bool(is_low_revenue(t, t.benchmark * (1 - savings_rate)))
    rates = np.asarray(savings_rate, dtype=float)
    return eligible & (rates > 0) & (rates < t.msr.value) & is_low_revenue(t, t.benchmark * (1 - rates))


def savings_needed_rate(t: Terms) -> float:
    """The savings rate from which the ACO earns at every higher rate: the MSR, or zero where a low-revenue
    ACO shares at the half rate all the way up to the MSR. (Revenue that is low against expenditures at
    small savings may stop being low before the MSR: then only a narrow band below it pays, and the
    figure stays the MSR.)"""
    just_below_msr = t.msr.value - 1e-9
    return 0.0 if just_below_msr > 0 and half_rate_applies(t, just_below_msr) else t.msr.value


def resolve_half_rate(book: Rulebook, model: Model, s: Scenario, met: bool) -> tuple[float, str, float]:
    """(half-rate factor, its source, the high-revenue threshold) for this ACO.

    Reads: a model's ``low_revenue_half_rate`` (factor, from_agreement_start_year, min_beneficiaries) and
    the rulebook's ``high_revenue_threshold``. The factor is 0 where the half rate cannot apply whatever
    the savings rate; whether revenue is low is decided at each savings rate (``is_low_revenue``). The
    agreement start is the scenario's (given, or January of performance year - agreement year + 1).
    """
    half = model.low_revenue_half_rate
    threshold = book.high_revenue_threshold.value if book.high_revenue_threshold else 0.0
    if half is None or not half_rate_possible(model, s, met):
        return 0.0, (half.source if half else ""), threshold
    revenue_known = s.participant_revenue > 0 or s.revenue_category is not None
    return (half.factor if revenue_known else 0.0), half.source, threshold


def half_rate_possible(model: Model, s: Scenario, met: bool) -> bool:
    """Everything but revenue allows the low-revenue half rate: agreement start, size, quality standard."""
    half = model.low_revenue_half_rate
    start_year = s.agreement_start_year
    return (half is not None and start_year is not None and start_year >= half.from_agreement_start_year
            and s.beneficiaries >= half.min_beneficiaries and met)
