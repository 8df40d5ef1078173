"""Real ACO-years to start from: search, a scenario per ACO-year, an ACO's history and its peers (no Qt).

The table (``resources/aco_years.csv.gz``, see ``table.py``) is read on first use, never at import, so the
app's start-up does not pay for it; ``AcoDirectory.load_seconds`` says what the first use cost.

* ``search(query)``: an ACO_ID (exact, case-insensitive), a state code or name ("NJ", "new jersey"), or words
  of the name (case-insensitive; punctuation such as commas is ignored; the query's words must appear in
  the name in order and together, starting at a word: "palm bea" finds "Palm Beach ..."). Results are ACO-years, newest first.
* ``find(aco, year)``: one ACO-year by ID or exact name (case and punctuation ignored); ``LookupError``
  with one line naming what exists.
* ``scenario_for(aco_year, rules)``: the ``Scenario`` that settles it as ``reproduce-puf`` does, and where each
  input came from (the CMS column, the file and line).
* ``history(aco)``: the ACO's savings rate, MSR and earned amount by year. PY2013-2017 rows of the merged
  file carry no ACO_ID: they are joined to an ID by exact name. The spread offered for next year is the
  sample standard deviation of the ACO's own changes between consecutive years: in the terms of
  ``uncertainty.md`` that is sigma x sqrt(2), the honest spread around last year's actual rate when last year's
  rate is taken as next year's expectation; ``noise_sigma`` (= spread / sqrt(2)) is one year's noise.
* ``peers(aco_year)``: ACO-years of the same year and track/level whose beneficiaries are within a factor
  (1.5 by default) of this one's, how many cleared their published MSR (savings rate >= MSR and > 0), and
  this ACO's percentile among them (share of peers with a lower savings rate, ties count half).
* Lookups go through ``directory_index.DirectoryIndex``, built once on first use (and again after a results
  file is added): search 0.04-0.4 ms, history 0.1 ms, peers 0.2 ms where scanning every row took 1-3 ms each.
* ``add_results_file(path, rules)``: the ACO-years of any CMS results file join the search; the file's
  performance years replace the table's rows of those years (a newer release of a year wins).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aco_desktop.cms.cells import norm_name
from aco_desktop.cms.directory_index import DirectoryIndex
from aco_desktop.cms.records import PufRecord
from aco_desktop.cms.table import TABLE_NAME, AcoYear
from aco_desktop.scenario import Scenario

PEER_FACTOR = 1.5


@dataclass(frozen=True, slots=True)
class HistoryYear:
    year: int
    aco_id: str
    name: str
    track: str
    beneficiaries: int
    savings_rate: float  # (benchmark - expenditures) / benchmark
    msr: float | None  # published MinSavPerc, fraction
    earned: float | None  # published EarnSaveLoss, dollars


@dataclass(frozen=True, slots=True)
class History:
    aco: str
    years: tuple[HistoryYear, ...]
    changes: tuple[tuple[int, float], ...]  # (year, savings rate this year - the year before), consecutive only
    spread: float | None  # SD of ``changes`` (n-1): offered as next year's sigma around last year's rate
    noise_sigma: float | None  # spread / sqrt(2): one year's noise

    def describe_spread(self) -> str:
        if self.spread is None:
            return (f"{len(self.changes)} year-to-year change(s): too few for a spread of its own; "
                    "use the size-based default")
        return (f"SD of {len(self.changes)} year-to-year changes of the savings rate: {100 * self.spread:.2f} pp "
                f"(sigma x sqrt(2): the spread around last year's rate); one year's noise "
                f"sigma = {100 * self.noise_sigma:.2f} pp")


@dataclass(frozen=True, slots=True)
class Peers:
    aco_year: AcoYear
    factor: float
    peers: tuple[AcoYear, ...]  # same year and track, similar size, this ACO excluded; best savings rate first
    cleared: int  # peers whose savings rate reached their published MSR (and was positive)
    percentile: float  # 0-100: share of peers with a lower savings rate, ties counted half

    @property
    def summary(self) -> str:
        r = self.aco_year.record
        low, high = r.beneficiaries / self.factor, r.beneficiaries * self.factor
        return (f"{self.cleared} of {len(self.peers)} similar ACOs cleared the MSR (PY{r.performance_year} "
                f"{r.track}, {low:,.0f}-{high:,.0f} beneficiaries); {r.aco_name} saved "
                f"{100 * r.savings_rate:.2f}%, percentile {self.percentile:.0f}")


def cleared_msr(record: PufRecord) -> bool:
    return record.published_msr is not None and record.savings_rate > 0 and \
        record.savings_rate >= record.published_msr


def _words(text: str) -> list[str]:
    return norm_name(text).split()


class AcoDirectory:
    """The searchable ACO-years: the shipped table (read on first use) plus results files the user opened."""

    def __init__(self, table_path: Path | None = None) -> None:
        self._table_path = table_path
        self._items: list[AcoYear] | None = None
        self._index: DirectoryIndex | None = None
        self.load_seconds: float | None = None
        self.added_files: list[str] = []

    @property
    def loaded(self) -> bool:
        return self._items is not None

    @property
    def items(self) -> list[AcoYear]:
        if self._items is None:
            from aco_desktop.cms.table import read_table
            from aco_desktop.resources import resources_dir

            start = time.perf_counter()
            self._items = read_table(self._table_path or resources_dir() / TABLE_NAME)
            self.load_seconds = time.perf_counter() - start
        return self._items

    # ------------------------------------------------------------------------- search and lookup

    def search(self, query: str) -> list[AcoYear]:
        """ACO-years by ID, state or words of the name (module docstring); newest first, then by name."""
        return self.index.search(query)

    @property
    def index(self) -> DirectoryIndex:
        """The lookups search, history and peers use (``directory_index``), built on first use."""
        if self._index is None:
            self._index = DirectoryIndex(self.items, cleared_msr)
        return self._index

    def prepare(self) -> int:
        """Read the table and build the index now (the window does it under a busy cursor); the count."""
        return len(self.index.items)

    def rows_of(self, aco: str) -> list[AcoYear]:
        """Every row whose ACO_ID equals ``aco`` (case-insensitive) or, failing that, whose name is ``aco``."""
        items = self.items
        return [items[r] for r in self.index.rows_of(aco)]

    def find(self, aco: str, year: int) -> AcoYear:
        """The one ACO-year of ``aco`` (ID or exact name) in ``year``; ``LookupError`` naming what exists."""
        rows = self.rows_of(aco)
        if not rows:
            similar = {i.name for i in self.search(aco)[:50]}
            hint = f"; names with these words: {'; '.join(sorted(similar)[:5])}" if similar else ""
            raise LookupError(f"no ACO with ID or exact name {aco!r} in PY{self.years_text()}{hint} "
                              f"(try 'aco-desktop find-aco WORD')")
        in_year = [i for i in rows if i.year == year]
        if not in_year:
            years = ", ".join(str(y) for y in sorted({i.year for i in rows}))
            raise LookupError(f"{aco!r} has no PY{year} results; it has performance years {years}")
        if len(in_year) > 1:
            which = "; ".join(f"{i.aco_id or 'no ID'} {i.state or 'no state'} ({Path(i.record.path).name} line "
                              f"{i.record.line})" for i in in_year)
            how = "give the ACO_ID" if all(i.aco_id for i in in_year) else \
                "the file gives these rows no ACO_ID, so the name cannot tell them apart"
            raise LookupError(f"{aco!r} names {len(in_year)} ACOs in PY{year}: {which}; {how}")
        return in_year[0]

    def years_text(self) -> str:
        years = sorted({i.year for i in self.items})
        return f"{years[0]}-{years[-1]}" if years else "(none)"

    # ------------------------------------------------------------------------- history and peers

    def history(self, aco: str) -> History:
        """The ACO's years (ID rows plus earlier ID-less rows of the same exact name); ``LookupError`` if none."""
        index, items = self.index, self.items
        own = index.rows_of(aco)
        if not own:
            raise LookupError(f"no ACO with ID or exact name {aco!r} (try 'aco-desktop find-aco WORD')")
        rows, linked = [items[r] for r in own], [items[r] for r in index.linked_rows(own)]
        by_year: dict[int, AcoYear] = {}
        for item in rows + linked:  # an ID row wins over a name-linked row of the same year
            by_year.setdefault(item.year, item)
        years = tuple(_history_year(by_year[y]) for y in sorted(by_year))
        changes = tuple((b.year, b.savings_rate - a.savings_rate) for a, b in zip(years, years[1:])
                        if b.year == a.year + 1)
        spread = _sample_stdev([c for _, c in changes]) if len(changes) >= 2 else None
        return History(aco, years, changes, spread, spread / math.sqrt(2) if spread is not None else None)

    def peers(self, aco_year: AcoYear, factor: float = PEER_FACTOR) -> Peers:
        """Same year and track/level, beneficiaries within ``factor`` of this ACO's (this ACO excluded)."""
        if factor < 1:
            raise ValueError(f"factor must be 1 or more, got {factor}")
        r = aco_year.record
        low, high = r.beneficiaries / factor, r.beneficiaries * factor
        index = self.index
        rows = [int(row) for row in index.similar_rows(r.performance_year, r.track, low, high)
                if _other(self.items[row], aco_year)]
        rows.sort(key=lambda row: -index.savings[row])  # stable: ties keep the table's order
        rates = index.savings[rows]
        lower, ties = int(np.sum(rates < r.savings_rate)), int(np.sum(rates == r.savings_rate))
        percentile = 100.0 * (lower + 0.5 * ties) / len(rows) if rows else 50.0
        similar = tuple(self.items[row] for row in rows)
        return Peers(aco_year, factor, similar, int(np.sum(index.cleared[rows])), percentile)

    # ------------------------------------------------------------------------- results files

    def add_results_file(self, path: str | Path, rules) -> list[AcoYear]:
        """Read a CMS results file; its years replace the table's rows of those years. Returns the new rows."""
        from aco_desktop.cms.load import load_puf

        records = load_puf(Path(path), rules)
        states: dict[str, str] = {}
        for item in sorted(self.items, key=lambda i: i.year):
            if item.state and not item.state_from:
                states[item.aco_id or norm_name(item.name)] = item.state
        added = [AcoYear(r, states.get(r.aco_id) or states.get(norm_name(r.aco_name), ""),
                         "earlier row" if (r.aco_id in states or norm_name(r.aco_name) in states) else "")
                 for r in records]
        years = {a.year for a in added}
        self._items = [i for i in self.items if i.year not in years] + added
        self._index = None
        self.added_files.append(str(path))
        return added


