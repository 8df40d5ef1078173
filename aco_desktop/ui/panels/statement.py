"""The settlement statement as a table: step, amount, how it was found, source."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from aco_desktop.ui.colors import qcolor
from aco_desktop.view import palette
from aco_desktop.view.statement import HEADERS, StatementRow


class StatementModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[StatementRow, ...] = ()
        self._reconstructed = QBrush(qcolor(palette.RECONSTRUCTED_ROW))

    def show(self, rows: tuple[StatementRow, ...]) -> None:  # noqa: A003
        same_rows = [r.key for r in rows] == [r.key for r in self._rows]
        if same_rows:  # a slider drag: the same steps with new amounts, so no relayout of the table
            self._rows = rows
            self.dataChanged.emit(self.index(0, 1), self.index(len(rows) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.reconstructed:
            return self._reconstructed
        if role == Qt.ItemDataRole.FontRole and row.bold:
            font = self.parent().font() if self.parent() else None
            if font is not None:
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        return None

    def rows(self) -> list[tuple[str, ...]]:
        return [row.cells for row in self._rows]


class StatementView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statement_model = StatementModel()
        self.statement_model.setParent(self)
        self.setModel(self.statement_model)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # Sized to contents when the rows change, not on every new amount (that re-measures every cell).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.statement_model.modelReset.connect(self._fit_columns)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(3, 220)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setAccessibleName("Settlement statement")

    def show_rows(self, rows: tuple[StatementRow, ...]) -> None:
        self.statement_model.show(rows)

    def _fit_columns(self) -> None:
        self.resizeColumnToContents(0)
        self.setColumnWidth(1, max(self.sizeHintForColumn(1), self.fontMetrics().horizontalAdvance("-$000,000,000")) + 16)
