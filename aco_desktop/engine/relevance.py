"""Which inputs the chosen rules use, and in plain words why the others are ignored.

The window disables an ignored input with this reason as its tooltip; the rules decide, not the view.
"""

from __future__ import annotations

from aco_desktop.engine.terms import Terms
from aco_desktop.scenario import Scenario


def ignored_inputs(t: Terms, s: Scenario) -> dict[str, str]:
    """Input name -> why the rules of ``t`` (resolved for ``s``) ignore it. Inputs not listed are used."""
    book = t.book
    track = book.tracks[s.track]
    model = book.model_for(s.track, s.agreement_year)
    models = [book.models[m] for m in track.models]
    why: dict[str, str] = {}

    if not book.has_performance_years:
        why["performance_year"] = f"{book.short_title} was never in force: it has no performance years."
    if not book.options:
        why["options"] = f"{book.short_title} has no disputed points to switch."

    fqhc_used = model.fqhc_bonus != "none" or (
        model.net_threshold is not None and s.beneficiaries < model.net_threshold.exemption_max_beneficiaries)
    if not fqhc_used:
        why["fqhc_pct"] = ("The FQHC/RHC bonus and the net-2% exemption exist only in the 2011 proposed rule."
                           if book.in_force else
                           "Not used here: no FQHC/RHC bonus in this model, and no exemption at this size.")

    nt = model.net_threshold
    if nt is None:
        reason = "The net-2% threshold and its exemptions apply only to the one-sided model of the 2011 proposed rule."
        for name in ("physician_group_only", "rural_pct", "cah_pct"):
            why[name] = reason
    elif s.beneficiaries >= nt.exemption_max_beneficiaries:
        reason = f"Exemption from the net-2% threshold needs fewer than {nt.exemption_max_beneficiaries:,} beneficiaries."
        for name in ("physician_group_only", "rural_pct", "cah_pct"):
            why[name] = reason

    varies = (len(set(track.models)) > 1 or any(m.loss_cap and len(m.loss_cap.of_benchmark) > 1 for m in models)
              or any(m.msr.elected_from_start_year for m in models) or any(m.low_revenue_half_rate for m in models))
    if track.agreement_length == 1 or not varies:
        why["agreement_year"] = f"{track.label}'s terms are the same in every agreement year."

    msr = model.msr
    year = s.performance_year
    if msr.method != "elected":
        why["msr_election"] = f"{model.label} has {'the size-table' if msr.method == 'table' else 'a flat'} MSR; no election."
    elif msr.elected_from_start_year and year is not None and year - s.agreement_year + 1 < msr.elected_from_start_year:
        why["msr_election"] = f"Agreements that began before {msr.elected_from_start_year} have a fixed MSR."

    revenue_used = (model.loss_cap is not None and model.loss_cap.of_revenue is not None) or (
        model.low_revenue_half_rate is not None)
    if not revenue_used:
        why["participant_revenue"] = "Only BASIC levels and Track 1+ use participant revenue (revenue-based loss cap)."

    if t.quality_method == "standard-gate" and not (t.two_sided and model.loss_rate.method == "one-minus-sharing"):
        why["quality_pct"] = ("From 2021 meeting the quality standard earns the full rate; the score itself matters "
                              "only for ENHANCED-style loss rates.")
    if t.quality_method == "alternative-standard" and s.quality_standard == "met" and not (
            t.two_sided and model.loss_rate.method == "one-minus-sharing"):
        why["quality_pct"] = "Meeting the quality standard earns the full rate; the score is used only under the alternative standard."
    if t.quality_method != "alternative-standard":
        since = book.first_year_of("alternative-standard")
        why["health_equity_bonus"] = (f"The health equity adjustment exists from PY{since}." if since else
                                      f"{book.short_title} has no health equity adjustment.")
    if not t.two_sided:
        why["loss_relief_pct"] = "A one-sided model shares no losses."
    elif not book.has_performance_years:
        why["loss_relief_pct"] = f"{book.short_title} has no loss relief."
    return why
