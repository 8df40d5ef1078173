"""The minimum savings rate and the minimum loss rate.

Reads: ``msr_table`` (rows, source) and a model's ``msr`` (method, rate, choices, default_choice,
elected_from_start_year, table_below_beneficiaries) and ``mlr`` (method, rate).
"""

from __future__ import annotations

from aco_desktop.engine.terms.model import Rated, ScenarioError, join_sources
from aco_desktop.view.format import pct
from aco_desktop.rules import Model, Rulebook
from aco_desktop.rules.schema import MsrTable
from aco_desktop.scenario import Scenario


def msr_from_table(table: MsrTable, beneficiaries: int) -> Rated:
    """The size-table MSR, interpolated linearly on the exact count within its row."""
    for row in table.rows:
        if row.first <= beneficiaries <= row.last:
            if row.last == row.first or row.msr_at_first == row.msr_at_last:
                value = row.msr_at_first
                how = f"{beneficiaries:,} beneficiaries: {pct(value)} (row {row.first:,}-{row.last:,})"
            else:
                share = (beneficiaries - row.first) / (row.last - row.first)
                value = row.msr_at_first + share * (row.msr_at_last - row.msr_at_first)
                how = (f"{beneficiaries:,} beneficiaries, row {row.first:,}-{row.last:,}: "
                       f"{pct(row.msr_at_first)} to {pct(row.msr_at_last)} interpolated = {pct(value, 3)}")
            return Rated(value, how, table.source)
    last = table.rows[-1]
    raise ScenarioError("beneficiaries", f"the MSR table covers {table.rows[0].first:,} to {last.last:,} beneficiaries")


def resolve_msr(book: Rulebook, model: Model, s: Scenario, track_label: str) -> Rated:
    rule, n = model.msr, s.beneficiaries
    start_year = s.performance_year - s.agreement_year + 1 if s.performance_year is not None else None
    if rule.method == "table":
        if s.msr_election not in (None, "table"):
            raise ScenarioError("msr_election", f"{track_label} uses the size table; there is no MSR election")
        table = msr_from_table(book.msr_table, n)
        return Rated(table.value, table.formula, join_sources(rule.source, book.msr_table.source))
    if rule.method == "flat":
        if s.msr_election is not None:
            raise ScenarioError("msr_election", f"{model.label} has a flat {pct(rule.rate)} MSR; no election")
        return Rated(rule.rate, f"flat {pct(rule.rate)} of benchmark", rule.source, rule.reconstructed)
    if rule.elected_from_start_year and start_year is not None and start_year < rule.elected_from_start_year:
        return Rated(rule.rate, f"fixed {pct(rule.rate)} (agreement began {start_year}, before elections "
                                f"started in {rule.elected_from_start_year})", rule.source)
    choice = s.msr_election or rule.default_choice
    if choice not in rule.choices:
        raise ScenarioError("msr_election", f"{track_label} offers {', '.join(rule.choices)}; got {choice!r}")
    if rule.table_below_beneficiaries and n < rule.table_below_beneficiaries:
        table = msr_from_table(book.msr_table, n)
        return Rated(table.value, f"size table below {rule.table_below_beneficiaries:,} beneficiaries, "
                     f"whatever was elected: {table.formula}", rule.source)
    if choice == "table":
        table = msr_from_table(book.msr_table, n)
        return Rated(table.value, f"elected the size table: {table.formula}", rule.source)
    value = float(choice) / 100
    return Rated(value, f"elected {pct(value)} of benchmark", rule.source)


def resolve_mlr(model: Model, msr: Rated) -> Rated | None:
    if model.risk != "two-sided":
        return None
    if model.mlr.method == "same-as-msr":
        return Rated(msr.value, f"equal to the MSR ({pct(msr.value, 3)})", model.mlr.source)
    return Rated(model.mlr.rate, f"flat {pct(model.mlr.rate)} of benchmark", model.mlr.source)
