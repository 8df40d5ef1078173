"""The track chooser's and the sensitivity tables' cells, Qt-free: words, tones and CSV rows.

The chooser's rows come from ``engine.track_options`` (best expected payment first; rows the engine cannot
settle for this ACO last, with the reason). The sensitivity tables settle the chosen track over savings rate
x quality score and savings rate x beneficiaries, with the current values on the grids so the current cell
can be marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from aco_desktop.engine import ScenarioError, Spread, TrackChoice, TrackOption, book_for, settle
from aco_desktop.engine.options import NOT_RECORDED_NOTE, _elections, _row, offered_tracks
from aco_desktop.engine.uncertainty import savings_sigma
from aco_desktop.format import money_short, usd
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.format import chance
from aco_desktop.view.palette import tone

CHOOSER_HEAD = ("Level", "MSR/MLR election", "Expected payment", "Chance of earning", "Chance of owing",
                "Bad year (1 in 20)", "Most it can owe")
CHOOSER_CSV_HEAD = ("track", "level", "msr_election", "allowed", "note", "expected_earned", "p_earn", "p_owe",
                    "earned_p05", "max_owed", "sigma_pct")
SAVINGS_GRID = (-6.0, -4.0, -2.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0)  # as ``aco-desktop sensitivity``
QUALITY_GRID = (0.0, 25.0, 50.0, 75.0, 90.0, 100.0)
SIZE_GRID = (5000, 10000, 20000, 50000, 100000)


@dataclass(frozen=True)
class ChooserRow:
    track: str
    election: str | None
    allowed: bool
    cells: tuple[str, ...]
    tone: str  # of the expected payment: 'gain', 'loss', 'neutral'
    note: str  # the reason a row is not allowed, or how its MSR is set
    current: bool


def election_text(election: str | None) -> str:
    if election is None:
        return "-"
    return "size table" if election == "table" else f"{election}%"


def chooser_rows(choice: TrackChoice, scenario: Scenario) -> tuple[ChooserRow, ...]:
    out = []
    for r in choice.rows:
        current = r.track == scenario.track and (r.msr_election is None or r.msr_election == scenario.msr_election)
        if math.isnan(r.expected_earned):
            figures = ("-",) * 5
        else:
            figures = (usd(r.expected_earned), chance(r.p_earn), chance(r.p_owe), usd(r.earned_p05),
                       usd(-r.max_owed) if r.max_owed > 0.5 else "nothing")
        note = r.note if r.allowed else f"Not allowed: {r.note}"
        out.append(ChooserRow(r.track, r.msr_election, r.allowed, (r.label, election_text(r.msr_election), *figures),
                              tone(r.expected_earned) if r.allowed else "neutral", note, current))
    return tuple(out)


def _plain(value: float) -> str:
    return "" if isinstance(value, float) and math.isnan(value) else f"{value + 0.0:.2f}"


def chooser_csv(choice: TrackChoice) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [CHOOSER_CSV_HEAD]
    for r in choice.rows:
        rows.append((r.track, r.label, r.msr_election or "", "yes" if r.allowed else "no", r.note,
                     _plain(r.expected_earned), _rate(r.p_earn), _rate(r.p_owe), _plain(r.earned_p05),
                     _plain(r.max_owed), f"{choice.sigma * 100:.4f}"))
    return rows


def _rate(p: float) -> str:
    return "" if math.isnan(p) else f"{p:.6f}"


def chooser_title(choice: TrackChoice, scenario: Scenario, sigma_source: str) -> str:
    year = f"PY{choice.performance_year}: " if choice.performance_year else ""
    return (f"{year}{scenario.beneficiaries:,} beneficiaries, expected savings {scenario.savings_pct:g}%, "
            f"\u03c3 {choice.sigma * 100:.2f} pp ({sigma_source}). Best expected payment first; "
            "click a row (or press Enter) to switch to it.")


def top_rows(choice: TrackChoice, n: int = 5) -> list[tuple[str, ...]]:
    """The report's small chooser: the best allowed election of each level, the best ``n`` levels."""
    best: dict[str, TrackOption] = {}
    for r in choice.rows:
        if r.allowed and r.track not in best:
            best[r.track] = r
    return [("Level", "Best election", "Expected", "Earn", "Owe", "Bad year")] + [
        (r.label, election_text(r.msr_election), money_short(r.expected_earned), chance(r.p_earn), chance(r.p_owe),
         money_short(r.earned_p05)) for r in list(best.values())[:n]]


