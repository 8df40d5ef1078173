"""The ``agreement`` command's printed table, from the JSON-ready object ``agreement.build`` makes."""

from __future__ import annotations

from aco_desktop.format import chance
from aco_desktop.format import pct, usd

COLUMNS = ("Year", "PY", "Level", "Savings", "MSR", "MLR", "Share", "Loss rate", "Savings cap", "Loss cap",
           "Settlement", "Withheld", "Balance", "Cash", "Expected", "Owe", "Cost", "Net")


def _rate(value: float | None) -> str:
    return "-" if value is None else pct(value)


def _money(value: float | None) -> str:
    return "-" if value is None else usd(value)


def _cells(row: dict) -> tuple[str, ...]:
    return (str(row["year"]), str(row["performance_year"] or "-"), row["track"], pct(row["savings_rate"]),
            pct(row["msr"]), _rate(row["mlr"]), pct(row["sharing_rate"]), _rate(row["loss_rate"]),
            usd(row["savings_cap"]), _money(row["loss_cap"]), usd(row["earned"]), usd(row["withheld"]),
            usd(row["balance"]), usd(row["cash"]), usd(row["expected_earned"]), chance(row["p_owe"]),
            usd(row["cost"]), usd(row["net"]))


def _grid(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(f"{c:<{w}}" if i in (1, 2) else f"{c:>{w}}" for i, (c, w) in enumerate(zip(r, widths)))
            for r in rows]


def _totals(result: dict) -> tuple[str, ...]:
    t = result["totals"]
    blank = ("",) * 9
    return ("Total", *blank, usd(t["earned"]), usd(t["withheld"]), usd(t["balance"]), usd(t["cash"]),
            usd(t["expected_earned"]), "", usd(t["cost"]), usd(t["net"]))


def _repayment_lines(result: dict) -> list[str]:
    lines = []
    for row in result["rows"]:
        r = row["repayment"]
        if r is None:
            continue
        cap = r["loss_cap"]
        against = ("one-sided this year" if cap is None else
                   f"loss cap {usd(cap)}: " + ("covers the worst case" if r["shortfall"] == 0 else
                                               f"covers {r['amount'] / cap:.0%} of it, {usd(r['shortfall'])} short"))
        lines.append(f"  year {row['year']} {row['track']}: {usd(r['amount'])} ({r['formula']}); {against}")
    return ["Repayment mechanism vs the loss cap:", *lines] if lines else \
        ["Repayment mechanism: none required by the rule file for this plan."]


def agreement_table(result: dict) -> str:
    path = f", glide path {result['glide_path']}" if result["glide_path"] else ""
    sigma = result["rows"][0]["sigma_pct"] if result["rows"] else 0.0
    lines = [f"{result['title']}: {len(result['rows'])}-year agreement, plan {', '.join(result['plan'])}{path}",
             ""]
    lines += _grid([COLUMNS, *(_cells(row) for row in result["rows"]), _totals(result)])
    lines += ["", f"Settlement: the year's shared savings (negative: losses owed) before any withhold; Cash: what "
              f"moves that year. Expected and Owe: the outlook at sigma {sigma:.2f} percentage points.",
              f"Costs: {usd(result['costs']['startup'])} in year 1, {usd(result['costs']['yearly'])} a year after "
              f"({result['costs']['source']}{'; reconstructed' if result['costs']['reconstructed'] else ''})."]
    even = result["break_even_savings_pct"]
    lines.append(f"Break-even: a savings rate of {even:.2f}% held every year covers the costs." if even is not None
                 else "Break-even: no savings rate covers the costs (the savings caps stop it short).")
    if result["barred_after_year"] is not None:
        lines.append(f"BARRED after agreement year {result['barred_after_year']} (consecutive loss years).")
    lines += ["", *_repayment_lines(result)]
    lines += [f"WARNING: {w}" for w in result["warnings"]]
    lines += [f"Note: {n}" for n in result["notes"]]
    return "\n".join(lines)
