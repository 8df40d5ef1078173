"""The main window: controls on the left; key figures, payoff curve, who-keeps-what and the statement on
the right. It lays the panels out and wires them: user input goes to the session, and every change of
the session or the document comes back as one ``Screen`` (``view.present``) that each panel draws.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from aco_desktop import APP_NAME
from aco_desktop.engine import Settlement
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.document import Document
from aco_desktop.session.files import ScenarioFile
from aco_desktop.session.presets import opening_scenario
from aco_desktop.session.state import Session, apply_edit
from aco_desktop.ui.desktop import next_font_size, remember_window, restore_window, set_app_font_size
from aco_desktop.ui.document import DocumentActions
from aco_desktop.ui.export.actions import ExportActions
from aco_desktop.ui.feedback import Feedback
from aco_desktop.ui.features import install_all
from aco_desktop.ui.menus import build_menus
from aco_desktop.ui.panels.chart_fit import ChartWords
from aco_desktop.ui.panels.chart_items import fit_chart_text
from aco_desktop.ui.panels.controls import ControlsPanel
from aco_desktop.ui.panels.figures import KeyFigures
from aco_desktop.ui.panels.fit_scroll import FitScroll
from aco_desktop.ui.panels.headline import Headline, Notice
from aco_desktop.ui.panels.payoff import PayoffPlot
from aco_desktop.ui.panels.statement import StatementView
from aco_desktop.ui.panels.who_keeps import WhoKeepsPlot
from aco_desktop.view.present import Presenter
from aco_desktop.view.screen import Screen
from aco_desktop.view.words import skipped_rules

DRAG_DETAIL_MS = 250  # during a drag, everything but the chart and the key figures follows four times a second


CONTROLS_MIN_WIDTH = 280  # px: below this the controls column scrolls sideways
CHART_LABEL_MAX_POINTS = 14.0  # labels inside the plot grow with the text up to this
RIGHT_MIN_WIDTH = 320  # px: below this the right column scrolls sideways
CHART_FLOOR_LINES, WHO_FLOOR_LINES, STATEMENT_FLOOR_LINES = 16, 7, 4  # below these the right column scrolls


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: QSettings | None = None,
                 autosaver: Autosaver | None = None) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.last_warning = ""
        self._warning_box: QMessageBox | None = None
        self.setWindowTitle(APP_NAME)
        self.presenter = Presenter()
        self.screen_shown: Screen | None = None
        self._refresh_listeners: list = []  # follow every move
        self._detail_listeners: list = []  # follow a drag at most every DRAG_DETAIL_MS, and exactly at its end
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DRAG_DETAIL_MS)
        self._detail_timer.timeout.connect(self._show_detail)
        self.model = Document(session)
        feedback = Feedback(self.tell, self.warn, self.may_discard_changes)
        self._build_panels()
        self.document = DocumentActions(self, self.model, feedback, settings, autosaver)
        self.exports = ExportActions(self, self.model, self.plot, lambda: self.settlement, feedback)
        self.exports.figures = lambda: self.screen_shown.figures
        self.exports.pinned = lambda: self.presenter.pinned
        a = build_menus(self, self.document, self.exports)
        self.undo_action, self.redo_action, self.reset_action = a.undo_action, a.redo_action, a.reset_action
        self.pin_action, self.clear_pin_action = a.pin_action, a.clear_pin_action
        self.save_action, self.quit_action = a.save_action, a.quit_action
        self.recent_menu, self.presets_menu = a.recent_menu, a.presets_menu
        self.setAcceptDrops(True)
        self.statusBar().showMessage("Move a slider or type a value; hover the chart for exact figures.")

        self.controls.changed.connect(self.apply_changes)
        self.controls.gesture.connect(self._gesture)
        self.controls.rejected.connect(self.tell)
        session.subscribe(lambda _: self.refresh())
        session.on_gesture_end(lambda: self.refresh(fit=True))
        self.model.subscribe(self.refresh)
        install_all(self)
        self.refresh()
        points = restore_window(self, settings)
        if points:
            self.set_font_size(points)
        if session.rules.skipped:
            self.warn("Some rule files were skipped", skipped_rules(session.rules.skipped))

    def _build_panels(self) -> None:
        self.controls = ControlsPanel(self.session.rules)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # large text: scroll, never cut
        # A floor, not the controls' full width: on a small or 200% screen the column scrolls sideways
        # rather than pushing the window past the screen. The first layout still gives it its full width.
        scroll.setMinimumWidth(min(self.controls.sizeHint().width() + 24, CONTROLS_MIN_WIDTH))
        self._scroll = scroll
        self.figures = KeyFigures()
        self.headline = Headline()
        self.notice = Notice()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.figures)
        column.addWidget(self.headline)
        column.addWidget(self._build_charts(), 1)
        column.addWidget(self.notice)
        self.right_column = right  # features add their lines to its layout
        # The column fills the view down to its floor (charts at their smallest), and scrolls below it.
        self.right_scroll = FitScroll(right, self._right_floor)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.right_scroll)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.controls.sizeHint().width() + 24, 900])
        self.setCentralWidget(self.splitter)
        self._fit_floors()

    def _build_charts(self) -> QSplitter:
        self.plot = PayoffPlot()
        self.who = WhoKeepsPlot()
        self.who.setXLink(self.plot)
        self.statement = StatementView()
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.setChildrenCollapsible(False)
        for i, (panel, stretch) in enumerate(((self.plot, 5), (self.who, 2), (self.statement, 3))):
            charts.addWidget(panel)
            charts.setStretchFactor(i, stretch)
        charts.setSizes([430, 170, 200])  # the statement shows its first rows; on a laptop the charts keep room
        self._chart_words = [ChartWords(chart) for chart in (self.plot, self.who)]  # keys wrap, never widen
        return charts

    def _fit_floors(self) -> None:
        """The smallest each part may get, in lines of the current text size: the payoff chart keeps its
        axes and a curve, Who keeps what its key and axis, the statement its header and two rows."""
        line = QFontMetrics(QApplication.font()).lineSpacing()
        self.plot.setMinimumHeight(line * CHART_FLOOR_LINES)
        self.who.setMinimumHeight(line * WHO_FLOOR_LINES)
        self.statement.setMinimumHeight(line * STATEMENT_FLOOR_LINES)
        self.controls.wrap_long_rows()  # the features' forms too
        self._scroll.setMinimumWidth(min(self.controls.sizeHint().width() + 24, CONTROLS_MIN_WIDTH))
        self.right_scroll.setMinimumWidth(RIGHT_MIN_WIDTH)

    def _fit_chart_type(self, font: QFont) -> None:
        """The charts' axes, keys and line labels at the app's text size (the labels inside the plot, up to
        a cap: larger, they would cover the curve and run off a laptop-sized chart)."""
        for chart in (self.plot, self.who):
            fit_chart_text(chart, font)
            chart.set_key_points(font.pointSizeF())
        p = self.plot
        for item in (p.marker_label, p.corridor_label, *(line.label for line in (p.msr_line, p.mlr_line, p.net_line,
                                                                              p.cap_line, p.loss_cap_line))):
            label_font = QFont(item.font())
            label_font.setPointSizeF(min(font.pointSizeF(), CHART_LABEL_MAX_POINTS))
            item.setFont(label_font)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """The controls never keep more than half a window that got smaller (a laptop, a 200% screen):
        the splitter alone would squeeze only the charts' column."""
        super().resizeEvent(event)
        sizes = self.splitter.sizes()
        cap = max(CONTROLS_MIN_WIDTH, self.splitter.width() // 2)
        if len(sizes) == 2 and sizes[0] > cap and sizes[1] > 0:
            self.splitter.setSizes([cap, sum(sizes) - cap])

    def _right_floor(self) -> QSize:
        """The right column's smallest size: as wide as its widest part needs, as tall as its parts at
        their floors (a word-wrapped line counted at the width it gets)."""
        column = self.right_column.layout()
        width = max(column.minimumSize().width(), self.right_scroll.maximumViewportSize().width())
        return QSize(column.minimumSize().width(), column.totalMinimumHeightForWidth(width))

    # ---- drawing -----------------------------------------------------------------------------------
    def refresh(self, fit: bool = False) -> None:
        """Present the session and give each panel its slice. During a drag the chart, the key figures
        and the inputs follow every move; the statement, headline, Who keeps what and the features' detail
        (the outlook's chances and expected curve, the chooser, a reform) follow at most every
        ``DRAG_DETAIL_MS``, all on that one clock, and exactly when the drag ends: doing them on every move
        cost several frames' worth, and one clock keeps the slow moves few (one in fifty or more)."""
        screen = self.presenter.present(self.session, self.model, fit=fit)
        self.screen_shown = screen
        self.controls.show_state(screen.controls)
        self.plot.show_chart(screen.payoff)
        self.figures.show_figures(screen.figures)
        self.undo_action.setEnabled(screen.can_undo)
        self.redo_action.setEnabled(screen.can_redo)
        self.clear_pin_action.setEnabled(screen.has_baseline)
        if screen.title != self.windowTitle():
            self.setWindowTitle(screen.title)
        for listener in self._refresh_listeners:
            listener(screen)
        if self.session.in_gesture:
            if not self._detail_timer.isActive():
                self._detail_timer.start()
        else:
            self._detail_timer.stop()
            self._show_detail()

    def _show_detail(self) -> None:
        screen = self.screen_shown
        self.plot.show_line_labels()
        self.who.show_chart(screen.who_keeps)
        self.statement.show_rows(screen.statement)
        self.headline.show_text(screen.headline)
        self.notice.show_text(screen.notice)
        for listener in self._detail_listeners:
            listener(screen)

    def on_refresh(self, listener, detail: bool = False) -> None:
        """Call ``listener(screen)`` after every refresh (features follow the window this way). A ``detail``
        listener is called with the statement: during a drag at most every ``DRAG_DETAIL_MS``, and
        exactly once the drag ends (what costs more than a small part of a frame belongs there)."""
        (self._detail_listeners if detail else self._refresh_listeners).append(listener)

    @property
    def settlement(self) -> Settlement:
        return self.screen_shown.settlement

    def statement_rows(self) -> list[tuple[str, ...]]:
        return self.statement.statement_model.rows()

    # ---- changing the scenario ---------------------------------------------------------------------
    def apply_changes(self, changes: dict) -> bool:
        """Apply a user's edit through the session; on refusal say why and show the scenario as it was."""
        accepted, message = apply_edit(self.session, changes)
        if not accepted:  # the control still shows the refused value: show the scenario as it is
            state = self.screen_shown.controls
            self.controls.show_scenario(state.scenario, state.disabled)
        if message:
            self.tell(message)
        return accepted

    def _gesture(self, started: bool) -> None:
        self.plot.set_dragging(started)
        if started:
            self.session.begin_gesture()
        else:
            self.session.end_gesture()

    def new_scenario(self) -> None:
        if self.may_discard_changes():
            self.document.load(ScenarioFile.of(self.opening_scenario()), None,
                               "A new scenario under the rules in force today.")

    def opening_scenario(self) -> Scenario:
        """The rules in force for today's performance year, first track (what New and Reset show)."""
        return opening_scenario(self.session.rules, date.today())

    def reset_to_defaults(self) -> None:
        self.session.replace(self.opening_scenario())
        self.tell("Every input is back to its default (Undo brings your values back).")

    def pin_baseline(self) -> None:
        self.presenter.pin(self.session)
        self.refresh()
        self.tell("Baseline pinned: change anything and both curves stay on the chart.")

    def clear_baseline(self) -> None:
        self.presenter.clear_pin()
        self.refresh()

    # ---- telling and asking the user ---------------------------------------------------------------
    def tell(self, message: str) -> None:
        self.statusBar().showMessage(message, 12_000)

    def warn(self, title: str, message: str) -> None:
        """A problem the user must see (a file that cannot be opened or saved); never blocks the app."""
        self.last_warning = message
        self.tell(message.splitlines()[0] if message else message)
        self._close_warning()
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _: setattr(self, "_warning_box", None))
        self._warning_box = box
        box.open()

    def _close_warning(self) -> None:
        if self._warning_box is not None:
            self._warning_box.close()
            self._warning_box = None

    def ask_to_save(self) -> str:
        """'save', 'discard' or 'cancel' for unsaved changes (tests replace this)."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "Unsaved changes",
                                      f"Save the changes to {self.model.title() or 'this scenario'}?",
                                      buttons.Save | buttons.Discard | buttons.Cancel)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def may_discard_changes(self) -> bool:
        if not self.model.dirty:
            return True
        answer = self.ask_to_save()
        return answer == "discard" or (answer == "save" and self.document.save())

    # ---- drag and drop -----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = Path(event.mimeData().urls()[0].toLocalFile())
        event.acceptProposedAction()
        if self.may_discard_changes():
            self.document.open_path(path)

    # ---- desktop basics ----------------------------------------------------------------------------
    def step_font(self, direction: int) -> None:
        self.set_font_size(next_font_size(QApplication.instance().font().pointSize(), direction))

    def set_font_size(self, points: int) -> None:
        set_app_font_size(points, self.settings)
        self._fit_text_size()
        self.tell(f"Text size {points} pt.")

    def _fit_text_size(self) -> None:
        """Everything follows the text size: key figures, chart type, the controls column, the statement."""
        QApplication.processEvents()  # let the font change reach every widget first
        self.figures.fit_text_size()
        self._fit_chart_type(QApplication.font())
        self._fit_floors()  # the floors follow the text size; the controls get their width up to half
        needed = min(self.controls.sizeHint().width() + 24, self.width() // 2)
        self.splitter.setSizes([needed, max(1, self.splitter.width() - needed)])
        self.statement._fit_columns()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self.may_discard_changes():
            event.ignore()
            return
        self._close_warning()
        self.document.close()
        remember_window(self, self.settings, self.session.scenario)
        super().closeEvent(event)
