"""Presets: every one opens, settles, and earns the figure its note states (to the dollar)."""

from __future__ import annotations

import re

import pytest

from aco_desktop.engine import settle
from aco_desktop.session.presets import list_presets, load_preset, presets_dir

from ..conftest import RAW_2014_PUF, require_puf
from ..conftest import RULES

PRESETS = list_presets(RULES)
IDS = [p.id for p in PRESETS]


def test_presets_are_found_and_documented() -> None:
    assert presets_dir().is_dir() and len(PRESETS) >= 10
    assert len(set(IDS)) == len(IDS)
    for preset in PRESETS:
        assert preset.name and preset.note and preset.source, preset.id
        assert preset.expected_earned is not None, preset.id


@pytest.mark.parametrize("preset", PRESETS, ids=IDS)
def test_preset_settles_to_its_expected_figure(preset) -> None:
    file = load_preset(preset.id, RULES)
    assert file == preset.load(RULES)
    result = settle(RULES, file.scenario)
    assert round(result.earned) == preset.expected_earned
    # The figure is also written in the note, as a reader sees it (except a zero, stated in words).
    if preset.expected_earned:
        assert f"${abs(preset.expected_earned):,.0f}" in preset.note


def test_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="net-2-percent-threshold"):
        load_preset("no-such-preset", RULES)


def test_worked_cases_and_real_aco_years_are_covered() -> None:
    for wanted in ("W4", "W5", "W6", "W3", "W7", "W8", "W13"):
        assert any(re.search(rf"\b{wanted}\b", p.source) for p in PRESETS), wanted
    assert sum("2014_Shared_Savings_Program" in p.source for p in PRESETS) >= 3


@pytest.mark.puf
def test_real_aco_presets_match_the_puf_row() -> None:
    """The typed-in inputs agree with the CMS file they cite (when it is beside the project)."""
    require_puf(RAW_2014_PUF)
    from aco_desktop import cms

    records = {r.aco_id: r for r in cms.load_puf(RAW_2014_PUF, RULES)}
    checked = 0
    for preset in PRESETS:
        found = re.search(r"ACO_Num (A\d{5})", preset.source)
        if not found:
            continue
        record = records[found.group(1)]
        scenario = preset.load(RULES).scenario
        assert scenario.beneficiaries == record.beneficiaries
        assert scenario.benchmark == pytest.approx(record.benchmark, abs=0.01)
        assert scenario.savings_rate == pytest.approx(record.savings_rate, abs=1e-12)
        assert (scenario.track, scenario.agreement_year) == (record.track, record.agreement_year)
        assert preset.expected_earned == record.published_earned
        checked += 1
    assert checked >= 3


def test_presets_open_on_todays_rules_first() -> None:
    first = [PRESETS[i].load(RULES).scenario for i in range(4)]
    assert all(s.rules == "mssp" and s.performance_year >= 2024 for s in first)
    assert {s.track for s in first} >= {"basic-a", "basic-e", "enhanced"}


def test_a_new_window_opens_on_the_rules_in_force_for_the_year() -> None:
    from datetime import date

    from aco_desktop.engine import settle
    from aco_desktop.session.presets import opening_scenario

    today = opening_scenario(RULES, date(2026, 11, 30))
    assert (today.rules, today.track, today.performance_year, today.agreement_year) == ("mssp", "basic-a", 2026, 1)
    assert opening_scenario(RULES, date(2031, 1, 5)).performance_year == 2026  # the latest year the files hold
    assert settle(RULES, today).earned > 0  # the defaults clear the MSR: the first picture shows sharing


PY2024_KINDS = {"05": ("basic-b", False), "06": ("basic-e", False), "07": ("enhanced", False),
                "08": ("basic-e", True), "09": ("basic-e", False)}  # numbered prefix: (track, low-revenue half rate)


def test_real_py2024_presets_cover_each_kind_of_aco() -> None:
    """05-09: one-sided BASIC, two-sided BASIC, ENHANCED, a low-revenue half-rate ACO and one that owed."""
    real = {p.path.name[:2]: p for p in PRESETS if p.path.name[:2] in PY2024_KINDS}
    assert sorted(real) == sorted(PY2024_KINDS)
    for number, (track, half_rate) in PY2024_KINDS.items():
        preset = real[number]
        scenario = preset.load(RULES).scenario
        assert (scenario.performance_year, scenario.track) == (2024, track), number
        assert re.fullmatch(r".+, PY2024 \((BASIC level [A-E]|ENHANCED)\)", preset.name), preset.name
        assert re.match(r"CMS PY 2024 ACO Results PUF, ACO_ID A\d{4}\b", preset.source), preset.source
        assert track not in preset.note and track not in preset.name  # no internal labels
        assert (settle(RULES, scenario).outcome == "half-rate") == half_rate, number
    # The one that owed, as CMS published (PY 2024 ACO Results PUF, A2308 EarnSaveLoss -1604660).
    assert real["09"].expected_earned == -1_604_660 and "owed $1,604,660" in real["09"].note


@pytest.mark.puf
def test_real_py2024_presets_match_the_cms_row() -> None:
    """The inputs agree with CMS's PY2024 file and expected_earned is its EarnSaveLoss (when the file is here)."""
    from ..conftest import PY2024_PUF

    require_puf(PY2024_PUF)
    from aco_desktop import cms

    records = {r.aco_id: r for r in cms.load_puf(PY2024_PUF, RULES)}
    checked = 0
    for preset in PRESETS:
        found = re.search(r"PY 2024 ACO Results PUF, ACO_ID (A\d{4})", preset.source)
        if not found:
            continue
        record, scenario = records[found.group(1)], preset.load(RULES).scenario
        assert scenario.beneficiaries == record.beneficiaries
        assert scenario.benchmark == pytest.approx(record.benchmark, abs=0.01)
        assert scenario.savings_rate == pytest.approx(record.savings_rate, abs=1e-12)
        assert (scenario.track, scenario.agreement_year) == (record.track, record.agreement_year)
        assert preset.expected_earned == record.published_earned
        checked += 1
    assert checked == 5
