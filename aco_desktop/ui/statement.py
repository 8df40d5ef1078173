"""The settlement statement as a table: step, amount, how it was found, source."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from aco_desktop.engine import Settlement, Step
from aco_desktop.view.format import amount

RECONSTRUCTED = "RECONSTRUCTED"
HEADERS = ("Step", "Amount", "How", "Source")


def step_cells(step: Step) -> tuple[str, str, str, str]:
    source = step.source + (f"  [{RECONSTRUCTED}: not in any source we hold]" if step.reconstructed else "")
    return step.label, amount(step.amount, step.unit), step.formula, source


class StatementModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._steps: tuple[Step, ...] = ()
        self._cells: list[tuple[str, str, str, str]] = []
        self._names: dict[str, str] = {}

    def show(self, result: Settlement) -> None:  # noqa: A003
        self._cells = [step_cells(step) for step in result.steps]
        same_rows = [s.key for s in result.steps] == [s.key for s in self._steps]
        if same_rows:  # a slider drag: the same steps with new amounts, so no relayout of the table
            self._steps = result.steps
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._steps) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._steps = result.steps
        self._names = result.terms.book.sources
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        step = self._steps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and step.reconstructed:
            return QBrush(QColor(255, 240, 200))
        if role == Qt.ItemDataRole.FontRole and step.key in ("earned", "paid_now"):
            font = self.parent().font() if self.parent() else None
            if font is not None:
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            labels = [part.strip().split()[0] for part in step.source.split(";") if part.strip()]
            names = "\n".join(f"{label}: {self._names.get(label, '')}" for label in dict.fromkeys(labels))
            flag = "\nReconstructed: no source we hold gives this value; it is a documented assumption." \
                if step.reconstructed else ""
            return f"{step.formula}\n\n{names}{flag}"
        return None

    def rows(self) -> list[tuple[str, ...]]:
        return list(self._cells)


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

    def _fit_columns(self) -> None:
        self.resizeColumnToContents(0)
        self.setColumnWidth(1, max(self.sizeHintForColumn(1), self.fontMetrics().horizontalAdvance("-$000,000,000")) + 16)
