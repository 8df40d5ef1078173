"""How savings are counted: from the first dollar, or only above a net threshold unless exempt.

Reads: a model's ``savings_basis``, ``savings_basis_source`` and ``net_threshold`` (threshold and the
exemption criteria: fewer than ``exemption_max_beneficiaries`` and one of the group, rural, CAH or
FQHC/RHC criteria).
"""

from __future__ import annotations

from aco_desktop.engine.terms.model import Rated
from aco_desktop.view.format import pct
from aco_desktop.rules import Model
from aco_desktop.scenario import Scenario


def _exemption_criteria(model: Model, s: Scenario) -> list[str]:
    nt = model.net_threshold
    criteria = []
    if s.physician_group_only:
        criteria.append("only ACO professionals in group practices")
    if s.rural_pct >= nt.exemption_rural_pct:
        criteria.append(f"{s.rural_pct:g}% outside a metro area (>= {nt.exemption_rural_pct:g}%)")
    if s.cah_pct >= nt.exemption_cah_pct:
        criteria.append(f"{s.cah_pct:g}% assigned through a CAH (>= {nt.exemption_cah_pct:g}%)")
    if s.fqhc_pct >= nt.exemption_fqhc_pct:
        criteria.append(f"{s.fqhc_pct:g}% with an FQHC/RHC visit (>= {nt.exemption_fqhc_pct:g}%)")
    return criteria


def resolve_basis(model: Model, s: Scenario) -> tuple[float, Rated]:
    """(net threshold as a fraction of the benchmark, how savings are counted)."""
    if model.savings_basis != "net-threshold":
        return 0.0, Rated(0.0, "shared from the first dollar once savings reach the MSR", model.savings_basis_source)
    nt = model.net_threshold
    criteria = _exemption_criteria(model, s)
    if s.beneficiaries < nt.exemption_max_beneficiaries and criteria:
        return 0.0, Rated(0.0, f"exempt from the net {pct(nt.threshold)} threshold (fewer than "
                               f"{nt.exemption_max_beneficiaries:,} beneficiaries; {criteria[0]}): "
                               "shared from the first dollar", nt.exemption_source)
    why = ("not exempt: no exemption criterion met" if not criteria
           else f"not exempt: {nt.exemption_max_beneficiaries:,} or more beneficiaries")
    return nt.threshold, Rated(nt.threshold, f"only savings above {pct(nt.threshold)} of benchmark are shared ({why})",
                               nt.source)
