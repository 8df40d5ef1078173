"""Costs and return, and the repayment mechanism, for the agreement view (Qt-free).

Costs: the rule file's ``[agreement.startup_cost]`` / ``[agreement.operating_cost]`` defaults with their
sources, or the user's; the net result per year and over the agreement (``engine.costs.net_result``), the
break-even savings rate held every year (``break_even_agreement``) and the chance of ending the agreement
ahead (the simulated totals of ``view.agreement.total_draws`` against the costs). Repayment: the amount the
rules require for each year's level (``engine.repayment.repayment_amount``) against the loss cap (the worst
case) and the bad-year loss (the 5th percentile of the year's settlement).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aco_desktop.engine import ScenarioError
from aco_desktop.engine.costs import Costs, break_even_agreement, default_costs, net_result
from aco_desktop.engine.repayment import repayment_amount
from aco_desktop.format import usd
from aco_desktop.rules import Rulebook
from aco_desktop.view.agreement import AgreementPicture, sourced

COSTS_MAX = 1e12  # the engine's bound: under $1 trillion


def parse_cost(text: str, label: str) -> float:
    """Dollars for a cost field; ValueError with the reason when it is not a number in range."""
    cleaned = text.strip().lstrip("$").replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{label}: {text.strip()!r} is not a number of dollars (e.g. 1500000)") from None
    if not (math.isfinite(value) and 0 <= value < COSTS_MAX):
        raise ValueError(f"{label}: must be $0 to under $1 trillion; got {text.strip()}")
    return value


def starting_costs(book: Rulebook) -> Costs:
    """The rule file's defaults, or zero costs (to be entered) when it has none."""
    try:
        return default_costs(book)
    except ScenarioError:
        return Costs(0.0, 0.0, "none in the rule file: enter your costs")


def cost_sources(book: Rulebook) -> tuple[str, ...]:
    """Where the default costs come from, one line each (reconstructed marked)."""
    out = []
    for name, label in (("startup_cost", "Start-up (year 1)"), ("operating_cost", "Running (each later year)")):
        f = book.agreement.get(name)
        if f is not None:
            out.append(f"{label}: default {usd(f.value)} ({sourced(f.source, f.reconstructed)}): {f.note}")
    return tuple(out)


@dataclass(frozen=True)
class CostsPicture:
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    net_line: str
    break_even_line: str
    ahead_line: str
    break_even_pct: float | None
    p_ahead: float
    sources: tuple[str, ...]


def present_costs(picture: AgreementPicture, costs: Costs) -> CostsPicture:
    net = net_result(picture.agreement, costs)
    cells = tuple((str(y.year), usd(y.cash), usd(y.cost), usd(y.net)) for y in net.years)
    cells += (("Total", usd(net.cash), usd(net.cost), usd(net.net)),)
    even = break_even_agreement(picture.book, picture.base, costs, picture.inputs.levels)
    even_line = (f"Break-even: a savings rate of {even:.2f}% held every year covers {usd(net.cost)} of costs."
                 if even is not None else "Break-even: no savings rate covers the costs (the savings caps stop it short).")
    p_ahead = float((picture.draws > costs.total(len(picture.agreement.rows))).mean())
    ahead = (f"Chance of ending the agreement ahead (cash over the {len(net.years)} years above the costs): "
             f"{p_ahead:.0%}, from the same simulated agreements as the range.")
    verdict = "ahead" if net.net >= 0 else "behind"
    net_line = (f"At the savings you expect: cash {usd(net.cash)} - costs {usd(net.cost)} = {usd(net.net)} "
                f"({verdict}).")
    return CostsPicture(("Year", "Cash", "Cost", "Net"), cells, net_line, even_line, ahead, even, p_ahead,
                        cost_sources(picture.book))


@dataclass(frozen=True)
class RepaymentPicture:
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    lines: tuple[str, ...]


def _against(amount: float, cap: float | None, bad: float) -> str:
    if cap is None:
        return "one-sided this year"
    worst = "covers the worst case" if amount >= cap else f"{usd(cap - amount)} short of the loss cap"
    badly = "covers a bad year" if amount >= bad else f"{usd(bad - amount)} short of a bad year"
    return f"{worst}; {badly}"


def _by_years(lines: list[tuple[int, str]]) -> list[str]:
    """"Years 1, 2, 3: <formula>" once for the years that share it."""
    years: dict[str, list[str]] = {}
    for year, text in lines:
        years.setdefault(text, []).append(str(year))
    return [f"{'Years' if len(ys) > 1 else 'Year'} {', '.join(ys)}: {text}" for text, ys in years.items()]


def present_repayment(picture: AgreementPicture) -> RepaymentPicture:
    """Per year with a mechanism: the amount, its formula, the loss cap and the bad-year (5th pct) loss."""
    cells, sources, notes = [], [], []
    for row, o in zip(picture.agreement.rows, picture.outlooks):
        r = repayment_amount(picture.book, row.settlement.scenario)
        if r is None:
            continue
        bad = max(0.0, -o.earned_p05)
        cells.append((str(row.year), row.track, usd(r.amount), "-" if r.loss_cap is None else usd(r.loss_cap),
                      usd(bad), _against(r.amount, r.loss_cap, bad)))
        sources.append((row.year, f"{r.formula} ({sourced(r.source, r.reconstructed)})."))
        notes += [n for n in r.notes if n not in notes]
    if not cells:
        return RepaymentPicture((), (), ("The rule file requires no repayment mechanism for this plan.",))
    lines = (*_by_years(sources), *(f"Note: {n}" for n in notes),
             "Bad-year loss: what the ACO owes at the 5th percentile of the year's settlement.")
    return RepaymentPicture(("Year", "Level", "Mechanism", "Loss cap (worst case)", "Bad-year loss (5th pct)",
                             "Against it"), tuple(cells), lines)
