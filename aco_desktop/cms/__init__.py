"""CMS Shared Savings Program results files: read every layout, map ACO-years to scenarios, reproduce.

Modules: ``cells`` (cell parsing), ``facts`` (what readers take from the rulebook), one reader per layout
(``merged``, ``raw2013``, ``raw2014``, ``current``), ``load`` (layout by header, composition), ``records``
(``PufRecord`` and its ``Scenario``), ``exceptions`` (explained misses) and ``reproduce`` (with its text summary).

Reproduction (tolerance $5 or 0.2% of the published EarnSaveLoss; merged file for PY2014-2021, raw 2013
file for PY2013, one file each for PY2022-2024):

=========  =========  ======  ==========================================================================
year       matched    rows    what was needed beyond the plain rules / the explained misses
=========  =========  ======  ==========================================================================
2013       220        220     earned = savings + losses columns of the raw file; no sequestration on losses
2014-2016  1,157      1,157   P4R -> full score (0 if the final rate is 0); DeKalb is Track 2 (inferred)
2017       472        472     DisAdj relief after rate and cap; final rate 0 -> standard not met
2018       548        548     Track 1+ loss rate 30%, cap 4% of B without revenue
2019       473        475     no sequestration; Utah (revenue cap), Saint Francis (half the DisAdj)
2020-2021  988        988     losses waived / offset (automatic relief in the rule file)
2022       482        482     2% sequestration; losses fully offset (rule file: relief 100%)
2023       450        453     DisAdj dollars; A1241, A4627, A5293 held by the revenue-based cap
2024       474        476     sixth year for July-2019 starters; Rev_Exp_Cat half rate (13 ReducedSS
                              rows); alternative quality standard; A5309, A5321 Guardrail rows paid 0
=========  =========  ======  ==========================================================================

Whole run 5,264 of 5,271. One-sided MSR from N_AB follows the size table for every one-sided row but
KCMPA-ACO 2017 (N 152, earned 0 either way).
"""

from aco_desktop.cms.exceptions import KNOWN_EXCEPTIONS, KNOWN_MSR_EXCEPTIONS, known_exception
from aco_desktop.cms.facts import BookFacts, mssp_book
from aco_desktop.cms.load import combine, layout_of, load_puf, load_pufs
from aco_desktop.cms.records import PufRecord, record_to_scenario
from aco_desktop.cms.reproduce import Miss, ReproductionReport, reproduce, within_tolerance

__all__ = ["BookFacts", "KNOWN_EXCEPTIONS", "KNOWN_MSR_EXCEPTIONS", "Miss", "PufRecord", "ReproductionReport",
           "combine", "known_exception", "layout_of", "load_puf", "load_pufs", "mssp_book", "record_to_scenario",
           "reproduce", "within_tolerance"]
