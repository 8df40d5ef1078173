"""Which inputs the rules ignore, and that the reasons carry the rule file's facts."""

from __future__ import annotations

from aco_desktop.engine import resolve
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.scenario import Scenario

from ..conftest import RULES


def ignored(**kw) -> dict[str, str]:
    s = Scenario(**kw)
    return ignored_inputs(resolve(RULES, s), s)


def test_new_inputs_greyed_where_the_rules_ignore_them() -> None:
    proposed = ignored(rules="proposed-2011", track="track-1")
    for name in ("agreement_start", "disaster_adjustment", "aip_balance", "revenue_category"):
        assert name in proposed, name
    one_sided = ignored(rules="mssp", track="basic-a", performance_year=2023)
    assert one_sided["disaster_adjustment"] == "A one-sided model shares no losses."
    assert "from PY2024" in one_sided["aip_balance"] and "CFR 425.630" in one_sided["aip_balance"]
    # BASIC A agreement begun 2023: revenue matters only for the half rate, from 2024 starts (rule file).
    assert "agreements from 2024" in one_sided["revenue_category"]
    starter = ignored(rules="mssp", track="basic-a", performance_year=2024)
    assert "revenue_category" not in starter and "aip_balance" not in starter
    dollars = ignored(rules="mssp", track="basic-e", performance_year=2024, participant_revenue=5e6)
    assert "given in dollars" in dollars["revenue_category"]


def test_reasons_come_from_the_rule_file() -> None:
    # 2022 relief is 100% in the rule file, so the dollars do not matter; the reason cites the source.
    y2022 = ignored(rules="mssp", track="enhanced", performance_year=2022)
    assert y2022["disaster_adjustment"] == "PY2022 shared losses are forgiven in full (PUF-CURRENT)."
    assert "disaster_adjustment" not in ignored(rules="mssp", track="enhanced", performance_year=2023)
    gate = ignored(rules="mssp", track="basic-a", performance_year=2022)
    assert gate["quality_pct"].startswith("From PY2021 ")  # first standard-gate year in mssp.toml
    t1 = ignored(rules="mssp", track="track-1", performance_year=2016)
    assert "Track 1+" in t1["participant_revenue"] and "BASIC level E" in t1["participant_revenue"]
    assert "no FQHC/RHC bonus" in t1["fqhc_pct"]
