"""Presets: scenario files shipped in ``resources/presets/`` (worked cases and real ACO-years).

A preset is an ordinary scenario file (``session.files``); its id is the file name without the order
prefix and the suffix (``02-net-2-percent-threshold.json`` -> ``net-2-percent-threshold``). Presets are
listed in file-name order, which is the teaching order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from aco_desktop.resources import resources_dir
from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.files import SUFFIX, ScenarioFile, read_scenario_file

_ORDER_PREFIX = re.compile(r"^\d+-")


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    name: str
    note: str
    source: str
    path: Path
    expected_earned: float | None = None

    def load(self, rules: RuleRegistry) -> ScenarioFile:
        return read_scenario_file(self.path, rules)


def presets_dir() -> Path:
    return resources_dir() / "presets"


def preset_id(path: Path) -> str:
    return _ORDER_PREFIX.sub("", path.name.removesuffix(SUFFIX))


def list_presets(rules: RuleRegistry, folder: Path | None = None) -> list[Preset]:
    """Every preset, in teaching order. Raises ``ScenarioFileError`` if a shipped preset is broken."""
    presets = []
    for path in sorted((folder or presets_dir()).glob(f"*{SUFFIX}")):
        file = read_scenario_file(path, rules)
        presets.append(Preset(preset_id(path), file.name or preset_id(path), file.note, file.source, path,
                              file.expected_earned))
    return presets


def load_preset(preset: str, rules: RuleRegistry, folder: Path | None = None) -> ScenarioFile:
    """The preset with id ``preset``. Raises ``KeyError`` naming the known ids when there is none."""
    for path in sorted((folder or presets_dir()).glob(f"*{SUFFIX}")):
        if preset_id(path) == preset:
            return read_scenario_file(path, rules)
    known = ", ".join(p.id for p in list_presets(rules, folder))
    raise KeyError(f"no preset {preset!r}; presets: {known}")


EARLIER_RULES_FROM = 10  # presets numbered 10 and above use the 2011-2014 rules


def is_earlier_rules(preset: Preset) -> bool:
    """Whether ``preset`` belongs to the older rules (listed after today's, in their own submenu)."""
    match = re.match(r"^(\d+)-", preset.path.name)
    return bool(match) and int(match.group(1)) >= EARLIER_RULES_FROM


def opening_scenario(rules: RuleRegistry, today: date) -> Scenario:
    """What a new window (and File > New, Reset) shows: the rules in force for the current performance
    year (``today``'s year, or the latest year a rule file holds), on the first track the rule file lists
    for that year (BASIC level A today), first agreement year; other inputs at their defaults."""
    books = [book for book in rules.books() if book.in_force and book.has_performance_years]
    if not books:  # only never-in-force rules loaded (a damaged installation): the first one there is
        return Scenario(rules=rules.books()[0].id, track=next(iter(rules.books()[0].tracks)))
    book = max(books, key=lambda b: b.years.stop)
    year = min(today.year, book.years.stop - 1)
    track = next(tid for tid, t in book.tracks.items() if t.first_year <= year <= t.last_year)
    return Scenario(rules=book.id, track=track, performance_year=year, agreement_year=1)
