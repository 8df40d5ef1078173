"""CMS's current results layout: one file a performance year, PY2022, PY2023 and PY2024.

The year is recognised by the header (``YEAR_SIGNATURES``), never the file name. Rates are percent: strings
with a sign in 2022 and 2023 (``"3.21%"``), bare numbers in 2024 (``FinalShareRate`` 50 = 50%); ``-`` means
not applicable; 2023 and 2024 have CRLF line ends; dates are M/D/YYYY. The columns read are named alike
in the three files except where ``ALIASES`` lists alternatives (checked against each header by ``head -1``).

Mapping: track from ``Current_Track`` (A-E -> the rule file's ``basic-a``..``basic-e``, EN -> the one track
whose id starts ``en``: ``enhanced``); agreement start from ``Current_Start_Date`` and the agreement year
counted from it (a July-2019 starter's PY2024 is its 6th year, as the rule file's track extension allows);
quality standard ``Met_QPS`` 1 -> met, ``Met_AltQPS`` 1 -> alternative, else not met; ``QualScore`` the
quality score; the two-sided MSR election read off ``MinSavPerc``; ``DisAdj`` (<= 0) dollars of relief;
``Rev_Exp_Cat`` Low/High Revenue; ``AIPBalance``, ``Guardrail``, ``ReducedSS`` where present (PY2024).
"""

from __future__ import annotations

from pathlib import Path

from aco_desktop.cms.cells import data_rows, month_of, need, num
from aco_desktop.cms.facts import BookFacts
from aco_desktop.cms.records import PufRecord

# Columns that identify each year's file (all must be present; the first match wins, newest first).
YEAR_SIGNATURES: tuple[tuple[int, frozenset[str]], ...] = (
    (2024, frozenset({"Met_40pctl", "AIPBalance", "Guardrail", "ReducedSS", "Met_AltQPS"})),
    (2023, frozenset({"Met_30pctl", "Met_AltQPS", "FinalLossRate", "Impact_Mid_Year_Termination"})),
    (2022, frozenset({"Met_30pctl", "Prorate_Shared_Losses"})),
)
# Columns every year has (the layout's own signature).
COMMON = frozenset({"ACO_ID", "ACO_Name", "Current_Start_Date", "Current_Track", "N_AB", "MinSavPerc",
                    "GenSaveLoss", "EarnSaveLoss", "QualScore", "ABtotBnchmk", "ABtotExp", "FinalShareRate",
                    "Met_QPS", "DisAdj", "Rev_Exp_Cat"})
# field -> column names by year (a field missing from a year's file reads as empty).
ALIASES: dict[str, dict[int, str]] = {
    "met_percentile": {2022: "Met_30pctl", 2023: "Met_30pctl", 2024: "Met_40pctl"},
    "met_alternative": {2023: "Met_AltQPS", 2024: "Met_AltQPS"},
    "aip_balance": {2024: "AIPBalance"},
    "guardrail": {2024: "Guardrail"},
    "reduced_share": {2024: "ReducedSS"},
}
REVENUE = {"low revenue": "low", "high revenue": "high"}


def performance_year(names: list[str]) -> int | None:
    present = set(names)
    if not COMMON <= present:
        return None
    for year, signature in YEAR_SIGNATURES:
        if signature <= present:
            return year
    return None


def recognises(names: list[str]) -> bool:
    return performance_year(names) is not None


def track_for_code(facts: BookFacts, code: str, where: str) -> str:
    """A ``Current_Track`` code as a rule-file track id: 'B' -> basic-b, 'EN' -> enhanced."""
    c = code.strip().lower()
    if c and facts.has_track(f"basic-{c}"):
        return f"basic-{c}"
    prefixed = [t for t in facts.book.tracks if c and t.startswith(c)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise ValueError(f"{where}: Current_Track {code!r} is not a track of the rule file")


class _Row:
    def __init__(self, index: dict[str, int], cells: list[str], year: int) -> None:
        self.index, self.cells, self.year = index, cells, year

    def __call__(self, column: str) -> str:
        if column in ALIASES:
            column = ALIASES[column].get(self.year, "")
        i = self.index.get(column)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def rate(self, column: str) -> float | None:
        """A percent cell ('3.21%' or 3.21) as a fraction."""
        value = num(self(column))
        return None if value is None else value / 100.0

    def flag(self, column: str) -> bool | None:
        value = num(self(column))
        return None if value is None else value == 1


def load(path: Path, names: list[str], facts: BookFacts) -> list[PufRecord]:
    year = performance_year(names)
    index = {name: i for i, name in enumerate(names)}
    return [_record(path, line, _Row(index, cells, year), facts) for line, cells in data_rows(path)]


def _quality_standard(row: _Row) -> str:
    if row.flag("Met_QPS"):
        return "met"
    return "alternative" if row.flag("met_alternative") else "not-met"


def _agreement(facts: BookFacts, track: str, year: int, start: str | None, where: str) -> int:
    if start is None:
        raise ValueError(f"{where}: Current_Start_Date is not a M/D/YYYY date")
    agreement_year = year - int(start[:4]) + 1
    longest = facts.agreement_length(track, start)
    if not 1 <= agreement_year <= longest:
        raise ValueError(f"{where}: an agreement that began {start} cannot be in performance year {year} "
                         f"(agreement year {agreement_year}; {track} agreements last {longest} years)")
    return agreement_year


def _record(path: Path, line: int, row: _Row, facts: BookFacts) -> PufRecord:
    where = f"{path.name} line {line}"
    year = row.year
    track = track_for_code(facts, row("Current_Track"), where)
    start = month_of(row("Current_Start_Date"))
    msr = row.rate("MinSavPerc")
    return PufRecord(
        source="current", path=str(path), line=line, performance_year=year,
        aco_id=row("ACO_ID"), aco_name=row("ACO_Name"), track=track, track_source="flag",
        agreement_year=_agreement(facts, track, year, start, where), agreement_year_source="start date",
        beneficiaries=int(need(num(row("N_AB")), "N_AB", where)),
        benchmark=need(num(row("ABtotBnchmk")), "ABtotBnchmk", where),
        expenditures=need(num(row("ABtotExp")), "ABtotExp", where),
        quality_score=need(row.rate("QualScore"), "QualScore", where), final_share_rate=row.rate("FinalShareRate"),
        published_earned=need(num(row("EarnSaveLoss")), "EarnSaveLoss", where), published_msr=msr,
        disadj=num(row("DisAdj")) or 0.0, rev_loss_limit=None,
        quality_standard=_quality_standard(row),
        two_sided=not facts.one_sided(track), msr_election=facts.election_for(track, msr),
        agreement_start=start, revenue_category=REVENUE.get(row("Rev_Exp_Cat").lower()),
        aip_balance=num(row("aip_balance")), guardrail=row.flag("guardrail"),
        reduced_share=row.flag("reduced_share"),
    )
