"""Settle one scenario: the ordered statement a teacher can walk a class through.

``settle(rules, scenario)`` is pure: a function of its arguments only, no I/O, no state, no Qt. Its arithmetic mirrors
``curve.earned_at`` (the vectorized form) step for step; a property test keeps them equal to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from aco_desktop.engine.terms import Rated, Terms, resolve
from aco_desktop.engine.terms.eligibility import half_rate_applies
from aco_desktop.view.format import pct, usd
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

Unit = Literal["usd", "rate", "count"]


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    label: str
    amount: float
    unit: Unit
    formula: str
    source: str
    reconstructed: bool = False

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "amount": self.amount, "unit": self.unit,
                "formula": self.formula, "source": self.source, "reconstructed": self.reconstructed}


@dataclass(frozen=True, slots=True)
class Settlement:
    terms: Terms
    scenario: Scenario
    outcome: str  # "savings-shared", "half-rate", "corridor", "below-msr", "quality-not-met", "losses-shared"
    benchmark: float
    expenditures: float
    gross_savings: float
    savings_rate: float
    earned: float
    withheld: float
    paid_now: float
    steps: tuple[Step, ...]

    @property
    def msr(self) -> float:
        return self.terms.msr.value

    @property
    def mlr(self) -> float | None:
        return self.terms.mlr.value if self.terms.mlr else None

    @property
    def final_sharing_rate(self) -> float:
        return self.terms.final_rate.value

    @property
    def shared_loss_rate(self) -> float | None:
        return self.terms.loss_rate.value if self.terms.loss_rate else None

    @property
    def has_reconstructed(self) -> bool:
        return any(step.reconstructed for step in self.steps)

    def as_dict(self) -> dict:
        t = self.terms
        return {
            "rules": t.book.id, "track": self.scenario.track, "performance_year": self.scenario.performance_year,
            "agreement_year": self.scenario.agreement_year, "model": t.model_label,
            "benchmark": self.benchmark, "expenditures": self.expenditures,
            "gross_savings": self.gross_savings, "savings_rate": self.savings_rate,
            "msr": self.msr, "mlr": self.mlr, "final_sharing_rate": self.final_sharing_rate,
            "shared_loss_rate": self.shared_loss_rate, "savings_cap": t.savings_cap.value,
            "loss_cap": t.loss_cap.value if t.loss_cap else None, "outcome": self.outcome,
            "earned": self.earned, "withheld": self.withheld, "paid_now": self.paid_now,
            "reconstructed_values_used": self.has_reconstructed, "notes": list(t.notes),
            "steps": [step.as_dict() for step in self.steps],
        }


def _rate_step(key: str, label: str, rated: Rated) -> Step:
    return Step(key, label, rated.value, "rate", rated.formula, rated.source, rated.reconstructed)


def settle(rules: Rulebook | RuleRegistry, scenario: Scenario) -> Settlement:
    """The settlement CMS would compute for ``scenario`` under ``rules`` (a rulebook, or a registry
    holding the one ``scenario.rules`` names), as an ordered statement."""
    return settle_terms(resolve(rules, scenario), scenario)


def settle_terms(t: Terms, s: Scenario) -> Settlement:
    """The statement for ``s`` under terms ``t``, which must have been resolved for ``s`` (any savings
    rate: terms do not depend on it)."""
    rate = s.savings_rate
    b = t.benchmark
    g = rate * b
    e = b - g
    steps = [
        Step("benchmark", "Benchmark", b, "usd",
             f"{s.beneficiaries:,} beneficiaries x {usd(s.benchmark_per_capita)} per beneficiary", "definition"),
        Step("expenditures", "Expenditures", e, "usd", f"benchmark x (1 - savings rate {pct(rate)})", "definition"),
        Step("gross_savings", "Gross savings" if g >= 0 else "Gross loss", g, "usd",
             "benchmark - expenditures", "definition"),
        Step("savings_rate", "Savings rate", rate, "rate", "gross savings / benchmark", "definition"),
        _rate_step("msr", "Minimum savings rate (MSR)", t.msr),
    ]
    if t.mlr is not None:
        steps.append(_rate_step("mlr", "Minimum loss rate (MLR)", t.mlr))
    if t.bonus is not None:
        steps.append(_rate_step("fqhc_bonus", "FQHC/RHC bonus", t.bonus))
    steps.append(_rate_step("final_sharing_rate", "Final sharing rate", t.final_rate))
    if t.loss_rate is not None:
        steps.append(_rate_step("shared_loss_rate", "Shared loss rate", t.loss_rate))

    seq = t.sequestration_rate
    earned = 0.0
    if rate >= t.msr.value and t.final_rate.value > 0:
        outcome = "savings-shared"
        shareable = g - t.net_threshold * b
        steps.append(Step("shareable", "Savings counted for sharing", shareable, "usd", t.basis.formula,
                          t.basis.source, t.basis.reconstructed))
        shared = shareable * t.final_rate.value
        steps.append(Step("shared", "Shared savings", shared, "usd",
                          f"{usd(shareable)} x final sharing rate {pct(t.final_rate.value)}", t.final_rate.source))
        earned = _after_sequestration_and_cap(t, shared, seq, steps)
    elif half_rate_applies(t, rate):
        outcome = "half-rate"
        shared = g * t.final_rate.value * t.half_rate_factor
        steps.append(Step("shared", "Shared savings at the low-revenue rate", shared, "usd",
                          f"below the MSR but below benchmark, low revenue (revenue {usd(t.participant_revenue)} < "
                          f"{pct(t.high_revenue_threshold)} of expenditures): {usd(g)} x "
                          f"{pct(t.final_rate.value)} x {t.half_rate_factor:g}", t.half_rate_source))
        earned = _after_sequestration_and_cap(t, shared, seq, steps)
    elif t.two_sided and -rate >= t.mlr.value:
        outcome = "losses-shared"
        loss = -g
        if t.loss_basis == "above-mlr":
            loss -= t.mlr.value * b
            basis = f"only the part above the MLR ({pct(t.mlr.value)} of benchmark)"
        else:
            basis = "the whole loss, from the first dollar"
        steps.append(Step("loss_counted", "Loss counted for sharing", loss, "usd",
                          f"loss reached the MLR: {basis}", t.loss_basis_source))
        owed = loss * t.loss_rate.value
        steps.append(Step("shared_loss", "Shared losses", -owed, "usd",
                          f"{usd(loss)} x shared loss rate {pct(t.loss_rate.value)}", t.loss_rate.source))
        capped = min(owed, t.loss_cap.value)
        steps.append(Step("loss_cap", "Loss cap", -t.loss_cap.value, "usd",
                          t.loss_cap.formula + (": binds" if capped < owed else ": does not bind"), t.loss_cap.source))
        owed_after = capped
        if t.relief is not None:
            owed_after = capped * (1 - t.relief.value)
            steps.append(Step("relief", "Loss relief", capped - owed_after, "usd",
                              f"{t.relief.formula}: {pct(t.relief.value)} of {usd(capped)} forgiven",
                              t.relief.source, t.relief.reconstructed))
        earned = -owed_after
    else:
        if rate >= t.msr.value:
            outcome, why = "quality-not-met", "savings reached the MSR but the quality standard was not met"
        elif rate >= 0 or not t.two_sided:
            outcome = "below-msr"
            why = (f"savings rate {pct(rate)} is below the MSR {pct(t.msr.value)}" if rate >= 0
                   else "a one-sided model shares no losses")
        else:
            outcome = "corridor"
            why = f"loss rate {pct(-rate)} is inside the MLR {pct(t.mlr.value)}"
        source = t.mlr.source if outcome == "corridor" else t.msr.source
        steps.append(Step("nothing_shared", "Nothing shared", 0.0, "usd", why, source))

    steps.append(Step("earned", "Earned" if earned >= 0 else "Owed", earned, "usd",
                      "positive: CMS pays the ACO; negative: the ACO owes CMS", "definition"))
    withheld = 0.0
    if t.withhold is not None and earned > 0:
        withheld = earned * t.withhold.value
        steps.append(Step("withheld", "Withheld", withheld, "usd", t.withhold.formula, t.withhold.source,
                          t.withhold.reconstructed))
    paid_now = earned - withheld
    steps.append(Step("paid_now", "Paid now", paid_now, "usd", "earned - withheld", "definition"))
    return Settlement(t, s, outcome, b, e, g, rate, earned, withheld, paid_now, tuple(steps))


def _after_sequestration_and_cap(t: Terms, shared: float, seq: float, steps: list[Step]) -> float:
    if seq:
        reduced = shared * (1 - seq)
        steps.append(Step("sequestration", "After sequestration", reduced, "usd",
                          f"{usd(shared)} x (1 - {pct(seq)}); {t.sequestration.formula}", t.sequestration.source,
                          t.sequestration.reconstructed))
        shared = reduced
    binds = shared > t.savings_cap.value
    steps.append(Step("savings_cap", "Savings cap", t.savings_cap.value, "usd",
                      t.savings_cap.formula + (": binds" if binds else ": does not bind"), t.savings_cap.source,
                      t.savings_cap.reconstructed))
    return min(shared, t.savings_cap.value)