def _history_year(item: AcoYear) -> HistoryYear:
    r = item.record
    return HistoryYear(r.performance_year, r.aco_id, r.aco_name, r.track, r.beneficiaries, r.savings_rate,
                       r.published_msr, r.published_earned)


# ----------------------------------------------------------------------------- the scenario and its sources

def scenario_for(aco_year: AcoYear, rules) -> tuple[Scenario, dict[str, str]]:
    """The scenario that settles ``aco_year`` as ``reproduce-puf`` does, and where each input came from.

    ``rules``: the registry (or mssp rulebook) the caller holds; it says which years' losses are forgiven
    automatically, where the per-ACO relief dollars (``DisAdj``) are not passed again."""
    from aco_desktop.cms.facts import BookFacts, mssp_book

    r = aco_year.record
    automatic = BookFacts(mssp_book(rules)).automatic_relief(r.performance_year)
    relief = -r.disadj if r.disadj < 0 and not automatic else 0.0
    scenario = r.scenario(disaster_adjustment=relief)
    return scenario, _sources(aco_year, automatic)


def _sources(aco_year: AcoYear, automatic: float) -> dict[str, str]:
    r = aco_year.record
    where = f"{Path(r.path).name} line {r.line}"
    current = r.source == "current"
    relief = (f"the rule file forgives PY{r.performance_year} losses automatically; DisAdj not passed again"
              if automatic else f"DisAdj {r.disadj:,.0f}" if r.disadj < 0 else "DisAdj empty or 0")
    quality = ("QualScore" if r.quality_score is not None else
               "pay for reporting: 100% (0% where FinalShareRate is 0)")
    given = {
        "rules": "rules in force ('mssp') for a CMS results row",
        "track": "Current_Track" if current else f"track ({r.track_source})",
        "performance_year": "the file's performance year",
        "agreement_year": f"agreement year from: {r.agreement_year_source}",
        "beneficiaries": "N_AB",
        "benchmark_per_capita": "ABtotBnchmk / N_AB",
        "savings_pct": "(ABtotBnchmk - ABtotExp) / ABtotBnchmk",
        "quality_pct": quality,
        "msr_election": "MinSavPerc (two-sided: the election read off the published MSR)" if r.two_sided
        else "one-sided: no election (MSR from the size table by N_AB)",
        "quality_standard": "Met_QPS / Met_AltQPS" if current else "as published (quality score, P4R)",
        "revenue_category": "Rev_Exp_Cat" if r.revenue_category else "not in the file",
        "agreement_start": "Current_Start_Date" if r.agreement_start else "not in the file (January of year 1)",
        "disaster_adjustment": relief,
        "aip_balance": "AIPBalance" if r.aip_balance is not None else "not in the file (0)",
        "participant_revenue": "not in the file (0): revenue in dollars is never published",
    }
    sources = {field: f"{text} ({where})" for field, text in given.items()}
    for field in Scenario.model_fields:
        sources.setdefault(field, "default (not in the results file)")
    return sources


