"""ACO-years whose published amount is not expected to reproduce from the file's columns, and why.

Keys are (performance year, ACO_ID) where the file has ids, else (performance year, ACO name as published).
"""

from __future__ import annotations

from aco_desktop.cms.records import PufRecord

_PY2024_GUARDRAIL = (
    "PY2024 Guardrail = 1 (agreement started 2024, 0% MSR): CMS's file shows savings above benchmark but "
    "GenSaveLoss and EarnSaveLoss 0; the rule behind the Guardrail flag is not yet sourced"
)
_PY2023_REVENUE_CAP = (
    "revenue-based loss cap: the BASIC loss is held at a share of ACO participant revenue (Rev_Exp_Cat Low "
    "Revenue), below the benchmark-based cap; the file gives revenue only as a category, never in dollars"
)

KNOWN_EXCEPTIONS: dict[tuple[int, str], str] = {
    (2019, "Physicians Accountable Care of Utah"): (
        "revenue-based loss cap: Track 1+ loss held at 8% of ACO participant revenue (revlosslimit 1); "
        "the PUF has no revenue figure"
    ),
    (2019, "Saint Francis HealthCare Partners ACO Inc."): (
        "extreme-and-uncontrollable relief: the published loss is reduced by 1,935, half the published "
        "disadj (3,870); cause not found"
    ),
    (2023, "A1241"): _PY2023_REVENUE_CAP,
    (2023, "A4627"): _PY2023_REVENUE_CAP,
    (2023, "A5293"): _PY2023_REVENUE_CAP,
    (2024, "A5309"): _PY2024_GUARDRAIL,
    (2024, "A5321"): _PY2024_GUARDRAIL,
}
# Not a settlement miss (earned 0 either way) but the one-sided MSR is not the size table's.
KNOWN_MSR_EXCEPTIONS: dict[tuple[int, str], str] = {
    (2017, "KCMPA-ACO, LLC"): "N 152: published MSR 25.42%, the size table gives 12.2% (below 500 unsourced)",
}


def _lookup(table: dict[tuple[int, str], str], record: PufRecord) -> str | None:
    year = record.performance_year
    if record.aco_id and (year, record.aco_id) in table:
        return table[(year, record.aco_id)]
    return table.get((year, record.aco_name))


def known_exception(record: PufRecord) -> str | None:
    """Why this ACO-year's published amount is not expected to reproduce from PUF columns, or None."""
    return _lookup(KNOWN_EXCEPTIONS, record)


def known_msr_exception(record: PufRecord) -> str | None:
    return _lookup(KNOWN_MSR_EXCEPTIONS, record)
