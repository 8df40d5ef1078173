"""CMS Shared Savings Program public use files (PUF): read them, turn each ACO-year into a ``Scenario``.

Three layouts are recognised by their header row (anything else raises ``ValueError`` naming the file):

* the merged PY2013-2021 table (``mssp_all_years_2013_2021.csv``: lower-case column names and a
  ``performance_year`` column);
* the raw PY2013 CMS file (``ACO Identifier`` ... ``Total savings/losses ($)``), whose data sit one column
  to the right of their headers for positions 13-34 (an unheaded "total expenditures" column). Each row is
  checked (benchmark - expenditures = savings/losses at positions 12, 13, 14) before it is read shifted;
* the raw PY2014 CMS file (``ACO_Num``, ``Track1``/``Track2``, ``QualScore`` with the text ``P4R``).

Units are normalised on reading: money in dollars, rates as fractions. The merged file's ``minsavperc`` is a
fraction except PY2014/2015, where it was divided by 100 twice (x100 here); the raw 2014 ``MinSavPerc`` is
in percent; the raw 2013 MSR is written ``0.0234%`` but is a fraction. Savings rates are recomputed from
the dollar columns, never read.

Composition (merged + raw files). ``combine`` (used by ``load_pufs`` and by ``reproduce``) keeps, for every
performance year that a raw file covers, the raw file's rows and drops the merged file's rows of that year.
So ``reproduce(load_puf(merged) + load_puf(raw2013), settle)`` uses the raw 2013 rows (the only source of
PY2013 ``EarnSaveLoss``: shared savings at position 15 plus shared losses at position 16) and the merged rows
for 2014-2021. Records without a published earned amount (merged PY2013 alone) are counted as skipped.

Mapping to a ``Scenario`` (``PufRecord.scenario``): beneficiaries = N_AB; benchmark_per_capita = B / N;
savings_pct = 100 (B - E) / B; quality_pct = 100 x QualScore (100 for pay-for-reporting, 0 for a
pay-for-reporting ACO whose final sharing rate is 0, i.e. it failed to report); quality_standard "not-met"
where the published final sharing rate is 0 or ``met_qps`` is 0; msr_election for two-sided rows from the
published MSR ("0.0".."2.0" when it is one of the elections, else "table"); loss_relief_pct: the PUF
gives the relief in dollars (``disadj``) and the ``Scenario`` takes a share, so ``reproduce`` settles a
relief row once without relief and then with |disadj| as a share of the shared loss the engine computed;
participant_revenue 0 (not in the PUF).

Track: the PY2016+ flags; raw 2013 "Track 2 ACO" / raw 2014 Track1/Track2 flags; for merged PY2013-2015
(empty flags) Track 2 where the implied maximum sharing rate (final rate / quality score, or the final
rate itself for pay-for-reporting) is 0.60, or, when the final rate is 0, where the published MSR is the
flat 2% while the size table would give more. (The "final rate > 0.5" shortcut mislabels Accountable Care
Coalition of DeKalb in 2014 and 2015: Track 2 in the raw 2014 file, quality 0.81, final rate 0.485.)

Agreement year (only Track 2's loss cap depends on it): PY2013 is year 1 (April/July 2012 and January 2013
starters all had their first performance year end in December 2013). PY2014: pay-for-reporting rows are
the 2014 starters (year 1; in the raw 2014 file the 119 P4R rows are exactly the 119 with a 2014 start
date), all others year 2; the raw 2014 file uses its Start_Date. PY2015: P4R -> 1; an ACO that was P4R in
the same file's PY2014 rows (matched by name) -> 2; otherwise 3. PY2016+: performance year minus the
``current_start_date`` year, plus 1 (a July 2019 starter's PY2020 is its second performance year), within 1-5.

Prototype findings (rules of ../shared/rules-reference.md sections 3-6; tolerance $5 or 0.2%; merged file
for 2014-2021, raw 2013 file for PY2013):

====  =======  ======  ==================================================================================
year  matched  rows    what was needed beyond the plain rules
====  =======  ======  ==================================================================================
2013   220      220    earned = savings column + losses column of the raw file (Dean Clinic, Track 2,
                       owes 3,986,552 = 40% x 9,966,380; no sequestration on losses); Track 2 from flag
2014   333      333    P4R -> full score; 2 P4R rows with final rate 0 (failed reporting) -> not met
2015   392      392    P4R; BAROMA (final rate 0) -> not met; DeKalb is Track 2 (see above)
2016   432      432    -
2017   472      472    ``disadj`` relief after rate and cap (11 loss rows); final rate 0 -> not met (3)
2018   548      548    quality not met on a loss (Accountable Care of Nevada, Track 3): final rate 0, so
                       loss rate 1 - 0 = 100% held at 75%; Track 1+ loss rate 30%, cap 4% of B
2019   473      475    no sequestration; rate = max share x quality (published rate is rounded)
2020   513      513    two-sided losses waived (published 0)
2021   475      475    full max rate when the standard is met (quality score not applied); losses offset
====  =======  ======  ==================================================================================
total 3858 of 3860. One-sided MSR from N_AB (size table, linear): 3,221 of 3,222 one-sided rows within
0.00005 (2015 and 2019-2021 publish 4 decimals; 2013, 2014, 2016-2018 agree to 1e-8 with the
span end - start, e.g. 7,500 -> 3.2999%); the exception is KCMPA-ACO 2017 (N 152, published 25.42%, the table
gives 12.2%; it failed quality, earned 0 either way).

The two misses (``KNOWN_EXCEPTIONS``): Physicians Accountable Care of Utah 2019 (Track 1+, ``revlosslimit`` 1: the
loss is held by the revenue-based cap, 8% of participant revenue, which the PUF lacks); Saint Francis
HealthCare Partners 2019 (Track 1+: published -702,674 = 30% x 2,348,698 - 1,935, i.e. half the published
``disadj`` of -3,870; with the full relief the result is $1,924 = 0.27% off). The rules reference counts
3,854 with 6 revenue-cap misses; only one revenue-capped loss is binding with the conventions here.

What the prototype's arithmetic (and so the engine) needed, beyond rules-reference.md: quality standard
not met -> final sharing rate 0 for losses too (Track 2 loss rate 60%, Track 3/ENHANCED 75%); no
sequestration on losses (PY2013 Track 2); Track 1+ loss rate 30% with a 4%-of-benchmark cap when no
revenue is given; ``participant_revenue`` 0 means "not given", so revenue-based caps (BASIC C-E, Track 1+)
fall back to the benchmark-based cap rather than becoming 0; a 0% elected MSR/MLR shares from any saving or
loss; the size table below 5,000 for one-sided Track 1 rows too (500-4,999 rows verified in 2015-2017).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from functools import lru_cache

from aco_desktop.engine import msr_from_table, settle
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario

__all__ = [
    "PufRecord",
    "ReproductionReport",
    "Miss",
    "KNOWN_EXCEPTIONS",
    "load_puf",
    "load_pufs",
    "combine",
    "record_to_scenario",
    "known_exception",
    "table_msr",
    "reproduce",
    "track_counts",
]

# Merged-file flag columns, in the order they are tried.
_TRACK_FLAGS = (
    ("current_track_1", "track-1"), ("current_track_2", "track-2"), ("current_track_3", "track-3"),
    ("current_track_1_plus", "track-1-plus"), ("current_basic_a", "basic-a"),
    ("current_basic_b", "basic-b"), ("current_basic_c", "basic-c"), ("current_basic_d", "basic-d"),
    ("current_basic_e", "basic-e"), ("current_enhanced", "enhanced"),
)


# Rule values come from the rule file (resources/rules/mssp.toml), never typed here.
@lru_cache(maxsize=1)
def _mssp():
    return RuleRegistry.load()["mssp"]


def _is_one_sided(track: str) -> bool:
    book = _mssp()
    return book.models[book.tracks[track].models[-1]].risk == "one-sided"


def _msr_elections() -> tuple[float, ...]:
    choices = _mssp().models["track-2"].msr.choices
    return tuple(float(c) / 100 for c in choices if c != "table")


DOLLAR_TOLERANCE = 5.0
RELATIVE_TOLERANCE = 0.002
MSR_TOLERANCE = 0.000051  # PY2015 and PY2019-2021 publish the MSR to 4 decimals

# (performance year, ACO name as published, stripped) -> why the published amount is not reproduced.
KNOWN_EXCEPTIONS: dict[tuple[int, str], str] = {
    (2019, "Physicians Accountable Care of Utah"): (
        "revenue-based loss cap: Track 1+ loss held at 8% of ACO participant revenue (revlosslimit 1); "
        "the PUF has no revenue figure"
    ),
    (2019, "Saint Francis HealthCare Partners ACO Inc."): (
        "extreme-and-uncontrollable relief: the published loss is reduced by half of the published "
        "disadj (1,935 of 3,870); cause not found"
    ),
}
# Not a settlement miss (earned 0 either way) but the one-sided MSR is not the size table's.
KNOWN_MSR_EXCEPTIONS: dict[tuple[int, str], str] = {
    (2017, "KCMPA-ACO, LLC"): "N 152: published MSR 25.42%, the size table gives 12.2% (below 500 unsourced)",
}


def table_msr(beneficiaries: int) -> float:
    """One-sided MSR from the rule file's size table, linear within a row (fraction)."""
    return msr_from_table(_mssp().msr_table, beneficiaries).value


