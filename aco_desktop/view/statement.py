"""The settlement statement as rows of text: step, amount, how it was found, source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from aco_desktop.engine import Settlement, Step
from aco_desktop.format import amount
from aco_desktop.view.figures import rate_text
from aco_desktop.view.citations import cite, cite_text, short_source

RECONSTRUCTED = "RECONSTRUCTED"
HEADERS = ("Step", "Amount", "How", "Source")
BOLD_STEPS = ("earned", "paid_now")


@dataclass(frozen=True)
class StatementRow:
    key: str
    cells: tuple[str, str, str, str]
    reconstructed: bool
    bold: bool
    step: Step
    sources: Mapping[str, str]  # source label -> its full name

    @property
    def tooltip(self) -> str:
        """Worded when asked (on hover), not on every slider move."""
        return step_tooltip(self.step, self.sources)


def step_cells(step: Step) -> tuple[str, str, str, str]:
    source = cite(step.source.replace("; RECONSTRUCTED", "").replace("RECONSTRUCTED", "")) \
        + (f"  [{RECONSTRUCTED}: not in any source we hold]" if step.reconstructed else "")
    shown = rate_text(step.amount) if step.unit == "rate" else amount(step.amount, step.unit)
    return step.label, shown, step.formula, source


def source_labels(step: Step) -> list[str]:
    """The source labels a step cites ('2011-NPRM 425.7(c); definition' -> ['2011-NPRM', 'definition'])."""
    return [part.strip().split()[0] for part in step.source.split(";") if part.strip()]


def step_tooltip(step: Step, names: Mapping[str, str]) -> str:
    cited = "\n".join(f"{short_source(label, names).rstrip(',')}: {cite_full(names.get(label, ''))}"
                      for label in dict.fromkeys(source_labels(step)))
    flag = "\nReconstructed: no source we hold gives this value; it is a documented assumption." \
        if step.reconstructed else ""
    return f"{step.formula}\n\n{cited}{flag}"


def cite_full(text: str) -> str:
    """A [sources] text without the project's internal file names."""
    return cite_text(text)


def statement_rows(result: Settlement) -> tuple[StatementRow, ...]:
    names = result.terms.book.sources
    return tuple(StatementRow(step.key, step_cells(step), step.reconstructed, step.key in BOLD_STEPS, step, names)
                 for step in result.steps)