# ----------------------------------------------------------------------------- module-level convenience

_DEFAULT = AcoDirectory()


def default_directory() -> AcoDirectory:
    """The directory over the shipped table, shared by the CLI and the window (read on first use)."""
    return _DEFAULT


def search(query: str) -> list[AcoYear]:
    return _DEFAULT.search(query)


def find(aco: str, year: int) -> AcoYear:
    return _DEFAULT.find(aco, year)


def history(aco: str) -> History:
    return _DEFAULT.history(aco)


def peers(aco_year: AcoYear, factor: float = PEER_FACTOR) -> Peers:
    return _DEFAULT.peers(aco_year, factor)


def add_results_file(path: str | Path, rules) -> list[AcoYear]:
    return _DEFAULT.add_results_file(path, rules)


def _sample_stdev(values: list[float]) -> float:
    """The sample standard deviation, in floats (``statistics.stdev`` works in exact fractions: a third
    of a fill from the table)."""
    mean = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _other(item: AcoYear, aco_year: AcoYear) -> bool:
    """``item != aco_year``, without comparing every field of two ACOs that differ in ID or name (a peer
    list compares dozens)."""
    if item is aco_year:
        return False
    a, b = item.record, aco_year.record
    return a.aco_id != b.aco_id or a.aco_name != b.aco_name or item != aco_year
