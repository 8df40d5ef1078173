"""The merged PY2013-2021 table (``mssp_all_years_2013_2021.csv``): lower-case names, ``performance_year``.

Units: ``minsavperc`` is a fraction except PY2014/2015, where the merge divided it by 100 twice (x100 here).
Track: the ``current_<track id>`` flag columns of PY2016+ (matched to the rule file's track ids); for
PY2013-2015 (empty flags) inferred (``early.infer_early_track``). Agreement year: PY2013 is year 1; PY2016+
performance year minus the ``current_start_date`` year, plus 1; PY2014/2015 from pay-for-reporting status
(a PY2015 ACO that was P4R in the same file's PY2014 rows, matched by name, is in year 2).
"""

from __future__ import annotations

from pathlib import Path

from aco_desktop.cms.cells import data_rows, need, norm_name, num, year_of
from aco_desktop.cms.early import early_agreement_year, infer_early_track
from aco_desktop.cms.facts import BookFacts
from aco_desktop.cms.records import PufRecord

REQUIRED = {"performance_year", "n_ab", "abtotbnchmk", "abtotexp", "earnsaveloss"}
FLAG_PREFIX = "current_"


def recognises(names: list[str]) -> bool:
    return REQUIRED <= {h.lower() for h in names}


class _Row:
    def __init__(self, index: dict[str, int], cells: list[str]) -> None:
        self.index, self.cells = index, cells

    def __call__(self, column: str) -> str:
        i = self.index.get(column)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""


def _track(facts: BookFacts, flags: list[tuple[str, str]], cell: _Row, where: str, fsr, quality, msr, n):
    set_flags = [track for column, track in flags if num(cell(column.lower())) == 1]
    if len(set_flags) > 1:
        raise ValueError(f"{where}: more than one track flag set ({set_flags})")
    if set_flags:
        return set_flags[0], "flag"
    return infer_early_track(facts, fsr, quality, msr, n), "inferred"


def _agreement_year(year: int, start: int | None, quality, name: str, p4r_2014: set[str]) -> tuple[int, str]:
    if year == 2013:
        return 1, "PY2013 is every ACO's first performance year"
    if start is not None:
        return year - max(start, 2013) + 1, "start date"
    if year in (2014, 2015):
        return early_agreement_year(year, quality is None, norm_name(name) in p4r_2014)
    return 1, "unknown"


def load(path: Path, names: list[str], facts: BookFacts) -> list[PufRecord]:
    index = {name.lower(): i for i, name in enumerate(names)}
    flags = facts.flag_tracks(names, FLAG_PREFIX)
    rows = [(line, _Row(index, cells)) for line, cells in data_rows(path)]
    p4r_2014 = {norm_name(cell("aco_name")) for _, cell in rows
                if num(cell("performance_year")) == 2014 and num(cell("qualscore")) is None}
    return [_record(path, line, cell, facts, flags, p4r_2014) for line, cell in rows]


def _record(path: Path, line: int, cell: _Row, facts: BookFacts, flags, p4r_2014: set[str]) -> PufRecord:
    where = f"{path.name} line {line}"
    year = int(need(num(cell("performance_year")), "performance_year", where))
    n = int(need(num(cell("n_ab")), "n_ab", where))
    quality, fsr, msr = num(cell("qualscore")), num(cell("finalsharerate")), num(cell("minsavperc"))
    if msr is not None and year in (2014, 2015):
        msr *= 100.0  # divided by 100 twice in the merge
    name = cell("aco_name")
    track, track_source = _track(facts, flags, cell, where, fsr, quality, msr, n)
    agreement_year, basis = _agreement_year(year, year_of(cell("current_start_date")), quality, name, p4r_2014)
    revlimit, met = num(cell("revlosslimit")), num(cell("met_qps"))
    aco_id = cell("aco_id")
    return PufRecord(
        source="merged", path=str(path), line=line, performance_year=year,
        aco_id=aco_id if aco_id.upper() not in {"NA", "NAN"} else "",
        aco_name=name, track=track, track_source=track_source,
        agreement_year=min(facts.agreement_length(track), max(1, agreement_year)), agreement_year_source=basis,
        beneficiaries=n,
        benchmark=need(num(cell("abtotbnchmk")), "abtotbnchmk", where),
        expenditures=need(num(cell("abtotexp")), "abtotexp", where),
        quality_score=quality, final_share_rate=fsr,
        published_earned=num(cell("earnsaveloss")), published_msr=msr,
        disadj=num(cell("disadj")) or 0.0,
        rev_loss_limit=None if revlimit is None else revlimit == 1,
        quality_standard="not-met" if (fsr == 0 or met == 0) else "met",
        two_sided=not facts.one_sided(track), msr_election=facts.election_for(track, msr),
    )

