"""Issue 14, item 4: every rule effect visible, in human words and one number format."""

from __future__ import annotations

import re

import pytest

from aco_desktop.scenario import Scenario

from .test_window import type_into

INTERNAL = re.compile(r"SEED-\d+|\b2ND\b|\bW4\b|rules-reference|PUF-CURRENT|REPAY-2ND|T1PLUS-FS|NATLAW|MILLIMAN-")


@pytest.mark.parametrize("scenario", [Scenario(), Scenario(track="track-2", savings_pct=-5, fqhc_pct=25),
                                      Scenario(rules="mssp", track="basic-e", performance_year=2026),
                                      Scenario(rules="mssp", track="track-1-plus", performance_year=2018)])
def test_citations_on_screen_are_human(make_window, scenario) -> None:
    window = make_window(scenario)
    shown = [row[3] for row in window.statement_rows()] + [window.notice.text(), window.headline.text()]
    for text in shown:
        assert not INTERNAL.search(text), text
    assert any("42 CFR" in row[3] or "April 2011 proposed rule" in row[3] for row in window.statement_rows())


def test_covid_relief_is_said_in_plain_words(make_window) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-e", performance_year=2021, savings_pct=-8))
    assert "Losses forgiven: the COVID-19 relief offset all shared losses in 2021" in window.headline.text()
    assert window.figures.values["earned"].text() == "$0"


@pytest.mark.parametrize("scenario, words", [
    (Scenario(rules="mssp", track="basic-e", performance_year=2026, savings_pct=-30), "Loss capped"),
    (Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=40), "Savings capped"),
    (Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=5), "Sequestration took"),
    (Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=1, revenue_category="low"),
     "Half rate")])
def test_a_rule_that_changes_the_result_is_named(make_window, scenario, words) -> None:
    assert words in make_window(scenario).headline.text()


def test_one_format_per_kind_and_no_negative_zero(make_window, qtbot, tmp_path) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-e", performance_year=2021, savings_pct=-8))
    assert window.controls.slider("benchmark_per_capita").box.text() == "$11,000"
    rates = {row[0]: row[1] for row in window.statement_rows()}
    assert rates["Minimum savings rate (MSR)"] == window.figures.values["msr"].text() == "2.00%"
    type_into(qtbot, window.controls.slider("savings_pct"), "-0")
    assert window.document.save_to(tmp_path / "zero.json")
    text = (tmp_path / "zero.json").read_text()
    assert "-0.0" not in text and "-0" not in text.replace('"-', '"')
    for widget_text in [window.headline.text()] + [row[1] for row in window.statement_rows()]:
        assert "-0.0" not in widget_text and "-$0" not in widget_text


def test_who_keeps_what_never_draws_the_acos_losses_in_green(make_window) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-e", performance_year=2026, savings_pct=-10))
    green = window.who.aco_fill.path().boundingRect()
    owed = window.who.aco_loss_fill.path().boundingRect()
    assert green.top() >= -0.5 or green.bottom() >= -0.5  # the green band stays at or above zero
    assert min(green.top(), green.bottom()) >= -0.5
    assert min(owed.top(), owed.bottom()) < 0
    assert window.who.aco_loss_fill.brush().style() != window.who.aco_fill.brush().style()
