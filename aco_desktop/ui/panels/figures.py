"""The key-figures strip above the chart: two rows of four (three, two or one across when the
column is narrow: a 200% screen, the largest text), each a title, a value and a delta.

The values and deltas change on every slider move. Each has a fixed size, measured from the widest text
it can show at its font (and measured again when its font changes), so a new text never re-lays-out the
window: Qt does not pass a fixed-size widget's geometry change on to its parent's layout.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QWidget

from aco_desktop.ui.colors import qcolor
from aco_desktop.view import palette
from aco_desktop.view.figures import BIG, COLUMNS, DELTA_TIP, FIGURES, FigureCell

VALUE_TEMPLATE = "-$000,000,000"  # the widest value a figure shows
DELTA_TEMPLATE = "\N{GREEK CAPITAL LETTER DELTA} -$000,000,000"
# Points above the app's text size (4.5 and 1.8 make 13.5 and 10.8 pt at the default 9 pt). Added, not
# multiplied: at the largest text the figures still fit two across beside the controls on a laptop.
BIG_EXTRA_POINTS, VALUE_EXTRA_POINTS = 4.5, 1.8
NARROW_COLUMNS = (COLUMNS, 3, 2, 1)  # how the strip folds when the column is too narrow for four across


class FixedLabel(QLabel):
    """A label sized by a template text at its current font, not by its text."""

    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._template = template
        # Opaque: a new text repaints this label alone, not the strip and the column behind it.
        self.setAutoFillBackground(True)
        self.fit_size()

    def fit_size(self) -> None:
        metrics = self.fontMetrics()
        self.setFixedSize(metrics.horizontalAdvance(self._template) + 4, metrics.height())

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:
            self.fit_size()
        super().changeEvent(event)


def _ink(label: QLabel, color: str) -> None:
    """Text colour by palette, not style sheet: a style sheet pins the font the label had when it was
    set, so the label would no longer follow the app's text size."""
    colors = label.palette()
    colors.setColor(QPalette.ColorRole.WindowText, qcolor(color))
    label.setPalette(colors)


def _copyable(label: QLabel) -> None:
    """Right-click > Copy puts the figure on the clipboard. (Not a selectable label: that keeps a text
    document it lays out again on every new text, a tenth of a slider move.)"""
    copy = QAction("&Copy", label)
    copy.setStatusTip("Copy this figure to the clipboard")
    copy.triggered.connect(lambda: QApplication.clipboard().setText(label.text()))
    label.addAction(copy)
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


class KeyFigures(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 4, 8, 4)
        self._grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        self.deltas: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        self._tones: dict[str, str] = {}
        for fig in FIGURES:
            title = QLabel(fig.title)
            title.setToolTip(fig.tip)
            _ink(title, palette.MUTED_TEXT)
            value = FixedLabel(VALUE_TEMPLATE)
            value.setToolTip(fig.tip)
            _copyable(value)
            value.setProperty("extra", BIG_EXTRA_POINTS if fig.key in BIG else VALUE_EXTRA_POINTS)
            delta = FixedLabel(DELTA_TEMPLATE)
            _ink(delta, palette.MUTED_TEXT)
            delta.setToolTip(DELTA_TIP)
            self.titles[fig.key], self.values[fig.key], self.deltas[fig.key] = title, value, delta
        self.columns = 0
        self._place(COLUMNS)
        self.fit_text_size()

    def _place(self, columns: int) -> None:
        """Lay the figures out ``columns`` across (only when the count changes: never on a drag)."""
        if columns == self.columns:
            return
        self.columns = columns
        for i, fig in enumerate(FIGURES):
            row, col = 3 * (i // columns), i % columns
            for offset, label in enumerate((self.titles[fig.key], self.values[fig.key], self.deltas[fig.key])):
                self._grid.removeWidget(label)
                self._grid.addWidget(label, row + offset, col, Qt.AlignmentFlag.AlignLeft)

    def width_for(self, columns: int) -> int:
        """The width the strip needs to show the figures ``columns`` across."""
        widths = [0] * columns
        for i, fig in enumerate(FIGURES):
            cells = (self.titles[fig.key], self.values[fig.key], self.deltas[fig.key])
            widths[i % columns] = max(widths[i % columns], *(c.minimumSizeHint().width() for c in cells))
        margins = self._grid.contentsMargins()
        frame = 2 * self.frameWidth()
        return sum(widths) + (columns - 1) * self._grid.horizontalSpacing() + margins.left() + margins.right() + frame

    def fit_text_size(self) -> None:
        """The figures' type follows the app's text size (larger text for a projector)."""
        base = QApplication.font()
        for key, value in self.values.items():
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() + float(value.property("extra")))
            font.setBold(True)
            value.setFont(font)  # its fixed size follows (FixedLabel)
            for label in (self.titles[key], self.deltas[key]):
                label.setFont(base)
        self.fit_columns()

    def fit_columns(self) -> None:
        """As many figures across as the width holds (the narrowest layout is the strip's minimum)."""
        self.setMinimumWidth(self.width_for(NARROW_COLUMNS[-1]))
        fits = [n for n in NARROW_COLUMNS if self.width_for(n) <= self.width()]
        self._place(fits[0] if fits else NARROW_COLUMNS[-1])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.fit_columns()

    def event(self, event) -> bool:  # noqa: D102 (Qt API)
        if event.type() == QEvent.Type.LayoutRequest:  # a label's size changed (its font): fold again
            self.fit_columns()
        return super().event(event)

    def show_figures(self, cells: tuple[FigureCell, ...]) -> None:
        for cell in cells:
            label = self.values[cell.key]
            label.setText(cell.text)
            if cell.big and self._tones.get(cell.key) != cell.tone:  # recolour only on a new sign
                self._tones[cell.key] = cell.tone
                _ink(label, palette.TONES[cell.tone])
            self.deltas[cell.key].setText(cell.delta)
