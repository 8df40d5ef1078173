"""The settlement statement as a plain-text table (the ``settle`` command's output)."""

from __future__ import annotations

from aco_desktop.engine import Settlement
from aco_desktop.format import amount


def statement_table(result: Settlement) -> str:
    t = result.terms
    year = f", PY{result.scenario.performance_year}" if result.scenario.performance_year else ""
    lines = [f"{t.book.short_title}: {t.track_label}, agreement year {result.scenario.agreement_year}{year} "
             f"({t.model_label})", ""]
    rows = [(s.label + (" *" if s.reconstructed else ""), amount(s.amount, s.unit), s.formula, s.source)
            for s in result.steps]
    widths = [max(len(r[i]) for r in rows + [("Step", "Amount", "How", "Source")]) for i in range(3)]
    header = ("Step", "Amount", "How", "Source")
    for label, shown, formula, source in [header, *rows]:
        lines.append(f"{label:<{widths[0]}}  {shown:>{widths[1]}}  {formula:<{widths[2]}}  {source}")
    if result.has_reconstructed:
        lines.append("\n* reconstructed value: not found in any source we hold (see 'aco-desktop rules').")
    for note in dict.fromkeys(t.notes + result.assumptions):
        lines.append(f"Note: {note}")
    return "\n".join(lines)
