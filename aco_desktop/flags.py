"""The scenario's command-line flags, shared by the headless commands and the window's command line.

Every numeric flag comes from ``scenario.INPUTS`` (label, range, default: typed once). Bad input raises
``BadInput`` whose message names the flag and what is allowed; the caller exits with ``EXIT_BAD_INPUT``.
Qt-free, and below both ``cli`` and ``ui`` so neither imports the other.
"""

from __future__ import annotations

import argparse
from typing import Iterable

from pydantic import ValidationError

from aco_desktop.engine import ScenarioError, Settlement, settle
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import INPUTS, QUALITY_STANDARD_LABELS, REVENUE_CATEGORY_LABELS, Scenario

EXIT_BAD_INPUT = 2

# Scenario fields that are not in INPUTS (choices, flags), with their help.
_OTHER_FLAGS: dict[str, str] = {
    "rules": "rulebook id{books} (see 'aco-desktop rules')",
    "track": "track or level id{tracks} (see 'aco-desktop rules' for each one's years)",
    "performance_year": "performance year{years}, for rulebooks that have them",
    "msr_election": "elected MSR/MLR for two-sided tracks: a percent{elections} or 'table', as the rule file offers",
    "quality_standard": "quality standard: " + ", ".join(QUALITY_STANDARD_LABELS),
    "physician_group_only": "net-2%% exemption criterion: the ACO is made up only of ACO professionals in group "
                            "practices (rules with a net threshold)",
    "revenue_category": "low or high revenue, when participant revenue in dollars is not known (CMS results: "
                        "Rev_Exp_Cat); sets the low-revenue half rate",
    "agreement_start": "month the participation agreement began, YYYY-MM (default: January of performance year - "
                       "agreement year + 1); the low-revenue half rate applies by agreement start",
    "option": "flip a rule switch, NAME=CHOICE, e.g. loss_basis=above-mlr or withhold=20 (repeatable)",
}


def yes_no(text: str) -> bool:
    """A batch cell's true/false ('1', 'true', 'yes', 'y' / '0', 'false', 'no', 'n'). Raises ValueError."""
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "y"}:
        return True
    if lowered in {"0", "false", "no", "n"}:
        return False
    raise ValueError(f"expected true or false, got {text!r}")


class BadInput(Exception):
    """A user input the engine cannot take; the message names the flag."""


def flag(field: str) -> str:
    """The command-line flag for a scenario field (``options`` is given one at a time as ``--option``)."""
    return "--option" if field == "options" else "--" + field.replace("_", "-")


def _facts(rules: RuleRegistry | None) -> dict[str, str]:
    """What the help can say about rulebooks, tracks, years and elections: read from the rule files."""
    if rules is None:
        return {"books": "", "tracks": "", "years": "", "elections": ""}
    tracks = dict.fromkeys(t for book in rules.books() for t in book.tracks)
    elections = dict.fromkeys(c for book in rules.books() for model in book.models.values()
                              for c in model.msr.choices if c != "table")
    years = rules.years()
    return {"books": f": {', '.join(rules)}", "tracks": f": {', '.join(tracks)}",
            "years": f", {years.start}-{years.stop - 1}" if years else "",
            "elections": f" ({', '.join(elections)})" if elections else ""}


def add_scenario_arguments(parser: argparse.ArgumentParser, rules: RuleRegistry | None = None) -> None:
    """The scenario flags; with ``rules``, their help names the rulebooks, tracks and years the files hold."""
    facts = _facts(rules)
    helps = {name: text.format(**facts) for name, text in _OTHER_FLAGS.items()}
    group = parser.add_argument_group("scenario")
    group.add_argument("--rules", help=helps["rules"])
    group.add_argument("--track", help=helps["track"])
    group.add_argument("--performance-year", type=int, help=helps["performance_year"])
    for spec in INPUTS.values():
        group.add_argument(flag(spec.name), type=int if spec.integer else float, metavar="N",
                           help=f"{spec.definition} Range: {spec.describe_range()}. Default: {spec.default:g}."
                           .replace("%", "%%"))
    group.add_argument("--physician-group-only", action="store_true", default=None,
                       help=helps["physician_group_only"])
    group.add_argument("--msr-election", help=helps["msr_election"])
    group.add_argument("--quality-standard", choices=list(QUALITY_STANDARD_LABELS), help=helps["quality_standard"])
    group.add_argument("--revenue-category", choices=list(REVENUE_CATEGORY_LABELS), help=helps["revenue_category"])
    group.add_argument("--agreement-start", metavar="YYYY-MM", help=helps["agreement_start"])
    group.add_argument("--option", action="append", default=[], metavar="NAME=CHOICE", help=helps["option"])


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
