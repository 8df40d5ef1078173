"""The key figures: what a meeting asks first, worded, with the change against a pinned baseline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from aco_desktop.engine import Settlement, savings_needed_rate
from aco_desktop.format import usd
from aco_desktop.view.palette import tone


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
BIG = ("earned", "paid_now")  # shown larger, coloured by sign
COLUMNS = 4  # two rows of four: fits a 1,280-pixel laptop screen beside the controls
DELTA_TIP = "What the change did: the current scenario minus the pinned one"


@dataclass(frozen=True)
class FigureCell:
    key: str
    title: str
    tip: str
    text: str
    delta: str  # "" without a baseline
    tone: str  # "gain", "loss" or "neutral" (palette.TONES)
    big: bool


def figure_text(value: float | None, kind: str) -> str:
    if value is None:
        return "none"
    return usd(value) if kind == "usd" else rate_text(value)


def rate_text(rate: float) -> str:
    """Every rate the window shows, one format: two fixed decimals (7.14%, 50.00%), never -0.00%."""
    text = f"{rate * 100:.2f}"
    return f"{'0.00' if text == '-0.00' else text}%"


def delta_text(value: float | None, base: float | None, kind: str) -> str:
    if value is None or base is None:
        return ""
    diff = value - base
    if abs(diff) < (0.5 if kind == "usd" else 5e-6):
        return "= baseline"
    sign = "+" if diff > 0 else "-"
    amount = usd(abs(diff)) if kind == "usd" else f"{abs(diff) * 100:.2f} pts"
    return f"\N{GREEK CAPITAL LETTER DELTA} {sign}{amount}"


def figure_cells(result: Settlement, baseline: Settlement | None = None) -> tuple[FigureCell, ...]:
    cells = []
    for fig in FIGURES:
        value = fig.value(result)
        big = fig.key in BIG
        cells.append(FigureCell(
            fig.key, fig.title, fig.tip, figure_text(value, fig.kind),
            delta_text(value, fig.value(baseline), fig.kind) if baseline is not None else "",
            tone(value) if big and value is not None else "neutral", big))
    return tuple(cells)
