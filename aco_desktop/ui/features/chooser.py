"""The track chooser (View > Track chooser, Ctrl+T): a dock listing every level and MSR/MLR election for the
performance year, best expected payment first, with the chances of earning and owing, a bad year (the 5th
percentile) and the most the ACO can owe. A click, or Enter, switches the window to that row in one undo
step. Rows this ACO cannot take are greyed, with the reason.

The table follows the window live, but a full chooser (every level, every election) costs ~25 ms, so while
a slider is dragged it is recomputed at most every 100 ms (a timer catches the last move) and fully at the
drag's end; while the dock is hidden nothing is computed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from aco_desktop.commands.options import choose
from aco_desktop.engine import ScenarioError, book_for
from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.features.table_csv import save_rows_as_csv
from aco_desktop.view import palette
from aco_desktop.view.outlook_tables import CHOOSER_HEAD, chooser_csv, chooser_rows, chooser_title

THROTTLE_S = 0.100
NO_GLIDE = "(not checked)"


class TrackChooser:
    def __init__(self, window) -> None:
        self.window = window
        self.choice = None
        self.rows = ()
        self.computed = 0  # how many times the table was worked out (tests and the bench read it)
        self._pending = None
        self._key = None
        self._last = 0.0
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._compute)
        self.dock = QDockWidget("Track chooser", window)
        self.dock.setObjectName("track-chooser")
        self.dock.setWidget(self._build())
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(lambda shown: shown and self._compute())

    def _build(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.glide = QComboBox()
        self.glide.setToolTip("The glide path of this ACO's agreement: BASIC levels it does not allow in the "
                              "agreement year are greyed")
        self.glide.activated.connect(lambda _: self._compute())
        export = QPushButton("Export CSV...")
        export.clicked.connect(self.export_csv)
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Glide path:"))
        top.addWidget(self.glide)
        top.addWidget(export)
        column.addLayout(top)
        self.table = QTableWidget(0, len(CHOOSER_HEAD) + 1)
        self.table.setHorizontalHeaderLabels([*CHOOSER_HEAD, "Note"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _: self.switch_to(row))
        self.table.itemActivated.connect(lambda item: self.switch_to(item.row()))  # Enter (and double-click)
        column.addWidget(self.table)
        return body

    # ---- following the window -------------------------------------------------------------------------
    def follow(self, scenario, spread, settings, dragging: bool) -> None:
        self._pending = (scenario, spread, "yours" if settings.sigma_pp is not None else "from size")
        if not self.dock.isVisible():
            return
        wait = THROTTLE_S - (time.perf_counter() - self._last)
        if dragging and wait > 0:
            if not self._timer.isActive():
                self._timer.start(int(wait * 1000) + 1)
            return
        self._compute()

    def _glide_paths(self, scenario) -> None:
        book = book_for(self.window.session.rules, scenario)
        names = [NO_GLIDE] + [k for k, path in book.agreement.items() if path.levels]
        if [self.glide.itemText(i) for i in range(self.glide.count())] != names:
            self.glide.clear()
            self.glide.addItems(names)
            if "glide-standard" in names:
                self.glide.setCurrentText("glide-standard")

    def _compute(self) -> None:
        self._timer.stop()
        if self._pending is None:
            return
        scenario, spread, source = self._pending
        self._glide_paths(scenario)
        glide = self.glide.currentText()
        glide = None if glide in ("", NO_GLIDE) else glide
        key = (scenario, spread, glide)
        if key == self._key:
            return
        self._last = time.perf_counter()
        try:
            choice = choose(self.window.session.rules, scenario, spread, glide)
        except ScenarioError as exc:
            self.title.setText(exc.message)
            return
        self._key, self.choice = key, choice
        self.rows = chooser_rows(choice, scenario)
        self.computed += 1
        self.title.setText(chooser_title(choice, scenario, source))
        self._fill()

    def _fill(self) -> None:
        table = self.table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(self.rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for i, row in enumerate(self.rows):
            for j, text in enumerate((*row.cells, row.note)):
                item = table.item(i, j) or QTableWidgetItem()
                item.setText(("\u25b6 " if row.current and j == 0 else "") + text)
                item.setToolTip(row.note or "Click or press Enter to switch to this choice")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                                      if 2 <= j < len(row.cells) else Qt.AlignmentFlag.AlignLeft
                                      | Qt.AlignmentFlag.AlignVCenter)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags if row.allowed else Qt.ItemFlag.NoItemFlags)
                ink = palette.TONES[row.tone] if j == 2 and row.allowed else \
                    (palette.NEUTRAL if row.allowed else palette.GREY)
                item.setForeground(QBrush(qcolor(ink)))
                item.setFont(bold if row.current else table.font())
                if table.item(i, j) is None:
                    table.setItem(i, j, item)
        table.setUpdatesEnabled(True)

    # ---- acting -------------------------------------------------------------------------------------
    def switch_to(self, index: int) -> bool:
        """Switch the window to row ``index`` (one undo step); refused rows say why."""
        if not 0 <= index < len(self.rows):
            return False
        row = self.rows[index]
        if not row.allowed:
            self.window.tell(row.note)
            return False
        accepted = self.window.apply_changes({"track": row.track, "msr_election": row.election})
        if accepted:
            self.window.tell(f"Switched to {row.cells[0]}, election {row.cells[1]}. Undo switches back.")
        return accepted

    def export_csv(self) -> None:
        if self.choice is not None:
            save_rows_as_csv(self.window, "Export the track chooser as CSV", "track-chooser.csv",
                             chooser_csv(self.choice))