@dataclass(frozen=True, slots=True)
class PufRecord:
    """One ACO-year, normalised: dollars, fractions, a track name the rule files use."""

    source: str  # "merged", "raw-2013" or "raw-2014"
    path: str
    line: int  # 1-based line of the row in its file (header = line 1)
    performance_year: int
    aco_id: str  # ACO_ID / ACO_Num / ACO Identifier; "" where the file has none (merged, pre-2018)
    aco_name: str
    track: str
    track_source: str  # "flag" or "inferred"
    agreement_year: int
    agreement_year_source: str  # "start date" or the evidence used
    beneficiaries: int  # N_AB
    benchmark: float  # B, total dollars
    expenditures: float  # E, total dollars
    quality_score: float | None  # fraction; None = pay for reporting
    final_share_rate: float | None  # as published (rounded to 2 decimals in 2019/2020)
    published_earned: float | None  # EarnSaveLoss; None where the file has none (merged 2013)
    published_msr: float | None  # fraction
    disadj: float  # <= 0: relief of shared losses in dollars (0 when empty)
    rev_loss_limit: bool | None  # revlosslimit flag (2018+), None when absent
    met_quality_standard: bool

    @property
    def pay_for_reporting(self) -> bool:
        return self.quality_score is None

    @property
    def gross_savings(self) -> float:
        return self.benchmark - self.expenditures

    @property
    def savings_rate(self) -> float:
        return self.gross_savings / self.benchmark

    @property
    def two_sided(self) -> bool:
        return not _is_one_sided(self.track)

    @property
    def key(self) -> tuple[int, str]:
        return (self.performance_year, self.aco_name)

    @property
    def label(self) -> str:
        ident = f"{self.aco_id} " if self.aco_id else ""
        return f"PY{self.performance_year} {ident}{self.aco_name} ({self.track})"

    @property
    def quality_pct(self) -> float:
        if self.quality_score is None:
            return 0.0 if self.final_share_rate == 0 else 100.0
        return 100.0 * self.quality_score

    @property
    def msr_election(self) -> str | None:
        """The elected MSR/MLR for two-sided rows, read off the published MSR; None for one-sided."""
        if not self.two_sided:
            return None
        if self.published_msr is None:
            return "2.0" if self.track == "track-2" else "table"
        for elected in _msr_elections():
            if abs(self.published_msr - elected) < 1e-9:
                return f"{100 * elected:.1f}"
        return "table"

    @property
    def has_relief(self) -> bool:
        """Shared losses reduced by a per-ACO relief amount (``disadj``; PY2020/2021 relief is automatic)."""
        return self.disadj < 0 and self.performance_year not in (2020, 2021)

    def scenario(self, loss_relief_pct: float = 0.0) -> Scenario:
        return record_to_scenario(self, loss_relief_pct)


