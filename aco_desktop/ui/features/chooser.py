"""The track chooser (View > Track chooser, Ctrl+T): a dock listing every level and MSR/MLR election for the
performance year, best expected payment first, with the chances of earning and owing, a bad year (the 5th
percentile) and the most the ACO can owe. A click, or Enter, switches the window to that row in one undo
step. Rows this ACO cannot take are greyed, with the reason.

The table follows the window live, with the window's detail: during a drag a few times a second, worked
out whole (every level, every election: a few milliseconds), and exactly at the drag's end. While the dock
is hidden nothing is computed.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QTableView, QVBoxLayout, QWidget)

from aco_desktop.commands.options import _with_glide, glide_allowed
from aco_desktop.engine import ScenarioError, book_for
from aco_desktop.ui.colors import qcolor
from aco_desktop.ui.features.table_csv import save_rows_as_csv
from aco_desktop.view import palette
from aco_desktop.view.outlook_tables import (CHOOSER_HEAD, chooser_csv, chooser_rows, chooser_title, option_rows,
                                             ranked)

NO_GLIDE = "(not checked)"


class TrackChooser:
    def __init__(self, window) -> None:
        self.window = window
        self.choice = None
        self.rows = ()
        self.computed = 0  # how many times the table was worked out (tests and the bench read it)
        self._pending = None
        self._key = None
        self._sized = False
        self.dock = QDockWidget("Track chooser", window)
        self.dock.setObjectName("track-chooser")
        self.dock.setWidget(self._build())
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._shown)

    def _build(self) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 2, 4, 2)
        top = QHBoxLayout()
        # One line whose text never moves the layout: a wrapped label's new height would resize the charts.
        self.title = QLabel("")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
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
        self.model = ChooserModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 4)  # compact rows
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(lambda index: self.switch_to(index.row()))
        self.table.activated.connect(lambda index: self.switch_to(index.row()))  # Enter (and double-click)
        column.addWidget(self.table)
        return body

    def _shown(self, shown: bool) -> None:
        if shown:
            if not self._sized:  # room for the best few rows, the charts keep the rest
                self._sized = True
                self.window.resizeDocks([self.dock], [210], Qt.Orientation.Vertical)
            self._compute()

    # ---- following the window -------------------------------------------------------------------------
    def follow(self, scenario, spread, settings) -> None:
        self._pending = (scenario, spread, "yours" if settings.sigma_pp is not None else "from size")
        if self.dock.isVisible():
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
        """Work the table out for the latest scenario (nothing when it is shown already)."""
        if self._pending is None:
            return
        scenario, spread, source = self._pending
        self._glide_paths(scenario)
        glide = self.glide.currentText()
        glide = None if glide in ("", NO_GLIDE) else glide
        key = (scenario, spread, glide)
        if key == self._key:
            if not self.window.session.in_gesture:
                self.table.resizeColumnsToContents()  # a drag's last table, now measured
            return
        self._key = key
        try:
            book = book_for(self.window.session.rules, scenario)
            forbidden = glide_allowed(book, glide, scenario.agreement_year)
        except ScenarioError as exc:
            self.title.setText(exc.message)
            return
        done = [_with_glide(row, forbidden, glide) for row in option_rows(self.window.session.rules, scenario, spread)]
        self.choice = ranked(done, scenario, spread)
        self.rows = chooser_rows(self.choice, scenario)
        self.computed += 1
        self.title.setText(chooser_title(self.choice, scenario, source))
        self._fill()

    def _fill(self) -> None:
        self.model.show_rows(self.rows)
        if not self.window.session.in_gesture:
            self.table.resizeColumnsToContents()  # once the drag is over: measuring every cell costs

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


class ChooserModel(QAbstractTableModel):
    """The chooser's rows for a table view: one ``dataChanged`` per update, not one signal per cell."""

    HEAD = (*CHOOSER_HEAD, "Note")
    RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple = ()
        self._bold = QFont()
        self._bold.setBold(True)

    def show_rows(self, rows: tuple) -> None:
        if len(rows) == len(self.rows):
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEAD) - 1))
        else:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEAD)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEAD[section]
        return None

    def flags(self, index):
        row = self.rows[index.row()]
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled if row.allowed else Qt.ItemFlag.NoItemFlags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, j = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = (*row.cells, row.note)[j]
            return ("\u25b6 " + text) if row.current and j == 0 else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.note or "Click or press Enter to switch to this choice"
        if role == Qt.ItemDataRole.ForegroundRole:
            ink = palette.TONES[row.tone] if j == 2 and row.allowed else palette.NEUTRAL if row.allowed else palette.GREY
            return QBrush(qcolor(ink))
        if role == Qt.ItemDataRole.FontRole and row.current:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.RIGHT if 2 <= j < len(row.cells) else self.LEFT
        return None
