"""The guided tour (Help > Guided tour): one idea per step, from ``resources/help/tour.toml`` or a
teacher's own file (Help > Open tour file...). Each step applies its scenario and shows only the chart
layers it names; a panel beside the chart gives its title and text, a list to jump to any step, and
Back/Next. Keys: Right, PageDown or Space next; Left or PageUp back; Esc ends.

Undo: each step is one ordinary undo step (the session's ``replace``), so Edit > Undo walks back through
the steps the teacher showed; ending the tour puts the scenario from before the tour back (one more
undo step, so Undo shows the last step again). Ending also shows every chart layer again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from aco_desktop.guide import LAYERS, GuideFileError, Tour, load_tour
from aco_desktop.ui.features.common import KeyTrap, menu
from aco_desktop.view.teach import LAYER_ITEMS, PRESENTATION_SCALE, TOUR_KEYS_HINT, step_heading

NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
BACK_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


def layer_items(plot, layer: str) -> list:
    """The payoff plot's items that draw ``layer``; [] when no item draws it (the outlook's layers without
    the outlook feature)."""
    if layer in LAYER_ITEMS:
        return [getattr(plot, name) for name in LAYER_ITEMS[layer]]
    found = (getattr(plot, "items_by_layer", None) or {}).get(layer)
    if found is None:
        return []
    return list(found) if isinstance(found, (list, tuple)) else [found]


class TourPanel(QWidget):
    def __init__(self, tour_feature: "GuidedTour") -> None:
        super().__init__()
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading_points, self.text_points = font.pointSizeF(), self.font().pointSizeF()
        self.heading.setMinimumHeight(self.heading.fontMetrics().lineSpacing() * 2 + 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.steps = QComboBox()
        self.steps.setToolTip("Start the tour at any step")
        self.steps.activated.connect(tour_feature.go)
        self.back = QPushButton("< Back")
        self.next = QPushButton("Next >")
        self.end = QPushButton("End tour")
        self.back.clicked.connect(tour_feature.back)
        self.next.clicked.connect(tour_feature.forward)
        self.end.clicked.connect(tour_feature.end)
        buttons = QHBoxLayout()
        for button in (self.back, self.next, self.end):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        hint = QLabel(TOUR_KEYS_HINT)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        column = QVBoxLayout(self)
        column.addWidget(self.steps)
        column.addWidget(self.heading)
        column.addWidget(self.text, 1)  # the text takes the height: wrapped labels never clip
        column.addLayout(buttons)
        column.addWidget(hint)


class GuidedTour:
    def __init__(self, window) -> None:
        self.window = window
        self.tour: Tour | None = None
        self.index = -1
        self._before = None
        self.panel = TourPanel(self)
        self.dock = QDockWidget("Guided tour", window)
        self.dock.setObjectName("guided-tour")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(380)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.keys = KeyTrap(window, lambda key, _: key in (*NEXT_KEYS, *BACK_KEYS, Qt.Key.Key_Escape), self._key)
        help_menu = menu(window, "&Help")
        start = QAction("&Guided tour", window)
        start.setStatusTip("Step through the payoff curve one idea at a time")
        start.triggered.connect(lambda: self.start())
        open_file = QAction("Open &tour file...", window)
        open_file.setStatusTip("Run a teacher's own tour file (a copy of the shipped tour.toml)")
        open_file.triggered.connect(self.open_dialog)
        help_menu.addActions([start, open_file])
        self._all_shown = False
        window.on_refresh(lambda _: self._show_layers())

    @property
    def active(self) -> bool:
        return self.index >= 0

    # ---- starting and ending -----------------------------------------------------------------------
    def start(self, tour: Tour | None = None, at: int = 0) -> bool:
        try:
            self.tour = tour or self.tour or load_tour()
        except GuideFileError as exc:
            self.window.warn("The tour cannot start", str(exc))
            return False
        if not self.active:
            self._before = self.window.session.scenario
        self.panel.steps.clear()
        self.panel.steps.addItems([f"{n}. {step.title}" for n, step in enumerate(self.tour.step, start=1)])
        self.dock.show()
        self.keys.start()
        self.go(at)
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a tour file", "", "Tour files (*.toml)")
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> bool:
        """Load and start a teacher's tour; a bad file is refused naming the file and the step."""
        try:
            tour = load_tour(path)
        except GuideFileError as exc:
            self.window.warn("Tour file not loaded", str(exc))
            return False
        return self.start(tour)

    def end(self) -> None:
        if not self.active:
            return
        self.index = -1
        self.keys.stop()
        self.dock.hide()
        self.window.session.replace(self._before)
        self._show_layers()
        self.window.tell("Tour ended: your scenario is back (Undo shows the tour's last step).")

    # ---- moving ------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        count = len(self.tour.step)
        self.index = max(0, min(index, count - 1))
        step = self.tour.step[self.index]
        self.panel.steps.setCurrentIndex(self.index)
        self._size_text()
        self.panel.heading.setText(step_heading(self.index + 1, count, step.title))
        self.panel.text.setText(step.text)
        self.panel.back.setEnabled(self.index > 0)
        self.panel.next.setText("Finish" if self.index == count - 1 else "Next >")
        self.window.session.replace(self.tour.scenario_at(self.index))
        self._show_layers()

    def _size_text(self) -> None:
        """Large type while presentation mode is on (readable from the back of the room), normal otherwise."""
        presenting = getattr(getattr(self.window, "presentation", None), "active", False)
        scale = PRESENTATION_SCALE * 0.75 if presenting else 1.0
        for label, base in ((self.panel.heading, self.panel.heading_points), (self.panel.text, self.panel.text_points)):
            font = QFont(label.font())
            font.setPointSizeF(base * scale)
            label.setFont(font)
        self.panel.heading.setMinimumHeight(self.panel.heading.fontMetrics().lineSpacing() * 2 + 6)
        self.dock.setMinimumWidth(int(380 * scale))

    def forward(self) -> None:
        if self.index == len(self.tour.step) - 1:
            self.end()
        else:
            self.go(self.index + 1)

    def back(self) -> None:
        self.go(self.index - 1)

    def _key(self, key: int) -> None:
        if key in NEXT_KEYS:
            self.forward()
        elif key in BACK_KEYS:
            self.back()
        else:
            self.end()

    # ---- layers ------------------------------------------------------------------------------------
    def _show_layers(self) -> None:
        """Only the current step's layers (by opacity: the plot keeps its own visible/hidden choices)."""
        wanted = set(self.tour.step[self.index].layers) if self.active else set(LAYERS)
        if not self.active and self._all_shown:
            return  # every layer is drawn already: nothing to do on each move of a drag
        self._all_shown = not self.active
        for layer in LAYERS:
            for item in layer_items(self.window.plot, layer):
                item.setOpacity(1.0 if layer in wanted else 0.0)

    def layers_shown(self) -> set[str]:
        """The layers drawn now (what a test and a teacher check)."""
        return {layer for layer in LAYERS
                if any(item.opacity() > 0 for item in layer_items(self.window.plot, layer))}


def install(window) -> None:
    window.tour = GuidedTour(window)
