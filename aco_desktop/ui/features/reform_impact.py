"""Tools > Reform impact...: what the reform in the editor would have paid every real ACO of a chosen
year, against current law (cms/impact.py, the same figures as ``aco-desktop reform-impact``), with a
progress bar and a Stop button (a year of ACOs takes a few seconds); totals law vs reform and the ACOs that
gain and lose most."""

from __future__ import annotations

from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QHBoxLayout, QLabel, QPlainTextEdit,
                               QProgressBar, QPushButton, QVBoxLayout)

from aco_desktop.ui.features.common import menu


class ImpactDialog(QDialog):
    def __init__(self, window) -> None:
        from aco_desktop.commands.reform_impact import DEFAULT_YEAR  # the dialog's modules load when it opens

        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Reform impact")
        self.resize(980, 620)
        self.impact = None
        self.year = QComboBox()
        self.items = _directory_items()
        for year in sorted({item.year for item in self.items}, reverse=True):
            self.year.addItem(f"PY{year}", year)
        self.year.setCurrentIndex(max(0, self.year.findData(DEFAULT_YEAR)))
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.run)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the run (nothing is totalled)")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self._stopping = False
        self.progress = QProgressBar()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        row = QHBoxLayout()
        for widget in (QLabel("Performance year:"), self.year, self.run_button, self.stop_button, self.progress):
            row.addWidget(widget)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.report, 1)

    def run(self) -> bool:
        from aco_desktop.commands.reform_impact import DEFAULT_TOP, impact_lines
        from aco_desktop.view.reform import impact_steps

        reforms = self.window_.reforms
        if reforms.book is None:
            self.report.setPlainText("Make a reform first (Tools > Reform editor) or open a reform file.")
            return False
        rules = self.window_.session.rules.with_book(reforms.book)
        steps = impact_steps(self.items, self.year.currentData(), rules, reforms.book.id)
        self._running(True)
        try:
            while True:
                try:
                    done, total = next(steps)
                except StopIteration as finished:
                    self.impact = finished.value
                    break
                self.progress.setRange(0, total)
                self.progress.setValue(done)
                QApplication.processEvents()  # the Stop button, and the window, stay live
                if self._stopping:
                    self.report.setPlainText(f"Stopped after {done:,} of {total:,} ACOs: nothing was totalled. "
                                             "Press Run to start again.")
                    return False
        except LookupError as exc:
            self.report.setPlainText(str(exc))
            return False
        finally:
            self._running(False)
        self.report.setPlainText("\n".join(impact_lines(self.impact, DEFAULT_TOP)))
        return True

    def _running(self, on: bool) -> None:
        self._stopping = False
        self.run_button.setEnabled(not on)
        self.year.setEnabled(not on)
        self.stop_button.setEnabled(on)

    def stop(self) -> None:
        """Stop a run between two ACOs (also when the dialog is closed mid-run)."""
        self._stopping = True

    def reject(self) -> None:  # Escape or the window's close button
        self.stop()
        super().reject()


def _directory_items() -> list:
    from aco_desktop.cms.directory import default_directory  # the table loads on first use, not at start

    return default_directory().items


def install(window) -> None:
    action = QAction("Reform &impact...", window)
    action.setStatusTip("What the reform would have paid every real ACO of a year, against current law")
    holder = {}

    def show() -> ImpactDialog:
        if "dialog" not in holder:
            holder["dialog"] = ImpactDialog(window)
        holder["dialog"].show()
        return holder["dialog"]

    action.triggered.connect(show)
    menu(window, "&Tools").addAction(action)
    window.show_reform_impact = show
