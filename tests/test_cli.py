"""The command line as analysts use it: real processes, real output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aco_desktop.cli import main

from .conftest import MERGED_PUF, RAW_2013_PUF, REPO, require_puf

W3 = ["--beneficiaries", "20000", "--benchmark-per-capita", "10000", "--savings-pct", "3", "--quality-pct", "100"]
# W3-W8 through the command line, to the dollar: (flags, earned, paid now)
CASES = {
    "W3-2020": (["--rules", "mssp", "--track", "track-1", "--performance-year", "2020", *W3], 3_000_000, 3_000_000),
    "W3-2014": (["--rules", "mssp", "--track", "track-1", "--performance-year", "2014", *W3], 2_940_000, 2_940_000),
    "W4": (["--rules", "proposed-2011", "--track", "track-1", "--agreement-year", "1", *W3, "--fqhc-pct", "0"],
           1_000_000, 750_000),
    "W5": (["--rules", "proposed-2011", "--track", "track-1", *W3, "--fqhc-pct", "45"], 1_050_000, 787_500),
    "W6": (["--rules", "proposed-2011", "--track", "track-1", "--beneficiaries", "8000", "--benchmark-per-capita",
            "10000", "--savings-pct", "4", "--quality-pct", "100", "--physician-group-only"], 1_600_000, 1_200_000),
    "W7": (["--rules", "mssp", "--track", "track-2", "--performance-year", "2014", "--beneficiaries", "10000",
            "--benchmark-per-capita", "10000", "--savings-pct", "-5", "--quality-pct", "90"], -2_300_000, -2_300_000),
    "W8": (["--rules", "mssp", "--track", "track-2", "--performance-year", "2014", "--beneficiaries", "10000",
            "--benchmark-per-capita", "10000", "--savings-pct", "-20", "--quality-pct", "50"], -5_000_000, -5_000_000),
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aco_desktop", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60)


@pytest.mark.parametrize("case", sorted(CASES))
def test_settle_json_worked_cases_to_the_dollar(case: str, capsys) -> None:
    flags, earned, paid_now = CASES[case]
    assert main(["settle", *flags, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert round(result["earned"]) == earned and round(result["paid_now"]) == paid_now
    for key in ("benchmark", "expenditures", "gross_savings", "savings_rate", "msr", "mlr", "final_sharing_rate",
                "shared_loss_rate", "earned", "withheld", "paid_now"):
        assert key in result
    assert result["steps"][-1]["label"] == "Paid now" and all("source" in s for s in result["steps"])


def test_settle_table_in_a_real_process() -> None:
    proc = run("settle", *CASES["W4"][0])
    assert proc.returncode == 0, proc.stderr
    assert "Paid now" in proc.stdout and "$750,000" in proc.stdout and "reconstructed" not in proc.stdout


@pytest.mark.parametrize(("flags", "needle"), [
    (["--beneficiaries", "-5"], "--beneficiaries: must be 1 to 1,000,000 people; got -5"),
    (["--quality-pct", "120"], "--quality-pct: must be 0 to 100 percent"),
    (["--rules", "mssp", "--track", "basic-e", "--performance-year", "2016"], "--performance-year: BASIC level E did not exist"),
    (["--rules", "mssp", "--track", "track-9", "--performance-year", "2016"], "--track: 'track-9' is not a track"),
    (["--rules", "nope"], "unknown rulebook 'nope'"),
    (["--track", "track-1", "--beneficiaries", "3000"], "--beneficiaries: Track 1 needs at least 5,000"),
    (["--option", "withhold=30"], "--option: withhold must be one of 25, 20"),
    (["--savings-pct", "abc"], "invalid float value"),
])
def test_bad_input_exits_2_with_one_clear_line(flags: list[str], needle: str) -> None:
    proc = run("settle", *flags)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_batch_settles_every_row_and_reports_bad_rows(tmp_path: Path) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text(
        "rules,track,performance_year,agreement_year,beneficiaries,benchmark_per_capita,savings_pct,quality_pct,fqhc_pct\n"
        "proposed-2011,track-1,,1,20000,10000,3,100,0\n"
        "mssp,track-1,2014,,20000,10000,3,100,\n"
        "mssp,basic-e,2016,,20000,10000,3,100,\n"
        "proposed-2011,track-1,,1,-4,10000,3,100,45\n"
        "mssp,track-2,2014,1,10000,10000,-20,50,\n", encoding="utf-8")
    proc = run("settle", "--batch", str(batch), "--json")
    assert proc.returncode == 1, proc.stderr  # some rows failed
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["row"] for r in rows] == [1, 2, 3, 4, 5] and [r["line"] for r in rows] == [2, 3, 4, 5, 6]
    assert round(rows[0]["earned"]) == 1_000_000 and round(rows[1]["earned"]) == 2_940_000
    assert rows[2]["error"].startswith("performance_year:") and rows[3]["error"].startswith("beneficiaries:")
    assert round(rows[4]["earned"]) == -5_000_000
    assert "line 4: performance_year:" in proc.stderr and "line 5: beneficiaries:" in proc.stderr


def test_rules_lists_rulebooks_tracks_years_and_sources() -> None:
    proc = run("rules")
    assert proc.returncode == 0
    assert "proposed-2011" in proc.stdout and "basic-e" in proc.stdout and "PY2019-2026" in proc.stdout
    assert "76 FR 19528" in proc.stdout


@pytest.mark.puf
def test_reproduce_puf_matches_real_results() -> None:
    require_puf(MERGED_PUF, RAW_2013_PUF)
    proc = run("reproduce-puf", str(MERGED_PUF), str(RAW_2013_PUF))
    assert proc.returncode == 0, proc.stdout[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    matched, total = (int(x) for x in last.removeprefix("matched: ").split(" of "))
    assert total == 3_860 and matched >= 3_854
    assert "PY2021: 475 matched, 475 compared" in proc.stdout


def test_reproduce_puf_refuses_a_file_that_is_not_a_puf(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    proc = run("reproduce-puf", str(other))
    assert proc.returncode == 2 and "not a recognised CMS Shared Savings Program PUF" in proc.stderr


@pytest.mark.puf
def test_reproduce_puf_any_mix_of_files_counts_per_file_and_run() -> None:
    from .conftest import CURRENT_PUFS

    paths = [MERGED_PUF, RAW_2013_PUF, *CURRENT_PUFS.values()]
    require_puf(*paths)
    proc = run("reproduce-puf", *map(str, paths))
    assert proc.returncode == 0, proc.stdout[-3000:]
    lines = proc.stdout.strip().splitlines()
    totals = [line for line in lines if line.startswith("matched: ")]
    # one per file (merged file: its 3,640 rows not superseded by the raw 2013 file), then the whole run
    assert totals == ["matched: 3638 of 3640", "matched: 220 of 220", "matched: 482 of 482",
                      "matched: 450 of 453", "matched: 474 of 476", "matched: 5264 of 5271"]
    assert lines[-1] == "matched: 5264 of 5271"
    assert not [line for line in lines if not line.startswith("matched: ") and re.search(r"\bof [\d,]+\b", line)]
    misses = [line for line in lines if line.lstrip().startswith("miss: ")]
    assert len(misses) == 7 and not any("unexplained" in line for line in misses)
    assert "Guardrail" in proc.stdout and "Rev_Exp_Cat" in proc.stdout


@pytest.mark.puf
def test_reproduce_puf_exits_1_when_a_miss_is_unexplained(tmp_path: Path) -> None:
    from .conftest import PY2022_PUF

    require_puf(PY2022_PUF)
    import csv as _csv

    with PY2022_PUF.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(_csv.reader(handle))
    col = rows[0].index("EarnSaveLoss")
    rows[1][col] = str(float(rows[1][col]) + 1_000_000)  # a published figure the rules cannot give
    doctored = tmp_path / "doctored.csv"
    with doctored.open("w", newline="", encoding="utf-8") as handle:
        _csv.writer(handle).writerows(rows)
    proc = run("reproduce-puf", str(doctored))
    assert proc.returncode == 1 and "unexplained" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "matched: 481 of 482"


@pytest.mark.parametrize(("flags", "named"), [
    (["--agreement-start", "2024-13"], "--agreement-start: must be a month YYYY-MM"),
    (["--agreement-year", "6"], "--agreement-year:"),
    (["--agreement-start", "2019-07", "--agreement-year", "2"], "--agreement-start:"),
    (["--aip-balance", "-1"], "--aip-balance:"),
    (["--disaster-adjustment", "-5"], "--disaster-adjustment:"),
])
def test_new_inputs_refuse_bad_values_naming_the_flag(flags, named, capsys) -> None:
    assert main(["settle", "--rules", "mssp", "--track", "enhanced", "--performance-year", "2024", *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and named in err[0]


def test_new_inputs_through_the_command_line(capsys) -> None:
    half = ["settle", "--rules", "mssp", "--track", "basic-a", "--performance-year", "2024", "--beneficiaries",
            "10000", "--benchmark-per-capita", "10000", "--savings-pct", "1", "--json"]
    assert main([*half, "--revenue-category", "low", "--aip-balance", "100000", "--agreement-start", "2024-01"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "half-rate" and round(result["earned"]) == 196_000  # 1M x 40% x 0.5 x 0.98
    assert round(result["paid_now"]) == 96_000 and result["assumptions"] == []
    assert main(half) == 0
    unknown = json.loads(capsys.readouterr().out)
    assert unknown["earned"] == 0 and round(unknown["alternative_if_low_revenue"]) == 196_000
    assert unknown["assumptions"]


BATCH_HEADER = "rules,track,performance_year,beneficiaries,benchmark_per_capita,savings_pct\n"
W3_ROW = "mssp,track-1,2014,20000,10000,3\n"  # W3, PY2014: earned 2,940,000 at quality 100 (default 90: 2,646,000)


def test_batch_never_loses_a_row(tmp_path: Path) -> None:
    batch = tmp_path / "b.csv"
    batch.write_text(BATCH_HEADER + W3_ROW + "\n" + "mssp,track-1,2014,20000,10000\n" + '"unclosed,x\n', encoding="utf-8")
    proc = run("settle", "--batch", str(batch), "--json")
    assert proc.returncode == 1
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r.get("line") for r in rows] == [2, 4, 5]
    assert round(rows[0]["earned"]) == 2_646_000 and "cells" in rows[1]["error"] and "error" in rows[2]
    assert "line 3: blank line skipped" in proc.stderr


def test_batch_file_errors_exit_2_before_any_row(tmp_path: Path) -> None:
    missing = tmp_path / "m.csv"
    missing.write_text("rules,track,beneficiaries\nmssp,track-1,100\n", encoding="utf-8")
    proc = run("settle", "--batch", str(missing))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "missing required column(s): benchmark_per_capita, savings_pct" in proc.stderr
    unknown = tmp_path / "u.csv"
    unknown.write_text(BATCH_HEADER.strip() + ",colour\n" + W3_ROW.strip() + ",red\n", encoding="utf-8")
    proc = run("settle", "--batch", str(unknown))
    assert proc.returncode == 2 and "unknown column(s) 'colour'" in proc.stderr and proc.stdout == ""
    proc = run("settle", "--batch", "/dev/null")
    assert proc.returncode == 2 and "is a device" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_batch_refuses_a_fifo(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = run("settle", "--batch", str(fifo))
    assert proc.returncode == 2 and "is a FIFO" in proc.stderr


def test_batch_reads_stdin_and_ends_quietly_into_head(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "aco_desktop", "settle", "--batch", "-"], input=BATCH_HEADER + W3_ROW,
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "line 2: earned 2,646,000.00"
    big = tmp_path / "big.csv"
    big.write_text(BATCH_HEADER + W3_ROW * 20_000, encoding="utf-8")
    shell = subprocess.run(f'"{sys.executable}" -m aco_desktop settle --batch "{big}" --json | head -n 2',
                           shell=True, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert len(shell.stdout.splitlines()) == 2
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr


def test_batch_columns_for_the_new_inputs(tmp_path: Path) -> None:
    batch = tmp_path / "new.csv"
    batch.write_text(
        "rules,track,performance_year,agreement_start,beneficiaries,benchmark_per_capita,savings_pct,revenue_category,"
        "aip_balance,disaster_adjustment\n"
        "mssp,basic-a,2024,2024-01,10000,10000,1,low,100000,\n"  # 1M x 40% x 0.5 x 0.98 = 196,000; paid 96,000
        "mssp,basic-e,2024,,10000,10000,-5,high,,200000\n"  # 5M x 30% = 1.5M less 200,000
        "mssp,basic-a,2024,2024-01,10000,10000,1,middling,,\n", encoding="utf-8")
    proc = run("settle", "--batch", str(batch), "--json")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1
    assert round(rows[0]["earned"]) == 196_000 and round(rows[0]["paid_now"]) == 96_000
    assert round(rows[1]["earned"]) == -1_300_000
    assert rows[2]["error"].startswith("revenue_category:") and rows[2]["line"] == 4


def test_help_names_what_the_rule_files_hold(tmp_path, capsys) -> None:
    """Rule facts in the help (rulebooks, tracks, years, elections) come from the files, not the code."""
    from aco_desktop.cli import build_parser
    from aco_desktop.rules import RuleRegistry

    text = (REPO / "resources" / "rules" / "mssp.toml").read_text(encoding="utf-8")
    later = text.replace("last_year = 2026", "last_year = 2027")
    assert later != text
    (tmp_path / "mssp.toml").write_text(later.replace("to_year = 2026", "to_year = 2027"), encoding="utf-8")
    help_text = build_parser(RuleRegistry.load(tmp_path)).format_help()
    settle_help = next(a for a in build_parser(RuleRegistry.load(tmp_path))._subparsers._group_actions[0]
                       .choices["settle"]._actions if "--performance-year" in a.option_strings).help
    assert "2013-2027" in settle_help and "aco-desktop" in help_text
