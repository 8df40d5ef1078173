"""The track chooser: every track or level the rules offer in the scenario's year, with every MSR/MLR
election, ranked by the expected payment when the year's savings rate is uncertain (``uncertainty``).

Everything but the track and the election is the scenario's own (size, benchmark, quality, revenue, the
expected savings rate), and one sigma serves every row: the ACO's uncertainty does not depend on its
track. Pure functions of (rules, scenario, spread): no I/O, no state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aco_desktop.engine.terms import ScenarioError, book_for
from aco_desktop.engine.uncertainty import Spread, outlook_figures, savings_sigma
from aco_desktop.format import pct
from aco_desktop.rules import Model, RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario

# The rule files record when a track ran, how long its agreements last and its minimum size, but not which
# tracks a given agreement may choose (the BASIC glide path from level A to E by agreement year; no new
# Track 1-3 agreements after June 2019). Rows those recorded limits allow are marked allowed.
NOT_RECORDED_NOTE = ("Allowed means the rule file's own limits (the track's years, agreement length and "
                     "minimum size) permit it. The file does not record which levels an agreement may pick "
                     "(the BASIC glide path, or that no new Track 1-3 agreements began after June 2019): "
                     "check the ACO's participation agreement.")


@dataclass(frozen=True, slots=True)
class TrackOption:
    """One row of the chooser. Dollars: positive = CMS pays, negative = the ACO owes. NaN when not allowed."""

    track: str
    label: str
    msr_election: str | None  # None where the track has no election (one-sided, flat or fixed MSR)
    allowed: bool
    note: str  # why not allowed, or how the MSR was set when there is no election
    msr: float
    expected_earned: float
    p_earn: float
    p_owe: float
    earned_p05: float
    earned_p95: float
    max_owed: float  # the loss cap after relief (0 when one-sided)


@dataclass(frozen=True, slots=True)
class TrackChoice:
    performance_year: int | None
    sigma: float  # the savings rate's standard deviation used for every row (fraction)
    rows: tuple[TrackOption, ...]  # allowed rows by expected payment, highest first; then the others
    notes: tuple[str, ...]


def offered_tracks(book: Rulebook, performance_year: int | None) -> list[str]:
    """Tracks the rulebook offers in ``performance_year`` (all of them for a rulebook without years)."""
    return [tid for tid, track in book.tracks.items()
            if track.first_year is None or performance_year is None
            or track.first_year <= performance_year <= track.last_year]


def _elections(model: Model, scenario: Scenario) -> tuple[list[str | None], str]:
    """The MSR/MLR elections this model offers this ACO, and a note when it offers none."""
    rule = model.msr
    if rule.method == "table":
        return [None], "size-table MSR"
    if rule.method == "flat":
        return [None], f"flat {pct(rule.rate)} MSR"
    year = scenario.performance_year
    start = year - scenario.agreement_year + 1 if year is not None else None
    if rule.elected_from_start_year and start is not None and start < rule.elected_from_start_year:
        return [None], (f"MSR fixed at {pct(rule.rate)}: the agreement began in {start}, before elections "
                        f"started in {rule.elected_from_start_year}")
    if rule.table_below_beneficiaries and scenario.beneficiaries < rule.table_below_beneficiaries:
        return list(rule.choices), (f"size-table MSR whatever is elected (fewer than "
                                    f"{rule.table_below_beneficiaries:,} beneficiaries)")
    return list(rule.choices), ""


def _row(rules: Rulebook | RuleRegistry, scenario: Scenario, track: str, label: str, election: str | None,
         note: str, spread: Spread) -> TrackOption:
    try:  # the outlook of the scenario on this track and election (cached but for the savings rate)
        terms, _, (expected, p_earn, p_owe, p05, p95) = outlook_figures(
            rules, scenario, spread, {"track": track, "msr_election": election})
    except ScenarioError as exc:
        nan = math.nan
        return TrackOption(track, label, election, False, exc.message, nan, nan, nan, nan, nan, nan, nan)
    return TrackOption(track, label, election, True, note, terms.msr.value, expected, p_earn, p_owe, p05, p95,
                       terms.max_owed)


def track_options(rules: Rulebook | RuleRegistry, scenario: Scenario, spread: Spread = Spread()) -> TrackChoice:
    """Every (track, election) the rules offer in the scenario's year, best expected payment first."""
    book = book_for(rules, scenario)
    rows = []
    for track in offered_tracks(book, scenario.performance_year):
        label = book.tracks[track].label
        agreement_year = min(scenario.agreement_year, book.tracks[track].agreement_length)
        elections, note = _elections(book.model_for(track, agreement_year), scenario)
        rows += [_row(book, scenario, track, label, election, note, spread) for election in elections]
    order = {id(row): i for i, row in enumerate(rows)}
    rows.sort(key=lambda r: (not r.allowed, -r.expected_earned if r.allowed else 0.0,
                             r.p_owe if r.allowed else 0.0, order[id(r)]))
    return TrackChoice(scenario.performance_year, savings_sigma(scenario.beneficiaries, spread), tuple(rows),
                       (NOT_RECORDED_NOTE,))
