"""Which layout a file is (by its header), and reading several files together.

Layouts: the merged PY2013-2021 table, the raw PY2013 file, the raw PY2014 file and CMS's current
one-file-a-year layout (PY2022-2024). Anything else raises ``ValueError`` naming the file.

Composition: ``combine`` keeps, for every performance year that a raw file covers, the raw file's rows and
drops the merged file's rows of that year (the raw 2013 file is the only source of PY2013 EarnSaveLoss).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from aco_desktop.cms.current import load as load_current, recognises as is_current
from aco_desktop.cms.merged import load as load_merged, recognises as is_merged
from aco_desktop.cms.raw2013 import load as load_raw_2013, recognises as is_raw_2013
from aco_desktop.cms.raw2014 import load as load_raw_2014, recognises as is_raw_2014
from aco_desktop.cms.cells import header_of
from aco_desktop.cms.facts import BookFacts, mssp_book
from aco_desktop.cms.records import PufRecord
from aco_desktop.rules import RuleRegistry, Rulebook

# layout name -> (recognises(names), load(path, names, facts)), one reader module each; tried in order.
LAYOUTS = {
    "merged 2013-2021": (is_merged, load_merged),
    "raw 2013": (is_raw_2013, load_raw_2013),
    "raw 2014": (is_raw_2014, load_raw_2014),
    "current (PY2022-2024)": (is_current, load_current),
}


def layout_of(path: Path) -> str:
    """The layout's name; ``ValueError`` naming the file when it is none of them."""
    names = header_of(path)
    for name, (recognises, _) in LAYOUTS.items():
        if recognises(names):
            return name
    raise ValueError(
        f"{path}: not a recognised CMS Shared Savings Program PUF (expected the merged 2013-2021 table, "
        f"the raw PY2013 or PY2014 file, or a PY2022-2024 results file); header starts {names[:5]}"
    )


def load_puf(path: str | Path, rules: Rulebook | RuleRegistry) -> list[PufRecord]:
    """Every ACO-year in one results file, in file order; track facts from ``rules`` (the mssp rulebook)."""
    path = Path(path)
    _, load = LAYOUTS[layout_of(path)]
    return load(path, header_of(path), BookFacts(mssp_book(rules)))


def combine(records: Iterable[PufRecord]) -> list[PufRecord]:
    """Merged-file rows, except that a performance year covered by a raw file takes the raw file's rows."""
    records = list(records)
    raw_years = {r.performance_year for r in records if r.source.startswith("raw")}
    return [r for r in records if r.source != "merged" or r.performance_year not in raw_years]


def load_pufs(*paths: str | Path, rules: Rulebook | RuleRegistry) -> list[PufRecord]:
    """Several results files read together and composed by ``combine``."""
    return combine(record for path in paths for record in load_puf(path, rules))
