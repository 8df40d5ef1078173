"""``aco-desktop reform-impact FILE --year 2024``: what a reform rule file would have paid real ACOs.

Every ACO-year of the year in the shipped table is settled under current law (the rulebook its scenario
names) and under the reform FILE (a full rule file, validated like the shipped ones; its ``id`` names it).
Prints the totals paid and owed and how many ACOs earned and owed, law vs reform and the difference, the
check of current law against CMS's published totals (the explained exceptions listed with both amounts),
and the ACOs that gain and lose most. ``--json`` prints one object with the same figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from aco_desktop.engine import ScenarioError
from aco_desktop.format import usd
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.rules.loader import load_rulebook_file

DEFAULT_TOP = 10
DEFAULT_YEAR = 2024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.toml", help="the reform: a full rule file (a copy of "
                        "resources/rules/mssp.toml with changed values and its own 'id', matching the file name)")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, metavar="YEAR",
                        help=f"performance year of the shipped table to re-settle (default {DEFAULT_YEAR})")
    parser.add_argument("--top", type=int, default=DEFAULT_TOP, metavar="N",
                        help=f"list the N ACOs that gain most and the N that lose most (default {DEFAULT_TOP})")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def load_reform(path: str, rules: RuleRegistry) -> tuple[RuleRegistry, str]:
    """(the registry with the reform added, the reform's id); ``RuleFileError`` naming the file and field."""
    book = load_rulebook_file(Path(path))
    if book.id in rules:
        raise RuleFileError(f"{Path(path).name}: field 'id': {book.id!r} is a shipped rulebook's id; "
                            "give the reform its own id (and file name)")
    return rules.with_book(book), book.id


def run(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    from aco_desktop.cms.directory import default_directory
    from aco_desktop.cms.impact import reform_impact

    if ns.top < 1:
        raise ScenarioError("top", f"must be 1 or more, got {ns.top}")
    registry, reform_id = load_reform(ns.file, rules)
    try:
        impact = reform_impact(default_directory().items, ns.year, registry, reform_id)
    except LookupError as exc:
        raise ScenarioError("year", str(exc)) from None
    print(json.dumps(impact_object(impact, ns.top)) if ns.json else "\n".join(impact_lines(impact, ns.top)))
    return 0


# ----------------------------------------------------------------------------- output

def _aco(outcome) -> dict:
    return {"aco_id": outcome.item.aco_id or None, "name": outcome.item.name, "law": outcome.law,
            "reform": outcome.reform, "difference": outcome.difference}


def impact_object(impact, top: int) -> dict:
    law, reform = impact.law, impact.reform
    return {
        "performance_year": impact.year, "reform": impact.reform_id, "law": list(impact.law_ids),
        "aco_years": len(impact.outcomes), "changed": len(impact.changed),
        "totals": {"law": law.as_dict(), "reform": reform.as_dict(),
                   "difference": {k: reform.as_dict()[k] - v for k, v in law.as_dict().items()}},
        "published": impact.published.as_dict(),
        "law_with_exceptions_as_published": impact.law_as_published_where_explained.as_dict(),
        "exceptions": [{**_aco(o), "published": o.published, "reason": o.exception} for o in impact.exceptions],
        "unexplained": [{**_aco(o), "published": o.published} for o in impact.unexplained],
        "gain_most": [_aco(o) for o in impact.gainers(top)],
        "lose_most": [_aco(o) for o in impact.losers(top)],
    }


def _totals_lines(impact) -> list[str]:
    law, reform = impact.law, impact.reform
    rows = [("Paid to ACOs earning", usd(law.paid), usd(reform.paid), usd(reform.paid - law.paid)),
            ("ACOs earning", f"{law.earning:,}", f"{reform.earning:,}", f"{reform.earning - law.earning:+,}"),
            ("Owed by ACOs owing", usd(law.owed), usd(reform.owed), usd(reform.owed - law.owed)),
            ("ACOs owing", f"{law.owing:,}", f"{reform.owing:,}", f"{reform.owing - law.owing:+,}")]
    header = ("", "Current law", f"Reform {impact.reform_id}", "Difference")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    return [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}  {d:>{widths[3]}}" for a, b, c, d in [header, *rows]]


def _check_lines(impact) -> list[str]:
    pub, fixed = impact.published, impact.law_as_published_where_explained
    lines = [f"CMS published PY{impact.year}: {pub.earning} ACOs earned {usd(pub.paid)}; {pub.owing} owed "
             f"{usd(pub.owed)}",
             f"Current law with the {len(impact.exceptions)} explained exception(s) at their published amounts: "
             f"{fixed.earning} earned {usd(fixed.paid)}; {fixed.owing} owed {usd(fixed.owed)} "
             "(CMS rounds each ACO to the dollar)"]
    for o in impact.exceptions:
        shown = "not published" if o.published is None else usd(o.published)
        lines.append(f"  exception {o.item.aco_id or '-'} {o.item.name}: published {shown}, computed {usd(o.law)}: "
                     f"{o.exception}")
    for o in impact.unexplained:
        lines.append(f"  NOT REPRODUCED {o.item.aco_id or '-'} {o.item.name}: published {usd(o.published)}, "
                     f"computed {usd(o.law)}")
    return lines


def _ranking_lines(title: str, outcomes) -> list[str]:
    if not outcomes:
        return [f"{title}: none"]
    lines = [f"{title}:", f"  {'ACO_ID':<7} {'Name':<50} {'Current law':>15} {'Reform':>15} {'Difference':>13}"]
    for o in outcomes:
        lines.append(f"  {o.item.aco_id or '-':<7} {o.item.name[:50]:<50} {usd(o.law):>15} {usd(o.reform):>15} "
                     f"{usd(o.difference):>13}")
    return lines


def impact_lines(impact, top: int) -> list[str]:
    lines = [f"Reform {impact.reform_id!r} against current law ({', '.join(impact.law_ids)}), PY{impact.year}: "
             f"{len(impact.outcomes)} ACO-years from the shipped table; {len(impact.changed)} change", ""]
    lines += _totals_lines(impact) + [""] + _check_lines(impact) + [""]
    lines += _ranking_lines(f"Gain most (top {top})", impact.gainers(top)) + [""]
    lines += _ranking_lines(f"Lose most (top {top})", impact.losers(top))
    return lines
