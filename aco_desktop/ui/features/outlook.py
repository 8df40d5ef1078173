"""The outlook (issue 12, window side): how likely each outcome is when the year's savings rate is uncertain.

It adds "How sure are you?" under the controls; on the payoff chart the expected-payment curve (dashed,
beside the settlement curve) and the "90% of years" band around the current savings rate; a chances line
under the key figures; View > Track chooser (Ctrl+T) and View > Sensitivity tables. Numbers and words come
from ``view.outlook`` and ``view.outlook_tables``; the model is ``engine.uncertainty``.

Items are added to the chart once and updated with ``setData``/``setRegion``. The expected curve is worked
out over the chart's own x grid only when the settlement curve, sigma or the quality chance changes, so a
savings drag moves only the band and the chances line (one closed-form outlook, about half a millisecond).
"""

from __future__ import annotations

import dataclasses
import time

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy

from aco_desktop.engine import outlook
from aco_desktop.engine.uncertainty import Outlook
from aco_desktop.ui.features.chooser import TrackChooser
from aco_desktop.ui.features.outlook_inputs import OutlookInputs
from aco_desktop.ui.features.sensitivity import SensitivityDialog
from aco_desktop.ui.panels.chart_items import brush, pen
from aco_desktop.view import palette
from aco_desktop.view.outlook import (BAND_EDGE, BAND_FILL, BAND_LABEL, CURVE_NAME, EXPECTED_INK, ExpectedCurve,
                                      OutlookSettings, band, chances_line, chances_tip)
from aco_desktop.view.screen import Screen


class OutlookFeature:
    def __init__(self, window) -> None:
        self.window = window
        self.settings = OutlookSettings()
        self.last: Outlook | None = None
        self._full_at, self._full_key = 0.0, None  # when and for what the chances were last worked out
        self._screen: Screen | None = None
        self._expected = ExpectedCurve()
        self.inputs = OutlookInputs()
        layout = window.controls.layout()
        layout.insertWidget(layout.count() - 1, self.inputs)  # above the controls' closing stretch
        self.inputs.changed.connect(self._settings_changed)
        self.inputs.rejected.connect(window.tell)
        self._add_chances_line()
        self._add_chart_items()
        self.chooser = TrackChooser(window)
        self.sensitivity = SensitivityDialog(window)
        self._add_actions()
        window.on_refresh(self.show)

    # ---- building ---------------------------------------------------------------------------------
    def _add_chances_line(self) -> None:
        self.chances = QLabel("")
        self.chances.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chances.setStyleSheet(f"color: {EXPECTED_INK}; padding: 1px 8px;")
        # Its text changes with every move: a fixed height and an ignored width keep the layout still.
        self.chances.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        column = self.window.figures.parentWidget().layout()
        column.insertWidget(column.indexOf(self.window.figures) + 1, self.chances)

    def _add_chart_items(self) -> None:
        plot = self.window.plot
        self.band = pg.LinearRegionItem(values=(0, 1), movable=False, brush=brush(BAND_FILL),
                                        pen=pen(BAND_EDGE, 1, Qt.PenStyle.DotLine))
        self.band.setZValue(-15)
        plot.addItem(self.band, ignoreBounds=True)
        self.band_label = pg.InfLineLabel(self.band.lines[1], BAND_LABEL, position=0.72, anchors=[(1, 0), (1, 0)],
                                          color=palette.rgba(EXPECTED_INK)[:3])
        self.expected_curve = pg.PlotDataItem(pen=pen(EXPECTED_INK, 2.5, Qt.PenStyle.DashLine), name=CURVE_NAME)
        self.expected_curve.setZValue(5)
        plot.addItem(self.expected_curve)
        plot.set_extra_key("expected", EXPECTED_INK, CURVE_NAME)

    def _add_actions(self) -> None:
        window = self.window
        view = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"), None)
        if view is None:
            view = QMenu("&View", window)
            window.menuBar().addMenu(view)
        view.addSeparator()
        toggle = self.chooser.dock.toggleViewAction()
        toggle.setText("&Track chooser")
        toggle.setShortcut(QKeySequence("Ctrl+T"))
        toggle.setStatusTip("Every level and MSR/MLR election for this ACO, by expected payment")
        view.addAction(toggle)
        self.chooser_action = toggle
        self.sensitivity_action = QAction("Sensitivity &tables...", window)
        self.sensitivity_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.sensitivity_action.setStatusTip("Payment over savings x quality and savings x beneficiaries")
        self.sensitivity_action.triggered.connect(self.sensitivity.open_for)
        view.addAction(self.sensitivity_action)

    # ---- following the window ------------------------------------------------------------------------
    def _settings_changed(self, settings: OutlookSettings) -> None:
        self.settings = settings
        if self._screen is not None:
            self.show(self._screen)

    def show(self, screen: Screen) -> None:
        """Draw the outlook of ``screen`` (called after every refresh of the window). During a drag the
        chances are worked out at most every ``DRAG_INTERVAL_S`` (the band follows every move: the spread
        does not move with the savings rate); the release draws them exactly."""
        self._screen = screen
        result, rules = screen.settlement, self.window.session.rules
        spread = self.settings.spread()
        dragging = self.window.session.in_gesture
        if dragging and self._recent(result.scenario):
            self.last = dataclasses.replace(self.last, mu=result.scenario.savings_rate)
            self.band.setRegion(band(self.last))
            self.chooser.follow(result.scenario, spread, self.settings, dragging)
            return
        self._full_at, self._full_key = time.perf_counter(), result.scenario.model_dump(exclude={"savings_pct"})
        self.inputs.show_size(result.scenario.beneficiaries)
        o = outlook(rules, result.scenario, spread)
        self.last = o
        x, y = self._expected.get(rules, result.scenario, screen.payoff.series, o.sigma, spread.p_quality_miss)
        if self._expected.computed != getattr(self, "_drawn", None):
            self._drawn = self._expected.computed
            self.expected_curve.setData(x, y)
        self.band.setRegion(band(o))
        self.chances.setText(chances_line(o))
        self.chances.setToolTip(chances_tip(o, self.settings))
        self.chooser.follow(result.scenario, spread, self.settings, self.window.session.in_gesture)
        self.sensitivity.follow(result.scenario, self.window.session.in_gesture)


    def _recent(self, scenario) -> bool:
        """The chances were worked out less than ``DRAG_INTERVAL_S`` ago for everything but the savings."""
        return (self.last is not None and time.perf_counter() - self._full_at < DRAG_INTERVAL_S
                and scenario.model_dump(exclude={"savings_pct"}) == self._full_key)


DRAG_INTERVAL_S = 0.1


def install(window) -> None:
    window.outlook = OutlookFeature(window)
    window.outlook_spread = lambda: window.outlook.settings.spread()  # the meeting report uses the same spread
