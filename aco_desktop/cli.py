"""Headless commands: ``settle``, ``rules``, ``reproduce-puf``, ``report``; ``find-aco``, ``build-aco-table``
and ``settle --aco`` are in ``commands/aco.py``.

Bad input exits with status 2 and one line naming the flag and what is allowed; nothing is clamped.
The scenario flags defined here are shared with the window's command line (``--screenshot``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence


from aco_desktop import version
from aco_desktop.batch import BatchFileError, Row, open_batch, read_rows
from aco_desktop.commands import outlook_flags
from aco_desktop.commands.statement import statement_table
from aco_desktop.engine import ScenarioError
from aco_desktop.flags import (EXIT_BAD_INPUT, BadInput, add_scenario_arguments, build_scenario, flag, parse_options,
                               scenario_from_namespace, settle_checked, yes_no)
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.scenario import Scenario

# ----- output ------------------------------------------------------------------------------------------

# ----- commands ----------------------------------------------------------------------------------------

def _truthy(text: str, column: str) -> bool:
    try:
        return yes_no(text)
    except ValueError as exc:
        raise BadInput(f"{column}: {exc}") from None


def _row_values(cells: dict[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for column, cell in cells.items():
        if cell.strip() == "":
            continue
        if column == "options":
            values["options"] = parse_options(cell.split(";"))
        elif column == "physician_group_only":
            values[column] = _truthy(cell, column)
        else:
            values[column] = cell.strip()
    return values


def _as_column(message: str) -> str:
    """'--savings-pct: ...' -> 'savings_pct: ...': a batch row's errors name its column."""
    if message.startswith("--"):
        flag_name, sep, rest = message[2:].partition(":")
        column = "options" if flag_name == "option" else flag_name.replace("-", "_")
        return f"{column}:{rest}" if sep else message
    return message


def settle_row(rules: RuleRegistry, item: Row | tuple[int, int, str]) -> dict:
    """One batch row's output object: the settlement, or ``error`` with the row's ``line``."""
    if not isinstance(item, Row):
        number, line, error = item
        return {"row": number, "line": line, "error": error}
    try:
        cells, spread = outlook_flags.split_spread_cells(item.cells)
        result = settle_checked(rules, build_scenario(_row_values(cells)))
        chances = outlook_flags.outlook_fields(rules, result.scenario, spread)
    except BadInput as exc:
        return {"row": item.number, "line": item.line, "error": _as_column(str(exc))}
    except ScenarioError as exc:  # a spread column (the scenario's own errors are BadInput)
        return {"row": item.number, "line": item.line, "error": f"{exc.field}: {exc.message}"}
    return {"row": item.number, "line": item.line, **result.as_dict(), **chances}


