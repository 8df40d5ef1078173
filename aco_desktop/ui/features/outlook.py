"""The outlook (issue 12, window side): how likely each outcome is when the year's savings rate is uncertain.

It adds "How sure are you?" under the controls; on the payoff chart the expected-payment curve (dashed,
beside the settlement curve) and the "90% of years" band around the current savings rate; a chances line
under the key figures; View > Track chooser (Ctrl+T) and View > Sensitivity tables. Numbers and words come
from ``view.outlook`` and ``view.outlook_tables``; the model is ``engine.uncertainty``.

Items are added to the chart once and updated with ``setData``/``setRegion``. During a drag the band
follows every move; the chances, the expected curve and the open tables follow with the window's detail
(a few times a second, and exactly when the drag ends). The expected curve is worked out over the chart's
own x grid only when the settlement curve, sigma or the quality chance changes.
"""

from __future__ import annotations

import dataclasses

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from aco_desktop.engine import ScenarioError, outlook
from aco_desktop.engine.uncertainty import Outlook, savings_sigma
from aco_desktop.ui.features.chooser import TrackChooser
from aco_desktop.ui.features.outlook_inputs import OutlookInputs
from aco_desktop.ui.features.sensitivity import SensitivityDialog
from aco_desktop.ui.panels.chart_items import Span, cache_pixels, pen
from aco_desktop.ui.panels.chart_native import Tag
from aco_desktop.ui.panels.headline import WrappingLine
from aco_desktop.view import palette
from aco_desktop.view.outlook import (BAND_EDGE, BAND_FILL, BAND_LABEL, CURVE_NAME, EXPECTED_INK,
                                      PINNED_CURVE_NAME, ExpectedCurve, OutlookSettings, band, chances_line,
                                      chances_tip)
from aco_desktop.view.screen import Screen


class OutlookFeature:
    def __init__(self, window) -> None:
        self.window = window
        self.settings = OutlookSettings()
        self.last: Outlook | None = None
        self._screen: Screen | None = None
        self._expected = ExpectedCurve()
        self._drawn: int | None = None  # which working-out of the expected curve is on the chart
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
        window.on_refresh(self.follow)
        window.on_refresh(self.show, detail=True)

    # ---- building ---------------------------------------------------------------------------------
    def _add_chances_line(self) -> None:
        self.chances = WrappingLine()  # two lines on a narrow column rather than cut off at the right
        self.chances.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chances.setStyleSheet(f"color: {EXPECTED_INK}; padding: 1px 8px;")
        column = self.window.figures.parentWidget().layout()
        column.insertWidget(column.indexOf(self.window.figures) + 1, self.chances)

    def _add_chart_items(self) -> None:
        plot = self.window.plot
        # On a box like the thresholds' labels: the MSR line often runs through the band, and struck the words.
        self.band_label = Tag(BAND_LABEL, EXPECTED_INK, palette.LABEL_FILL, anchor=(1, 0))
        self.band = Span(plot.getPlotItem().vb, BAND_FILL, pen(BAND_EDGE, 1, Qt.PenStyle.DotLine), self.band_label)
        self.band.setZValue(-15)
        plot.addItem(self.band, ignoreBounds=True)
        plot.addItem(self.band_label, ignoreBounds=True)
        plot.secondary_labels.append(self.band_label)
        self.expected_curve = pg.PlotDataItem(pen=pen(EXPECTED_INK, 2.5, Qt.PenStyle.DashLine), name=CURVE_NAME)
        self.expected_curve.setZValue(5)
        plot.addItem(self.expected_curve)
        plot.set_extra_key("expected", EXPECTED_INK, CURVE_NAME)
        self.pinned_expected = pg.PlotDataItem(pen=pen(EXPECTED_INK, 2, Qt.PenStyle.DotLine))
        self.pinned_expected.setZValue(4)
        self.pinned_expected.setVisible(False)
        plot.addItem(self.pinned_expected)
        self._pinned_expected = ExpectedCurve()
        cache_pixels((self.expected_curve, self.pinned_expected))  # they follow a drag with the detail clock
        # The guided tour's "expected" and "spread" layers: early steps hide them until the outlook's step.
        plot.items_by_layer = {**getattr(plot, "items_by_layer", {}), "expected": (self.expected_curve,),
                               "spread": (self.band, self.band_label)}

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

    def follow(self, screen: Screen) -> None:
        """Every move: the "90% of years" band around the current savings rate (its spread follows the
        size). The chances, the expected curve and the tables follow with the window's detail."""
        self._screen = screen
        if self.last is None:
            return
        scenario = screen.settlement.scenario
        sigma = savings_sigma(scenario.beneficiaries, self.settings.spread())
        self.band.setRegion(band(dataclasses.replace(self.last, mu=scenario.savings_rate, sigma=sigma)))

    def show(self, screen: Screen) -> None:
        """Draw the outlook of ``screen``: the chances, the expected curve, the band, and the chooser and
        sensitivity tables when they are open (with the window's detail: during a drag a few times a
        second, exactly at its end)."""
        self._screen = screen
        result, rules = screen.settlement, self.window.session.rules
        spread = self.settings.spread()
        self.inputs.show_size(result.scenario.beneficiaries)
        o = outlook(rules, result.scenario, spread)
        self.last = o
        x, y = self._expected.get(rules, result.scenario, screen.payoff.series, o.sigma, spread.p_quality_miss)
        if self._expected.computed != self._drawn:
            self._drawn = self._expected.computed
            self.expected_curve.setData(x, y)
        self.band.setRegion(band(o))
        self._show_pinned_expected(screen, spread)
        self.chances.setText(chances_line(o))
        self.chances.setToolTip(chances_tip(o, self.settings))
        self.chooser.follow(result.scenario, spread, self.settings)
        self.sensitivity.follow(result.scenario)


    def _show_pinned_expected(self, screen: Screen, spread) -> None:
        """With a baseline pinned, its own expected-payment curve too (its scenario whole: its size's
        spread, its rules), so both scenarios show theirs."""
        base, pinned = screen.payoff.baseline, self.window.presenter.pinned
        shown = base is not None and pinned is not None
        if shown:
            sigma = savings_sigma(pinned.beneficiaries, spread)
            try:
                x, y = self._pinned_expected.get(self.window.session.rules, pinned, base, sigma, spread.p_quality_miss)
            except (ScenarioError, KeyError):  # rules no longer loaded: the pinned settlement curve stays
                shown = False
        self.pinned_expected.setVisible(shown)
        if shown:
            self.pinned_expected.setData(x, y)
        self.window.plot.set_extra_key("pinned-expected", EXPECTED_INK, PINNED_CURVE_NAME if shown else None, "dot")


def install(window) -> None:
    window.outlook = OutlookFeature(window)
    window.outlook_spread = lambda: window.outlook.settings.spread()  # the meeting report uses the same spread
