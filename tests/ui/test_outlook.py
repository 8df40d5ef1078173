"""The outlook driven as a user would: the expected curve and the 90% band on the chart, the chances line,
the spread boxes, the track chooser and the sensitivity tables."""

from __future__ import annotations

import csv

import numpy as np
from PySide6.QtCore import Qt

from aco_desktop.engine import Spread, outlook
from aco_desktop.engine.uncertainty import expected_curve, savings_sigma
from aco_desktop.scenario import Scenario
from aco_desktop.view.outlook import CURVE_NAME, chances_line

from .conftest import save_screenshot
from .test_window import drag
from ..conftest import RULES

ACO = Scenario(rules="mssp", track="enhanced", performance_year=2026, beneficiaries=7000, savings_pct=2.0)


def type_line(qtbot, box, text: str) -> None:
    box.selectAll()
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_expected_curve_is_on_the_chart_and_equals_the_engine(make_window) -> None:
    window = make_window(ACO)
    feature = window.outlook
    assert CURVE_NAME in window.plot.getPlotItem().titleLabel.item.toPlainText()  # the key above the chart
    x, y = feature.expected_curve.getData()
    s = window.session.scenario
    sigma = savings_sigma(s.beneficiaries)
    assert x.size > 20 and np.all(np.diff(x) > 0)
    assert np.allclose(y, expected_curve(RULES, s, x / 100, sigma), rtol=1e-9, atol=1e-6)
    save_screenshot(window, "outlook-window")


def test_band_moves_with_the_savings_slider_and_the_curve_is_not_recomputed(make_window) -> None:
    window = make_window(ACO)
    feature, field = window.outlook, window.controls.slider("savings_pct")
    before = feature.band.getRegion()
    computed = feature._expected.computed
    start = field.slider.value()
    drag(field, range(start, start + 60, 6))
    after = feature.band.getRegion()
    o = outlook(RULES, window.session.scenario)
    assert after[0] > before[0] and after[1] > before[1]
    assert np.allclose(after, ((o.mu - 1.6448536 * o.sigma) * 100, (o.mu + 1.6448536 * o.sigma) * 100), atol=1e-4)
    assert feature._expected.computed == computed  # a savings drag only moves the band


def test_a_size_drag_moves_the_band_each_move_and_shows_the_exact_outlook_when_released(make_window) -> None:
    """The chances, the expected curve and the chooser follow a drag with the window's detail (not on every
    move: they cost several frames), the band on every move; at release all show the final scenario."""
    window = make_window(ACO)
    feature, field = window.outlook, window.controls.slider("beneficiaries")
    window.outlook.chooser.dock.show()
    computed = feature.chooser.computed
    start = field.slider.value()
    field.slider.setSliderDown(True)
    for position in range(start, start + 200, 20):  # ten moves, quicker than the detail's clock
        field.slider.setValue(position)
        s = window.session.scenario
        sigma = savings_sigma(s.beneficiaries)
        assert np.allclose(feature.band.getRegion(), ((s.savings_rate - 1.6448536 * sigma) * 100,
                                                      (s.savings_rate + 1.6448536 * sigma) * 100), atol=1e-4)
    assert feature.chooser.computed == computed  # the detail waits for its clock or the release
    field.slider.setSliderDown(False)
    final = window.session.scenario
    assert final.beneficiaries > ACO.beneficiaries
    o = outlook(RULES, final, Spread())
    assert feature.chances.text() == chances_line(o)
    x, y = feature.expected_curve.getData()
    assert np.allclose(y, expected_curve(RULES, final, x / 100, o.sigma), rtol=1e-9, atol=1e-6)
    assert feature.chooser.computed == computed + 1
    assert feature.chooser.choice.sigma == o.sigma


def test_chances_line_matches_the_outlook(make_window) -> None:
    window = make_window(ACO)
    o = outlook(RULES, window.session.scenario, Spread())
    assert window.outlook.chances.text() == chances_line(o)
    assert "chance of earning" in window.outlook.chances.text()
    assert "normal" in window.outlook.chances.toolTip()


def test_spread_box_takes_a_value_refuses_bad_input_and_resets(make_window, qtbot) -> None:
    window = make_window(ACO)
    inputs = window.outlook.inputs
    type_line(qtbot, inputs.sigma_box, "4")
    assert window.outlook.settings.sigma_pp == 4.0
    assert window.outlook.last.sigma == 0.04
    type_line(qtbot, inputs.sigma_box, "lots")
    assert window.outlook.settings.sigma_pp == 4.0  # the last good value is kept
    assert inputs.sigma_box.text() == "4.00"
    assert "not a number" in window.statusBar().currentMessage()
    type_line(qtbot, inputs.sigma_box, "150")
    assert window.outlook.settings.sigma_pp == 4.0
    assert "out of range" in inputs.problem.text()
    type_line(qtbot, inputs.miss_box, "-5")
    assert window.outlook.settings.miss_pct == 0.0
    inputs.bad_year.setChecked(True)
    assert np.isclose(window.outlook.last.sigma, 0.08)
    qtbot.mouseClick(inputs.from_size, Qt.MouseButton.LeftButton)
    assert window.outlook.settings.sigma_pp is None
    assert np.isclose(window.outlook.last.sigma, 2 * savings_sigma(7000))
    type_line(qtbot, inputs.miss_box, "20")
    o = outlook(RULES, window.session.scenario, Spread(bad_year=True, p_quality_miss=0.2))
    assert window.outlook.chances.text() == chances_line(o)


