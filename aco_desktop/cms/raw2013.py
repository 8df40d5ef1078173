"""The raw PY2013 CMS file (``ACO Identifier``, ``ACO Name`` ... ``Total savings/losses ($)``).

Its data sit one column to the right of their headers for 0-based positions 13-34 (an unheaded "total
expenditures" column): position 13 holds expenditures, 14 benchmark minus expenditures, 15 the earned
shared savings, 16 the shared losses, 17 N_AB. Each row is checked (12 - 13 = 14) before it is read
shifted. Money is written '$613084880.40'; the MSR '0.0234%' is really a fraction. Track 2 from the
"Track 2 ACO" flag at position 3. PY2013 is every ACO's first performance year.
"""

from __future__ import annotations

from pathlib import Path

from aco_desktop.cms.cells import data_rows, need, num
from aco_desktop.cms.facts import BookFacts
from aco_desktop.cms.records import PufRecord

TRACK_1, TRACK_2 = "track-1", "track-2"


def recognises(names: list[str]) -> bool:
    return names[:2] == ["ACO Identifier", "ACO Name"] and len(names) > 17 and \
        names[13] == "Total savings/losses ($)" and names[15] == "Shared Losses ($)"


def load(path: Path, names: list[str], facts: BookFacts) -> list[PufRecord]:
    return [_record(path, line, row + [""] * (len(names) - len(row)), facts) for line, row in data_rows(path)]


def _record(path: Path, line: int, row: list[str], facts: BookFacts) -> PufRecord:
    where = f"{path.name} line {line}"
    benchmark = need(num(row[12]), "total benchmark expenditures", where)
    expenditures = need(num(row[13]), "total expenditures (position 13)", where)
    gross = need(num(row[14]), "savings/losses (position 14)", where)
    if abs(benchmark - expenditures - gross) > 1.0:
        raise ValueError(
            f"{where}: expected the known one-column misalignment (positions 12, 13, 14 = benchmark, "
            f"expenditures, benchmark minus expenditures) but {benchmark} - {expenditures} != {gross}"
        )
    savings, losses = num(row[15]) or 0.0, num(row[16]) or 0.0
    fsr = num(row[9])
    track = TRACK_2 if num(row[3]) == 1 else TRACK_1
    msr = num(row[11])  # written '0.0234%' but a fraction
    return PufRecord(
        source="raw-2013", path=str(path), line=line, performance_year=2013,
        aco_id=row[0].strip(), aco_name=row[1].strip(), track=track, track_source="flag",
        agreement_year=1, agreement_year_source="PY2013 is every ACO's first performance year",
        beneficiaries=int(need(num(row[17]), "assigned beneficiaries (position 17)", where)),
        benchmark=benchmark, expenditures=expenditures,
        quality_score=num(row[7]), final_share_rate=fsr,
        published_earned=savings + losses, published_msr=msr, disadj=0.0, rev_loss_limit=None,
        quality_standard="met" if fsr != 0 else "not-met",
        two_sided=not facts.one_sided(track), msr_election=facts.election_for(track, msr),
    )