def record_to_scenario(record: PufRecord, loss_relief_pct: float = 0.0) -> Scenario:
    """The settlement engine's input for one ACO-year (conventions in the module docstring)."""
    return Scenario(
        rules="mssp",
        track=record.track,
        performance_year=record.performance_year,
        agreement_year=record.agreement_year,
        beneficiaries=record.beneficiaries,
        benchmark_per_capita=record.benchmark / record.beneficiaries,
        savings_pct=100.0 * record.savings_rate,
        quality_pct=record.quality_pct,
        msr_election=record.msr_election,
        quality_standard="met" if record.met_quality_standard else "not-met",
        loss_relief_pct=loss_relief_pct,
        participant_revenue=0.0,
    )


def known_exception(record: PufRecord) -> str | None:
    """Why this ACO-year's published amount is not expected to reproduce from PUF columns, or None."""
    return KNOWN_EXCEPTIONS.get((record.performance_year, record.aco_name))


# ----------------------------------------------------------------------------------------------- reading

def _num(text: str | None) -> float | None:
    """A number from a PUF cell: '', 'NA', 'nan' -> None; '$1,234.50' and '0.0234%' -> the bare number."""
    if text is None:
        return None
    cleaned = text.strip().replace("$", "").replace(",", "").rstrip("%")
    if cleaned == "" or cleaned.upper() in {"NA", "NAN", "N/A", "."}:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return None if math.isnan(value) else value


