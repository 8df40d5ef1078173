"""The shipped table of real ACO-years and the Qt-free directory over it, pinned to CMS's published figures.

Figures in the history and peers tests were read off CMS's files by hand (csv module on the raw files, not
this code): dollars, MSRs and earned amounts are literals here.
"""

from __future__ import annotations

import gzip
import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from aco_desktop.cms import known_exception, load_puf
from aco_desktop.cms import table
from aco_desktop.cms.directory import AcoDirectory, default_directory, scenario_for
from aco_desktop.cms.reproduce import within_tolerance
from aco_desktop.engine import settle
from aco_desktop.resources import resources_dir

from .conftest import CURRENT_PUFS, MERGED_PUF, PUF_DIR, PY2024_PUF, RAW_2013_PUF, RAW_2014_PUF, REPO, RULES, require_puf

SHIPPED = resources_dir() / table.TABLE_NAME
EXPLAINED_2022_2024 = {(2023, "A1241"), (2023, "A4627"), (2023, "A5293"), (2024, "A5309"), (2024, "A5321")}


# ----------------------------------------------------------------------------- the table itself

def test_shipped_table_is_small_and_says_where_it_came_from() -> None:
    assert SHIPPED.stat().st_size < 2_000_000
    origin = json.loads(SHIPPED.with_name(table.ORIGIN_NAME).read_text())
    assert origin["rows"] == len(default_directory().items) == 5_271
    assert {f["name"] for f in origin["files"]} >= {p.name for p in CURRENT_PUFS.values()}
    assert all(len(f["sha256_12"]) == 12 for f in origin["files"])