def run_batch(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    """Stream ``--batch`` row by row; exit 1 when some rows failed, 0 otherwise (file errors: ``BadInput``)."""
    try:
        handle = open_batch(ns.batch)
    except BatchFileError as exc:
        raise BadInput(f"--batch: {exc}") from None
    failed = 0
    with handle:
        try:
            for item in read_rows(handle, lambda note: print(f"aco-desktop: note: {note}", file=sys.stderr)):
                obj = settle_row(rules, item)
                if "error" in obj:
                    failed += 1
                    print(f"aco-desktop: line {obj['line']}: {obj['error']}", file=sys.stderr)
                print(json.dumps(obj) if ns.json else (f"line {obj['line']}: error: {obj['error']}" if "error" in obj
                      else f"line {obj['line']}: earned {obj['earned']:,.2f}"))
        except BatchFileError as exc:
            raise BadInput(f"--batch: {exc}") from None
        except UnicodeDecodeError as exc:
            raise BadInput(f"--batch: {ns.batch} is not UTF-8 text ({exc.reason})") from None
        except BrokenPipeError:  # e.g. '| head': the reader has gone; end quietly
            _silence_stdout()
    return 1 if failed else 0


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


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
    if ns.aco is not None:
        from aco_desktop.commands.aco import cmd_settle_aco

        return cmd_settle_aco(ns, rules)
    if ns.puf:
        raise BadInput("--puf: only with --aco (settle) or find-aco")
    if ns.batch and ns.scenario:
        raise BadInput("--scenario: give --scenario or --batch, not both")
    if ns.batch:
        return run_batch(ns, rules)
    scenario = scenario_from_file(ns, rules) if ns.scenario else scenario_from_namespace(ns)
    result = settle_checked(rules, scenario)
    spread = outlook_flags.spread_from_namespace(ns)
    chances = outlook_flags.outlook_fields(rules, result.scenario, spread)
    print(json.dumps({**result.as_dict(), **chances}) if ns.json else
          statement_table(result) + "\n\n" + outlook_flags.outlook_block(chances, spread))
    return 0


def cmd_rules(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    for book in rules.books():
        status = "in force" if book.in_force else "never in force"
        print(f"{book.id}: {book.title} ({status})")
        for key, text in book.sources.items():
            print(f"    source {key}: {text}")
        for track_id, track in book.tracks.items():
            years = f"PY{track.first_year}-{track.last_year}" if track.first_year else "no performance years"
            longer = (f" (1-{track.extension.agreement_length} if begun {', '.join(track.extension.agreement_starts)})"
                      if track.extension else "")
            print(f"  {track_id:<13} {track.label:<15} {years:<22} agreement years 1-{track.agreement_length}{longer}"
                  f"  {track.description}")
        for name, option in book.options.items():
            print(f"  switch {name}: {', '.join(option.choices)} (default {option.default}): {option.explanation}")
        for note in book.notes:
            print(f"  note: {note}")
        print()
    return 0


def cmd_reproduce(ns: argparse.Namespace, rules: RuleRegistry) -> int:
    from aco_desktop import cms

    try:
        # Every file's rows, uncombined: reproduce() composes them and counts superseded rows per file.
        records = [record for path in ns.paths for record in cms.load_puf(path, rules)]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"reproduce-puf: {exc}") from None
    report = cms.reproduce(records, rules)
    print(report.summary())  # ends with the line "matched: X of N"
    return 0 if report.all_explained else 1


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


def build_parser(rules: RuleRegistry | None = None) -> argparse.ArgumentParser:
    """The commands and their flags; with ``rules`` the help names the rulebooks, tracks and years they hold."""
    parser = argparse.ArgumentParser(prog="aco-desktop", description="ACO What-If Explorer: Medicare Shared "
                                     "Savings Program settlements. Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"aco-desktop {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("settle", help="settle one scenario (or a CSV batch) and print the statement")
    add_scenario_arguments(p, rules)
    p.add_argument("--json", action="store_true", help="print JSON (one object per line for --batch)")
    p.add_argument("--batch", metavar="FILE.csv", help="one scenario per row ('-' reads standard input), streamed; "
                   "columns named like the flags with underscores; an empty cell means the flag is not given; "
                   "required columns: rules, track, beneficiaries, benchmark_per_capita, savings_pct (and "
                   "performance_year for rulebooks with years). A bad row prints an object with 'error' and "
                   "'line'; exit 1 when some rows failed")
    p.add_argument("--scenario", metavar="FILE.json", help="settle the scenario saved in a scenario file; "
                   "scenario flags given as well override its values")
    outlook_flags.add_spread_arguments(p)
    outlook_flags.add_rules_file_argument(p)
    p.add_argument("--aco", metavar="ID-OR-EXACT-NAME", help="settle a real ACO-year (with --performance-year) "
                   "from CMS's results; scenario flags given as well override single inputs (see find-aco)")
    p.add_argument("--puf", action="append", default=[], metavar="FILE",
                   help="with --aco: also look in a CMS results file (repeatable)")
    p.set_defaults(func=cmd_settle)
    _add_planning_commands(sub, rules)
    p = sub.add_parser("rules", help="list rulebooks, tracks, years and sources")
    p.set_defaults(func=cmd_rules)
    p = sub.add_parser("reproduce-puf", help="recompute EarnSaveLoss for every ACO-year in CMS results files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="CMS results CSV files, any mix: the merged 2013-2021 table, raw 2013/2014 files, "
                   "PY2022-2024 files (layout recognised by the header)")
    p.set_defaults(func=cmd_reproduce)
    p = sub.add_parser("report", help="write a one-page PDF meeting report for a scenario file")
    p.add_argument("file", metavar="FILE", help="a scenario file (.json), e.g. resources/presets/*.json")
    p.add_argument("out", metavar="OUT.pdf", help="the PDF to write (replaced if it exists)")
    p.set_defaults(func=cmd_report)
    from aco_desktop.commands import aco as cli_aco
    from aco_desktop.commands import reform_impact

    cli_aco.add_parsers(sub)
    p = sub.add_parser("reform-impact", help="re-settle every real ACO-year of a year under a reform rule file")
    reform_impact.add_arguments(p)
    p.set_defaults(func=reform_impact.run)
    return parser


def _with_scenario(handler):
    """A handler of aco_desktop.commands run on the scenario the flags describe (built here: flags named)."""
    return lambda ns, rules: handler(ns, rules, scenario_from_namespace(ns))


def _add_planning_commands(sub, rules: RuleRegistry | None) -> None:
    """The commands whose handlers live in aco_desktop.commands: scenario, outlook and rule-file flags."""
    from aco_desktop.commands import agreement, options, sensitivity

    helps = {"options": (options, "the track chooser: every level and MSR/MLR election of the year, by "
                                  "expected payment"),
             "agreement": (agreement, "a whole agreement year by year: plan, withhold, outlook, costs, "
                                      "repayment mechanism, break-even"),
             "sensitivity": (sensitivity, "the track's payment over savings x quality and savings x size")}
    for name, (module, text) in helps.items():
        p = sub.add_parser(name, help=text)
        add_scenario_arguments(p, rules)
        outlook_flags.add_spread_arguments(p)
        outlook_flags.add_rules_file_argument(p)
        module.add_arguments(p)
        p.set_defaults(func=_with_scenario(module.run))


COMMANDS = ("settle", "options", "agreement", "sensitivity", "rules", "reproduce-puf", "report", "build-aco-table",
            "find-aco", "reform-impact")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        shipped = RuleRegistry.load()
    except RuleFileError:
        shipped = None  # the help cannot name what the files hold; the command below reports why
    ns = build_parser(shipped).parse_args(argv)
    try:
        rules = shipped if shipped is not None else RuleRegistry.load()
        return ns.func(ns, outlook_flags.with_rules_file(rules, getattr(ns, "rules_file", None)))
    except (BadInput, RuleFileError) as exc:
        print(f"aco-desktop: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ScenarioError as exc:  # the commands' own inputs (aco_desktop.commands)
        print(f"aco-desktop: error: {flag(exc.field)}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