def _need(value: float | None, what: str, where: str) -> float:
    if value is None:
        raise ValueError(f"{where}: {what} is empty or not a number")
    return value


def _year_of(date_text: str) -> int | None:
    match = re.search(r"(\d{4})", date_text or "")
    return int(match.group(1)) if match else None


def _norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _max_share_implied(fsr: float | None, quality: float | None) -> float | None:
    if fsr is None:
        return None
    if quality is None:
        return fsr
    return fsr / quality if quality > 0 else None


def _infer_early_track(fsr: float | None, quality: float | None, msr: float | None, n: int) -> str:
    implied = _max_share_implied(fsr, quality)
    track_2_rate = _mssp().models["track-2"].max_sharing_rate.value
    if implied is not None and implied > 0 and abs(implied - track_2_rate) < 0.002:
        return "track-2"
    if fsr == 0 and msr is not None and abs(msr - 0.02) < 1e-9 and table_msr(n) > 0.0201:
        return "track-2"
    return "track-1"


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise ValueError(f"{path}: empty file, not a CMS Shared Savings Program PUF") from None
        return header, [row for row in reader if any(cell.strip() for cell in row)]


def load_puf(path: str | Path) -> list[PufRecord]:
    """Every ACO-year in one PUF file (merged 2013-2021, raw 2013 or raw 2014), in file order."""
    path = Path(path)
    header, rows = _read_rows(path)
    names = [h.strip() for h in header]
    lower = {h.lower() for h in names}
    if {"performance_year", "n_ab", "abtotbnchmk", "abtotexp", "earnsaveloss"} <= lower:
        return _load_merged(path, names, rows)
    if names[:2] == ["ACO Identifier", "ACO Name"] and len(names) > 17 and \
            names[13] == "Total savings/losses ($)" and names[15] == "Shared Losses ($)":
        return _load_raw_2013(path, names, rows)
    if {"ACO_Num", "N_AB", "ABtotBnchmk", "ABtotExp", "EarnSaveLoss", "QualScore", "Track2"} <= set(names):
        return _load_raw_2014(path, names, rows)
    raise ValueError(
        f"{path}: not a recognised CMS Shared Savings Program PUF (expected the merged 2013-2021 table, "
        f"the raw PY2013 file or the raw PY2014 file); header starts {names[:5]}"
    )


