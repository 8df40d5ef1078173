"""``find-aco`` and ``settle --aco`` as analysts use them: real processes, CMS's published amounts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from aco_desktop.cli import main
from aco_desktop.cms import known_exception, load_puf

from .conftest import CURRENT_PUFS, PY2024_PUF, REPO, RULES, require_puf


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aco_desktop", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60)


def _picks() -> list:
    """A handful of rows straight from CMS's files: the first row of each year, and in PY2024 the first ACO that
    owes, the first low-revenue half-rate (ReducedSS) row and the first with an AIP balance to recoup."""
    rows = {year: [r for r in load_puf(path, RULES) if not known_exception(r)] for year, path in CURRENT_PUFS.items()}
    py2024 = rows[2024]
    return [rows[2022][0], rows[2023][0], py2024[0],
            next(r for r in py2024 if r.published_earned < 0),
            next(r for r in py2024 if r.reduced_share),
            next(r for r in py2024 if (r.aip_balance or 0) > 0 and r.published_earned > 0)]


@pytest.mark.puf
def test_settle_aco_in_a_real_process_gives_the_published_amount() -> None:
    require_puf(*CURRENT_PUFS.values())
    for row in _picks():
        proc = run("settle", "--aco", row.aco_id, "--performance-year", str(row.performance_year), "--json")
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout.splitlines()[-1])
        assert result["published_earned"] == row.published_earned
        diff = abs(result["earned"] - row.published_earned)
        assert diff <= 5 or diff <= 0.002 * abs(row.published_earned), (row.aco_id, result["earned"])
        assert result["sources"]["beneficiaries"].startswith("N_AB (")
        assert "note:" in proc.stderr


def test_settle_by_exact_name_any_case_and_the_plain_statement() -> None:
    proc = run("settle", "--aco", "palm beach accountable care organization", "--performance-year", "2023")
    assert proc.returncode == 0, proc.stderr
    assert "Published EarnSaveLoss (CMS): 73,426,268.00" in proc.stdout  # A1001, PY2023 file


def test_one_more_point_of_savings_overrides_that_input_only(capsys) -> None:
    assert main(["settle", "--aco", "A1001", "--performance-year", "2024", "--json"]) == 0
    base = json.loads(capsys.readouterr().out.splitlines()[-1])
    more = 100 * base["savings_rate"] + 1
    assert main(["settle", "--aco", "A1001", "--performance-year", "2024", "--savings-pct", str(more), "--json"]) == 0
    captured = capsys.readouterr()
    bumped = json.loads(captured.out.splitlines()[-1])
    assert base["published_earned"] == bumped["published_earned"] == 107_895_330  # PY2024 file, A1001
    # ENHANCED, quality met: 75% x 98% of one more point of the $1,650,927,172 benchmark
    assert bumped["earned"] - base["earned"] == pytest.approx(1_650_927_172 * 0.01 * 0.75 * 0.98, abs=2)
    assert bumped["sources"]["savings_pct"].startswith("--savings-pct")
    assert bumped["sources"]["beneficiaries"].startswith("N_AB")
    assert "overridden by flags: --savings-pct" in captured.err
    assert "note: peers: 9 of 10 similar ACOs cleared the MSR" in captured.err  # PY2024 ENHANCED, 77k-174k
    assert "SD of 11 year-to-year changes" in captured.err


@pytest.mark.parametrize(("args", "names"), [
    (["--aco", "A1001", "--performance-year", "2012"], "2018, 2019, 2020, 2021, 2022, 2023, 2024"),
    (["--aco", "No Such ACO Anywhere", "--performance-year", "2024"], "PY2013-2024"),
    (["--aco", "A1001"], "--performance-year"),
    (["--aco", "A1001", "--performance-year", "2024", "--savings-pct", "500"], "--savings-pct"),
    (["--aco", "A1001", "--performance-year", "2024", "--puf", "/no/such/file.csv"], "--puf"),
])
def test_unknown_aco_or_year_exits_2_with_one_line_naming_what_exists(args, names) -> None:
    proc = run("settle", *args)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and names in proc.stderr
    assert proc.stdout == ""


def test_find_aco_by_a_distinctive_word_any_case() -> None:
    proc = run("find-aco", "pALm")
    assert proc.returncode == 0, proc.stderr
    assert "A1001" in proc.stdout and "Palm Beach Accountable Care Organization" in proc.stdout
    assert "enhanced" in proc.stdout and "78,364 beneficiaries" in proc.stdout  # PY2023 row: track and size


def test_find_aco_lists_several_for_a_common_word_as_json() -> None:
    proc = run("find-aco", "Health", "--json", "--limit", "12")
    assert proc.returncode == 0, proc.stderr
    matches = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(matches) == 12 and len({m["name"] for m in matches}) == 12
    assert all({"performance_year", "track", "beneficiaries", "aco_id"} <= set(m) for m in matches)
    assert "showing 12" in proc.stderr


def test_find_aco_with_no_match_says_what_was_searched() -> None:
    proc = run("find-aco", "zzqx")
    assert proc.returncode == 1 and "5,271 ACO-years" in proc.stderr and proc.stdout == ""


@pytest.mark.puf
def test_find_aco_with_a_results_file_opened(capsys) -> None:
    require_puf(PY2024_PUF)
    assert main(["find-aco", "A1001", "--puf", str(PY2024_PUF), "--json"]) == 0
    years = [json.loads(line)["performance_year"] for line in capsys.readouterr().out.splitlines()]
    assert years[0] == 2024 and years.count(2024) == 1
