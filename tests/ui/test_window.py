"""The window driven as a user would: sliders, value boxes, track switch, undo, compare."""

from __future__ import annotations

import subprocess
from datetime import date
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from aco_desktop.engine import payoff_curve, resolve, settle
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.format import money_short, usd
from aco_desktop.scenario import Scenario
from aco_desktop.session.presets import opening_scenario
from aco_desktop.view.chart import PLOT_POINTS
from aco_desktop.view.statement import step_cells

from .conftest import save_screenshot
from ..conftest import RULES

REPO = Path(__file__).resolve().parents[2]


def drag(field, values) -> None:
    """A slider drag: press, move through ``values`` (slider positions), release."""
    field.slider.setSliderDown(True)
    for position in values:
        field.slider.setValue(position)
    field.slider.setSliderDown(False)


def choose(combo, data) -> None:
    """Pick an item as the user does (the combo emits ``activated``)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def type_into(qtbot, field, text: str) -> None:
    edit = field.box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def assert_shows_engine(window) -> None:
    s = window.session.scenario
    expected = settle(RULES, s)
    x, y = window.plot.curve_data()
    low = min(-0.20, s.savings_rate - 0.02)
    high = max(0.25, s.savings_rate + 0.02)
    curve = payoff_curve(resolve(RULES, s), low, high, points=PLOT_POINTS)
    assert np.array_equal(np.isnan(x), np.isnan(curve.rates * 100))
    finite = ~np.isnan(x)
    assert np.allclose(x[finite], curve.rates[finite] * 100)
    assert np.allclose(y[finite], curve.earned[finite], atol=0.005)
    mx, my = window.plot.marker_point()
    assert mx == pytest.approx(s.savings_pct) and my == pytest.approx(expected.earned, abs=0.005)
    assert window.figures.values["earned"].text() == usd(expected.earned)
    assert window.figures.values["paid_now"].text() == usd(expected.paid_now)
    assert window.statement_rows() == [step_cells(step) for step in expected.steps]


def test_default_window_draws_the_engines_numbers(make_window) -> None:
    window = make_window()
    assert_shows_engine(window)
    assert "CMS pays the ACO" in window.headline.text()
    save_screenshot(window, "default-proposed-track-1")


def test_a_key_figure_copies_to_the_clipboard_from_its_menu(make_window) -> None:
    window = make_window()
    label = window.figures.values["earned"]
    assert label.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    (copy,) = [action for action in label.actions() if action.text().replace("&", "") == "Copy"]
    QApplication.clipboard().setText("")
    copy.trigger()
    assert QApplication.clipboard().text() == usd(window.settlement.earned)


def test_savings_drag_is_one_undo_step_and_redraws_each_move(make_window) -> None:
    window = make_window(Scenario())
    field = window.controls.slider("savings_pct")
    start = window.session.scenario.savings_pct
    earned_seen = []
    window.session.subscribe(lambda s: earned_seen.append(window.settlement.earned))
    top = field.slider.maximum()
    drag(field, range(int(0.6 * top), int(0.8 * top), top // 50))
    assert window.session.scenario.savings_pct != start
    assert len(set(earned_seen)) > 3  # the figures followed the drag
    assert_shows_engine(window)
    window.undo_action.trigger()
    assert window.session.scenario.savings_pct == start  # the whole drag was one step
    window.redo_action.trigger()
    assert window.session.scenario.savings_pct != start


def test_typing_a_value_updates_everything(make_window, qtbot) -> None:
    window = make_window(Scenario())  # the 2011 proposed rule, which these cases are about
    type_into(qtbot, window.controls.slider("quality_pct"), "85")
    type_into(qtbot, window.controls.slider("savings_pct"), "4.5")
    assert window.session.scenario.quality_pct == 85 and window.session.scenario.savings_pct == 4.5
    assert_shows_engine(window)


def test_out_of_range_typing_is_said_not_clamped(make_window, qtbot) -> None:
    window = make_window(Scenario())  # the 2011 proposed rule, which these cases are about
    before = window.session.scenario
    edit = window.controls.slider("quality_pct").box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "150")
    assert "Quality score must be 0 to 100 percent" in window.statusBar().currentMessage()
    assert window.session.scenario == before


def test_rules_refusal_keeps_the_scenario_and_says_why(make_window, qtbot) -> None:
    window = make_window(Scenario())  # the 2011 proposed rule, which these cases are about
    before = window.session.scenario
    type_into(qtbot, window.controls.slider("beneficiaries"), "3000")
    assert "needs at least 5,000" in window.statusBar().currentMessage()
    assert window.session.scenario == before
    assert window.controls.slider("beneficiaries").value() == before.beneficiaries  # shows what is true


def test_switching_rulebook_and_track_redraws_and_disables_unused_inputs(make_window) -> None:
    window = make_window()
    choose(window.controls.rulebook, "mssp")
    assert window.session.scenario.rules == "mssp" and window.session.scenario.performance_year is not None
    fqhc = window.controls.slider("fqhc_pct")
    assert not fqhc.isEnabled() and "no FQHC/RHC bonus" in fqhc.toolTip()
    choose(window.controls.track, "track-3")
    assert window.session.scenario.track == "track-3"
    assert window.controls.msr_election.isEnabled()
    expected_ignored = ignored_inputs(resolve(RULES, window.session.scenario), window.session.scenario)
    assert not window.controls.slider("participant_revenue").isEnabled()
    assert "participant_revenue" in expected_ignored
    assert_shows_engine(window)
    choose(window.controls.year, 2014)  # Track 3 did not exist: the window says what it changed
    assert window.session.scenario.track != "track-3"
    assert "did not exist in PY2014" in window.statusBar().currentMessage()
    save_screenshot(window, "mssp-2014")


def test_compare_one_sided_with_two_sided_answers_the_newcomer(make_window, qtbot) -> None:
    """'How much do we earn at 3% savings and 85% quality, one-sided versus two-sided?'"""
    window = make_window(Scenario())  # the 2011 proposed rule, which these cases are about
    type_into(qtbot, window.controls.slider("savings_pct"), "3")
    type_into(qtbot, window.controls.slider("quality_pct"), "85")
    one_sided = window.settlement.earned
    window.pin_action.trigger()
    choose(window.controls.track, "track-2")
    two_sided = window.settlement.earned
    assert one_sided == pytest.approx(settle(RULES, Scenario(savings_pct=3, quality_pct=85)).earned)
    assert two_sided == pytest.approx(settle(RULES, Scenario(track="track-2", savings_pct=3, quality_pct=85)).earned)
    delta = window.figures.deltas["earned"].text()
    assert delta == f"\N{GREEK CAPITAL LETTER DELTA} +{usd(two_sided - one_sided)}"
    bx, by = window.plot.baseline_curve.getData()
    base_curve = payoff_curve(resolve(RULES, Scenario(savings_pct=3, quality_pct=85)), -0.2, 0.25, points=PLOT_POINTS)
    assert np.allclose(by[~np.isnan(by)], base_curve.earned[~np.isnan(base_curve.earned)])
    save_screenshot(window, "compare-one-vs-two-sided")
    window.clear_pin_action.trigger()
    assert window.figures.deltas["earned"].text() == ""


def test_two_sided_loss_with_cap_shows_floor_and_gap(make_window) -> None:
    window = make_window(Scenario(rules="mssp", track="track-2", performance_year=2014, beneficiaries=10_000,
                                  benchmark_per_capita=10_000, savings_pct=-20, quality_pct=50))
    assert window.settlement.earned == pytest.approx(-5_000_000)
    assert window.plot.loss_cap_line.isVisible() and window.plot.loss_cap_line.value() == pytest.approx(-5_000_000)
    x, _ = window.plot.curve_data()
    assert np.isnan(x).sum() == 2  # two true gaps: at the MSR and at the MLR
    assert window.figures.values["max_owed"].text() == "$5,000,000"
    assert_shows_engine(window)
    save_screenshot(window, "track-2-loss-capped")


def test_reconstructed_values_are_marked(make_window) -> None:
    window = make_window(Scenario(fqhc_pct=25, savings_pct=3))
    rows = window.statement_rows()
    assert any("RECONSTRUCTED" in row[3] for row in rows)
    assert "Reconstructed values used" in window.notice.text()


def test_reset_and_undo(make_window, qtbot) -> None:
    window = make_window(Scenario(savings_pct=7))
    window.reset_action.trigger()
    assert window.session.scenario == opening_scenario(RULES, date.today())
    window.undo_action.trigger()
    assert window.session.scenario.savings_pct == 7


def test_last_scenario_and_size_are_remembered(make_window, settings) -> None:
    window = make_window(Scenario(savings_pct=6.5, quality_pct=80))
    window.resize(1200, 800)
    window.close()
    from aco_desktop.ui.startup import last_scenario

    restored, why = last_scenario(settings, RULES)
    assert restored == Scenario(savings_pct=6.5, quality_pct=80) and why == ""
    again = make_window(restored, resize=False)
    assert again.size().width() == 1200


def test_larger_text_for_a_projector(make_window, qapp) -> None:
    window = make_window()
    size = qapp.font().pointSize()
    try:
        window.step_font(+1)
        window.step_font(+1)
        assert qapp.font().pointSize() > size
    finally:
        window.set_font_size(size)


def test_none_refcount_canary(make_window) -> None:
    """PySide6 6.12 drops a reference to None on calls returning None (platform notes)."""
    window = make_window()
    field = window.controls.slider("savings_pct")
    import gc

    gc.collect()  # garbage from earlier tests dropping its references to None must not read as a fall
    before = sys.getrefcount(None)
    for i in range(300):
        field.slider.setValue(500 + (i % 100))
    assert sys.getrefcount(None) > before - 50


def test_screenshot_command_renders_offscreen(tmp_path) -> None:
    out = tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "aco_desktop", "--screenshot", str(out), "--rules", "mssp",
                           "--track", "enhanced", "--performance-year", "2023", "--savings-pct", "-6"],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 20_000 and out.read_bytes()[:4] == b"\x89PNG"
    bad = subprocess.run([sys.executable, "-m", "aco_desktop", "--screenshot", str(out), "--quality-pct", "300"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert bad.returncode == 2 and "--quality-pct" in bad.stderr


def test_a_size_drag_moves_the_cap_line_every_move_and_its_words_catch_up_at_release(make_window) -> None:
    window = make_window(Scenario(rules="mssp", track="enhanced", performance_year=2026, beneficiaries=15_000))
    field, cap = window.controls.slider("beneficiaries"), window.plot.cap_line
    start = field.slider.value()
    field.slider.setSliderDown(True)
    for position in range(start, start + 120, 12):
        field.slider.setValue(position)
        assert cap.value() == pytest.approx(payoff_curve(resolve(RULES, window.session.scenario), -0.2, 0.25).max_earned)
    field.slider.setSliderDown(False)
    final = payoff_curve(resolve(RULES, window.session.scenario), -0.2, 0.25).max_earned
    assert window.session.scenario.beneficiaries > 15_000
    assert cap.label.toPlainText() == f"savings cap {money_short(final)}"


def test_the_points_label_stays_on_the_chart_when_the_point_sits_at_zero_near_the_foot(make_window) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, beneficiaries=7000,
                                  savings_pct=2.0), resize=False)
    window.resize(1366, 768)
    window.outlook.chooser.dock.show()  # a shorter chart: the point at $0 is close to its foot
    window.grab()
    assert window.settlement.earned == 0
    view = window.plot.getPlotItem().vb.sceneBoundingRect()
    assert view.contains(window.plot.marker_label.sceneBoundingRect())


@pytest.mark.parametrize("savings_pct", [-20.0, 25.0])
def test_the_points_label_stays_on_the_chart_at_either_edge_of_the_savings_range(make_window, savings_pct) -> None:
    """At -20% a two-sided ACO owes its loss cap (the point at the chart's left edge, near its foot); at 25%
    it earns near its cap (right edge, near the top): the label turns inward both times."""
    window = make_window(Scenario(rules="mssp", track="track-2", performance_year=2014, beneficiaries=10000,
                                  benchmark_per_capita=10000, savings_pct=savings_pct, quality_pct=50))
    window.grab()
    view = window.plot.getPlotItem().vb.sceneBoundingRect()
    assert view.contains(window.plot.marker_label.sceneBoundingRect()), window.plot.marker_label.toPlainText()


def test_after_larger_text_one_slider_move_is_one_edit(make_window) -> None:
    """A text-size change re-wired every slider (its connections were made on each change event), so one
    move was sent as an edit twice, three times after two changes."""
    window = make_window()
    for direction in (1, 1, -1):
        window.step_font(direction)
    field = window.controls.slider("quality_pct")
    edits = []
    field.edited.connect(edits.append)
    field.slider.setValue(field.slider.value() - 5)
    assert len(edits) == 1