# ---- the sensitivity tables ----------------------------------------------------------------------------

@dataclass(frozen=True)
class SensitivityTable:
    title: str
    column_name: str  # the input across the top: 'quality_pct' or 'beneficiaries'
    columns: tuple[float, ...]
    savings: tuple[float, ...]
    cells: tuple[tuple[float, ...], ...]  # earned by [savings][column]; NaN where the engine refuses
    current: tuple[int, int]  # (row, column) of the scenario's own values
    reason: str  # why some cells are empty ("" when none is)


def _with(grid: tuple[float, ...], value: float) -> tuple[float, ...]:
    return tuple(sorted(set(grid) | {value}))


def _table(rules: RuleRegistry, s: Scenario, name: str, grid: tuple[float, ...], title: str) -> SensitivityTable:
    savings, columns = _with(SAVINGS_GRID, s.savings_pct), _with(grid, getattr(s, name))
    reasons: list[str] = []
    cells = []
    for rate in savings:
        row = []
        for value in columns:
            try:
                row.append(settle(rules, s.with_changes(savings_pct=rate, **{name: value})).earned)
            except ScenarioError as exc:
                row.append(math.nan)
                reasons.append(exc.message)
        cells.append(tuple(row))
    current = (savings.index(s.savings_pct), columns.index(getattr(s, name)))
    return SensitivityTable(title, name, columns, savings, tuple(cells), current, reasons[0] if reasons else "")


def sensitivity_tables(rules: RuleRegistry, s: Scenario) -> tuple[SensitivityTable, SensitivityTable]:
    quality = _table(rules, s, "quality_pct", QUALITY_GRID, f"By quality score ({s.beneficiaries:,} beneficiaries)")
    sizes = _table(rules, s, "beneficiaries", SIZE_GRID,
                   f"By assigned beneficiaries (quality {s.quality_pct:g}%)")
    return quality, sizes


def column_label(table: SensitivityTable, value: float) -> str:
    return f"{value:g}%" if table.column_name == "quality_pct" else f"{value:,.0f}"


def cell_text(value: float) -> str:
    """A cell's words, so colour is not the only cue: '+$1.2M earned', '-$350K owed', '$0'."""
    if math.isnan(value):
        return "n/a"
    kind = tone(value)
    return {"gain": f"+{money_short(value)} earned", "loss": f"{money_short(value)} owed"}.get(kind, "$0")


def sensitivity_csv(tables: tuple[SensitivityTable, ...], scenario: Scenario) -> list[tuple[str, ...]]:
    """One row per cell, as ``aco-desktop sensitivity --csv``."""
    rows: list[tuple[str, ...]] = [("table", "savings_pct", "quality_pct", "beneficiaries", "earned")]
    for t in tables:
        kind = "quality" if t.column_name == "quality_pct" else "beneficiaries"
        for rate, line in zip(t.savings, t.cells):
            for value, earned in zip(t.columns, line):
                quality = value if kind == "quality" else scenario.quality_pct
                size = scenario.beneficiaries if kind == "quality" else value
                rows.append((kind, f"{rate:g}", f"{quality:g}", f"{size:.0f}", _plain(earned)))
    return rows


# ---- the chooser, one row at a time (so a drag never waits for all of it) ------------------------------

def option_rows(rules: RuleRegistry, scenario: Scenario, spread: Spread) -> Iterator[TrackOption]:
    """The rows ``engine.track_options`` ranks, one outlook each, yielded as they are worked out."""
    book = book_for(rules, scenario)
    for track in offered_tracks(book, scenario.performance_year):
        label = book.tracks[track].label
        agreement_year = min(scenario.agreement_year, book.tracks[track].agreement_length)
        elections, note = _elections(book.model_for(track, agreement_year), scenario)
        for election in elections:
            yield _row(book, scenario, track, label, election, note, spread)


def ranked(rows: list[TrackOption], scenario: Scenario, spread: Spread) -> TrackChoice:
    """``rows`` in ``track_options``'s order: allowed by expected payment (then the lesser chance of owing),
    then the rows the engine cannot settle, each group in the rules' own order."""
    order = {id(row): i for i, row in enumerate(rows)}
    rows = sorted(rows, key=lambda r: (not r.allowed, -r.expected_earned if r.allowed else 0.0,
                                       r.p_owe if r.allowed else 0.0, order[id(r)]))
    return TrackChoice(scenario.performance_year, savings_sigma(scenario.beneficiaries, spread), tuple(rows),
                       (NOT_RECORDED_NOTE,))