def _load_merged(path: Path, names: list[str], rows: list[list[str]]) -> list[PufRecord]:
    index = {name.lower(): i for i, name in enumerate(names)}

    def cell(row: list[str], column: str) -> str:
        i = index.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""

    # P4R in PY2014 (by name) decides PY2015's agreement year.
    p4r_2014 = set()
    for row in rows:
        if _num(cell(row, "performance_year")) == 2014 and _num(cell(row, "qualscore")) is None:
            p4r_2014.add(_norm_name(cell(row, "aco_name")))

    records = []
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        year = int(_need(_num(cell(row, "performance_year")), "performance_year", where))
        n = int(_need(_num(cell(row, "n_ab")), "n_ab", where))
        quality = _num(cell(row, "qualscore"))
        fsr = _num(cell(row, "finalsharerate"))
        msr = _num(cell(row, "minsavperc"))
        if msr is not None and year in (2014, 2015):
            msr *= 100.0  # divided by 100 twice in the merge
        name = cell(row, "aco_name")
        flags = [track for column, track in _TRACK_FLAGS if _num(cell(row, column)) == 1]
        if len(flags) > 1:
            raise ValueError(f"{where}: more than one track flag set ({flags})")
        if flags:
            track, track_source = flags[0], "flag"
        else:
            track, track_source = _infer_early_track(fsr, quality, msr, n), "inferred"
        start = _year_of(cell(row, "current_start_date"))
        if year == 2013:
            agreement_year, basis = 1, "PY2013 is every ACO's first performance year"
        elif start is not None:
            agreement_year, basis = year - max(start, 2013) + 1, "start date"
        elif year == 2014:
            agreement_year, basis = (1, "P4R") if quality is None else (2, "not P4R in 2014")
        elif year == 2015:
            if quality is None:
                agreement_year, basis = 1, "P4R"
            elif _norm_name(name) in p4r_2014:
                agreement_year, basis = 2, "P4R in 2014"
            else:
                agreement_year, basis = 3, "not P4R in 2014 or 2015"
        else:
            agreement_year, basis = 1, "unknown"
        revlimit = _num(cell(row, "revlosslimit"))
        met = _num(cell(row, "met_qps"))
        records.append(PufRecord(
            source="merged", path=str(path), line=line, performance_year=year,
            aco_id=cell(row, "aco_id") if cell(row, "aco_id").upper() not in {"NA", "NAN"} else "",
            aco_name=name, track=track, track_source=track_source,
            agreement_year=min(5, max(1, agreement_year)), agreement_year_source=basis,
            beneficiaries=n,
            benchmark=_need(_num(cell(row, "abtotbnchmk")), "abtotbnchmk", where),
            expenditures=_need(_num(cell(row, "abtotexp")), "abtotexp", where),
            quality_score=quality, final_share_rate=fsr,
            published_earned=_num(cell(row, "earnsaveloss")), published_msr=msr,
            disadj=_num(cell(row, "disadj")) or 0.0,
            rev_loss_limit=None if revlimit is None else revlimit == 1,
            met_quality_standard=not (fsr == 0 or met == 0),
        ))
    return records


