"""The meeting report's agreement page (Qt-free): the years table, the total's range, costs, repayment.

The page is added when the agreement view has been used in the window: the per-year savings, the plan and
the costs are choices made there, and a page with one savings rate repeated would say less than the
window's first page already does.
"""

from __future__ import annotations

from aco_desktop.engine.costs import Costs
from aco_desktop.view.agreement import MODEL_SENTENCE, AgreementPicture
from aco_desktop.view.agreement_money import present_costs, present_repayment
from aco_desktop.view.report_text import ReportPage, ReportTable

# The page is portrait Letter: the columns that fit at a readable size (MLR and loss rate stay in the window).
PAGE_COLUMNS = ("Year", "Level", "Savings %", "MSR", "Share", "Loss cap", "Settlement",
                "Withheld", "Balance", "Loss year", "Cash", "Expected", "Owe chance")


def agreement_page(picture: AgreementPicture, costs: Costs) -> ReportPage:
    keep = [i for i, name in enumerate(picture.columns) if name in PAGE_COLUMNS]
    pick = lambda cells: tuple(cells[i] for i in keep)  # noqa: E731
    years = ReportTable(pick(picture.columns), tuple(pick(c) for c in (*picture.cells, picture.totals)), True)
    money = present_costs(picture, costs)
    repayment = present_repayment(picture)
    blocks: list = [years, picture.range_line, MODEL_SENTENCE]
    blocks += [f"Does not fit the glide path: {w}" for w in picture.warnings]
    blocks += [*picture.schedule, *picture.rule_lines]
    blocks += ["Costs and return", ReportTable(money.columns, money.cells, True), money.net_line,
               money.break_even_line, money.ahead_line, *money.sources]
    blocks += ["Repayment mechanism"]
    if repayment.cells:
        blocks.append(ReportTable(repayment.columns, repayment.cells))
    blocks += list(repayment.lines)
    return ReportPage(f"The agreement: {picture.title}", tuple(blocks))
