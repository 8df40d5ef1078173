"""CMS's current results layout (PY2022-2024): reading, units, mapping, published totals, reproduction.

Every expected number is CMS's: the published totals (rules-reference section 9, the files' README) and
rows read off the files by hand. Skips, saying where it looked, when the files are not beside the repo.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from aco_desktop.cms import KNOWN_EXCEPTIONS, PufRecord, layout_of, load_puf, reproduce

from .conftest import CURRENT_PUFS, PY2022_PUF, PY2023_PUF, PY2024_PUF, RULES, require_puf

pytestmark = pytest.mark.puf


@pytest.fixture(scope="module")
def files() -> dict[int, list[PufRecord]]:
    require_puf(*CURRENT_PUFS.values())
    return {year: load_puf(path, RULES) for year, path in CURRENT_PUFS.items()}


def _by_id(records: list[PufRecord]) -> dict[str, PufRecord]:
    return {r.aco_id: r for r in records}


def test_layout_is_recognised_by_header_not_name(tmp_path: Path) -> None:
    require_puf(PY2024_PUF)
    renamed = tmp_path / "results.csv"
    shutil.copyfile(PY2024_PUF, renamed)
    assert layout_of(renamed) == "current (PY2022-2024)"
    assert {r.performance_year for r in load_puf(renamed, RULES)} == {2024}


def test_row_counts_and_years(files) -> None:
    assert {y: len(r) for y, r in files.items()} == {2022: 482, 2023: 453, 2024: 476}
    assert all({r.performance_year for r in recs} == {y} for y, recs in files.items())


@pytest.mark.parametrize(("year", "earners", "earned_m", "owers", "owed_m"), [
    (2022, 304, 2_524.5, 0, 0.0), (2023, 313, 3_094.5, None, None), (2024, 359, 4_124.2, 16, 20.0)])
def test_published_totals_from_earnsaveloss(files, year, earners, earned_m, owers, owed_m) -> None:
    published = [r.published_earned for r in files[year]]
    assert sum(e > 0 for e in published) == earners
    assert round(sum(e for e in published if e > 0) / 1e6, 1) == earned_m
    if owers is not None:
        assert sum(e < 0 for e in published) == owers
        assert round(-sum(e for e in published if e < 0) / 1e6, 1) == owed_m


def test_units_and_not_applicable(files) -> None:
    # 2022 first row (by hand): MinSavPerc "2.00%", FinalShareRate "75.00%", QualScore "89.41%".
    first22 = files[2022][0]
    assert first22.published_msr == pytest.approx(0.02) and first22.final_share_rate == pytest.approx(0.75)
    assert first22.quality_score == pytest.approx(0.8941)
    # 2024 bare percents: FinalShareRate 20 = 20% (A5328, low-revenue half rate of BASIC A's 40%).
    a5328 = _by_id(files[2024])["A5328"]
    assert a5328.final_share_rate == pytest.approx(0.20) and a5328.published_msr == pytest.approx(0.0301)
    assert a5328.reduced_share is True and a5328.revenue_category == "low" and a5328.aip_balance == 565_455
    assert _by_id(files[2024])["A2029"].aip_balance is None  # "-": not applicable
    assert a5328.track == "basic-a" and a5328.agreement_start == "2024-01" and a5328.agreement_year == 1


def test_tracks_and_agreement_years(files) -> None:
    assert Counter(r.track for r in files[2022]) == {"basic-b": 169, "enhanced": 146, "basic-e": 98,
                                                      "basic-a": 29, "basic-c": 25, "basic-d": 15}
    july_2019 = [r for r in files[2024] if r.agreement_start == "2019-07"]
    assert len(july_2019) == 89 and {r.agreement_year for r in july_2019} == {6}
    assert {r.agreement_year for r in files[2022] if r.agreement_start == "2019-07"} == {4}
    assert {r.agreement_year for r in files[2023] if r.agreement_start == "2020-01"} == {4}


def test_quality_standard_and_scenario(files) -> None:
    assert Counter(r.quality_standard for r in files[2024]) == {"met": 447, "alternative": 29}
    assert {r.quality_standard for r in files[2022] + files[2023]} == {"met"}
    a2029 = _by_id(files[2024])["A2029"]  # ENHANCED, 0% MSR elected, loss with DisAdj -1,382
    sc = a2029.scenario(disaster_adjustment=1_382)
    assert sc.msr_election == "0.0" and sc.revenue_category == "high" and sc.agreement_start == "2024-01"
    assert sc.disaster_adjustment == 1_382 and a2029.disadj == -1_382


@pytest.mark.parametrize(("year", "matched", "misses"), [
    (2022, 482, set()), (2023, 450, {"A1241", "A4627", "A5293"}), (2024, 474, {"A5309", "A5321"})])
def test_reproduction_per_file(files, year, matched, misses) -> None:
    report = reproduce(files[year], RULES)
    assert report.compared == len(files[year])
    assert report.matched == matched, report.summary()
    assert {m.record.aco_id for m in report.misses} == misses
    assert all(m.reason == KNOWN_EXCEPTIONS[(year, m.record.aco_id)] for m in report.misses)
    assert report.all_explained and not report.msr_misses


def test_reproduced_earnings_add_up_to_the_published_totals(files) -> None:
    # The engine's own figures, summed over every row, against CMS's totals ($M, one decimal).
    from aco_desktop.engine import settle
    from aco_desktop.cms.facts import BookFacts

    facts = BookFacts(RULES["mssp"])
    for year, total in [(2022, 2_524.5), (2023, 3_094.5)]:
        earned = []
        for r in files[year]:
            relief = -r.disadj if r.disadj < 0 and not facts.automatic_relief(year) else 0.0
            earned.append(settle(RULES, r.scenario(disaster_adjustment=relief)).earned)
        assert sum(e > 0 for e in earned) == {2022: 304, 2023: 313}[year]
        assert round(sum(e for e in earned if e > 0) / 1e6, 1) == total


def test_low_revenue_half_rate_rows_are_the_reducedss_rows(files) -> None:
    from aco_desktop.engine import settle

    half = {r.aco_id for r in files[2024]
            if settle(RULES, r.scenario()).outcome == "half-rate"}
    assert half == {r.aco_id for r in files[2024] if r.reduced_share} and len(half) == 13


def test_a_row_with_a_bad_date_names_the_line(tmp_path: Path) -> None:
    require_puf(PY2023_PUF)
    with PY2023_PUF.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index("Current_Start_Date")
    rows[3][col] = "soon"
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ValueError, match=r"bad.csv line 4: Current_Start_Date"):
        load_puf(bad, RULES)


def test_py2022_file_reads_with_its_own_aliases() -> None:
    require_puf(PY2022_PUF)
    assert layout_of(PY2022_PUF) == layout_of(PY2023_PUF) == "current (PY2022-2024)"
