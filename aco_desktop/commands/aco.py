"""Commands on real ACO-years: ``find-aco``, ``settle --aco``, ``build-aco-table`` (the CLI side of cms.directory).

``settle --aco ID-OR-EXACT-NAME --performance-year YEAR`` settles the ACO-year as ``reproduce-puf`` does;
scenario flags given with it override single inputs. With ``--json`` the last line of stdout is one JSON
object with ``earned``, ``published_earned`` and ``sources`` (where each input came from); notes go to stderr.
An unknown ACO or year exits 2 with one line naming what exists.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from aco_desktop.flags import BadInput, build_scenario, flag, parse_options
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario

FIND_LIMIT = 20


def add_puf_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--puf", action="append", default=[], metavar="FILE",
                        help="also search a CMS results file (repeatable); its years replace the shipped table's")


def directory_for(ns: argparse.Namespace, rules: RuleRegistry):
    """The shipped directory, plus the ``--puf`` files (then in a directory of this command's own)."""
    from aco_desktop.cms.directory import AcoDirectory, default_directory

    puf_files = getattr(ns, "puf", []) or []
    found = AcoDirectory() if puf_files else default_directory()
    for path in puf_files:
        try:
            found.add_results_file(path, rules)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise BadInput(f"--puf: {exc}") from None
    return found


def match_object(item) -> dict:
    r = item.record
    return {"aco_id": r.aco_id or None, "name": r.aco_name, "state": item.state or None,
            "performance_year": r.performance_year, "track": r.track, "agreement_year": r.agreement_year,
            "beneficiaries": r.beneficiaries, "savings_rate": r.savings_rate,
            "published_earned": r.published_earned, "source": f"{Path(r.path).name} line {r.line}"}


def match_line(item) -> str:
    r = item.record
    earned = "" if r.published_earned is None else f"  earned {r.published_earned:>14,.0f}"
    return (f"PY{r.performance_year}  {r.aco_id or '-':<7} {r.aco_name[:60]:<60}  {item.state[:10]:<10}  "
            f"{r.track:<12} {r.beneficiaries:>7,} beneficiaries  saved {100 * r.savings_rate:6.2f}%{earned}")


def cmd_find_aco(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    if not ns.query.strip():
        raise BadInput("find-aco: QUERY is empty; give a word of the name, an ACO_ID or a state")
    if ns.limit < 1:
        raise BadInput(f"--limit: must be 1 or more, got {ns.limit}")
    found = directory_for(ns, rules)
    matches = found.search(ns.query)
    if not matches:
        print(f"no ACO-year matches {ns.query!r} (searched {len(found.items):,} ACO-years, "
              f"PY{found.years_text()}, by ID, state and words of the name)", file=sys.stderr)
        return 1
    for item in matches[:ns.limit]:
        print(json.dumps(match_object(item)) if ns.json else match_line(item))
    acos = len({i.aco_id or i.name for i in matches})
    more = f"; showing {ns.limit} (--limit)" if len(matches) > ns.limit else ""
    print(f"{len(matches)} ACO-years of {acos} ACOs match {ns.query!r}{more}", file=sys.stderr)
    return 0


def _overrides(ns: argparse.Namespace, base: Scenario, sources: dict[str, str]) -> Scenario:
    """``base`` with every scenario flag given on the command line applied; their sources say so."""
    values: dict[str, object] = base.model_dump()
    given = {f: getattr(ns, f, None) for f in set(Scenario.model_fields) - {"options", "performance_year"}}
    for field, value in given.items():
        if value is not None:
            sources[field] = f"{flag(field)} {value} (the results file gives {values[field]})"
            values[field] = value
    options = parse_options(getattr(ns, "option", []) or [])
    if options:
        sources["options"] = "--option " + ", ".join(f"{k}={v}" for k, v in options.items())
    values["options"] = {**base.options, **options}
    return build_scenario(values)


def aco_scenario(ns: argparse.Namespace, rules: RuleRegistry):
    """(scenario, sources, ACO-year, directory) for ``--aco``/``--performance-year`` with any overriding flags."""
    from aco_desktop.cms.directory import scenario_for

    if ns.batch or ns.scenario:
        raise BadInput("--aco: give --aco, --scenario or --batch, not two of them")
    found = directory_for(ns, rules)
    if ns.performance_year is None:
        years = sorted({i.year for i in found.rows_of(ns.aco)})
        have = f"; {ns.aco!r} has {', '.join(map(str, years))}" if years else ""
        raise BadInput(f"--performance-year: required with --aco{have}")
    try:
        item = found.find(ns.aco, ns.performance_year)
    except LookupError as exc:
        raise BadInput(f"--aco: {exc}") from None
    base, sources = scenario_for(item, rules)
    return _overrides(ns, base, sources), sources, item, found


def _notes(item, sources: dict[str, str]) -> list[str]:
    from aco_desktop.cms import known_exception

    r = item.record
    notes = [f"{item.label}: inputs from {Path(r.path).name} line {r.line}"]
    changed = [k for k, v in sources.items() if v.startswith("--")]
    if changed:
        notes.append("overridden by flags: " + ", ".join(flag(k) for k in changed)
                     + "; the published amount is for the year as it happened")
    reason = known_exception(r)
    if reason:
        notes.append(f"the published amount is not expected to reproduce: {reason}")
    return notes


def _context(found, item) -> list[str]:
    """The ACO's own spread and its peers, for the notes (cheap: the table is already read)."""
    history = found.history(item.aco_id or item.name)
    return [f"history: {len(history.years)} years; " + history.describe_spread(), "peers: " + found.peers(item).summary]


def cmd_settle_aco(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    from aco_desktop.commands.statement import statement_table
    from aco_desktop.flags import settle_checked

    scenario, sources, item, found = aco_scenario(ns, rules)
    result = settle_checked(rules, scenario)
    for note in _notes(item, sources) + _context(found, item):
        print(f"note: {note}", file=sys.stderr)
    published = item.record.published_earned
    if ns.json:
        obj = {**result.as_dict(), "published_earned": published, "aco": match_object(item), "sources": sources}
        print(json.dumps(obj))
        return 0
    print(statement_table(result))
    shown = "not published" if published is None else f"{published:,.2f}"
    print(f"\nPublished EarnSaveLoss (CMS): {shown}; computed: {result.earned:,.2f}")
    return 0


def cmd_build_table(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    """Regenerate the shipped ACO-year table (and its origin sidecar) from a folder of CMS results files."""
    from aco_desktop.cms import table
    from aco_desktop.resources import resources_dir

    folder = Path(ns.folder)
    if not folder.is_dir():
        raise BadInput(f"build-aco-table: {folder} is not a folder")
    out = Path(ns.out) if ns.out else resources_dir() / table.TABLE_NAME
    if not out.name.endswith(".csv.gz"):
        raise BadInput(f"--out: the table is a gzip'd CSV; name it *.csv.gz, got {out.name}")
    try:
        items = table.build_items(folder, rules)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"build-aco-table: {exc}") from None
    table.write_table(items, out, table.origin(folder, items))
    print(f"{out}: {len(items):,} ACO-years, {out.stat().st_size:,} bytes")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("find-aco", help="find real ACO-years by a word of the name, an ACO_ID or a state")
    p.add_argument("query", metavar="QUERY", help="words of the name (any case), an ACO_ID or a state")
    p.add_argument("--json", action="store_true", help="one JSON object per match")
    p.add_argument("--limit", type=int, default=FIND_LIMIT, metavar="N", help=f"show at most N (default {FIND_LIMIT})")
    add_puf_argument(p)
    p.set_defaults(func=cmd_find_aco)
    p = sub.add_parser("build-aco-table", help="regenerate the shipped table of real ACO-years from CMS results files")
    p.add_argument("folder", metavar="DIR", help="folder of CMS results CSV files (e.g. ../shared/mssp_puf)")
    p.add_argument("--out", metavar="PATH.csv.gz", help="where to write (default: resources/aco_years.csv.gz); "
                   "the origin sidecar goes beside it")
    p.set_defaults(func=cmd_build_table)
