"""Settle every ACO-year of CMS's results files and compare with the published ``EarnSaveLoss``.

Tolerance: $5 or 0.2% of the published amount. The one-sided MSR is checked against the rule file's size
table too. Every miss carries its reason: a known exception (``exceptions.py``), a revenue-capped loss the
file flags, or "unexplained". The report counts per file (in the order given) and for the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from aco_desktop.cms.exceptions import known_exception, known_msr_exception
from aco_desktop.cms.facts import BookFacts, mssp_book
from aco_desktop.cms.load import combine
from aco_desktop.cms.records import PufRecord
from aco_desktop.engine import settle
from aco_desktop.rules import RuleRegistry, Rulebook

DOLLAR_TOLERANCE = 5.0
RELATIVE_TOLERANCE = 0.002
MSR_TOLERANCE = 0.000051  # PY2015 and PY2019-2021 publish the MSR to 4 decimals
UNEXPLAINED = "unexplained"


def within_tolerance(computed: float, published: float) -> bool:
    diff = abs(computed - published)
    return diff <= DOLLAR_TOLERANCE or diff <= RELATIVE_TOLERANCE * abs(published)


@dataclass(frozen=True, slots=True)
class Miss:
    record: PufRecord
    computed: float
    published: float
    reason: str  # a known exception's reason, or "unexplained"

    @property
    def difference(self) -> float:
        return self.computed - self.published

    def describe(self) -> str:
        return (f"{self.record.label}, line {self.record.line}: computed {self.computed:,.0f}, published "
                f"{self.published:,.0f} ({self.difference:+,.0f}); {self.reason}")


@dataclass(frozen=True, slots=True)
class MsrMiss:
    record: PufRecord
    computed: float
    published: float
    reason: str


@dataclass(slots=True)
class FileTally:
    rows: int = 0  # rows read from the file
    superseded: int = 0  # merged rows of a year a raw file covers
    skipped: int = 0  # no published earned amount
    compared: int = 0
    matched: int = 0


@dataclass(slots=True)
class ReproductionReport:
    per_year: dict[int, tuple[int, int]] = field(default_factory=dict)  # year -> (matched, compared)
    per_file: dict[str, FileTally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    skipped: list[PufRecord] = field(default_factory=list)  # no published earned amount
    msr_checked: int = 0
    msr_misses: list[MsrMiss] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(m for m, _ in self.per_year.values())

    @property
    def compared(self) -> int:
        return sum(t for _, t in self.per_year.values())

    @property
    def unexplained(self) -> list[Miss]:
        return [m for m in self.misses if m.reason == UNEXPLAINED]

    @property
    def all_explained(self) -> bool:
        return not self.unexplained and all(m.reason != UNEXPLAINED for m in self.msr_misses)

    def summary(self) -> str:
        return "\n".join(summary_lines(self))


Settle = Callable[[RuleRegistry | Rulebook, object], object]


def _settle_record(record: PufRecord, rules, book_facts: BookFacts, settle_: Settle):
    """The engine's settlement; per-ACO relief dollars (``DisAdj``) go in as the disaster adjustment,
    except in years whose losses the rule file forgives automatically."""
    automatic = book_facts.automatic_relief(record.performance_year)
    relief = -record.disadj if record.disadj < 0 and not automatic else 0.0
    return settle_(rules, record.scenario(disaster_adjustment=relief))


def _miss_reason(record: PufRecord, earned: float) -> str:
    reason = known_exception(record)
    if reason is None and record.rev_loss_limit and earned < (record.published_earned or 0) < 0:
        reason = "revenue-based loss cap (revlosslimit 1): participant revenue is not in the PUF"
    return reason or UNEXPLAINED


def reproduce(records: Sequence[PufRecord], rules: RuleRegistry | Rulebook, settle: Settle = settle) -> ReproductionReport:
    """Settle every ACO-year and compare with the published EarnSaveLoss (and one-sided MSR).

    ``records`` are composed with ``combine`` first, so merged and raw rows may be passed together.
    ``settle(rules, scenario)`` is the engine's (tests may pass a stand-in with ``.earned`` and ``.msr``).
    """
    report = ReproductionReport()
    facts = BookFacts(mssp_book(rules))
    kept = combine(records)
    kept_ids = {id(r) for r in kept}
    for record in records:
        tally = report.per_file.setdefault(record.path, FileTally())
        tally.rows += 1
        tally.superseded += id(record) not in kept_ids
    counts: dict[int, list[int]] = {}
    for record in kept:
        _check(report, counts, record, _settle_record(record, rules, facts, settle))
    report.per_year = {year: (m, t) for year, (m, t) in sorted(counts.items())}
    return report


def _check(report: ReproductionReport, counts: dict[int, list[int]], record: PufRecord, settlement) -> None:
    tally = report.per_file[record.path]
    if not record.two_sided and record.published_msr is not None:
        report.msr_checked += 1
        if abs(settlement.msr - record.published_msr) > MSR_TOLERANCE:
            report.msr_misses.append(MsrMiss(record, settlement.msr, record.published_msr,
                                             known_msr_exception(record) or UNEXPLAINED))
    if record.published_earned is None:
        report.skipped.append(record)
        tally.skipped += 1
        return
    year = counts.setdefault(record.performance_year, [0, 0])
    year[1] += 1
    tally.compared += 1
    if within_tolerance(settlement.earned, record.published_earned):
        year[0] += 1
        tally.matched += 1
    else:
        report.misses.append(Miss(record, settlement.earned, record.published_earned,
                                  _miss_reason(record, settlement.earned)))


# ----------------------------------------------------------------------------- the report as text

def _file_lines(report: ReproductionReport, path: str) -> list[str]:
    tally = report.per_file[path]
    lines = [f"{Path(path).name}: {tally.rows:,} rows read"]
    if tally.superseded:
        lines.append(f"  {tally.superseded:,} rows superseded by a raw file of the same year (not compared here)")
    if tally.skipped:
        lines.append(f"  {tally.skipped:,} rows without a published earned amount (skipped)")
    for miss in report.misses:
        if miss.record.path == path:
            lines.append(f"  miss: {miss.describe()}")
    lines.append(f"matched: {tally.matched} of {tally.compared}")
    return lines


def summary_lines(report: ReproductionReport) -> list[str]:
    lines: list[str] = []
    for path in report.per_file:
        lines += _file_lines(report, path) + [""]
    lines.append(f"whole run: ACO-years within ${DOLLAR_TOLERANCE:g} or {RELATIVE_TOLERANCE:.1%} of the "
                 f"published EarnSaveLoss")
    lines += [f"  PY{year}: {m} matched, {t} compared" for year, (m, t) in sorted(report.per_year.items())]
    explained = [m for m in report.misses if m.reason != UNEXPLAINED]
    lines.append(f"  misses: {len(report.misses)} ({len(explained)} known and explained, "
                 f"{len(report.misses) - len(explained)} unexplained)")
    if report.skipped:
        lines.append(f"  skipped (no published earned amount): {len(report.skipped)}")
    ok = report.msr_checked - len(report.msr_misses)
    lines.append(f"  one-sided MSR from N: {ok} agree with the size table, {report.msr_checked} checked")
    lines += [f"  MSR miss: {m.record.label}: {m.computed:.4%} vs {m.published:.4%}; {m.reason}"
              for m in report.msr_misses]
    lines.append(f"matched: {report.matched} of {report.compared}")
    return lines