def _load_raw_2013(path: Path, names: list[str], rows: list[list[str]]) -> list[PufRecord]:
    records = []
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"
        row = row + [""] * (len(names) - len(row))
        benchmark = _need(_num(row[12]), "total benchmark expenditures", where)
        expenditures = _need(_num(row[13]), "total expenditures (position 13)", where)
        gross = _need(_num(row[14]), "savings/losses (position 14)", where)
        if abs(benchmark - expenditures - gross) > 1.0:
            raise ValueError(
                f"{where}: expected the known one-column misalignment (positions 12, 13, 14 = benchmark, "
                f"expenditures, benchmark minus expenditures) but {benchmark} - {expenditures} != {gross}"
            )
        savings, losses = _num(row[15]) or 0.0, _num(row[16]) or 0.0
        quality = _num(row[7])
        fsr = _num(row[9])
        track_flag = _num(row[3])
        n = int(_need(_num(row[17]), "assigned beneficiaries (position 17)", where))
        msr = _num(row[11])  # written '0.0234%' but a fraction
        track = "track-2" if track_flag == 1 else "track-1"
        records.append(PufRecord(
            source="raw-2013", path=str(path), line=line, performance_year=2013,
            aco_id=row[0].strip(), aco_name=row[1].strip(), track=track, track_source="flag",
            agreement_year=1, agreement_year_source="PY2013 is every ACO's first performance year",
            beneficiaries=n, benchmark=benchmark, expenditures=expenditures,
            quality_score=quality, final_share_rate=fsr,
            published_earned=savings + losses, published_msr=msr, disadj=0.0, rev_loss_limit=None,
            met_quality_standard=fsr != 0,
        ))
    return records


def _load_raw_2014(path: Path, names: list[str], rows: list[list[str]]) -> list[PufRecord]:
    index = {name: i for i, name in enumerate(names)}
    records = []
    for line, row in enumerate(rows, start=2):
        where = f"{path.name} line {line}"

        def cell(column: str) -> str:
            i = index[column]
            return row[i].strip() if i < len(row) else ""

        qual_text = cell("QualScore")
        quality = None if qual_text.upper() == "P4R" else _num(qual_text)
        if quality is None and qual_text.upper() != "P4R":
            raise ValueError(f"{where}: QualScore {qual_text!r} is neither a number nor P4R")
        fsr = _num(cell("FinalShareRate"))
        msr = _num(cell("MinSavPerc"))
        start = _year_of(cell("Start_Date"))
        n = int(_need(_num(cell("N_AB")), "N_AB", where))
        if _num(cell("Track2")) == 1:
            track, track_source = "track-2", "flag"
        elif _num(cell("Track1")) == 1:
            track, track_source = "track-1", "flag"
        else:
            track, track_source = _infer_early_track(fsr, quality, None if msr is None else msr / 100, n), \
                "inferred"
        if start is not None:
            agreement_year, basis = 2014 - max(start, 2013) + 1, "start date"
        else:
            agreement_year, basis = (1, "P4R") if quality is None else (2, "not P4R in 2014")
        records.append(PufRecord(
            source="raw-2014", path=str(path), line=line, performance_year=2014,
            aco_id=cell("ACO_Num"), aco_name=cell("ACO_NAME"), track=track, track_source=track_source,
            agreement_year=min(5, max(1, agreement_year)), agreement_year_source=basis,
            beneficiaries=n,
            benchmark=_need(_num(cell("ABtotBnchmk")), "ABtotBnchmk", where),
            expenditures=_need(_num(cell("ABtotExp")), "ABtotExp", where),
            quality_score=quality, final_share_rate=fsr,
            published_earned=_num(cell("EarnSaveLoss")),
            published_msr=None if msr is None else msr / 100.0,  # percent in this file
            disadj=0.0, rev_loss_limit=None, met_quality_standard=fsr != 0,
        ))
    return records


def combine(records: Iterable[PufRecord]) -> list[PufRecord]:
    """Merged-file rows, except that a performance year covered by a raw file takes the raw file's rows."""
    records = list(records)
    raw_years = {r.performance_year for r in records if r.source != "merged"}
    return [r for r in records if r.source != "merged" or r.performance_year not in raw_years]


