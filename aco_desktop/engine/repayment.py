"""The repayment mechanism a two-sided ACO must hold (42 CFR 425.204(f)(4); the proposed rule: SEED-003).

Reads the rule file's ``[agreement.repayment_of_expenditures]`` (share of the assigned beneficiaries' total
Parts A and B expenditures, for the tracks it lists), ``[agreement.repayment_of_revenue]`` (where listed: the
lesser of that and a share of participant revenue) and ``repayment_increase_share`` / ``_amount`` (when a
recalculated amount obliges the ACO to increase its mechanism). Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_desktop.engine.terms import book_for, join_sources, resolve
from aco_desktop.format import pct, usd
from aco_desktop.rules import RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Repayment:
    track: str
    amount: float  # dollars the mechanism must cover
    by_expenditures: float
    by_revenue: float | None  # None where the revenue alternative does not apply (or revenue is not given)
    expenditures: float  # the expenditure figure used (default: the benchmark)
    formula: str
    source: str
    reconstructed: bool
    loss_cap: float | None  # the most the ACO can owe this year (None: one-sided this year)
    notes: tuple[str, ...]

    @property
    def shortfall(self) -> float:
        """How far the loss cap (the worst case) exceeds the mechanism (0 when it covers it)."""
        return max(0.0, (self.loss_cap or 0.0) - self.amount)

    @property
    def covers_worst_case(self) -> bool:
        return self.shortfall == 0.0

    def as_dict(self) -> dict:
        return {"track": self.track, "amount": self.amount, "by_expenditures": self.by_expenditures,
                "by_revenue": self.by_revenue, "expenditures": self.expenditures, "formula": self.formula,
                "source": self.source, "reconstructed": self.reconstructed, "loss_cap": self.loss_cap,
                "shortfall": self.shortfall, "notes": list(self.notes)}


def repayment_amount(rules: Rulebook | RuleRegistry, scenario: Scenario,
                     expenditures: float | None = None) -> Repayment | None:
    """The repayment mechanism amount for ``scenario``'s track, or None where the rule file requires none.

    ``expenditures``: the assigned beneficiaries' total Parts A and B expenditures the rule measures
    (default: the benchmark, the only figure known before the year; the rule file's note says why).
    """
    book = book_for(rules, scenario)
    by_exp_fact = book.agreement.get("repayment_of_expenditures")
    if by_exp_fact is None or (by_exp_fact.tracks and scenario.track not in by_exp_fact.tracks):
        return None
    base = scenario.benchmark if expenditures is None else expenditures
    by_exp = by_exp_fact.value * base
    formula = f"{pct(by_exp_fact.value)} of expenditures {usd(base)} = {usd(by_exp)}"
    sources, notes = [by_exp_fact.source], [by_exp_fact.note] if by_exp_fact.note else []
    rev_fact = book.agreement.get("repayment_of_revenue")
    by_rev = None
    if rev_fact is not None and scenario.track in rev_fact.tracks:
        if scenario.participant_revenue > 0:
            by_rev = rev_fact.value * scenario.participant_revenue
            formula = (f"lesser of {formula} and {pct(rev_fact.value)} of participant revenue "
                       f"{usd(scenario.participant_revenue)} = {usd(by_rev)}")
            sources.append(rev_fact.source)
        else:
            notes.append("Participant revenue not given: the revenue-based alternative is not applied.")
    amount = by_exp if by_rev is None else min(by_exp, by_rev)
    terms = resolve(book, scenario)
    loss_cap = terms.loss_cap.value if terms.loss_cap is not None else None
    if loss_cap is None:
        notes.append("One-sided this year: the mechanism is needed before the first two-sided year.")
    return Repayment(scenario.track, amount, by_exp, by_rev, base, formula, join_sources(*sources),
                     by_exp_fact.reconstructed or bool(rev_fact and rev_fact.reconstructed and by_rev is not None),
                     loss_cap, tuple(notes))


def increase_needed(rules: Rulebook | RuleRegistry, existing: float, recalculated: float,
                    rulebook_id: str = "mssp") -> bool:
    """Must the ACO increase its mechanism? True when ``recalculated`` exceeds ``existing`` by at least the
    lesser of ``repayment_increase_share`` x existing and ``repayment_increase_amount`` (False when the rule
    file has no such rule)."""
    book = rules if isinstance(rules, Rulebook) else rules[rulebook_id]
    share = book.agreement.get("repayment_increase_share")
    amount = book.agreement.get("repayment_increase_amount")
    if share is None or amount is None:
        return False
    return recalculated - existing >= min(share.value * existing, amount.value) and recalculated > existing
