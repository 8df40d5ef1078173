"""The main window: controls on the left; key figures, payoff curve, who-keeps-what and the statement on
the right. It draws only what the engine returns for the session's current scenario."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QMainWindow, QMessageBox, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from aco_desktop import __version__
from aco_desktop.engine import PayoffCurve, ScenarioError, Settlement, payoff_curve, settle, settle_terms
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.view.format import pct, usd
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.files import ScenarioFile
from aco_desktop.session.errors import explain as explain_rejection
from aco_desktop.session.state import Session, follow_rule_change
from aco_desktop.ui.document import DocumentActions
from aco_desktop.ui.controls import ControlsPanel
from aco_desktop.ui.figures import KeyFigures
from aco_desktop.ui.plot import X_HIGH, X_LOW, PayoffPlot, WhoKeepsPlot
from aco_desktop.ui.statement import StatementView

APP_NAME = "ACO What-If Explorer"
# The payoff is piecewise linear and the curve holds every kink and jump exactly, so a coarse grid draws
# it without error; fewer points make each repaint cheaper.
PLOT_POINTS = 91
FONT_STEPS = (9, 10, 11, 12, 14, 16, 18, 20)  # point sizes for View > Larger/Smaller text


def describe(rules: RuleRegistry, s: Scenario) -> str:
    """A short name for a scenario: '2011 proposed rule, Track 1 yr 1' / 'MSSP PY2016 Track 2'."""
    book = rules[s.rules]
    track = book.tracks[s.track].label
    year = f" PY{s.performance_year}" if s.performance_year else ""
    return f"{book.short_title}{year}, {track} (agreement year {s.agreement_year})"


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: QSettings | None = None,
                 autosaver: Autosaver | None = None) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.last_warning = ""
        self._warning_box: QMessageBox | None = None
        self.setWindowTitle(APP_NAME)
        self._curve_key: tuple | None = None
        self._curve_terms = None  # the terms the shown curve was drawn for
        self._curve: PayoffCurve | None = None
        self.settlement: Settlement | None = None
        self.baseline: tuple[Scenario, PayoffCurve] | None = None

        self.controls = ControlsPanel(session.rules)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.controls.sizeHint().width() + 24)

        self.figures = KeyFigures()
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        # A fixed height: a new sentence on every drag must not re-lay-out the window.
        self.headline.setFixedHeight(self.headline.fontMetrics().lineSpacing() * 2 + 6)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plot = PayoffPlot()
        self.who = WhoKeepsPlot()
        self.who.setXLink(self.plot)
        self.statement = StatementView()
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #7a4b00;")

        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.plot)
        charts.addWidget(self.who)
        charts.addWidget(self.statement)
        charts.setStretchFactor(0, 5)
        charts.setStretchFactor(1, 2)
        charts.setStretchFactor(2, 3)
        charts.setSizes([430, 170, 250])  # the statement shows its main rows without scrolling
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.figures)
        column.addWidget(self.headline)
        column.addWidget(charts, 1)
        column.addWidget(self.notice)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.document = DocumentActions(self, settings, autosaver)
        self.session.on_gesture_end(self.document.schedule_autosave)
        self.session.on_gesture_end(self._fit_charts)
        self._build_actions()
        self.setAcceptDrops(True)
        self.statusBar().showMessage("Move a slider or type a value; hover the chart for exact figures.")

        self.controls.changed.connect(self.apply_changes)
        self.controls.gesture.connect(self._gesture)
        self.controls.rejected.connect(self.tell)
        self.session.subscribe(lambda _: self.refresh())
        self.refresh()
        self.resize(1360, 900)
        self._restore_settings()

    # ---- actions -----------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        doc = self.document
        self.file_menu = file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New", self.new_scenario, QKeySequence.StandardKey.New, "Start from the defaults")
        self._action(file_menu, "&Open...", doc.open_dialog, QKeySequence.StandardKey.Open,
                     "Open a scenario file (you can also drop one on the window)")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: doc.fill_recent_menu(self.recent_menu))
        self.save_action = self._action(file_menu, "&Save", doc.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "Save &As...", doc.save_as, QKeySequence.StandardKey.SaveAs)
        self._action(file_menu, "Name and &note...", doc.edit_details, "Ctrl+I",
                     "Give the scenario a name and a note for the meeting report")
        file_menu.addSeparator()
        export = file_menu.addMenu("&Export")
        self._action(export, "Meeting &report (PDF)...", lambda: doc.export("pdf"), QKeySequence.StandardKey.Print,
                     "A one-page report: name, note, key figures, curve, statement with sources")
        self._action(export, "Chart as &PNG...", lambda: doc.export("png"))
        self._action(export, "Chart as &SVG...", lambda: doc.export("svg"))
        self._action(export, "Statement as &CSV...", lambda: doc.export("csv"))
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.session.undo, QKeySequence.StandardKey.Undo,
                                        "Undo the last change (a whole slider drag is one step)")
        self.redo_action = self._action(edit, "&Redo", self.session.redo, QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self._action(edit, "Copy &chart", lambda: doc.copy("chart"), "Ctrl+Shift+C")
        self._action(edit, "Copy &statement", lambda: doc.copy("statement"), "Ctrl+Alt+C")
        edit.addSeparator()
        self.reset_action = self._action(edit, "Reset to &defaults", self.reset_to_defaults, "Ctrl+Shift+R",
                                         "Put every input back to its default (undoable)")
        view = bar.addMenu("&View")
        self.pin_action = self._action(view, "&Pin as baseline", self.pin_baseline, "Ctrl+B",
                                       "Keep this curve on the chart to compare with the next changes")
        self.clear_pin_action = self._action(view, "&Clear baseline", self.clear_baseline, "Ctrl+Shift+B")
        view.addSeparator()
        self._action(view, "&Larger text", lambda: self.step_font(+1), QKeySequence.StandardKey.ZoomIn,
                     "Larger text, for a projector")
        self._action(view, "&Smaller text", lambda: self.step_font(-1), QKeySequence.StandardKey.ZoomOut)
        self.presets_menu = bar.addMenu("&Presets")
        self.presets_menu.aboutToShow.connect(lambda: doc.fill_presets_menu(self.presets_menu))
        doc.fill_presets_menu(self.presets_menu)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About and rule sources", self.show_about, QKeySequence.StandardKey.HelpContents)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        for action in (self.undo_action, self.redo_action, self.pin_action, self.clear_pin_action, self.reset_action):
            toolbar.addAction(action)

    # ---- changing the scenario ---------------------------------------------------------------------
    def apply_changes(self, changes: dict) -> bool:
        """Apply a user's edit through the session; on refusal say why and show the scenario as it was."""
        try:
            changes, notes = follow_rule_change(self.session.rules, self.session.scenario, changes)
            self.session.apply(**changes)
        except (ValidationError, ScenarioError, ValueError) as exc:
            self.tell(explain_rejection(exc))
            # The control still shows the refused value: show the scenario as it is.
            self.controls.show_scenario(self.session.scenario, ignored_inputs(self.session.terms(), self.session.scenario))
            return False
        if notes:
            self.tell(" ".join(notes))
        return True

    def _gesture(self, started: bool) -> None:
        if started:
            self.session.begin_gesture()
        else:
            self.session.end_gesture()

    def new_scenario(self) -> None:
        if self.may_discard_changes():
            self.document.load(_blank_file(), None, "A new scenario from the defaults.")

    def _fit_charts(self) -> None:
        self.plot.fit()
        self.who.fit()

    def reset_to_defaults(self) -> None:
        self.session.replace(Scenario())
        self.tell("Every input is back to its default (Undo brings your values back).")

    def tell(self, message: str) -> None:
        self.statusBar().showMessage(message, 12_000)

    def warn(self, title: str, message: str) -> None:
        """A problem the user must see (a file that cannot be opened or saved); never blocks the app."""
        self.last_warning = message
        self.tell(message)
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
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {self.document.title() or 'this scenario'}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            answer, "cancel")

    def may_discard_changes(self) -> bool:
        if not self.session.dirty:
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

    # ---- compare -----------------------------------------------------------------------------------
    def pin_baseline(self) -> None:
        self.baseline = (self.session.scenario, self._curve)
        self.plot.set_baseline(self._curve, describe(self.session.rules, self.session.scenario))
        self.refresh()
        self.tell("Baseline pinned: change anything and both curves stay on the chart.")

    def clear_baseline(self) -> None:
        self.baseline = None
        self.plot.set_baseline(None)
        self.refresh()

    def baseline_settlement(self) -> Settlement | None:
        """The baseline scenario settled at the current savings rate (so the figures compare like for like)."""
        if self.baseline is None:
            return None
        base = self.baseline[0].with_changes(savings_pct=self.session.scenario.savings_pct)
        return settle(self.session.rules, base)

    # ---- drawing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        s = self.session.scenario
        terms = self.session.terms()
        result = settle_terms(terms, s)
        self.settlement = result
        low = min(X_LOW / 100, s.savings_rate - 0.02)
        high = max(X_HIGH / 100, s.savings_rate + 0.02)
        key = (low, high)
        if terms is not self._curve_terms or key != self._curve_key:  # the curve and the controls' state do not move with the savings rate
            self._curve = payoff_curve(terms, low, high, points=PLOT_POINTS)
            self._curve_key, self._curve_terms = key, terms
            self.controls.show_scenario(s, ignored_inputs(terms, s))
        else:
            self.controls.slider("savings_pct").show_value(s.savings_pct)
        dragging = self.session.in_gesture
        self.plot.show(result, self._curve, dragging)
        self.who.show(result, self._curve, dragging)
        self.statement.statement_model.show(result)
        self.figures.show_figures(result, self.baseline_settlement())
        self.headline.setText(self._headline(result))
        reconstructed = [st.label for st in result.steps if st.reconstructed]
        notes = list(terms.notes)
        if reconstructed:
            notes.insert(0, f"Reconstructed values used ({', '.join(reconstructed)}): no source we hold gives "
                            "them; see the statement's Source column.")
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))
        self.undo_action.setEnabled(self.session.can_undo)
        self.redo_action.setEnabled(self.session.can_redo)
        self.clear_pin_action.setEnabled(self.baseline is not None)
        name = self.document.title()
        title = f"{'*' if self.session.dirty else ''}{name or describe(self.session.rules, s)} - {APP_NAME}"
        if title != self.windowTitle():
            self.setWindowTitle(title)

    def _headline(self, r: Settlement) -> str:
        s = r.scenario
        if r.earned > 0.5:
            what = f"<b>CMS pays the ACO {usd(r.earned)}</b>"
            if r.withheld:
                what += f" ({usd(r.paid_now)} now, {usd(r.withheld)} withheld)"
        elif r.earned < -0.5:
            what = f"<b>The ACO owes CMS {usd(-r.earned)}</b>"
        else:
            what = "<b>Nothing is shared</b>"
        saving = "saves" if s.savings_pct >= 0 else "overspends"
        return (f"{describe(self.session.rules, s)}: an ACO of {s.beneficiaries:,} beneficiaries that {saving} {abs(s.savings_pct):g}% "
                f"of its {usd(r.benchmark)} benchmark ({usd(abs(r.gross_savings))}), MSR {pct(r.msr)}: {what}.")

    # ---- what tests and the smoke test read --------------------------------------------------------
    def statement_rows(self) -> list[tuple[str, ...]]:
        return self.statement.statement_model.rows()

    # ---- desktop basics ----------------------------------------------------------------------------
    def step_font(self, direction: int) -> None:
        app = QApplication.instance()
        size = app.font().pointSize()
        bigger = [s for s in FONT_STEPS if s > size]
        smaller = [s for s in FONT_STEPS if s < size]
        new = (bigger[0] if bigger else size) if direction > 0 else (smaller[-1] if smaller else size)
        self.set_font_size(new)

    def set_font_size(self, points: int) -> None:
        font = QFont(QApplication.instance().font())
        font.setPointSize(points)
        QApplication.instance().setFont(font)
        self.tell(f"Text size {points} pt.")
        if self.settings is not None:
            self.settings.setValue("font_points", points)

    def show_about(self) -> None:
        lines = [f"<h3>{APP_NAME} {__version__}</h3>",
                 "<p>What-if settlements for the Medicare Shared Savings Program. Every number comes from the "
                 "engine, and the engine from the rule files; reconstructed values are marked.</p>"]
        for book in self.session.rules.books():
            lines.append(f"<p><b>{book.title}</b><br>")
            lines += [f"{label}: {text}<br>" for label, text in book.sources.items()]
            lines.append("</p>")
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText("".join(lines))
        box.open()

    def _restore_settings(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        points = self.settings.value("font_points")
        if points:
            self.set_font_size(int(points))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self.may_discard_changes():
            event.ignore()
            return
        self._close_warning()
        self.document.close()
        if self.settings is not None:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("last_scenario", json.dumps(self.session.scenario.model_dump()))
            self.settings.sync()
        super().closeEvent(event)


def last_scenario(settings: QSettings, rules: RuleRegistry) -> tuple[Scenario | None, str]:
    """The scenario on screen at the last clean exit, or None with the reason it cannot be used."""
    text = settings.value("last_scenario")
    if not text:
        return None, ""
    try:
        scenario = Scenario.model_validate_json(str(text))
        settle(rules, scenario)  # the rules must still accept it (a rule file may have changed)
        return scenario, ""
    except (ValidationError, ScenarioError, ValueError) as exc:
        return None, f"The last scenario could not be restored ({explain_rejection(exc)}); defaults shown."


def _blank_file() -> ScenarioFile:
    return ScenarioFile.of(Scenario())