@pytest.mark.puf
def test_shipped_table_equals_what_the_command_builds_from_the_files(tmp_path: Path) -> None:
    require_puf(MERGED_PUF, RAW_2013_PUF, RAW_2014_PUF, *CURRENT_PUFS.values())
    out = tmp_path / "aco_years.csv.gz"
    proc = subprocess.run([sys.executable, "-m", "aco_desktop", "build-aco-table", str(PUF_DIR), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "5,271 ACO-years" in proc.stdout
    assert out.read_bytes() == SHIPPED.read_bytes()  # gzip with a zero timestamp: same files, same bytes
    built = json.loads(out.with_name(table.ORIGIN_NAME).read_text())
    shipped = json.loads(SHIPPED.with_name(table.ORIGIN_NAME).read_text())
    assert built["files"] == shipped["files"]


def test_a_row_read_back_is_the_record_written(tmp_path: Path) -> None:
    items = default_directory().items[:50] + default_directory().items[-50:]
    path = tmp_path / "t.csv.gz"
    table.write_table(items, path, {"rows": len(items)})
    assert table.read_table(path) == items


def test_a_file_that_is_not_the_table_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv.gz"
    bad.write_bytes(gzip.compress(b"a,b\n1,2\n"))
    with pytest.raises(ValueError, match="not an ACO-year table"):
        table.read_table(bad)


def test_state_names_become_codes() -> None:
    assert table.state_codes("New Jersey,  New York") == "NJ, NY"
    assert table.state_codes("District of Columbia") == "DC"


# ----------------------------------------------------------------------------- lazy loading

def test_importing_the_directory_reads_nothing_and_the_cli_start_does_not_import_it() -> None:
    code = ("import sys, aco_desktop.cms.directory as d; print(d.default_directory().loaded); "
            "from aco_desktop.cli import main; main(['rules']); "
            "print('aco_desktop.cms.table' in sys.modules and d.default_directory().loaded)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "False" and proc.stdout.splitlines()[-1] == "False"
    code = "import sys; from aco_desktop.cli import main; main(['rules']); print('aco_desktop.cms' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.stdout.splitlines()[-1] == "False"


def test_first_use_loads_once_and_says_how_long() -> None:
    found = AcoDirectory()
    assert not found.loaded and found.load_seconds is None
    found.search("palm")
    assert found.loaded and 0 < found.load_seconds < 5


# ----------------------------------------------------------------------------- every ACO-year settles

@pytest.mark.puf
@pytest.mark.parametrize("year", sorted(CURRENT_PUFS))
def test_every_py2022_2024_aco_year_settles_to_the_published_amount(year: int) -> None:
    """Rows read straight from CMS's file (not the table); each found by ID in the directory and settled."""
    require_puf(CURRENT_PUFS[year])
    rows = load_puf(CURRENT_PUFS[year], RULES)
    found = default_directory()
    misses = set()
    for row in rows:
        item = found.find(row.aco_id, year)
        result = settle(RULES, scenario_for(item, RULES)[0])
        if not within_tolerance(result.earned, row.published_earned):
            misses.add((year, row.aco_id))
    assert len(rows) == {2022: 482, 2023: 453, 2024: 476}[year]
    assert misses == {m for m in EXPLAINED_2022_2024 if m[0] == year}
    assert all(known_exception(found.find(i, y).record) for y, i in misses)


def test_every_aco_year_of_the_table_settles_except_the_explained() -> None:
    unexplained = []
    for item in default_directory().items:
        earned = settle(RULES, scenario_for(item, RULES)[0]).earned
        published = item.record.published_earned
        if published is not None and not within_tolerance(earned, published) and not known_exception(item.record):
            unexplained.append(item.label)
    assert unexplained == []


def test_sources_name_the_column_and_the_row() -> None:
    item = default_directory().find("A1001", 2024)
    scenario, sources = scenario_for(item, RULES)
    assert scenario.beneficiaries == 116_175  # N_AB of A1001 in the PY2024 file
    assert sources["beneficiaries"] == "N_AB (PY 2024 ACO Results PUF.csv line 2)"
    assert sources["savings_pct"].startswith("(ABtotBnchmk - ABtotExp) / ABtotBnchmk")
    assert set(sources) == set(type(scenario).model_fields)


# ----------------------------------------------------------------------------- search

def test_search_by_a_distinctive_word_any_case() -> None:
    hits = default_directory().search("pALM bEACH")
    assert {i.aco_id for i in hits if i.year >= 2018} == {"A1001"}
    assert {i.year for i in hits} == set(range(2013, 2024))  # PY2024 is published as "PBACO Holding, LLC"


def test_search_with_commas_and_apostrophes() -> None:
    hits = default_directory().search("St. Luke's Clinic Coordinated Care, Ltd.")
    assert hits and all("Luke" in i.name for i in hits)


def test_search_by_id_and_by_state() -> None:
    assert [i.year for i in default_directory().search("a1001")] == list(range(2024, 2017, -1))
    florida = default_directory().search("FL")
    assert any(i.aco_id == "A1001" for i in florida)
    assert all("FL" in i.state.split(", ") or " fl" in " " + i.name.lower() for i in florida)
    assert any("FL" not in i.state for i in florida)  # "Flagler", "Florida ...": words of the name match too


def test_a_state_name_finds_the_same_as_its_code() -> None:
    by_code = {id(i) for i in default_directory().search("NJ") if "NJ" in i.state.split(", ")}
    by_name = {id(i) for i in default_directory().search("new jersey") if "NJ" in i.state.split(", ")}
    assert by_code == by_name and len(by_code) > 100


def test_a_common_word_finds_many_acos() -> None:
    hits = default_directory().search("health")
    assert len({i.aco_id or i.name for i in hits}) > 100
    assert hits[0].year == 2024


# ----------------------------------------------------------------------------- history and peers

# A1001 (Palm Beach ACO; PY2013-2017 rows by name): year -> (ABtotBnchmk, ABtotExp, MinSavPerc, EarnSaveLoss),
# read off the merged file, the raw 2013 file and the PY2022-2024 files.
A1001 = {
    2013: (613_084_880.40, 573_516_045.50, 0.023373146, 19_388_729.07),
    2018: (1_072_551_536, 960_028_237, 0.02, 50_087_988),
    2019: (523_183_929, 466_136_177, 0.02, 27_971_226),
    2020: (956_864_945, 884_436_947, 0.02, 54_320_998),
    2021: (1_175_345_650, 1_091_114_293, 0.02, 61_910_047),
    2022: (966_116_777, 903_712_089, 0.02, 45_867_446),
    2023: (1_098_668_352, 998_768_668, 0.02, 73_426_268),
    2024: (1_650_927_172, 1_504_130_805, 0.02, 107_895_330),
}


def test_history_of_a_real_aco_by_year() -> None:
    history = default_directory().history("A1001")
    years = {y.year: y for y in history.years}
    assert sorted(years) == list(range(2013, 2025))
    for year, (bench, exp, msr, earned) in A1001.items():
        assert years[year].savings_rate == pytest.approx((bench - exp) / bench, abs=1e-9)
        assert years[year].msr == pytest.approx(msr, abs=1e-9)
        assert years[year].earned == pytest.approx(earned, abs=1)
    # 11 consecutive-year changes of the savings rate; their SD, by hand from the files' dollars: 2.052 pp
    assert len(history.changes) == 11
    assert history.spread == pytest.approx(0.020518, abs=2e-6)
    assert history.noise_sigma == pytest.approx(history.spread / math.sqrt(2))
    assert "2.05 pp" in history.describe_spread()


def test_history_with_too_few_years_offers_no_spread_of_its_own() -> None:
    found = default_directory()
    two_years = next(i.aco_id for i in found.items if i.year == 2024 and len(found.history(i.aco_id).years) == 2)
    history = found.history(two_years)
    assert len(history.changes) <= 1 and history.spread is None and "size-based default" in history.describe_spread()


def test_peers_of_a_real_aco() -> None:
    """PY2023 A1001: ENHANCED, N_AB 78,364; ENHANCED ACOs with 52,243-117,546 beneficiaries, by hand from the
    file: 14 others, 13 cleared their MSR (A2729 saved 1.89% against its 2.00%), 13 saved less than A1001."""
    found = default_directory()
    result = found.peers(found.find("A1001", 2023))
    assert sorted(i.aco_id for i in result.peers) == [
        "A1215", "A1535", "A2024", "A2057", "A2098", "A2616", "A2729", "A3029", "A3224", "A3229", "A3834",
        "A4527", "A4617", "A5170"]
    assert result.cleared == 13
    assert result.percentile == pytest.approx(100 * 13 / 14)
    assert result.summary.startswith("13 of 14 similar ACOs cleared the MSR")


# ----------------------------------------------------------------------------- opening a results file

@pytest.mark.puf
def test_opening_a_results_file_adds_later_years(tmp_path: Path) -> None:
    require_puf(PY2024_PUF)
    older = [i for i in default_directory().items if i.year < 2024]
    path = tmp_path / "to2023.csv.gz"
    table.write_table(older, path, {"rows": len(older)})
    found = AcoDirectory(path)
    assert 2024 not in {i.year for i in found.search("A1001")}
    added = found.add_results_file(PY2024_PUF, RULES)
    assert len(added) == 476
    assert found.find("a1001", 2024).state == "FL"  # carried from its earlier rows
    assert statistics.mean(1 for i in found.items if i.year == 2024) == 1 and len(found.items) == 5_271


def _scan(items, query: str) -> list:
    """Search by scanning every row, as the module docstring says it works (what the index must match)."""
    from aco_desktop.cms.cells import norm_name

    text = query.strip()
    words, state = norm_name(text).split(), table.state_codes(text).upper()
    hits = []
    for item in items:
        if item.aco_id and item.aco_id.lower() == text.lower():
            hits.append((0, item))
        elif words and " " + " ".join(words) in " " + norm_name(item.name):
            hits.append((1, item))
        elif state in [s.upper() for s in item.state.split(", ") if s]:
            hits.append((2, item))
    hits.sort(key=lambda h: (h[0], -h[1].year, h[1].name.lower()))
    return [item for _, item in hits] if text else []


def test_the_index_finds_what_scanning_every_row_finds() -> None:
    directory = default_directory()
    items = directory.items
    queries = ["A1001", "a1001", "NJ", "new jersey", "palm bea", "health", "accountable care", "", ",", "Inc.",
               "of", "tx", "zzz", "care  partners,", items[7].name, items[-1].aco_id or "A2000"]
    for query in queries:
        assert directory.search(query) == _scan(items, query), query
    for item in items[::97]:  # peers: the same year and track, similar size, best savings rate first
        peers = directory.peers(item)
        low, high = item.record.beneficiaries / 1.5, item.record.beneficiaries * 1.5
        expected = [i for i in items if i.year == item.year and i.record.track == item.record.track
                    and low <= i.record.beneficiaries <= high and i != item]
        assert list(peers.peers) == sorted(expected, key=lambda i: -i.record.savings_rate)
