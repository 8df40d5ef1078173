"""The raw PY2014 CMS file (``ACO_Num``, ``Track1``/``Track2``, ``QualScore`` with the text ``P4R``).

``Sav_rate`` and ``MinSavPerc`` are in percent; ``QualScore`` a fraction or ``P4R`` (first-year
pay-for-reporting ACOs). The flag columns ``Track1``/``Track2`` are matched to the rule file's track ids
(``track-1``, ``track-2``). Agreement year from ``Start_Date`` (2014 starters are year 1).
"""

from __future__ import annotations

from pathlib import Path

from aco_desktop.cms.cells import data_rows, need, num, year_of
from aco_desktop.cms.early import early_agreement_year, infer_early_track
from aco_desktop.cms.facts import BookFacts
from aco_desktop.cms.records import PufRecord

REQUIRED = {"ACO_Num", "N_AB", "ABtotBnchmk", "ABtotExp", "EarnSaveLoss", "QualScore", "Track2"}
YEAR = 2014


def recognises(names: list[str]) -> bool:
    return REQUIRED <= set(names)


def _flag_tracks(facts: BookFacts) -> list[tuple[str, str]]:
    """('Track2', 'track-2'), ('Track1', 'track-1'): the file's flags, Track 2 first, as the rule file names them."""
    pairs = [(f"Track{n}", f"track-{n}") for n in (2, 1)]
    return [(column, track) for column, track in pairs if facts.has_track(track)]


def load(path: Path, names: list[str], facts: BookFacts) -> list[PufRecord]:
    index = {name: i for i, name in enumerate(names)}
    flags = _flag_tracks(facts)
    return [_record(path, line, row, index, facts, flags) for line, row in data_rows(path)]


def _record(path: Path, line: int, row: list[str], index: dict[str, int], facts: BookFacts, flags) -> PufRecord:
    where = f"{path.name} line {line}"

    def cell(column: str) -> str:
        i = index[column]
        return row[i].strip() if i < len(row) else ""

    qual_text = cell("QualScore")
    quality = None if qual_text.upper() == "P4R" else num(qual_text)
    if quality is None and qual_text.upper() != "P4R":
        raise ValueError(f"{where}: QualScore {qual_text!r} is neither a number nor P4R")
    fsr, msr_pct = num(cell("FinalShareRate")), num(cell("MinSavPerc"))
    msr = None if msr_pct is None else msr_pct / 100.0  # percent in this file
    n = int(need(num(cell("N_AB")), "N_AB", where))
    flagged = [track for column, track in flags if num(cell(column)) == 1]
    track, track_source = (flagged[0], "flag") if flagged else (infer_early_track(facts, fsr, quality, msr, n), "inferred")
    start = year_of(cell("Start_Date"))
    if start is not None:
        agreement_year, basis = YEAR - max(start, 2013) + 1, "start date"
    else:
        agreement_year, basis = early_agreement_year(YEAR, quality is None, False)
    return PufRecord(
        source="raw-2014", path=str(path), line=line, performance_year=YEAR,
        aco_id=cell("ACO_Num"), aco_name=cell("ACO_NAME"), track=track, track_source=track_source,
        agreement_year=min(facts.agreement_length(track), max(1, agreement_year)), agreement_year_source=basis,
        beneficiaries=n,
        benchmark=need(num(cell("ABtotBnchmk")), "ABtotBnchmk", where),
        expenditures=need(num(cell("ABtotExp")), "ABtotExp", where),
        quality_score=quality, final_share_rate=fsr,
        published_earned=num(cell("EarnSaveLoss")), published_msr=msr,
        disadj=0.0, rev_loss_limit=None, quality_standard="met" if fsr != 0 else "not-met",
        two_sided=not facts.one_sided(track), msr_election=facts.election_for(track, msr),
    )
