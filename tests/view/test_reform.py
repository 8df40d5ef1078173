"""Reform edits and the TOML writer (Qt-free): strict edits naming the field, and a round trip for every
shipped rulebook."""

from __future__ import annotations

import tomllib

import pytest

from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.rules.loader import load_rulebook_file
from aco_desktop.rules.schema import Rulebook
from aco_desktop.scenario import Scenario
from aco_desktop.view.reform import ReformError, compare, open_reform, renamed, save_reform, toml_text, with_value

LAW = RuleRegistry.load()
RATE = ("models", "enhanced", "max_sharing_rate", "value")


@pytest.mark.parametrize("book_id", list(LAW))
def test_every_shipped_rulebook_survives_the_toml_writer(book_id) -> None:
    book = LAW[book_id]
    assert Rulebook.model_validate(tomllib.loads(toml_text(book))) == book


def test_edits_are_strict_and_name_the_field() -> None:
    book = LAW["mssp"]
    with pytest.raises(ReformError, match=r"field 'models.enhanced.max_sharing_rate.value': 'lots' is not a number"):
        with_value(book, RATE, "lots")
    with pytest.raises(ReformError, match=r"max_sharing_rate.value': must be a rate from 0 to 1"):
        with_value(book, RATE, "1.5")
    with pytest.raises(ReformError, match="shipped rulebook"):
        renamed(book, "mssp", LAW)
    assert with_value(book, RATE, "0.8").models["enhanced"].max_sharing_rate.value == 0.8


def test_save_and_open_round_trip_and_the_enhanced_080_reform_by_hand(tmp_path) -> None:
    reform = renamed(with_value(LAW["mssp"], RATE, "0.80"), "enhanced-80", LAW)
    path = save_reform(reform, tmp_path / "enhanced-80.toml")
    assert load_rulebook_file(path) == reform == open_reform(path, LAW)
    with pytest.raises(ReformError, match="must be its id"):
        save_reform(reform, tmp_path / "other.toml")
    (tmp_path / "mssp.toml").write_text(toml_text(LAW["mssp"]), encoding="utf-8")
    with pytest.raises(RuleFileError, match="mssp.toml: field 'id'"):
        open_reform(tmp_path / "mssp.toml", LAW)
    scenario = Scenario(rules="mssp", track="enhanced", performance_year=2024, beneficiaries=10_000,
                        benchmark_per_capita=10_000, savings_pct=5.0)
    result = compare(LAW, scenario, reform)
    assert result.deltas["earned"] == pytest.approx(5_000_000 * 0.05 * 0.98)  # $245,000 more
    assert result.rows[0] == ("Earned", "$3,675,000", "$3,920,000", "+$245,000")


def test_the_program_wide_impact_in_steps_equals_reform_impact_in_one_go() -> None:
    from aco_desktop.cms.directory import default_directory
    from aco_desktop.cms.impact import reform_impact
    from aco_desktop.view.reform import impact_steps, run_steps

    reform = renamed(with_value(LAW["mssp"], RATE, "0.80"), "enhanced-80", LAW)
    rules = LAW.with_book(reform)
    items = default_directory().items
    whole = reform_impact(items, 2024, rules, reform.id)
    stepped = run_steps(impact_steps(items, 2024, rules, reform.id, chunk=100))
    assert stepped == whole and stepped.reform.paid > stepped.law.paid


def test_any_number_is_editable_an_msr_row_a_years_sequestration_a_cap_in_a_list() -> None:
    from aco_desktop.view.reform import leaves

    book = LAW["mssp"]
    places = {path for path, _ in leaves(book.model_dump())}
    assert ("models", "enhanced", "loss_cap", "of_benchmark", 0) in places
    capped = with_value(book, ("models", "enhanced", "loss_cap", "of_benchmark", 0), "0.10")
    assert capped.models["enhanced"].loss_cap.of_benchmark == [0.10]
    assert with_value(book, ("sequestration", 0, "value"), "0.03").sequestration[0].value == 0.03
    with pytest.raises(ReformError, match=r"field 'msr_table.rows.0.first'"):
        with_value(book, ("msr_table", "rows", 0, "first"), "-5")
