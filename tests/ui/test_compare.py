"""Issue 14, item 3: compare keeps the pinned scenario whole; the deltas read current minus pinned;
the key names which curve is which and covers nothing; labels and the axis title are not clipped or
overlapping; the hover readout follows a change of track."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from aco_desktop.engine import payoff_curve, resolve, settle
from aco_desktop.format import usd
from aco_desktop.scenario import Scenario
from aco_desktop.session.presets import opening_scenario
from aco_desktop.view.chart import PLOT_POINTS, hover_label
from aco_desktop.view.words import tag

from .conftest import save_screenshot
from .test_window import choose, type_into
from ..conftest import RULES


def test_pinning_keeps_the_scenario_whole_and_the_delta_reads_what_the_change_did(make_window, qtbot) -> None:
    window = make_window()
    type_into(qtbot, window.controls.slider("savings_pct"), "4")
    pinned = window.session.scenario
    window.pin_action.trigger()
    choose(window.controls.track, "enhanced")
    type_into(qtbot, window.controls.slider("savings_pct"), "6")
    type_into(qtbot, window.controls.slider("quality_pct"), "80")
    now = window.session.scenario
    assert window.presenter.pinned == pinned  # its rules and every input, not re-settled at 6%
    base, current = settle(RULES, pinned), settle(RULES, now)
    delta = current.earned - base.earned
    sign = "+" if delta > 0 else "-"
    assert window.figures.deltas["earned"].text() == f"\N{GREEK CAPITAL LETTER DELTA} {sign}{usd(abs(delta))}"
    bx, by = window.plot.baseline_curve.getData()
    curve = payoff_curve(resolve(RULES, pinned), -0.2, 0.25, points=PLOT_POINTS)
    assert np.allclose(by[~np.isnan(by)], curve.earned[~np.isnan(curve.earned)])
    assert window.plot.baseline_marker.getData()[1][0] == pytest.approx(base.earned)
    words = window.plot.legend_words()
    assert words[0] == f"Now: {tag(RULES, now)}" and words[-1] == f"Pinned: {tag(RULES, pinned)}"
    window.grab()
    title = window.plot.getPlotItem().titleLabel
    assert title.item.boundingRect().width() <= window.plot.getPlotItem().vb.width() * 1.1  # the key fits
    save_screenshot(window, "compare-basic-a-vs-enhanced")


def _scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def test_the_key_covers_no_label_and_labels_do_not_overlap(make_window, qtbot) -> None:
    window = make_window(opening_scenario(RULES, date.today()).with_changes(track="basic-e", savings_pct=-3))
    window.resize(1366, 768)
    window.pin_action.trigger()
    type_into(qtbot, window.controls.slider("savings_pct"), "1")
    window.grab()
    plot = window.plot
    title = plot.getPlotItem().titleLabel
    label = plot.baseline_label
    assert label.isVisible() and label.toPlainText().startswith("Pinned:")
    assert not _scene_rect(title).intersects(_scene_rect(label))
    assert plot.getPlotItem().vb.sceneBoundingRect().intersects(_scene_rect(label))
    assert plot.mlr_line.isVisible()
    assert not _scene_rect(plot.mlr_line.label).intersects(_scene_rect(plot.corridor_label))
    axis = plot.getPlotItem().getAxis("left")
    assert axis.label.boundingRect().width() <= axis.boundingRect().height()  # the title fits its axis


def test_the_hover_readout_follows_a_change_of_track(make_window, qtbot) -> None:
    window = make_window()
    plot = window.plot
    vb = plot.getPlotItem().vb
    scene_pos = vb.mapViewToScene(vb.viewRect().center())
    scene_pos.setX(vb.mapViewToScene(vb.viewRect().center()).x() + 0.1 * vb.sceneBoundingRect().width())
    plot.scene().sigMouseMoved.emit(scene_pos)  # what a mouse move over the chart sends
    before = plot.cross_label.toPlainText()
    assert before
    choose(window.controls.track, "enhanced")
    x = vb.mapSceneToView(scene_pos).x()
    s = window.screen_shown.payoff.series
    finite = ~np.isnan(s.x)
    i = int(np.clip(np.searchsorted(s.x[finite], x), 0, finite.sum() - 1))
    assert plot.cross_label.toPlainText() == hover_label(float(s.x[finite][i]), float(s.y[finite][i]))
    assert plot.cross_label.toPlainText() != before


def test_on_a_laptop_the_compare_key_and_the_cap_labels_stay_inside_the_chart(make_window, qtbot) -> None:
    pinned = Scenario(rules="mssp", track="basic-a", performance_year=2026, beneficiaries=15_000, savings_pct=3.0)
    window = make_window(pinned, resize=False)
    window.resize(1366, 768)
    window.pin_action.trigger()
    choose(window.controls.track, "enhanced")
    type_into(qtbot, window.controls.slider("savings_pct"), "2")
    qtbot.wait(50)
    window.grab()
    item = window.plot.getPlotItem()
    view = item.vb.sceneBoundingRect()
    assert item.titleLabel.item.sceneBoundingRect().width() <= view.width()  # every entry of the key shows
    for line in (window.plot.cap_line, window.plot.loss_cap_line):
        assert line.isVisible()
        assert view.contains(line.label.sceneBoundingRect()), line.label.toPlainText()
