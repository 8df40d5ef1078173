"""The outlook's words and numbers without a window: strict parsing, the chances line, the chooser rows."""

from __future__ import annotations

from aco_desktop.engine import Spread, outlook, track_options
from aco_desktop.scenario import Scenario
from aco_desktop.view.outlook import chances_line, parse_miss, parse_sigma
from aco_desktop.view.outlook_tables import cell_text, option_rows, ranked, sensitivity_tables

from ..conftest import RULES

ACO = Scenario(rules="mssp", track="enhanced", performance_year=2026, beneficiaries=7000, savings_pct=2.0)


def test_spread_inputs_are_strict() -> None:
    assert parse_sigma("") == (None, True, "")
    assert parse_sigma("from size") == (None, True, "")
    assert parse_sigma(" 3.5 ") == (3.5, True, "")
    assert not parse_sigma("nan")[1] and not parse_sigma("-1")[1] and not parse_sigma("101")[1]
    assert "not a number" in parse_sigma("abc")[2]
    assert parse_miss("12.5%") == (12.5, "")
    assert parse_miss("120")[0] is None and "out of range" in parse_miss("120")[1]


def test_chances_line_reads_as_the_issue_asks() -> None:
    line = chances_line(outlook(RULES, ACO, Spread()))
    assert line == "50% chance of earning \u00b7 7% chance of owing \u00b7 expected $1.11M \u00b7 1 year in 20 worse than -$747K"


def test_rows_one_at_a_time_rank_as_the_engine_does() -> None:
    for spread in (Spread(), Spread(sigma_pp=4, bad_year=True, p_quality_miss=0.1)):
        assert ranked(list(option_rows(RULES, ACO, spread)), ACO, spread) == track_options(RULES, ACO, spread)


def test_sensitivity_cells_say_earned_or_owed_and_mark_the_scenario() -> None:
    quality, sizes = sensitivity_tables(RULES, ACO)
    i, j = sizes.current
    assert sizes.savings[i] == ACO.savings_pct and sizes.columns[j] == ACO.beneficiaries
    assert cell_text(1_131_900) == "+$1.13M earned" and cell_text(-616_000) == "-$616K owed" and cell_text(0) == "$0"