def load_pufs(*paths: str | Path) -> list[PufRecord]:
    """Several PUF files read together and composed by ``combine``."""
    return combine(record for path in paths for record in load_puf(path))


# ---------------------------------------------------------------------------------------- reproduction

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
        return (f"{self.record.label}: computed {self.computed:,.0f}, published {self.published:,.0f} "
                f"({self.difference:+,.0f}); {self.reason}")


@dataclass(frozen=True, slots=True)
class MsrMiss:
    record: PufRecord
    computed: float
    published: float
    reason: str


@dataclass(slots=True)
class ReproductionReport:
    per_year: dict[int, tuple[int, int]] = field(default_factory=dict)  # year -> (matched, compared)
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
        return [m for m in self.misses if m.reason == "unexplained"]

    def summary(self) -> str:
        lines = [f"{self.matched:,} of {self.compared:,} ACO-years within ${DOLLAR_TOLERANCE:g} or "
                 f"{RELATIVE_TOLERANCE:.1%} of the published EarnSaveLoss"]
        lines += [f"  PY{year}: {m} of {t}" for year, (m, t) in sorted(self.per_year.items())]
        lines += [f"  miss: {miss.describe()}" for miss in self.misses]
        if self.skipped:
            lines.append(f"  skipped (no published earned amount): {len(self.skipped)}")
        lines.append(f"one-sided MSR from N: {self.msr_checked - len(self.msr_misses)} of {self.msr_checked}")
        lines += [f"  MSR miss: {m.record.label}: {m.computed:.4%} vs {m.published:.4%}; {m.reason}"
                  for m in self.msr_misses]
        return "\n".join(lines)


def reproduce(records: Sequence[PufRecord], rules: RuleRegistry, settle=settle) -> ReproductionReport:
    """Settle every ACO-year and compare with the published EarnSaveLoss (and one-sided MSR).

    ``records`` are composed with ``combine`` first, so merged and raw rows may be passed together.
    ``settle(rules, scenario)`` is the engine's (tests may pass a stand-in with ``.earned`` and ``.msr``).
    """
    report = ReproductionReport()
    counts: dict[int, list[int]] = {}
    for record in combine(records):
        settlement = settle(rules, record.scenario())
        if record.has_relief and settlement.earned < 0:
            # The PUF gives the relief in dollars; the scenario takes it as a share of the shared loss
            # the engine computes (never derived from the published result it is compared with).
            share = min(100.0, 100.0 * -record.disadj / -settlement.earned)
            settlement = settle(rules, record.scenario(loss_relief_pct=share))
        if not record.two_sided and record.published_msr is not None:
            report.msr_checked += 1
            if abs(settlement.msr - record.published_msr) > MSR_TOLERANCE:
                report.msr_misses.append(MsrMiss(
                    record, settlement.msr, record.published_msr,
                    KNOWN_MSR_EXCEPTIONS.get(record.key, "unexplained")))
        if record.published_earned is None:
            report.skipped.append(record)
            continue
        tally = counts.setdefault(record.performance_year, [0, 0])
        tally[1] += 1
        if within_tolerance(settlement.earned, record.published_earned):
            tally[0] += 1
        else:
            reason = known_exception(record)
            if reason is None and record.rev_loss_limit and settlement.earned < record.published_earned < 0:
                reason = "revenue-based loss cap (revlosslimit 1): participant revenue is not in the PUF"
            report.misses.append(Miss(record, settlement.earned, record.published_earned,
                                      reason or "unexplained"))
    report.per_year = {year: (m, t) for year, (m, t) in sorted(counts.items())}
    return report


def track_counts(records: Iterable[PufRecord]) -> Counter[tuple[int, str]]:
    """How many ACO-years per (performance year, track): a quick look at a loaded file."""
    return Counter((r.performance_year, r.track) for r in records)
