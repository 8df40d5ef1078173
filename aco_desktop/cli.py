"""Headless commands: ``settle``, ``rules``, ``reproduce-puf``, ``report``.

Bad input exits with status 2 and one line naming the flag and what is allowed; nothing is clamped.
The scenario flags defined here are shared with the window's command line (``--screenshot``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from pydantic import ValidationError

from aco_desktop import __version__
from aco_desktop.engine import ScenarioError, Settlement, settle
from aco_desktop.view.format import amount
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.scenario import INPUTS, QUALITY_STANDARD_LABELS, Scenario

EXIT_BAD_INPUT = 2

# Scenario fields that are not in INPUTS (choices, flags), with their help.
_OTHER_FLAGS: dict[str, str] = {
    "rules": "rulebook: 'mssp' (rules in force, by performance year) or 'proposed-2011' (April 2011 proposed rule)",
    "track": "track or level, e.g. track-1, track-2, track-3, track-1-plus, basic-a..basic-e, enhanced "
             "(see 'aco-desktop rules')",
    "performance_year": "performance year, 2013-2026 (mssp rules only)",
    "msr_election": "elected MSR/MLR for two-sided tracks: 0.0, 0.5, 1.0, 1.5, 2.0 (percent) or 'table'",
    "quality_standard": "quality standard (PY2021+): " + ", ".join(QUALITY_STANDARD_LABELS),
    "physician_group_only": "net-2%% exemption criterion: the ACO is made up only of ACO professionals in group "
                            "practices (2011 proposed rule)",
    "option": "flip a rule switch, NAME=CHOICE, e.g. loss_basis=above-mlr or withhold=20 (repeatable)",
}


class BadInput(Exception):
    """A user input the engine cannot take; the message names the flag."""


def flag(field: str) -> str:
    """The command-line flag for a scenario field (``options`` is given one at a time as ``--option``)."""
    return "--option" if field == "options" else "--" + field.replace("_", "-")


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scenario")
    group.add_argument("--rules", help=_OTHER_FLAGS["rules"])
    group.add_argument("--track", help=_OTHER_FLAGS["track"])
    group.add_argument("--performance-year", type=int, help=_OTHER_FLAGS["performance_year"])
    for spec in INPUTS.values():
        group.add_argument(flag(spec.name), type=int if spec.integer else float, metavar="N",
                           help=f"{spec.definition} Range: {spec.describe_range()}. Default: {spec.default:g}."
                           .replace("%", "%%"))
    group.add_argument("--physician-group-only", action="store_true", default=None,
                       help=_OTHER_FLAGS["physician_group_only"])
    group.add_argument("--msr-election", help=_OTHER_FLAGS["msr_election"])
    group.add_argument("--quality-standard", choices=list(QUALITY_STANDARD_LABELS), help=_OTHER_FLAGS["quality_standard"])
    group.add_argument("--option", action="append", default=[], metavar="NAME=CHOICE", help=_OTHER_FLAGS["option"])


def _describe(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else ""
    msg = err["msg"].removeprefix("Value error, ")
    if not field:  # the bounds validator names its field at the start of the message
        field = msg.split(" ", 1)[0]
        msg = msg.split(" ", 1)[1] if " " in msg else msg
    spec = INPUTS.get(field)
    if spec and "must be" not in msg:
        msg = f"{msg}; allowed: {spec.describe_range()}"
    return f"{flag(field)}: {msg}"


def parse_options(items: Iterable[str]) -> dict[str, str]:
    options = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise BadInput(f"--option: expected NAME=CHOICE, got {item!r}")
        options[name.strip()] = value.strip()
    return options


def build_scenario(values: dict[str, object]) -> Scenario:
    """A validated scenario from flag values (None = not given). Raises ``BadInput`` naming the flag."""
    data = {k: v for k, v in values.items() if v is not None}
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise BadInput(_describe(exc)) from None


def scenario_from_namespace(ns: argparse.Namespace) -> Scenario:
    fields = set(Scenario.model_fields) - {"options"}
    values: dict[str, object] = {f: getattr(ns, f, None) for f in fields}
    values["options"] = parse_options(getattr(ns, "option", []) or [])
    return build_scenario(values)


def settle_checked(rules: RuleRegistry, scenario: Scenario) -> Settlement:
    try:
        return settle(rules, scenario)
    except ScenarioError as exc:
        raise BadInput(f"{flag(exc.field)}: {exc.message}") from None


# ----- output ------------------------------------------------------------------------------------------

def statement_table(result: Settlement) -> str:
    t = result.terms
    year = f", PY{result.scenario.performance_year}" if result.scenario.performance_year else ""
    lines = [f"{t.book.short_title}: {t.track_label}, agreement year {result.scenario.agreement_year}{year} "
             f"({t.model_label})", ""]
    rows = [(s.label + (" *" if s.reconstructed else ""), amount(s.amount, s.unit), s.formula, s.source)
            for s in result.steps]
    widths = [max(len(r[i]) for r in rows + [("Step", "Amount", "How", "Source")]) for i in range(3)]
    header = ("Step", "Amount", "How", "Source")
    for label, shown, formula, source in [header, *rows]:
        lines.append(f"{label:<{widths[0]}}  {shown:>{widths[1]}}  {formula:<{widths[2]}}  {source}")
    if result.has_reconstructed:
        lines.append("\n* reconstructed value: not found in any source we hold (see 'aco-desktop rules').")
    for note in t.notes:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


# ----- commands ----------------------------------------------------------------------------------------

def _truthy(text: str, column: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "y"}:
        return True
    if lowered in {"0", "false", "no", "n"}:
        return False
    raise BadInput(f"{column}: expected true or false, got {text!r}")


def _row_values(row: dict[str, str]) -> dict[str, object]:
    fields = Scenario.model_fields
    values: dict[str, object] = {}
    for column, cell in row.items():
        if column is None:
            raise BadInput("row has more cells than the header has columns")
        column = column.strip()
        if cell is None or cell.strip() == "":
            continue
        if column == "options":
            values["options"] = parse_options(cell.split(";"))
        elif column not in fields:
            raise BadInput(f"unknown column {column!r}")
        elif column == "physician_group_only":
            values[column] = _truthy(cell, column)
        else:
            values[column] = cell.strip()
    return values


def settle_batch(rules: RuleRegistry, path: Path) -> Iterable[dict]:
    """One result object per CSV row, in order; a bad row yields an error object and the rest go on."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            try:
                result = settle_checked(rules, build_scenario(_row_values(row)))
                yield {"row": number, **result.as_dict()}
            except BadInput as exc:
                yield {"row": number, "error": str(exc)}


