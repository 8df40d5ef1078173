"""Which inputs the chosen rules use, and in plain words why the others are ignored.

The window disables an ignored input with this reason as its tooltip; the rules decide, not the view.
Every fact in a reason (years, track names, thresholds) is read from the rulebook, never typed here.
"""

from __future__ import annotations

from aco_desktop.engine.terms import Terms
from aco_desktop.engine.terms.eligibility import half_rate_possible
from aco_desktop.engine.terms.schedule import period_for
from aco_desktop.format import pct
from aco_desktop.rules import Model, Rulebook
from aco_desktop.scenario import Scenario

_NET_EXEMPTIONS = ("physician_group_only", "rural_pct", "cah_pct")


def ignored_inputs(t: Terms, s: Scenario) -> dict[str, str]:
    """Input name -> why the rules of ``t`` (resolved for ``s``) ignore it. Inputs not listed are used."""
    book = t.book
    model = book.model_for(s.track, s.agreement_year)
    why: dict[str, str] = {}
    if not book.has_performance_years:
        why["performance_year"] = f"{book.short_title} was never in force: it has no performance years."
        why["agreement_start"] = f"{book.short_title} has no performance years, so no agreement start dates."
    if not book.options:
        why["options"] = f"{book.short_title} has no disputed points to switch."
    why.update(_net_threshold(book, model, s))
    why.update(_agreement(book, s))
    why.update(_msr_election(model, s))
    why.update(_revenue(book, model, t, s))
    why.update(_quality(book, model, t, s))
    why.update(_losses(book, t, s))
    why.update(_advance_investment(book, s))
    return why


def _net_threshold(book: Rulebook, model: Model, s: Scenario) -> dict[str, str]:
    why: dict[str, str] = {}
    nt = model.net_threshold
    fqhc_used = model.fqhc_bonus != "none" or (nt is not None and s.beneficiaries < nt.exemption_max_beneficiaries)
    if not fqhc_used:
        anywhere = any(m.fqhc_bonus != "none" or m.net_threshold for m in book.models.values())
        why["fqhc_pct"] = ("Not used here: no FQHC/RHC bonus in this model, and no exemption at this size."
                           if anywhere else f"{book.short_title} has no FQHC/RHC bonus and no net-2% threshold "
                           "in any model.")
    if nt is None:
        reason = f"{model.label} shares from the first dollar: no net threshold, so no exemptions from it."
        why.update(dict.fromkeys(_NET_EXEMPTIONS, reason))
    elif s.beneficiaries >= nt.exemption_max_beneficiaries:
        reason = f"Exemption from the net-{pct(nt.threshold)} threshold needs fewer than {nt.exemption_max_beneficiaries:,} beneficiaries."
        why.update(dict.fromkeys(_NET_EXEMPTIONS, reason))
    return why


def _agreement(book: Rulebook, s: Scenario) -> dict[str, str]:
    track = book.tracks[s.track]
    models = [book.models[m] for m in track.models]
    varies = (len(set(track.models)) > 1 or any(m.loss_cap and len(m.loss_cap.of_benchmark) > 1 for m in models)
              or any(m.msr.elected_from_start_year for m in models) or any(m.low_revenue_half_rate for m in models))
    why: dict[str, str] = {}
    if track.longest_agreement() == 1 or not varies:
        why["agreement_year"] = f"{track.label}'s terms are the same in every agreement year."
    if book.has_performance_years and not varies and track.extension is None:
        why["agreement_start"] = f"{track.label}'s terms do not depend on when the agreement began."
    return why


def _msr_election(model: Model, s: Scenario) -> dict[str, str]:
    msr = model.msr
    if msr.method != "elected":
        return {"msr_election": f"{model.label} has {'the size-table' if msr.method == 'table' else 'a flat'} MSR; "
                                "no election."}
    start = s.agreement_start_year
    if msr.elected_from_start_year and start is not None and start < msr.elected_from_start_year:
        return {"msr_election": f"Agreements that began before {msr.elected_from_start_year} have a fixed MSR."}
    return {}


def _uses_revenue(model: Model) -> bool:
    return (model.loss_cap is not None and model.loss_cap.of_revenue is not None) or \
        model.low_revenue_half_rate is not None


def _revenue(book: Rulebook, model: Model, t: Terms, s: Scenario) -> dict[str, str]:
    if not _uses_revenue(model):
        users = [tr.label for tr in book.tracks.values() if any(_uses_revenue(book.models[m]) for m in tr.models)]
        reason = (f"Only {', '.join(users)} use participant revenue here." if users else
                  f"{book.short_title} does not use participant revenue.")
        return {"participant_revenue": reason, "revenue_category": reason}
    why: dict[str, str] = {}
    half = model.low_revenue_half_rate
    if not half_rate_possible(model, s, t.quality_standard_met):
        # The category only decides the half rate; a revenue-based loss cap needs the dollars.
        reason = ("The low/high revenue category matters only for the low-revenue half rate"
                  + (f" ({half.source}): agreements from {half.from_agreement_start_year}, at least "
                     f"{half.min_beneficiaries:,} beneficiaries, quality standard met." if half else
                     ", which this model does not have; the revenue-based loss cap needs revenue in dollars."))
        why["revenue_category"] = reason
        if model.loss_cap is None or model.loss_cap.of_revenue is None:
            why["participant_revenue"] = reason.replace("The low/high revenue category matters", "Revenue matters")
    elif s.participant_revenue > 0:
        why["revenue_category"] = "Participant revenue is given in dollars; the category follows from it."
    return why


def _quality(book: Rulebook, model: Model, t: Terms, s: Scenario) -> dict[str, str]:
    why: dict[str, str] = {}
    loss_uses_score = t.two_sided and model.loss_rate.method == "one-minus-sharing"
    if t.quality_method == "standard-gate" and not loss_uses_score:
        since = book.first_year_of("standard-gate")
        why["quality_pct"] = (f"From PY{since} meeting the quality standard earns the full rate; the score itself "
                              "matters only for ENHANCED-style loss rates.")
    if t.quality_method == "alternative-standard" and s.quality_standard == "met" and not loss_uses_score:
        why["quality_pct"] = ("Meeting the quality standard earns the full rate; the score is used only under the "
                              "alternative standard.")
    if t.quality_method != "alternative-standard":
        since = book.first_year_of("alternative-standard")
        why["health_equity_bonus"] = (f"The health equity adjustment exists from PY{since}." if since else
                                      f"{book.short_title} has no health equity adjustment.")
    return why


def _losses(book: Rulebook, t: Terms, s: Scenario) -> dict[str, str]:
    if not t.two_sided:
        reason = "A one-sided model shares no losses."
    elif not book.has_performance_years:
        reason = f"{book.short_title} has no loss relief."
    else:
        auto = period_for(book.automatic_loss_relief, s.performance_year)
        if auto is None or float(auto.value) < 1.0:
            return {}
        return {"disaster_adjustment": f"PY{s.performance_year} shared losses are forgiven in full ({auto.source})."}
    return {"loss_relief_pct": reason, "disaster_adjustment": reason}


def _advance_investment(book: Rulebook, s: Scenario) -> dict[str, str]:
    aip = book.advance_investment_recoupment
    if aip is None:
        return {"aip_balance": f"{book.short_title} has no advance investment payments."}
    if s.performance_year is not None and s.performance_year < aip.value:
        return {"aip_balance": f"Advance investment payments are recouped from PY{aip.value:g} ({aip.source})."}
    return {}
