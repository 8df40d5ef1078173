"""View > Sensitivity tables: the chosen track's payment over savings rate x quality score and savings rate x
assigned beneficiaries, everything else as the scenario says. Cells are tinted like the curve (green: the ACO
earns, red: it owes) and say so in words ("+$1.2M earned", "-$350K owed"), so colour is not the only cue;
the scenario's own cell is marked. Both tables export to one CSV (the CLI's ``sensitivity --csv`` columns).

The dialog follows the window while it is open, with the window's detail (a few times a second during a
drag, exactly at its end).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from aco_desktop.engine import book_for
from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.features.table_csv import save_rows_as_csv
from aco_desktop.view import palette
from aco_desktop.view.outlook_tables import (SensitivityTable, cell_text, column_label, sensitivity_csv,
                                             sensitivity_tables)

TINTS = {"gain": palette.GAIN + "2e", "loss": palette.LOSS + "2e", "neutral": palette.CORRIDOR}
CURRENT_MARK = "\u25cf "


class SensitivityDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Sensitivity: payment by savings rate")
        self.tables: tuple[SensitivityTable, ...] = ()
        self._scenario = None
        self._shown = None
        column = QVBoxLayout(self)
        self.head = QLabel("")
        self.head.setWordWrap(True)
        column.addWidget(self.head)
        self.views: list[tuple[QLabel, QTableWidget]] = []
        for _ in range(2):
            title, table = QLabel(""), QTableWidget()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setWordWrap(False)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            column.addWidget(title)
            column.addWidget(table, 1)
            self.views.append((title, table))
        buttons = QHBoxLayout()
        key = QLabel(f"Green: the ACO earns; red: it owes. {CURRENT_MARK.strip()} marks the scenario's own values.")
        key.setStyleSheet(f"color: {palette.MUTED_TEXT};")
        export = QPushButton("Export CSV...")
        export.clicked.connect(self.export_csv)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons.addWidget(key, 1)
        buttons.addWidget(export)
        buttons.addWidget(close)
        column.addLayout(buttons)
        self.resize(820, 640)

    def open_for(self) -> None:
        self.show()
        self.raise_()
        self._compute()

    def follow(self, scenario) -> None:
        self._scenario = scenario
        if self.isVisible():
            self._compute()

    def _compute(self) -> None:
        s = self._scenario if self._scenario is not None else self.window.session.scenario
        if s == self._shown:
            return
        self._shown = s
        self.tables = sensitivity_tables(self.window.session.rules, s)
        label = book_for(self.window.session.rules, s).tracks[s.track].label
        self.head.setText(f"{label}: the year's payment (shared savings; negative: losses owed) by savings rate "
                          f"down, everything else as the scenario says. Benchmark ${s.benchmark_per_capita:,.0f} "
                          "per person.")
        for (title, view), table in zip(self.views, self.tables):
            title.setText(f"<b>{table.title}</b>" + (f" \u2014 n/a: {table.reason}" if table.reason else ""))
            _fill(view, table)

    def export_csv(self) -> None:
        if self.tables:
            save_rows_as_csv(self.window, "Export the sensitivity tables as CSV", "sensitivity.csv",
                             sensitivity_csv(self.tables, self._shown))


def _fill(view: QTableWidget, table: SensitivityTable) -> None:
    view.setUpdatesEnabled(False)
    view.setRowCount(len(table.savings))
    view.setColumnCount(len(table.columns))
    view.setHorizontalHeaderLabels([column_label(table, c) for c in table.columns])
    view.setVerticalHeaderLabels([f"savings {s:g}%" for s in table.savings])
    bold = QFont(view.font())
    bold.setBold(True)
    for i, line in enumerate(table.cells):
        for j, value in enumerate(line):
            current = (i, j) == table.current
            item = QTableWidgetItem((CURRENT_MARK if current else "") + cell_text(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            kind = palette.tone(value) if value == value else "neutral"
            item.setBackground(QBrush(qcolor(TINTS[kind])))
            item.setForeground(QBrush(qcolor(palette.TONES[kind])))
            if current:
                item.setFont(bold)
                item.setToolTip("The scenario's own savings rate and value")
            view.setItem(i, j, item)
    view.setUpdatesEnabled(True)