def scenario_from_file(ns: argparse.Namespace, rules: RuleRegistry) -> Scenario:
    """The scenario in ``--scenario FILE``; scenario flags given as well override its values."""
    from aco_desktop.session.files import ScenarioFileError, read_scenario_file

    try:
        base = read_scenario_file(ns.scenario, rules).scenario
    except ScenarioFileError as exc:
        raise BadInput(f"--scenario: {exc}") from None
    values: dict[str, object] = base.model_dump()
    given = {f: getattr(ns, f, None) for f in set(Scenario.model_fields) - {"options"}}
    values.update({f: v for f, v in given.items() if v is not None})
    values["options"] = {**base.options, **parse_options(getattr(ns, "option", []) or [])}
    return build_scenario(values)


def cmd_settle(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    if ns.batch and ns.scenario:
        raise BadInput("--scenario: give --scenario or --batch, not both")
    if ns.batch:
        try:
            results = list(settle_batch(rules, Path(ns.batch)))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise BadInput(f"--batch: cannot read {ns.batch}: {exc}") from None
        for obj in results:
            print(json.dumps(obj) if ns.json else (obj.get("error") or f"row {obj['row']}: earned {obj['earned']:,.2f}"))
        return 0
    scenario = scenario_from_file(ns, rules) if ns.scenario else scenario_from_namespace(ns)
    result = settle_checked(rules, scenario)
    print(json.dumps(result.as_dict(), indent=None) if ns.json else statement_table(result))
    return 0


def cmd_rules(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    for book in rules.books():
        status = "in force" if book.in_force else "never in force"
        print(f"{book.id}: {book.title} ({status})")
        for key, text in book.sources.items():
            print(f"    source {key}: {text}")
        for track_id, track in book.tracks.items():
            years = f"PY{track.first_year}-{track.last_year}" if track.first_year else "no performance years"
            print(f"  {track_id:<13} {track.label:<15} {years:<22} agreement years 1-{track.agreement_length}"
                  f"  {track.description}")
        for name, option in book.options.items():
            print(f"  switch {name}: {', '.join(option.choices)} (default {option.default}): {option.explanation}")
        for note in book.notes:
            print(f"  note: {note}")
        print()
    return 0


def cmd_reproduce(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    from aco_desktop import puf

    try:
        records = puf.load_pufs(*ns.paths)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"reproduce-puf: {exc}") from None
    report = puf.reproduce(records, rules)
    print(report.summary())
    unexplained = report.unexplained + [m for m in report.msr_misses if m.reason == "unexplained"]
    print(f"matched: {report.matched} of {report.compared}")
    return 1 if unexplained else 0


def cmd_report(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    """Write the one-page meeting report (PDF) for a scenario file. Qt is imported only here."""
    from aco_desktop.session.files import ScenarioFileError, read_scenario_file

    try:
        file = read_scenario_file(ns.file, rules)
    except ScenarioFileError as exc:
        raise BadInput(str(exc)) from None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and not \
            os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display: draw without one (set before Qt loads)
    from aco_desktop.ui.export.files import ExportError
    from aco_desktop.ui.export.report import write_report_pdf

    try:
        write_report_pdf(rules, file, ns.out)
    except ExportError as exc:
        raise BadInput(str(exc)) from None
    print(ns.out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aco-desktop", description="ACO What-If Explorer: Medicare Shared "
                                     "Savings Program settlements. Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"aco-desktop {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("settle", help="settle one scenario (or a CSV batch) and print the statement")
    add_scenario_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON (one object per line for --batch)")
    p.add_argument("--batch", metavar="FILE.csv", help="one scenario per row; columns named like the flags "
                   "with underscores; an empty cell means the flag is not given")
    p.add_argument("--scenario", metavar="FILE.json", help="settle the scenario saved in a scenario file; "
                   "scenario flags given as well override its values")
    p.set_defaults(func=cmd_settle)
    p = sub.add_parser("rules", help="list rulebooks, tracks, years and sources")
    p.set_defaults(func=cmd_rules)
    p = sub.add_parser("reproduce-puf", help="recompute EarnSaveLoss for every ACO-year in CMS results files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="CMS PUF CSV files (merged 2013-2021, raw 2013/2014)")
    p.set_defaults(func=cmd_reproduce)
    p = sub.add_parser("report", help="write a one-page PDF meeting report for a scenario file")
    p.add_argument("file", metavar="FILE", help="a scenario file (.json), e.g. resources/presets/*.json")
    p.add_argument("out", metavar="OUT.pdf", help="the PDF to write (replaced if it exists)")
    p.set_defaults(func=cmd_report)
    return parser


COMMANDS = ("settle", "rules", "reproduce-puf", "report")


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    try:
        return ns.func(ns, RuleRegistry.load())
    except (BadInput, RuleFileError) as exc:
        print(f"aco-desktop: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
