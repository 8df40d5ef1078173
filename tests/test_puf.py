"""The PUF reader: layouts recognised, the raw 2013 column shift, units, P4R, tracks, scenarios.

Reads CMS's public results files from ../shared/mssp_puf (kept beside the project, never copied into it).
The engine reproduction itself is asserted elsewhere once the engine exists.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from aco_desktop.cms import (
    KNOWN_EXCEPTIONS,
    BookFacts,
    PufRecord,
    combine,
    known_exception,
    load_puf,
    load_pufs,
    reproduce,
)
from aco_desktop.scenario import Scenario

from .conftest import RULES

table_msr = BookFacts(RULES["mssp"]).table_msr

PUF_DIR = Path(__file__).parents[1].parent / "shared" / "mssp_puf"
MERGED = PUF_DIR / "mssp_all_years_2013_2021.csv"
RAW_2013 = PUF_DIR / "2013_Shared_Savings_Program_Accountable_Care_Organizations__ACO__PUF.csv"
RAW_2014 = PUF_DIR / "2014_Shared_Savings_Program__SSP__Accountable_Care_Organizations__ACO__PUF.csv"

needs_puf = pytest.mark.skipif(
    not all(p.exists() for p in (MERGED, RAW_2013, RAW_2014)),
    reason=f"CMS PUF files not found in {PUF_DIR} (they live beside the repository, in ../shared/mssp_puf)",
)
pytestmark = pytest.mark.puf


@pytest.fixture(scope="module")
def merged() -> list[PufRecord]:
    return load_puf(MERGED, RULES)


@pytest.fixture(scope="module")
def raw2013() -> list[PufRecord]:
    return load_puf(RAW_2013, RULES)


@pytest.fixture(scope="module")
def raw2014() -> list[PufRecord]:
    return load_puf(RAW_2014, RULES)


def _one(records: list[PufRecord], year: int, name_start: str) -> PufRecord:
    found = [r for r in records if r.performance_year == year and r.aco_name.startswith(name_start)]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------------------ no data needed

def test_size_table_edges() -> None:
    # rules-reference W1 (3.3% is rounded: 3.4 - 0.2 x 500/999) and W15
    assert table_msr(7_500) == pytest.approx(0.033, abs=1e-5)
    for n, msr in [(5_000, 0.039), (5_999, 0.036), (59_999, 0.020), (60_000, 0.020), (100_000, 0.020)]:
        assert table_msr(n) == pytest.approx(msr)


def test_unrecognised_file_names_the_file(tmp_path: Path) -> None:
    bogus = tmp_path / "not_a_puf.csv"
    bogus.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not_a_puf.csv"):
        load_puf(bogus, RULES)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty.csv"):
        load_puf(empty, RULES)


def test_raw_2013_without_the_known_shift_is_refused(tmp_path: Path) -> None:
    header = ["ACO Identifier", "ACO Name"] + [f"h{i}" for i in range(2, 13)] + [
        "Total savings/losses ($)", "Shared Savings ($)", "Shared Losses ($)"] + [f"h{i}" for i in range(16, 20)]
    row = ["A1", "X", "01/01/2013", "0", "0", "0", "", "1", "0.5", "0.5", "", "0.02%",
           "$100.00", "$5.00", "$0.00", "$0.00", "", "6000", "", ""]
    path = tmp_path / "shifted.csv"
    path.write_text(",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="misalignment"):
        load_puf(path, RULES)


# ------------------------------------------------------------------------------ the real files

@needs_puf
def test_layouts_and_row_counts(merged, raw2013, raw2014) -> None:
    assert len(merged) == 3_860
    assert Counter(r.performance_year for r in merged) == {
        2013: 220, 2014: 333, 2015: 392, 2016: 432, 2017: 472, 2018: 548, 2019: 475, 2020: 513, 2021: 475}
    assert {r.source for r in merged} == {"merged"}
    assert len(raw2013) == 220 and {r.source for r in raw2013} == {"raw-2013"}
    assert len(raw2014) == 333 and {r.source for r in raw2014} == {"raw-2014"}


@needs_puf
def test_raw_2013_header_misalignment(raw2013, merged) -> None:
    palm = raw2013[0]
    assert palm.aco_id == "A67373" and palm.aco_name.startswith("Palm Beach")
    assert palm.benchmark == pytest.approx(613_084_880.40)
    assert palm.expenditures == pytest.approx(573_516_045.50)  # headed "Total savings/losses ($)"
    assert palm.beneficiaries == 36_268  # headed "Total assigned beneficiary person years"
    assert palm.published_earned == pytest.approx(19_388_729.07)  # headed "Shared Losses ($)"
    assert palm.published_earned == pytest.approx(palm.gross_savings * 0.5 * 0.98, abs=0.5)
    assert palm.published_msr == pytest.approx(0.023373146)  # written '0.023373146%', a fraction
    # A Track 2 loss sits in the (shifted) losses column: 40% of a $9.97M loss.
    dean = _one(raw2013, 2013, "Dean Clinic")
    assert dean.track == "track-2"
    assert dean.published_earned == pytest.approx(-3_986_552.12)
    # Same ACO-years, same order as the merged file's 2013 rows, which lack EarnSaveLoss.
    merged13 = [r for r in merged if r.performance_year == 2013]
    assert all(r.published_earned is None for r in merged13)
    for raw, mer in zip(raw2013, merged13, strict=True):
        assert raw.beneficiaries == mer.beneficiaries
        assert raw.benchmark == pytest.approx(mer.benchmark, abs=1.0)
        assert raw.track == mer.track
    assert Counter(r.track for r in raw2013) == {"track-1": 215, "track-2": 5}


@needs_puf
def test_units_normalised(merged, raw2014) -> None:
    # MSR as a fraction in every year: one-sided rows match the size table (the 2014/15 merged values
    # were divided by 100 twice, the raw 2014 file is in percent).
    misses = [r for r in merged + raw2014
              if not r.two_sided and abs(table_msr(r.beneficiaries) - r.published_msr) > 0.000051]
    assert [(r.performance_year, r.aco_name) for r in misses] == [(2017, "KCMPA-ACO, LLC")]
    for r in merged + raw2014:
        assert r.published_msr is None or 0.0 <= r.published_msr < 0.3
    # Years published unrounded agree with the linear table (span end - start) to 1e-8.
    exact = [r for r in merged if not r.two_sided and r.performance_year in (2013, 2014, 2016, 2018)]
    assert len(exact) == 1_408
    assert max(abs(table_msr(r.beneficiaries) - r.published_msr) for r in exact) < 1e-8
    palm14 = _one(raw2014, 2014, "Palm Beach")
    palm14m = _one(merged, 2014, "Palm Beach")
    assert palm14.published_msr == pytest.approx(0.02353985133)
    assert palm14m.published_msr == pytest.approx(0.02353985133)
    # Money in dollars; W13 of the rules reference.
    assert palm14.benchmark == 450_902_466 and palm14.expenditures == 418_729_017
    assert palm14.gross_savings == 32_173_449 and palm14.published_earned == 14_455_933
    # PY2019 is the January-June half year: the benchmark is about half of 2018's.
    a1001 = {r.performance_year: r for r in merged if r.aco_id == "A1001"}
    assert 0.45 < a1001[2019].benchmark / a1001[2018].benchmark < 0.55


@needs_puf
def test_pay_for_reporting(merged, raw2014) -> None:
    p4r_raw = [r for r in raw2014 if r.pay_for_reporting]
    assert len(p4r_raw) == 119
    assert all(r.agreement_year == 1 for r in p4r_raw)  # exactly the 2014 starters
    assert sum(r.pay_for_reporting for r in merged if r.performance_year == 2014) == 119
    assert sum(r.pay_for_reporting for r in merged if r.performance_year == 2015) == 89
    reporting = [r for r in p4r_raw if r.final_share_rate]
    assert reporting and all(r.quality_pct == 100.0 and r.met_quality_standard for r in reporting)
    assert all(r.scenario().quality_pct == 100.0 for r in reporting)
    # Two P4R ACOs in 2014 have a final sharing rate of 0: they failed to report, and saved beyond the MSR.
    failed = [r for r in p4r_raw if r.final_share_rate == 0]
    assert {r.aco_name for r in failed} >= {"UR Care LLC"}
    for r in failed:
        sc = r.scenario()
        assert sc.quality_standard == "not-met" and sc.quality_pct == 0.0


@needs_puf
def test_raw_2014_agrees_with_merged_2014(merged, raw2014) -> None:
    merged14 = [r for r in merged if r.performance_year == 2014]
    for raw, mer in zip(raw2014, merged14, strict=True):
        assert raw.beneficiaries == mer.beneficiaries
        assert raw.benchmark == mer.benchmark and raw.expenditures == mer.expenditures
        assert raw.published_earned == mer.published_earned
        assert raw.track == mer.track  # inferred in the merged file, flagged in the raw one
        assert raw.pay_for_reporting == mer.pay_for_reporting
        assert raw.agreement_year == mer.agreement_year


@needs_puf
def test_tracks(merged) -> None:
    counts = Counter((r.performance_year, r.track) for r in merged)
    assert counts[(2014, "track-2")] == 3 and counts[(2015, "track-2")] == 3
    # Track 2 with quality 0.81: a final sharing rate of 0.485 does not make it Track 1.
    dekalb = _one(merged, 2014, "Accountable Care Coalition of DeKalb")
    assert dekalb.track == "track-2" and dekalb.final_share_rate < 0.5 and dekalb.msr_election == "2.0"
    assert counts[(2020, "basic-b")] == 136 and counts[(2021, "enhanced")] == 71
    assert all(r.track_source == "flag" for r in merged if r.performance_year >= 2016)


@needs_puf
def test_scenario_mapping(merged) -> None:
    for r in merged:
        sc = r.scenario()
        assert isinstance(sc, Scenario)
        assert sc.rules == "mssp" and sc.track == r.track and sc.performance_year == r.performance_year
        assert sc.benchmark == pytest.approx(r.benchmark, rel=1e-12)
        assert sc.savings_rate == pytest.approx(r.savings_rate, rel=1e-12)
        assert sc.participant_revenue == 0.0
        assert (sc.msr_election is None) == (not r.two_sided)
    # 2018 Track 3 ACO that missed the quality standard on a loss (its loss rate is the 75% maximum).
    nevada = _one(merged, 2018, "Accountable Care of Nevada")
    assert nevada.scenario().quality_standard == "not-met" and nevada.msr_election == "1.0"
    # Relief for extreme and uncontrollable circumstances, as a share of the shared loss.
    tc2 = _one(merged, 2017, "TC2")
    assert tc2.disadj == -415_877
    assert tc2.scenario().disaster_adjustment == 0 and tc2.scenario(415_877).disaster_adjustment == 415_877
    # Two-sided, size-table election (Coastal One 2019: published 2.79% with 13,544 beneficiaries).
    coastal = _one(merged, 2019, "Coastal One")
    assert coastal.msr_election == "table"
    assert table_msr(coastal.beneficiaries) == pytest.approx(coastal.published_msr, abs=0.00005)
    # Track 2 loss cap depends on the agreement year: Lifespan started Track 2 in January 2017.
    lifespan = {r.performance_year: r for r in merged if r.aco_name.startswith("Lifespan Health Alliance")}
    assert lifespan[2017].agreement_year == 1 and lifespan[2018].agreement_year == 2
    # July 2019 starters: PY2020 is their second performance year.
    assert _one(merged, 2020, "Palm Beach").agreement_year == 2


@needs_puf
def test_composition_and_reproduce_plumbing(merged, raw2013) -> None:
    records = combine(merged + raw2013)
    assert len(records) == 3_860
    assert {r.source for r in records if r.performance_year == 2013} == {"raw-2013"}
    assert len(load_pufs(MERGED, RAW_2013, rules=RULES)) == 3_860

    # A stand-in settle returning the published figures exercises the report, not the rules.
    def echo(scenario: Scenario) -> SimpleNamespace:
        r = next(r for r in raw2013 if r.scenario() == scenario)
        return SimpleNamespace(earned=r.published_earned, msr=r.published_msr, mlr=0.0, steps=[])

    merged13 = [r for r in merged if r.performance_year == 2013]
    report = reproduce(merged13 + raw2013, RULES, lambda _, s: echo(s))  # the raw rows replace the merged ones
    assert report.per_year == {2013: (220, 220)} and not report.misses and not report.skipped
    assert report.msr_checked == 215 and not report.msr_misses

    def zero(scenario: Scenario) -> SimpleNamespace:
        return SimpleNamespace(earned=0.0, msr=table_msr(scenario.beneficiaries), mlr=0.0, steps=[])

    alone = reproduce(merged13, RULES, lambda _, s: zero(s))  # merged 2013 alone has no EarnSaveLoss
    assert len(alone.skipped) == 220 and alone.compared == 0
    dean = reproduce([_one(raw2013, 2013, "Dean Clinic")], RULES, lambda _, s: zero(s))
    assert dean.matched == 0 and dean.unexplained and "3,986,552" in dean.summary()


@needs_puf
def test_known_exceptions_are_real_rows(merged) -> None:
    rows = {r.key: r for r in merged}
    for key, reason in KNOWN_EXCEPTIONS.items():
        if key[0] > 2021:
            continue  # PY2022+ exceptions are checked against their own files (test_cms_current.py)
        assert key in rows, key
        assert known_exception(rows[key]) == reason
    utah = rows[(2019, "Physicians Accountable Care of Utah")]
    assert utah.rev_loss_limit is True and utah.track == "track-1-plus"
