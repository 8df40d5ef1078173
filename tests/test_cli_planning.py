"""The planning commands through the command line: settle's outlook, options, agreement, sensitivity and
--rules-file. Figures are pinned by hand (comments show the arithmetic), not read back from the engine."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aco_desktop.cli import main
from aco_desktop.rules import RuleRegistry

from .conftest import REPO

OUTLOOK_FIELDS = ("sigma_pct", "p_earn", "p_owe", "expected_earned", "earned_p05", "earned_p95")
# 20,000 beneficiaries x $10,000 = a $200M benchmark.
ACO = ["--beneficiaries", "20000", "--benchmark-per-capita", "10000", "--quality-pct", "100"]
T1_2020 = ["--rules", "mssp", "--track", "track-1", "--performance-year", "2020", *ACO]
ENH_2026 = ["--rules", "mssp", "--track", "enhanced", "--performance-year", "2026", *ACO, "--quality-standard", "met"]
PY2026 = ["--rules", "mssp", "--performance-year", "2026", "--beneficiaries", "10000", "--benchmark-per-capita",
          "10000", "--savings-pct", "3"]
Z95 = 1.6448536269514722


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aco_desktop", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60)


def settle_json(capsys, *flags: str) -> dict:
    assert main(["settle", *flags, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def lines_json(capsys, *argv: str) -> list[dict]:
    assert main(list(argv)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


# ---- settle: the outlook -------------------------------------------------------------------------------

def test_settle_json_default_sigma_for_10000_is_2_29_points(capsys) -> None:
    # uncertainty.md's table: sqrt(0.8^2 + 215^2 / 10,000) = sqrt(0.64 + 4.6225) = 2.294 pp.
    result = settle_json(capsys, *PY2026, "--track", "basic-e")
    assert result["sigma_pct"] == pytest.approx(2.294, abs=5e-4)
    assert all(key in result for key in OUTLOOK_FIELDS)
    assert 0 <= result["p_owe"] < result["p_earn"] <= 1 and result["p_earn"] + result["p_owe"] <= 1


def test_settle_outlook_of_a_linear_stretch_pinned_by_hand(capsys) -> None:
    # Track 1 PY2020 at 5% (MSR 2.5% is 25 sigmas below, the 10% cap 50 above): earned = s x $200M x 50%, linear,
    # so expected = $5,000,000 and the 5th/95th percentiles are 5M -+ 1.6449 x 0.1% x $200M x 50%.
    r = settle_json(capsys, *T1_2020, "--savings-pct", "5", "--sigma-pct", "0.1")
    assert r["earned"] == 5_000_000 and r["sigma_pct"] == pytest.approx(0.1)
    assert r["expected_earned"] == pytest.approx(5_000_000, abs=0.01)
    assert (r["p_earn"], r["p_owe"]) == (1.0, 0.0)
    assert r["earned_p05"] == pytest.approx(5_000_000 - Z95 * 100_000, abs=0.01)
    assert r["earned_p95"] == pytest.approx(5_000_000 + Z95 * 100_000, abs=0.01)


def test_bad_year_doubles_sigma_and_a_missed_quality_standard_mixes_in_zero(capsys) -> None:
    assert settle_json(capsys, *T1_2020, "--sigma-pct", "1.5", "--bad-year")["sigma_pct"] == pytest.approx(3.0)
    # ENHANCED PY2026 at 5%: $10M x 75% x (1 - 2% sequestration) = $7,350,000 when the standard is met, $0 when
    # missed; sigma 0 and a 50% chance of missing it: expected $3,675,000, earning half the time.
    r = settle_json(capsys, *ENH_2026, "--savings-pct", "5", "--sigma-pct", "0", "--quality-miss-pct", "50")
    assert r["earned"] == 7_350_000
    assert (r["expected_earned"], r["p_earn"], r["p_owe"]) == (pytest.approx(3_675_000), 0.5, 0.0)
    assert (r["earned_p05"], r["earned_p95"]) == (0.0, 7_350_000)


def test_settle_table_has_the_outlook_block(capsys) -> None:
    assert main(["settle", *T1_2020, "--savings-pct", "5", "--sigma-pct", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "Outlook (savings rate uncertain: sigma 0.10 percentage points, yours)" in out
    assert re.search(r"Chance of earning shared savings\s+100%", out)
    assert re.search(r"Expected payment\s+\$5,000,000", out)
    assert re.search(r"1 year in 20 worse than\s+\$4,835,515", out)


def test_batch_rows_all_carry_the_outlook_and_bad_spread_cells_name_their_column(tmp_path: Path, capsys) -> None:
    batch = tmp_path / "b.csv"
    batch.write_text("rules,track,performance_year,beneficiaries,benchmark_per_capita,savings_pct,sigma_pct,"
                     "bad_year,quality_miss_pct\n"
                     "mssp,basic-e,2026,10000,10000,3,,,\n"
                     "mssp,track-1,2020,20000,10000,5,0.1,true,\n"
                     "mssp,track-1,2020,20000,10000,5,-1,,\n"
                     "mssp,track-1,2020,20000,10000,5,,maybe,\n"
                     "mssp,track-1,2020,20000,10000,5,,,200\n")
    assert main(["settle", "--batch", str(batch), "--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["sigma_pct"] == pytest.approx(2.294, abs=5e-4)  # empty cell: the default from size
    assert rows[1]["sigma_pct"] == pytest.approx(0.2)  # 0.1 doubled for a bad year
    assert all(key in row for row in rows[:2] for key in OUTLOOK_FIELDS)
    assert rows[2]["error"].startswith("sigma_pct: must be 0 to 100 percentage points")
    assert rows[3]["error"] == "bad_year: expected true or false, got 'maybe'"
    assert rows[4]["error"].startswith("quality_miss_pct: must be 0 to 100 percent")


@pytest.mark.parametrize(("flags", "needle"), [
    (["--sigma-pct", "-1"], "--sigma-pct: must be 0 to 100 percentage points; got -1"),
    (["--sigma-pct", "nan"], "--sigma-pct: must be 0 to 100 percentage points"),
    (["--quality-miss-pct", "150"], "--quality-miss-pct: must be 0 to 100 percent; got 150"),
])
def test_bad_spread_flags_exit_2_with_one_line(flags: list[str], needle: str) -> None:
    proc = run("settle", *flags)
    assert proc.returncode == 2 and proc.stdout == ""
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# ---- options ---------------------------------------------------------------------------------------------

def expected_option_rows(year: int) -> int:
    """Rows the rule file implies: one per one-sided level, one per MSR choice for an elected-MSR level."""
    book = RuleRegistry.load()["mssp"]
    count = 0
    for track_id, track in book.tracks.items():
        if track.first_year <= year <= track.last_year:
            msr = book.model_for(track_id, 1).msr
            count += len(msr.choices) if msr.method == "elected" else 1
    return count


def test_options_json_lists_every_level_and_election_of_py2026(capsys) -> None:
    rows = lines_json(capsys, "options", *PY2026, "--json")
    assert len(rows) == expected_option_rows(2026) == 26  # A, B + 6 elections x (C, D, E, ENHANCED)
    assert {r["track"] for r in rows} == {"basic-a", "basic-b", "basic-c", "basic-d", "basic-e", "enhanced"}
    assert {r["msr_election"] for r in rows if r["track"] == "enhanced"} == {"0.0", "0.5", "1.0", "1.5", "2.0",
                                                                            "table"}
    expected = [r["expected_earned"] for r in rows]
    assert expected == sorted(expected, reverse=True)
    for r in rows:
        assert {"allowed", "p_earn", "p_owe", "earned_p05", "earned_p95", "max_owed"} <= set(r)
        assert r["earned_p05"] <= r["expected_earned"] <= r["earned_p95"] and r["p_earn"] + r["p_owe"] <= 1
    one_sided = [r for r in rows if r["track"] in ("basic-a", "basic-b")]
    assert len(one_sided) == 2
    assert all(r["msr_election"] is None and r["p_owe"] == 0 and r["max_owed"] == 0 for r in one_sided)
    # ENHANCED's loss cap is 15% of the $100M benchmark.
    assert {r["max_owed"] for r in rows if r["track"] == "enhanced"} == {15_000_000}


def test_options_glide_path_marks_levels_not_allowed_in_place(capsys) -> None:
    rows = lines_json(capsys, "options", *PY2026, "--agreement-year", "3", "--glide-path", "glide-standard", "--json")
    assert {r["track"] for r in rows if not r["allowed"]} == {"basic-a", "basic-b"}  # year 3: C-E only
    expected = [r["expected_earned"] for r in rows]
    assert expected == sorted(expected, reverse=True) and all(not math.isnan(v) for v in expected)


def test_options_csv_has_a_header_and_a_row_per_option(capsys) -> None:
    assert main(["options", *PY2026, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 26 and rows[0]["track"] == "enhanced" and rows[0]["allowed"] == "true"
    assert {r["msr_election"] for r in rows if r["track"] == "basic-a"} == {""}


# ---- agreement -------------------------------------------------------------------------------------------

PROPOSED_T1 = ["agreement", "--rules", "proposed-2011", "--track", "track-1", *ACO, "--savings-by-year", "3,1,-4"]


def test_agreement_proposed_track_1_three_years_pinned_by_hand(capsys) -> None:
    assert main([*PROPOSED_T1, "--sigma-pct", "0", "--json"]) == 0
    a = json.loads(capsys.readouterr().out)
    y1, y2, y3 = a["rows"]
    assert a["plan"] == ["track-1"] * 3
    # Year 1: 3% >= MSR 2.5% (20,000); net of 2%: (3% - 2%) x $200M x 50% = $1,000,000; 25% withheld.
    assert (y1["earned"], y1["withheld"], y1["balance"], y1["cash"]) == (1_000_000, 250_000, 250_000, 750_000)
    assert (y1["p_owe"], y1["loss_cap"]) == (0.0, None)  # one-sided
    assert (y2["earned"], y2["balance"]) == (0, 250_000)  # 1% < MSR
    # Year 3, two-sided: $8M loss x (1 - 60%) = $3,200,000 under a loss cap of 5% of $200M = $10M; the $250,000
    # balance offsets part of it.
    assert (y3["loss_cap"], y3["earned"], y3["offset"], y3["owed"]) == (10_000_000, -3_200_000, 250_000, 2_950_000)
    assert [row["expected_earned"] for row in a["rows"]] == pytest.approx([1_000_000, 0, -3_200_000])  # sigma 0
    assert y3["p_owe"] == 1.0
    # Costs from the rule file: $2M in year 1, $1.5M after; cash -2.2M - 5M = -7.2M.
    assert [row["cost"] for row in a["rows"]] == [2_000_000, 1_500_000, 1_500_000]
    assert (a["totals"]["cash"], a["totals"]["net"]) == (-2_200_000, -7_200_000)
    # Repayment mechanism: 1% of $200M = $2M against the $10M loss cap of year 3: $8M short.
    assert (y3["repayment"]["amount"], y3["repayment"]["shortfall"]) == (2_000_000, 8_000_000)
    # Break-even p held 3 years: 2 x (p - 2%) x $200M x 50% + p x $200M x 60% = $5M -> p = 9/320 = 2.8125%.
    assert a["break_even_savings_pct"] == pytest.approx(2.8125, abs=1e-4)
    assert a["warnings"] == []


def test_agreement_table_and_costs_flags(capsys) -> None:
    assert main([*PROPOSED_T1, "--costs-startup", "0", "--costs-yearly", "100000"]) == 0
    out = capsys.readouterr().out
    assert "3-year agreement, plan track-1, track-1, track-1" in out
    assert "-$3,200,000" in out and "$10,000,000" in out
    assert "Costs: $0 in year 1, $100,000 a year after (user)." in out
    assert "covers 20% of it, $8,000,000 short" in out


def test_agreement_default_plan_follows_the_glide_path_and_a_bad_plan_is_warned(capsys) -> None:
    base = ["agreement", "--rules", "mssp", "--performance-year", "2021", *ACO, "--json"]
    a = lines_json(capsys, *base, "--track", "basic-a", "--trend", "1,0.5")[0]
    assert a["plan"] == ["basic-a", "basic-b", "basic-c", "basic-d", "basic-e"] and a["warnings"] == []
    assert [row["savings_rate"] for row in a["rows"]] == pytest.approx([0.01, 0.015, 0.02, 0.025, 0.03])
    a = lines_json(capsys, *base, "--plan", "basic-a,basic-a,basic-c,basic-d,basic-e")[0]
    assert any("year 2: basic-a is not allowed" in w for w in a["warnings"])


@pytest.mark.parametrize(("flags", "needle"), [
    (["--savings-by-year", "3,1"], "--savings-by-year: the plan has 3 years but 2 savings rates were given"),
    (["--trend", "1"], "--trend: expected 2 numbers separated by commas"),
    (["--costs-startup", "-5"], "--costs-startup: must be 0 to under 1 trillion dollars; got -5"),
    (["--plan", "track-9"], "--plan: 'track-9' not a track of"),
    (["--glide-path", "nope"], "--glide-path: 2011 proposed rule has no glide path 'nope'; paths: track-1, track-2"),
])
def test_agreement_bad_input_exits_2(flags: list[str], needle: str) -> None:
    proc = run("agreement", "--rules", "proposed-2011", "--track", "track-1", *ACO, *flags)
    assert proc.returncode == 2 and proc.stdout == ""
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# ---- sensitivity -----------------------------------------------------------------------------------------

def test_sensitivity_csv_cells_pinned_by_hand(capsys) -> None:
    assert main(["sensitivity", *T1_2020, "--savings-pct-grid", "2,5", "--quality-pct-grid", "50,100",
                 "--beneficiaries-grid", "20000,40000", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    cells = {(r["table"], float(r["savings_pct"]), float(r["quality_pct"]), int(r["beneficiaries"])):
             float(r["earned"]) for r in rows}
    assert len(cells) == 8
    # 2% < MSR 2.5%: nothing. 5% of $200M x 50% x quality: $5M at 100%, $2.5M at 50%.
    assert cells[("quality", 2, 50, 20000)] == 0 and cells[("quality", 5, 50, 20000)] == 2_500_000
    assert cells[("quality", 5, 100, 20000)] == 5_000_000
    # 40,000 x $10,000 = $400M: 5% x $400M x 50% = $10M.
    assert cells[("beneficiaries", 5, 100, 40000)] == 10_000_000


def test_sensitivity_bad_grid_exits_2() -> None:
    proc = run("sensitivity", *T1_2020, "--quality-pct-grid", "50,101")
    assert proc.returncode == 2
    assert "--quality-pct-grid: 101 is out of range; allowed: 0 to 100 percent" in proc.stderr


# ---- --rules-file ------------------------------------------------------------------------------------------

def reform_file(folder: Path, name: str, enhanced_max_sharing: str, rule_id: str | None = None) -> Path:
    """A copy of the shipped mssp.toml with ENHANCED's max sharing rate changed and its own id."""
    text = (REPO / "resources" / "rules" / "mssp.toml").read_text(encoding="utf-8")
    start = text.index("[models.enhanced]")
    old = "max_sharing_rate = { value = 0.75"
    at = text.index(old, start)
    text = text[:at] + f"max_sharing_rate = {{ value = {enhanced_max_sharing}" + text[at + len(old):]
    text, n = re.subn(r'^id = "mssp"', f'id = "{rule_id or name}"', text, count=1, flags=re.M)
    assert n == 1
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reform_raising_enhanced_sharing_to_80_adds_the_hand_computed_amount(tmp_path: Path, capsys) -> None:
    path = reform_file(tmp_path, "my-reform", "0.80")
    flags = [*ENH_2026[2:], "--savings-pct", "5", "--rules-file", str(path)]
    shipped = settle_json(capsys, "--rules", "mssp", *flags)
    reform = settle_json(capsys, "--rules", "my-reform", *flags)
    # $10M savings x 5 points more sharing x (1 - 2% sequestration) = $490,000.
    assert (shipped["earned"], reform["earned"]) == (7_350_000, 7_840_000)
    assert reform["rules"] == "my-reform"
    rows = lines_json(capsys, "options", "--rules", "my-reform", *flags, "--json")
    assert rows[0]["track"] == "enhanced"


@pytest.mark.parametrize(("value", "rule_id", "needle"), [
    ("1.5", None, "--rules-file: bad-reform.toml: field 'models.enhanced.max_sharing_rate.value': must be a rate "
                  "from 0 to 1"),
    ("0.80", "other-id", "--rules-file: bad-reform.toml: field 'id': 'other-id' must match the file name"),
])
def test_bad_reform_file_exits_2_naming_the_file_and_field(tmp_path: Path, value: str, rule_id: str | None,
                                                           needle: str) -> None:
    path = reform_file(tmp_path, "bad-reform", value, rule_id)
    for command in ("settle", "options", "agreement"):
        proc = run(command, "--rules-file", str(path))
        assert proc.returncode == 2 and proc.stdout == ""
        assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
