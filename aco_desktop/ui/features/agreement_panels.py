"""The agreement view's lower panels: costs and return (editable costs, net, break-even, chance ahead) and
the repayment mechanism. They draw ``view.agreement_money`` pictures; the costs panel parses its fields
strictly and reports a refused value with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from aco_desktop.engine.costs import Costs
from aco_desktop.view.agreement_money import CostsPicture, RepaymentPicture, parse_cost

REFUSED_STYLE = "color: #b00020;"


def wrapped(text: str = "", muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setStyleSheet("color: #555;")
    return label


def fill_table(table: QTableWidget, columns, rows) -> None:
    """Read-only cells, numbers right-aligned."""
    table.clear()
    table.setColumnCount(len(columns))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(columns))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if text[:1] in "$-0123456789<>" and " " not in text:  # a figure, not a sentence
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def read_only_table() -> QTableWidget:
    table = QTableWidget()
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class CostsPanel(QWidget):
    """Start-up and running costs (strict), the net result per year, break-even and the chance ahead."""

    costs_changed = Signal(object)  # Costs
    refused = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.startup_edit, self.running_edit = QLineEdit(), QLineEdit()
        for edit, name in ((self.startup_edit, "Start-up cost (year 1)"), (self.running_edit, "Running cost (each later year)")):
            edit.setObjectName(name)
            edit.setToolTip(f"{name} in dollars, $0 to under $1 trillion; press Enter")
            edit.editingFinished.connect(self._edited)
        self.costs = Costs(0.0, 0.0)
        form = QFormLayout()
        form.addRow("Start-up cost (year 1), $", self.startup_edit)
        form.addRow("Running cost (each later year), $", self.running_edit)
        self.error, self.sources = wrapped(), wrapped(muted=True)
        self.error.setStyleSheet(REFUSED_STYLE)
        self.table = read_only_table()
        self.net_label, self.break_even_label, self.ahead_label = wrapped(), wrapped(), wrapped()
        self.break_even_label.setStyleSheet("font-weight: bold;")
        left = QVBoxLayout()
        for widget in (self.error, self.sources, self.net_label, self.break_even_label, self.ahead_label):
            left.addWidget(widget)
        left.insertLayout(0, form)
        left.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(left, 3)
        row.addWidget(self.table, 2)

    def set_costs(self, costs: Costs) -> None:
        self.costs = costs
        self.startup_edit.setText(f"{costs.startup:,.0f}")
        self.running_edit.setText(f"{costs.operating:,.0f}")

    def _edited(self) -> None:
        try:
            startup = parse_cost(self.startup_edit.text(), "Start-up cost")
            running = parse_cost(self.running_edit.text(), "Running cost")
        except ValueError as exc:
            self.error.setText(f"Refused: {exc}")
            self.refused.emit(f"Refused: {exc}")
            self.set_costs(self.costs)
            return
        self.error.setText("")
        if (startup, running) == (self.costs.startup, self.costs.operating):
            return
        self.costs = Costs(startup, running, "your costs")
        self.set_costs(self.costs)
        self.costs_changed.emit(self.costs)

    def show_picture(self, picture: CostsPicture, costs: Costs) -> None:
        fill_table(self.table, picture.columns, picture.cells)
        source = "Your costs. The rule file's defaults:" if costs.source == "your costs" else \
            "The rule file's defaults, in use:"
        self.sources.setText("\n".join((source, *picture.sources)))
        self.net_label.setText(picture.net_line)
        self.break_even_label.setText(picture.break_even_line)
        self.ahead_label.setText(picture.ahead_line)


class RepaymentPanel(QWidget):
    """The repayment mechanism each year against the loss cap (worst case) and the bad-year loss."""

    def __init__(self) -> None:
        super().__init__()
        self.table = read_only_table()
        self.lines = wrapped(muted=True)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 2)
        column.addWidget(self.lines, 1)

    def show_picture(self, picture: RepaymentPicture) -> None:
        fill_table(self.table, picture.columns, picture.cells)
        self.table.setVisible(bool(picture.cells))
        self.lines.setText("\n".join(picture.lines))

    def amounts(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

