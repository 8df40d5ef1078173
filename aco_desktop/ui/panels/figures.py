"""The key-figures strip above the chart: two rows of four, each a title, a value and a delta."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QWidget

from aco_desktop.view import palette
from aco_desktop.view.figures import COLUMNS, DELTA_TIP, FIGURES, FigureCell


class KeyFigures(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        self.deltas: dict[str, QLabel] = {}
        self._tones: dict[str, str] = {}
        for i, fig in enumerate(FIGURES):
            row, col = 3 * (i // COLUMNS), i % COLUMNS
            title = QLabel(fig.title)
            title.setToolTip(fig.tip)
            title.setStyleSheet(f"color: {palette.MUTED_TEXT};")
            value = QLabel("")
            value.setToolTip(fig.tip)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setProperty("scale", 1.5 if fig.key in ("earned", "paid_now") else 1.2)
            delta = QLabel("")
            delta.setStyleSheet(f"color: {palette.MUTED_TEXT};")
            delta.setToolTip(DELTA_TIP)
            grid.addWidget(title, row, col)
            grid.addWidget(value, row + 1, col)
            grid.addWidget(delta, row + 2, col)
            self.values[fig.key], self.deltas[fig.key] = value, delta
        self.fit_text_size()

    def fit_text_size(self) -> None:
        """The figures' type follows the app's text size (larger text for a projector)."""
        base = QApplication.font()
        for value in self.values.values():
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * float(value.property("scale")))
            font.setBold(True)
            value.setFont(font)
            value.setMinimumWidth(QFontMetrics(QFont(base)).horizontalAdvance("-$000,000,000") * 3 // 2)

    def show_figures(self, cells: tuple[FigureCell, ...]) -> None:
        for cell in cells:
            label = self.values[cell.key]
            label.setText(cell.text)
            if cell.big and self._tones.get(cell.key) != cell.tone:  # restyling is costly: only on a new sign
                self._tones[cell.key] = cell.tone
                label.setStyleSheet(f"color: {palette.TONES[cell.tone]};")
            self.deltas[cell.key].setText(cell.delta)