def test_a_click_in_the_chooser_switches_the_track_in_one_undo_step(make_window, qtbot) -> None:
    window = make_window(ACO)
    chooser = window.outlook.chooser
    window.outlook.chooser_action.trigger()
    assert chooser.dock.isVisible() and chooser.rows
    expected = [r.expected_earned for r in chooser.choice.rows if r.allowed]
    assert expected == sorted(expected, reverse=True)
    index = next(i for i, r in enumerate(chooser.rows) if r.allowed and r.track.startswith("basic")
                 and r.election not in (None, window.session.scenario.msr_election))
    row = chooser.rows[index]
    cell = chooser.model.index(index, 0)
    chooser.table.scrollTo(cell)
    rect = chooser.table.visualRect(cell)
    qtbot.mouseClick(chooser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    s = window.session.scenario
    assert (s.track, s.msr_election) == (row.track, row.election)
    window.session.undo()
    s = window.session.scenario
    assert (s.track, s.msr_election) == (ACO.track, ACO.msr_election)
    assert chooser.rows[0].allowed


def test_the_chooser_greys_what_the_glide_path_forbids(make_window) -> None:
    window = make_window(ACO.with_changes(agreement_year=3, track="basic-e"))
    chooser = window.outlook.chooser
    window.outlook.chooser_action.trigger()
    refused = [i for i, r in enumerate(chooser.rows) if not r.allowed]
    assert refused
    assert not chooser.model.flags(chooser.model.index(refused[0], 0)) & Qt.ItemFlag.ItemIsEnabled
    before = window.session.scenario
    assert not chooser.switch_to(refused[0])
    assert window.session.scenario == before
    assert "Not allowed" in window.statusBar().currentMessage()


def test_sensitivity_tables_mark_the_current_cell_and_export(make_window, tmp_path, monkeypatch) -> None:
    from aco_desktop.ui.features import table_csv

    window = make_window(ACO)
    dialog = window.outlook.sensitivity
    window.outlook.sensitivity_action.trigger()
    quality, _sizes = dialog.tables
    i, j = quality.current
    view = dialog.views[0][1]
    assert view.item(i, j).text().startswith("\u25cf")
    assert ("earned" in view.item(i, j).text()) == (quality.cells[i][j] > 0)
    target = tmp_path / "sens.csv"
    monkeypatch.setattr(table_csv.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.export_csv()
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["table", "savings_pct", "quality_pct", "beneficiaries", "earned"]
    assert len(rows) == 1 + sum(len(t.savings) * len(t.columns) for t in dialog.tables)
    chooser_target = tmp_path / "chooser.csv"
    monkeypatch.setattr(table_csv.QFileDialog, "getSaveFileName", lambda *a, **k: (str(chooser_target), ""))
    window.outlook.chooser_action.trigger()
    window.outlook.chooser.export_csv()
    assert chooser_target.read_text(encoding="utf-8").startswith("track,")
    save_screenshot(dialog, "outlook-sensitivity")
    dialog.close()


def test_the_meeting_report_carries_the_chances_and_the_chooser(make_window) -> None:
    from aco_desktop.session.files import ScenarioFile
    from aco_desktop.ui.export.report import report_pdf_bytes
    from aco_desktop.view.report_text import outlook_summary

    window = make_window(ACO)
    window.outlook.inputs.bad_year.setChecked(True)
    spread = window.outlook_spread()
    line, rows = outlook_summary(RULES, ACO, spread)
    assert chances_line(outlook(RULES, ACO, spread)) in line and "bad year" in line
    assert rows[0][0] == "Level" and 1 < len(rows) <= 5
    assert len({r[0] for r in rows[1:]}) == len(rows) - 1  # one row per level, at its best election
    assert report_pdf_bytes(RULES, ScenarioFile.of(ACO), spread=spread).startswith(b"%PDF")


def test_a_pinned_scenario_shows_its_own_expected_curve_beside_the_current_one(make_window) -> None:
    pinned = Scenario(rules="mssp", track="basic-a", performance_year=2026, beneficiaries=7000, savings_pct=2.0)
    window = make_window(pinned)
    feature = window.outlook
    assert not feature.pinned_expected.isVisible()
    window.pin_action.trigger()
    window.apply_changes({"track": "enhanced", "beneficiaries": 20_000})
    x, y = feature.pinned_expected.getData()
    assert feature.pinned_expected.isVisible() and x.size > 20
    # the pinned scenario's own spread (7,000 beneficiaries), not the current one's
    assert np.allclose(y, expected_curve(RULES, pinned, x / 100, savings_sigma(7000)), rtol=1e-9, atol=1e-6)
    cx, cy = feature.expected_curve.getData()
    now = window.session.scenario
    assert np.allclose(cy, expected_curve(RULES, now, cx / 100, savings_sigma(20_000)), rtol=1e-9, atol=1e-6)
    assert "Pinned: expected payment" in window.plot.getPlotItem().titleLabel.item.toPlainText()
    window.clear_pin_action.trigger()
    assert not feature.pinned_expected.isVisible()
    assert "Pinned: expected" not in window.plot.getPlotItem().titleLabel.item.toPlainText()


def test_in_a_narrow_window_the_chances_wrap_and_the_shaded_areas_labels_step_aside(make_window, qtbot) -> None:
    window = make_window(ACO, resize=False)
    window.resize(960, 540)  # a 1920x1080 screen at 200%
    qtbot.wait(50)
    line = window.outlook.chances
    needed = line.fontMetrics().horizontalAdvance(line.text())
    assert needed > line.contentsRect().width()  # the words are wider than the column...
    assert line.height() >= line.heightForWidth(line.width()) >= 2 * line.fontMetrics().lineSpacing()  # ...so two lines
    short = window.plot.getPlotItem().vb.height() < 150
    assert window.plot.corridor_label.isVisible() is not short
    assert window.outlook.band_label.isVisible() is not short
    window.resize(1400, 900)
    qtbot.wait(50)
    assert window.plot.corridor_label.isVisible() and window.outlook.band_label.isVisible()
