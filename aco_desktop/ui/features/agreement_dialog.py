"""The agreement view (View > Agreement, Ctrl+G; ``agreement.py`` adds the menu item and builds this
window on first use): the years of the agreement side by side, costs and return, repayment.

A non-modal window beside the main one. It follows the scenario on screen (``window.on_refresh``): the ACO,
the rules and the first performance year come from there; the plan (a level per year, from the rule file's
glide path) and each year's expected savings are set here. Edits are strict: a value that is not a number
in range is refused with the reason, and the table keeps what it had. Numbers and words come from
``view.agreement`` and ``view.agreement_money``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from aco_desktop.engine import ScenarioError, book_for
from aco_desktop.ui.features.agreement_panels import REFUSED_STYLE, CostsPanel, RepaymentPanel, wrapped
from aco_desktop.view.agreement import (MODEL_SENTENCE, AgreementInputs, AgreementPicture, check_level, glide_paths,
                                        parse_savings, plan_from_path, present_agreement, starting_inputs,
                                        trend_savings)
from aco_desktop.view.agreement_money import present_costs, present_repayment, starting_costs
from aco_desktop.view.agreement_report import agreement_page

EDITABLE_COLOR = "#fff8dc"


class AgreementDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Agreement: the years side by side")
        self.inputs: AgreementInputs | None = None
        self.key: tuple | None = None
        self.costs_value = None
        self.picture: AgreementPicture | None = None
        self._build()
        self.resize(1300, 740)

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.path_combo = QComboBox()
        self.path_combo.activated.connect(self._path_chosen)
        self.path_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.first_edit, self.step_edit = QLineEdit("3"), QLineEdit("0")
        for edit, tip in ((self.first_edit, "Savings percent in year 1"), (self.step_edit, "Change a year, points")):
            edit.setMaximumWidth(60)
            edit.setToolTip(tip)
        self.trend_button = trend = QPushButton("Apply trend")
        trend.clicked.connect(self._apply_trend)
        bar = QHBoxLayout()
        for widget in (QLabel("Glide path:"), self.path_combo, QLabel("  Trend: year 1"), self.first_edit,
                       QLabel("% and per year"), self.step_edit, QLabel("points"), trend):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.table = QTableWidget()
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # six years and a total fit
        self.table.itemChanged.connect(self._cell_edited)
        self.error = wrapped()
        self.error.setStyleSheet(REFUSED_STYLE)
        self.range_label, self.model_label = wrapped(), wrapped(MODEL_SENTENCE, muted=True)
        self.summary = wrapped()
        self.range_label.setStyleSheet("font-weight: bold;")
        self.warnings = wrapped()
        self.warnings.setStyleSheet("color: #9a5b00;")
        self.rules_text, self.costs, self.repayment = wrapped(), CostsPanel(), RepaymentPanel()
        self.costs.costs_changed.connect(self._costs_changed)
        self.costs.refused.connect(self.window_.tell)  # the panel shows it beside the fields
        self.tabs = QTabWidget()
        self.tabs.addTab(self.costs, "Costs and return")
        self.tabs.addTab(self.repayment, "Repayment mechanism")
        self.tabs.addTab(self.rules_text, "Schedule and rules")
        self._lay_out(bar)

    def _lay_out(self, bar: QHBoxLayout) -> None:
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        for label in (self.error, self.range_label, self.model_label, self.summary, self.warnings):
            column.addWidget(label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.tabs)
        split.setSizes([340, 380])
        QVBoxLayout(self).addWidget(split)

    # ---- following the window ----------------------------------------------------------------------
    def follow(self, screen=None) -> None:
        """Recompute for the scenario on screen; a new rule file or track starts the plan afresh."""
        if not self.isVisible():
            return
        base = self.window_.session.scenario
        book = book_for(self.window_.session.rules, base)
        key = (book.id, base.track)
        if key != self.key or self.inputs is None:
            self.key, self.inputs, self.costs_value = key, starting_inputs(book, base), starting_costs(book)
            self.costs.set_costs(self.costs_value)
            self._fill_paths(book)
        self.redraw()

    def _fill_paths(self, book) -> None:
        self.path_combo.clear()
        self.path_combo.addItem("(none)", None)
        for name in glide_paths(book):
            self.path_combo.addItem(name, name)
        self.path_combo.setCurrentIndex(max(0, self.path_combo.findData(self.inputs.glide_path)))

    def redraw(self, inputs: AgreementInputs | None = None) -> bool:
        """Show ``inputs`` (default the current ones); on a rule's refusal keep the old ones, say why."""
        inputs = inputs or self.inputs
        try:
            picture = present_agreement(self.window_.session.rules, self.window_.session.scenario, inputs)
        except (ScenarioError, ValueError) as exc:
            self._refuse(f"Refused: {exc}")
            self._show(self.picture)
            return False
        if inputs is not self.inputs:  # the user's change went through: an earlier refusal is history
            self.error.setText("")
        self.inputs, self.picture = inputs, picture
        self._show(picture)
        return True

    # ---- drawing -----------------------------------------------------------------------------------
    def _show(self, p: AgreementPicture | None) -> None:
        if p is None:
            return
        self.title.setText(p.title)
        self._fill_table(p)
        self.range_label.setText(p.range_line)
        self.summary.setText(p.rules_summary)
        self.summary.setVisible(bool(p.rules_summary))
        self.warnings.setText("\n".join(f"Does not fit the glide path: {w}" for w in p.warnings))
        self.warnings.setVisible(bool(p.warnings))
        self.rules_text.setText("\n\n".join((*p.schedule, *p.rule_lines, *(f"Note: {n}" for n in p.notes))))
        self.costs.show_picture(present_costs(p, self.costs_value), self.costs_value)
        self.repayment.show_picture(present_repayment(p))

    def _fill_table(self, p: AgreementPicture) -> None:
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(p.columns))
        self.table.setRowCount(len(p.cells) + 1)
        self.table.setHorizontalHeaderLabels(list(p.columns))
        editable = (p.savings_column, p.level_column)
        for r, cells in enumerate((*p.cells, p.totals)):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in editable and r < len(p.cells):
                    item.setBackground(QColor(EDITABLE_COLOR))
                    item.setToolTip("Double-click to change" + (" (percent, -100 to 100)" if c == p.savings_column
                                                                 else " (a level or track of the rule file)"))
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    # ---- the user's edits --------------------------------------------------------------------------
    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.window_.tell(message)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        p, year = self.picture, item.row()
        if p is None or year >= len(p.cells):
            return
        try:
            if item.column() == p.savings_column:
                savings = list(self.inputs.savings)
                savings[year] = parse_savings(item.text())
                new = AgreementInputs(self.inputs.levels, tuple(savings), self.inputs.glide_path)
            else:
                levels = list(self.inputs.levels)
                levels[year] = check_level(p.book, item.text())
                new = AgreementInputs(tuple(levels), self.inputs.savings, self.inputs.glide_path)
        except ValueError as exc:
            self._refuse(f"Refused (year {year + 1}): {exc}")
            self._show(p)
            return
        self.redraw(new)

    def _apply_trend(self) -> None:
        try:
            savings = trend_savings(self.first_edit.text(), self.step_edit.text(), len(self.inputs.levels))
        except ValueError as exc:
            self._refuse(f"Refused: {exc}")
            return
        self.redraw(AgreementInputs(self.inputs.levels, savings, self.inputs.glide_path))

    def _path_chosen(self, index: int) -> None:
        path = self.path_combo.itemData(index)
        book = self.picture.book
        levels = plan_from_path(book, path, self.inputs.levels[0]) if path else self.inputs.levels
        savings = (tuple(self.inputs.savings) + (self.inputs.savings[-1],) * len(levels))[:len(levels)]
        self.redraw(AgreementInputs(levels, savings, path))

    def report_page(self, rules, file):
        """The report's agreement page for ``file`` once this view has been used and the file is the
        scenario on this window's screen (the plan, savings and costs set here); else None."""
        window = self.window_
        if self.picture is None or not window.isVisible() or file.scenario != window.session.scenario:
            return None  # not used, or a report of another window's (or the command line's) scenario
        if self.key != (book_for(rules, file.scenario).id, file.scenario.track):
            return None  # the plan was made for another rule file or track
        try:
            return agreement_page(present_agreement(rules, file.scenario, self.inputs), self.costs_value)
        except (ScenarioError, ValueError):
            return None

    def _costs_changed(self, costs) -> None:
        self.costs_value = costs
        if self.picture is not None:
            self.costs.show_picture(present_costs(self.picture, costs), costs)
