"""The key-figures strip above the chart: what a meeting asks first, with the change against a baseline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from aco_desktop.engine import Settlement, savings_needed_rate
from aco_desktop.view.format import pct, usd


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    tip: str
    value: Callable[[Settlement], float | None]
    kind: str  # "usd" or "rate"


FIGURES = (  # two rows: the outcome and rates, then thresholds and limits
    Figure("earned", "Earned", "The settlement: positive, CMS pays the ACO; negative, the ACO owes CMS.",
           lambda r: r.earned, "usd"),
    Figure("paid_now", "Paid now", "Earned less any amount withheld against future losses.",
           lambda r: r.paid_now, "usd"),
    Figure("sharing", "Sharing rate", "Final sharing rate: the ACO's share of savings.",
           lambda r: r.final_sharing_rate, "rate"),
    Figure("loss_rate", "Loss rate", "Shared loss rate: the ACO's share of losses (two-sided only).",
           lambda r: r.shared_loss_rate, "rate"),
    Figure("msr", "MSR", "Minimum savings rate: savings below it earn nothing.", lambda r: r.msr, "rate"),
    Figure("needed", "Savings needed", "The least gross savings that earns anything: MSR x benchmark "
           "(any saving, for a low-revenue ACO under the half rate).",
           lambda r: savings_needed_rate(r.terms) * r.benchmark, "usd"),
    Figure("max_earned", "Most it can earn", "The savings cap.", lambda r: r.terms.savings_cap.value, "usd"),
    Figure("max_owed", "Most it can owe", "The loss cap (after any relief); one-sided models owe nothing.",
           lambda r: r.terms.max_owed, "usd"),
)


def _text(value: float | None, kind: str) -> str:
    if value is None:
        return "none"
    return usd(value) if kind == "usd" else pct(value, 2)


def _delta(value: float | None, base: float | None, kind: str) -> str:
    if value is None or base is None:
        return ""
    diff = value - base
    if abs(diff) < (0.5 if kind == "usd" else 5e-6):
        return "= baseline"
    sign = "+" if diff > 0 else "-"
    amount = usd(abs(diff)) if kind == "usd" else f"{abs(diff) * 100:.2f} pts"
    return f"\N{GREEK CAPITAL LETTER DELTA} {sign}{amount}"


class KeyFigures(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        self.deltas: dict[str, QLabel] = {}
        columns = 4  # two rows of four: fits a 1,280-pixel laptop screen beside the controls
        for i, fig in enumerate(FIGURES):
            row, col = 3 * (i // columns), i % columns
            title = QLabel(fig.title)
            title.setToolTip(fig.tip)
            title.setStyleSheet("color: #555;")
            value = QLabel("")
            value.setToolTip(fig.tip)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("-$000,000,000") * 3 // 2)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * (1.5 if fig.key in ("earned", "paid_now") else 1.2))
            font.setBold(True)
            value.setFont(font)
            delta = QLabel("")
            delta.setStyleSheet("color: #555;")
            delta.setToolTip("Change against the pinned baseline, at the same savings rate")
            grid.addWidget(title, row, col)
            grid.addWidget(value, row + 1, col)
            grid.addWidget(delta, row + 2, col)
            self.values[fig.key], self.deltas[fig.key] = value, delta

    def show_figures(self, result: Settlement, baseline: Settlement | None) -> None:
        for fig in FIGURES:
            value = fig.value(result)
            label = self.values[fig.key]
            label.setText(_text(value, fig.kind))
            if fig.key in ("earned", "paid_now"):
                color = "#16823c" if value > 0.5 else "#c42828" if value < -0.5 else "#333"
                if label.property("color") != color:  # restyling is costly: only when the sign changes
                    label.setProperty("color", color)
                    label.setStyleSheet(f"color: {color};")
            self.deltas[fig.key].setText(_delta(value, fig.value(baseline), fig.kind) if baseline else "")
