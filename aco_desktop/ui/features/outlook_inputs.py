""""How sure are you?": the outlook's spread, a bad-year switch and the chance of missing quality.

View settings of the outlook (``view.outlook.OutlookSettings``), not scenario fields: they are not saved
or undone. Typed values are strict: a non-number or an out-of-range value is refused with the reason (said
in the status bar and under the boxes) and the box shows the last good value again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QWidget)

from aco_desktop.view import palette
from aco_desktop.view.outlook import (MODEL_TIP, OutlookSettings, default_sigma_pp, parse_miss, parse_sigma,
                                      sigma_hint, sigma_text)


class OutlookInputs(QGroupBox):
    """Emits ``changed(settings)`` for every accepted edit and ``rejected(reason)`` for a refused one."""

    changed = Signal(object)
    rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How sure are you? (outlook)", parent)
        self.setToolTip(MODEL_TIP)
        self.settings = OutlookSettings()
        self._beneficiaries = 0
        form = QFormLayout(self)
        self.sigma_box = QLineEdit()
        self.sigma_box.setToolTip("Standard deviation of the year's savings rate, in percentage points (0 to 100).\n"
                                  "Empty or 'from size': the default for the ACO's size.")
        self.from_size = QPushButton("From size")
        self.from_size.setToolTip("Use the default spread for the ACO's size again")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sigma_box, 1)
        row.addWidget(self.from_size)
        form.addRow("Spread (\u00b1 pp)", row)
        self.hint = QLabel("")
        self.hint.setStyleSheet(f"color: {palette.MUTED_TEXT};")
        form.addRow("", self.hint)
        self.bad_year = QCheckBox("Bad year (doubles the spread)")
        self.bad_year.setToolTip("CMS expected COVID-19 to roughly double the spread of measured savings")
        form.addRow("", self.bad_year)
        self.miss_box = QLineEdit("0")
        self.miss_box.setToolTip("Chance of missing the quality standard, percent (0 to 100)")
        form.addRow("Quality missed (%)", self.miss_box)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {palette.LOSS};")
        self.problem.setVisible(False)
        form.addRow(self.problem)
        self.sigma_box.editingFinished.connect(self._sigma_typed)
        self.from_size.clicked.connect(lambda: self._accept(self.settings.with_changes(sigma_pp=None)))
        self.bad_year.toggled.connect(lambda on: self._accept(self.settings.with_changes(bad_year=on)))
        self.miss_box.editingFinished.connect(self._miss_typed)

    # ---- following the scenario ---------------------------------------------------------------------
    def show_size(self, beneficiaries: int) -> None:
        if beneficiaries != self._beneficiaries:
            self._beneficiaries = beneficiaries
            self._show()

    def _show(self) -> None:
        s = self.settings
        default = sigma_text(default_sigma_pp(self._beneficiaries))
        self.sigma_box.setPlaceholderText(f"from size ({default})")
        text = "" if s.sigma_pp is None else sigma_text(s.sigma_pp)
        if self.sigma_box.text() != text:
            self.sigma_box.setText(text)
        self.from_size.setEnabled(s.sigma_pp is not None)
        self.miss_box.setText(f"{s.miss_pct:g}")
        self.hint.setText(sigma_hint(s, self._beneficiaries))

    # ---- edits --------------------------------------------------------------------------------------
    def _sigma_typed(self) -> None:
        value, ok, reason = parse_sigma(self.sigma_box.text())
        if not ok:
            self._refuse(reason)
        elif value != self.settings.sigma_pp:
            self._accept(self.settings.with_changes(sigma_pp=value))
        else:
            self._show()

    def _miss_typed(self) -> None:
        value, reason = parse_miss(self.miss_box.text())
        if value is None:
            self._refuse(reason)
        elif value != self.settings.miss_pct:
            self._accept(self.settings.with_changes(miss_pct=value))
        else:
            self._show()

    def set_settings(self, settings: OutlookSettings) -> None:
        """Show and use ``settings`` (as if typed)."""
        self.bad_year.blockSignals(True)
        self.bad_year.setChecked(settings.bad_year)
        self.bad_year.blockSignals(False)
        self._accept(settings)

    def _accept(self, settings: OutlookSettings) -> None:
        self.problem.setVisible(False)
        self.settings = settings
        self._show()
        self.changed.emit(settings)

    def _refuse(self, reason: str) -> None:
        self.problem.setText(reason + " The last good value is kept.")
        self.problem.setVisible(True)
        self._show()  # the last good value again
        self.rejected.emit(reason)
