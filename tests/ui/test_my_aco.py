"""Find my ACO, driven as a user would: Ctrl+F, type in the search box, press Enter on a result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from aco_desktop.cms.directory import AcoDirectory, default_directory, scenario_for
from aco_desktop.cms.reproduce import within_tolerance
from aco_desktop.session.files import read_scenario_file
from aco_desktop.view.my_aco import result_line

from .conftest import save_screenshot

PY2024 = Path("/work/shared/mssp_puf/PY 2024 ACO Results PUF.csv")


def find_and_choose(qtbot, window, query: str, row: int = 0):
    """File > Find my ACO, type ``query``, move to ``row`` of the results and press Enter; returns the ACO-year chosen."""
    assert window.find_aco_action.shortcut().toString() == "Ctrl+F"
    window.find_aco_action.trigger()  # File > Find my ACO... (offscreen windows are never active for shortcuts)
    panel = window.my_aco.find_panel
    assert panel is not None and window.my_aco.find_dock.isVisible()
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, query)
    assert panel.count_rows() > row, panel.count.text()
    panel.set_current_row(row)
    chosen = window.my_aco.found[row]
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.my_aco.draw_pending)  # the docks are drawn just after the window
    return chosen


def test_a_real_py2024_aco_fills_the_scenario_and_settles_as_published(make_window, qtbot) -> None:
    window = make_window()
    item = find_and_choose(qtbot, window, "A1001")
    assert item.year == 2024 and item.aco_id == "A1001"
    expected, sources = scenario_for(item, window.session.rules)
    assert window.session.scenario == expected
    published = item.record.published_earned
    assert within_tolerance(window.settlement.earned, published)
    compare = window.my_aco.find_panel.compare.text()
    assert "CMS published $107,895,330" in compare and "they agree" in compare
    note = window.my_aco.find_panel.note
    assert "Filled from CMS PY2024 results" in note.text() and "N_AB" in note.text()
    assert "ABtotBnchmk / N_AB" in note.toolTip() and "MinSavPerc" in note.toolTip()
    save_screenshot(window, "my_aco_filled")


def test_a_known_exception_says_why_the_amounts_differ(make_window, qtbot) -> None:
    window = make_window()
    find_and_choose(qtbot, window, "A5309")
    compare = window.my_aco.find_panel.compare.text()
    assert "they differ" in compare and "Guardrail" in compare


def test_one_undo_step_restores_the_previous_scenario(make_window, qtbot) -> None:
    window = make_window()
    before = window.session.scenario
    find_and_choose(qtbot, window, "A1001")
    assert window.session.scenario != before
    window.undo_action.trigger()
    assert window.session.scenario == before
    assert not window.undo_action.isEnabled()


def test_unsaved_edits_are_asked_about_first(make_window, qtbot) -> None:
    window = make_window()
    window.apply_changes({"beneficiaries": 12_000})
    edited, asked = window.session.scenario, []
    window.ask_to_save = lambda: asked.append("cancel") or "cancel"
    find_and_choose(qtbot, window, "A1001")
    assert asked == ["cancel"] and window.session.scenario == edited
    window.ask_to_save = lambda: asked.append("discard") or "discard"
    qtbot.keyClick(window.my_aco.find_panel.search_box, Qt.Key.Key_Return)
    assert asked[-1] == "discard" and window.session.scenario.beneficiaries == 116_175
    window.undo_action.trigger()
    assert window.session.scenario == edited  # the discarded edits are one Undo away


def test_peers_are_ticks_on_the_payoff_chart_and_the_label_counts_them(make_window, qtbot) -> None:
    window = make_window()
    item = find_and_choose(qtbot, window, "A1001")
    peers = default_directory().peers(item)
    x, y = window.my_aco.rug.data()
    assert sorted(x) == pytest.approx(sorted(100 * p.record.savings_rate for p in peers.peers))
    assert np.all(y == 0)
    assert window.my_aco.rug.marks in window.plot.getPlotItem().items
    label = window.my_aco.history_panel.peers.text()
    assert f"{peers.cleared} of {len(peers.peers)} similar ACOs cleared the MSR" in label
    assert f"percentile {peers.percentile:.0f}" in label
    window.show_peers_action.trigger()  # View > Show peers off
    assert window.my_aco.rug.data()[0].size == 0
    window.show_peers_action.trigger()
    assert window.my_aco.rug.data()[0].size == len(peers.peers)


def test_history_chart_shows_directory_history(make_window, qtbot) -> None:
    window = make_window()
    item = find_and_choose(qtbot, window, "A1001")
    history = default_directory().history(item.aco_id)
    chart = window.my_aco.history_panel.chart
    years, rates = chart.savings_curve.getData()
    assert list(years) == [y.year for y in history.years]
    assert list(rates) == pytest.approx([100 * y.savings_rate for y in history.years])
    _, msr = chart.msr_curve.getData()
    assert list(msr) == pytest.approx([100 * y.msr for y in history.years])
    bar_x, bar_y = chart.bar_data()
    assert list(bar_y) == pytest.approx([y.earned or 0 for y in history.years])
    assert window.my_aco.history_dock.isVisible() and window.history_action.isChecked()
    save_screenshot(window, "my_aco_history")


def test_use_as_my_spread_without_and_with_an_outlook(make_window, qtbot) -> None:
    window = make_window()
    item = find_and_choose(qtbot, window, "A1001")
    spread = default_directory().history(item.aco_id).spread
    qtbot.mouseClick(window.my_aco.history_panel.use_spread, Qt.MouseButton.LeftButton)
    assert window.my_aco.spread == pytest.approx(spread)
    assert "outlook is not in this window" in window.statusBar().currentMessage()
    taken = []
    window.outlook = type("Outlook", (), {"set_spread": lambda self, value: taken.append(value)})()
    window.my_aco.use_spread()
    assert taken == [pytest.approx(spread)]
    assert "Next year's spread set to" in window.statusBar().currentMessage()


def test_a_bad_results_file_is_named_in_one_line_and_nothing_is_lost(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    own = AcoDirectory()
    window.my_aco.use_directory(own)
    count = len(own.items)
    bad = tmp_path / "not-results.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert not window.my_aco.add_results_file(bad)
    assert window.last_warning.startswith("not-results.csv: ") and "\n" not in window.last_warning
    assert str(tmp_path) not in window.last_warning
    assert not window.my_aco.add_results_file(tmp_path / "missing.csv")
    assert "missing.csv" in window.last_warning
    assert len(own.items) == count and own.search("A1001")


@pytest.mark.skipif(not PY2024.is_file(), reason="the shared PY2024 results file is not here")
def test_a_results_file_joins_the_search(make_window, qtbot) -> None:
    window = make_window()
    own = AcoDirectory()
    window.my_aco.use_directory(own)
    assert window.my_aco.add_results_file(PY2024)
    assert "Added 476 ACO-years (PY2024)" in window.statusBar().currentMessage()
    item = find_and_choose(qtbot, window, "A1001")
    assert Path(item.record.path).name == PY2024.name
    assert within_tolerance(window.settlement.earned, item.record.published_earned)


def test_nothing_is_read_or_built_at_start_up(make_window) -> None:
    window = make_window()
    assert window.my_aco._directory is None and window.my_aco.find_panel is None  # first use does both
    assert window.my_aco.rug.data()[0].size == 0


def test_a_fill_makes_an_untitled_copy_so_save_never_overwrites_the_file_open_before(
        make_window, qtbot, tmp_path, monkeypatch) -> None:
    window = make_window()
    mine = tmp_path / "mine.json"
    assert window.document.save_to(mine)
    before = mine.read_bytes()
    item = find_and_choose(qtbot, window, "A1001")
    assert window.document.path is None and item.name in window.windowTitle()
    target, asked = tmp_path / "ours.json", []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (asked.append(args) or str(target), ""))
    window.save_action.trigger()
    assert asked, "Save must ask for a file name"
    assert mine.read_bytes() == before
    saved = read_scenario_file(target, window.session.rules)
    assert saved.scenario == window.session.scenario and "PY2024" in saved.source
    window.undo_action.trigger()  # still one undo step: the scenario of mine.json comes back
    assert window.session.scenario == read_scenario_file(mine, window.session.rules).scenario


def test_a_common_word_lists_fifty_and_says_how_many_more_and_a_double_click_fills(make_window, qtbot) -> None:
    window = make_window()
    window.find_aco_action.trigger()
    panel = window.my_aco.find_panel
    qtbot.keyClicks(panel.search_box, "health")
    matched = len(default_directory().search("health"))
    assert matched > 50 and panel.count_rows() == 50
    assert f"{matched - 50:,} more: type more of the name" in panel.count.text()
    index = panel.results_model.index(2, 0)
    chosen = window.my_aco.found[2]
    assert index.data() == result_line(chosen)
    rect = panel.results.visualRect(index)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.my_aco.chosen is chosen and not window.my_aco.draw_pending)
    assert window.session.scenario == scenario_for(chosen, window.session.rules)[0]


def test_the_history_charts_short_rate_axis_labels_a_few_round_values() -> None:
    from aco_desktop.ui.features.my_aco_charts import _few_ticks

    assert [v for v, _ in _few_ticks(1.3, 11.2)] == [5, 10]
    assert [label for _, label in _few_ticks(-3, 2)] == ["-2", "0", "2"]
    assert [label for _, label in _few_ticks(-40, 25)] == ["-40", "-20", "0", "20"]  # never a lone tick


def test_choosing_settles_the_data_at_once_and_draws_the_docks_just_after(make_window, qtbot) -> None:
    window = make_window()
    window.find_aco_action.trigger()
    feature = window.my_aco
    item = default_directory().search("A1001")[0]
    assert feature.choose(item)
    assert window.session.scenario == scenario_for(item, window.session.rules)[0]  # the data: at once
    assert feature.history_series.years[-1] == 2024 and feature.peer_marks.total > 0
    assert feature.draw_pending and feature.history_panel.chart.savings_curve.getData()[0] is None
    qtbot.waitUntil(lambda: not feature.draw_pending)  # the drawing: on the next turn of the event loop
    assert list(feature.history_panel.chart.savings_curve.getData()[0]) == list(feature.history_series.years)
    assert "Filled in PY2024 A1001" in window.statusBar().currentMessage()
