"""CMS Shared Savings Program results files: read every layout, map ACO-years to scenarios, reproduce.

Modules: ``cells`` (cell parsing), ``facts`` (what readers take from the rulebook), one reader per layout
(``merged``, ``raw2013``, ``raw2014``, ``current``), ``load`` (layout by header, composition), ``records``
(``PufRecord`` and its ``Scenario``), ``exceptions`` (explained misses) and ``reproduce`` (with its text summary).
"""

from aco_desktop.cms.exceptions import KNOWN_EXCEPTIONS, KNOWN_MSR_EXCEPTIONS, known_exception
from aco_desktop.cms.facts import BookFacts, mssp_book
from aco_desktop.cms.load import combine, layout_of, load_puf, load_pufs
from aco_desktop.cms.records import PufRecord, record_to_scenario
from aco_desktop.cms.reproduce import Miss, ReproductionReport, reproduce, within_tolerance

__all__ = ["BookFacts", "KNOWN_EXCEPTIONS", "KNOWN_MSR_EXCEPTIONS", "Miss", "PufRecord", "ReproductionReport",
           "combine", "known_exception", "layout_of", "load_puf", "load_pufs", "mssp_book", "record_to_scenario",
           "reproduce", "within_tolerance"]
