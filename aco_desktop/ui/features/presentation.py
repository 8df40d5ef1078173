"""Presentation mode (F5, View > Presentation mode; Esc leaves): full screen, the payoff chart and the key
figures in large type, and only three inputs (savings, quality, beneficiaries) with large handles, for
the back of a lecture room. Leaving puts back exactly what was there: geometry, full-screen state,
every hidden panel, splitter sizes and fonts."""

from __future__ import annotations

from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QToolBar, QWidget

from aco_desktop.scenario import INPUTS
from aco_desktop.ui.features.common import menu
from aco_desktop.ui.panels.controls import SLIDER_TRAVEL
from aco_desktop.ui.panels.slider_field import SliderField
from aco_desktop.view.teach import PRESENTATION_INPUTS, PRESENTATION_SCALE

_BIG_HANDLES = """
QSlider::groove:horizontal { height: 14px; background: #d0d4da; border-radius: 7px; }
QSlider::handle:horizontal { width: 44px; height: 44px; margin: -15px 0; border-radius: 22px;
                             background: #2b6cb0; border: 3px solid white; }
QSlider { min-height: 50px; }
QAbstractSpinBox { font-size: 22pt; min-height: 44px; min-width: 190px; }
"""


class Presentation:
    def __init__(self, window) -> None:
        self.window = window
        self.active = False
        self._saved: dict = {}
        self.strip = QWidget()  # its place under the chart; its large inputs are made on first use
        self.strip.setObjectName("presentation-inputs")
        self.fields: dict[str, SliderField] = {}
        window.right_column.layout().addWidget(self.strip)
        self.strip.hide()
        self.action = QAction("&Presentation mode", window, checkable=True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setStatusTip("Full screen, large chart and figures, three inputs; Esc leaves")
        self.action.toggled.connect(self.set_active)
        window.addAction(self.action)  # F5 works with the menu bar hidden
        menu(window, "&View").addAction(self.action)
        self.leave_key = QShortcut(QKeySequence("Esc"), window, lambda: self.action.setChecked(False))
        self.leave_key.setEnabled(False)
        window.on_refresh(self._follow)

    def _fill_strip(self) -> None:
        """The three large inputs, made the first time presentation mode is entered."""
        strip, fields = self.strip, self.fields
        strip.setStyleSheet(_BIG_HANDLES)
        grid = QGridLayout(strip)
        font = QFont(strip.font())
        font.setPointSizeF(font.pointSizeF() * PRESENTATION_SCALE)
        for col, name in enumerate(PRESENTATION_INPUTS):
            spec = INPUTS[name]
            low, high, log = SLIDER_TRAVEL[name]
            field = SliderField(spec, low, high, log)
            field.setFont(font)
            field.edited.connect(lambda v, n=name, s=spec: self.window.apply_changes({n: int(v) if s.integer else v}))
            field.gesture.connect(self._gesture)
            label = QLabel(spec.label)
            label.setFont(font)
            grid.addWidget(label, 0, col)
            grid.addWidget(field, 1, col)
            fields[name] = field

    def _gesture(self, started: bool) -> None:
        session = self.window.session
        session.begin_gesture() if started else session.end_gesture()

    def _follow(self, screen) -> None:
        if self.active:
            self.window.notice.hide()  # the window shows its notice on refresh; not on the projector
            for name, field in self.fields.items():
                field.show_value(getattr(screen.controls.scenario, name))

    # ---- entering and leaving ----------------------------------------------------------------------
    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.enter() if on else self.leave()

    def _panels(self) -> list[QWidget]:
        w = self.window
        return [w.splitter.widget(0), w.who, w.statement, w.headline, w.notice, w.menuBar(), w.statusBar(),
                *w.findChildren(QToolBar)]

    def enter(self) -> None:
        w = self.window
        self._saved = {"geometry": w.saveGeometry(), "full": w.isFullScreen(), "maximized": w.isMaximized(),
                       "visible": {id(p): (p, p.isVisible()) for p in self._panels()},
                       "splitters": [(s, s.sizes()) for s in (w.splitter, w.plot.parentWidget())],
                       "fonts": _scale_fonts(w, PRESENTATION_SCALE)}
        for panel, _ in self._saved["visible"].values():
            panel.hide()
        if not self.fields:
            self._fill_strip()
        self.strip.show()
        self.active = True
        self._follow(w.screen_shown)
        self.leave_key.setEnabled(True)
        w.showFullScreen()
        w.tell("Presentation mode: Esc or F5 leaves.")

    def leave(self) -> None:
        w, saved = self.window, self._saved
        self.active = False
        self.leave_key.setEnabled(False)
        self.strip.hide()
        for restore in saved["fonts"]:
            restore()
        for panel, visible in saved["visible"].values():
            panel.setVisible(visible)
        if not saved["full"]:
            w.showMaximized() if saved["maximized"] else w.showNormal()
        w.restoreGeometry(saved["geometry"])
        for splitter, sizes in saved["splitters"]:
            splitter.setSizes(sizes)
        w.refresh()  # the notice as the scenario now has it


def _scale_fonts(window, scale: float) -> list:
    """Enlarge the key figures and the chart's text; returns the functions that put each font back."""
    undo = []
    for label in window.figures.findChildren(QLabel):
        undo.append(_set_font(label.font(), label.setFont, scale))
    plot = window.plot.getPlotItem()
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        tick, style = axis.style["tickFont"], dict(axis.labelStyle)
        big = QFont(tick or window.font())
        big.setPointSizeF(big.pointSizeF() * scale)
        axis.setStyle(tickFont=big)
        axis.setLabel(axis.labelText, **{**style, "font-size": f"{big.pointSizeF():g}pt"})
        undo.append(lambda a=axis, t=tick, s=style: _restore_axis(a, t, s))
    p = window.plot
    texts = [p.marker_label, p.corridor_label] + [line.label for line in
                                                 (p.msr_line, p.mlr_line, p.net_line, p.cap_line, p.loss_cap_line)]
    for item in texts:
        undo.append(_set_font(item.font(), item.setFont, scale))
    undo.append(_scale_key(p, scale))
    size = p.marker.opts["size"]
    p.marker.setSize(size * scale)
    undo.append(lambda: p.marker.setSize(size))
    return undo


def _scale_key(plot, scale: float):
    """The key above the chart larger (it is the plot's title, sized in points)."""
    normal = plot.key_points
    plot.set_key_points(normal * scale)
    return lambda: plot.set_key_points(normal)


def _set_font(font: QFont, setter, scale: float):
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * scale)
    setter(big)
    return lambda: setter(font)


def _restore_axis(axis, tick: QFont | None, style: dict) -> None:
    axis.style["tickFont"] = tick  # setStyle(tickFont=None) would keep the large font
    if hasattr(axis, "fit_text_space"):
        axis.fit_text_space()  # the money axis's width back to its normal font's
    axis.picture = None
    axis.labelStyle = style
    axis._updateLabel()
    axis.update()


def install(window) -> None:
    window.presentation = Presentation(window)
