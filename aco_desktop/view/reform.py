"""Reforms for the rule editor, Qt-free: edit one value of a rulebook (strictly: a number, inside the
schema's bounds, or refused naming the field), write a rulebook as TOML of the same schema (tomllib
reads but does not write: a small writer for the shapes the schema uses), settle a scenario under the
reform beside the law, and the difference in every key figure."""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from aco_desktop.engine import Settlement, payoff_curve, settle
from aco_desktop.rules import RuleFileError, RuleRegistry
from aco_desktop.rules.loader import load_rulebook_file
from aco_desktop.rules.schema import Rulebook
from aco_desktop.safe_write import write_atomically
from aco_desktop.scenario import Scenario
from aco_desktop.view.chart import PLOT_POINTS, curve_span
from aco_desktop.view.figures import FIGURES, figure_text

Path_ = tuple  # a value's place in the rulebook's model_dump: ("models", "enhanced", "max_sharing_rate", "value")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class ReformError(ValueError):
    """An edit or a reform the rules refuse; the message names the field and why."""


def where(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def leaves(data, path: Path_ = ()) -> list[tuple[Path_, object]]:
    """Every value of a model_dump with its place (dicts by key, lists by index), in order."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in leaves(value, (*path, key))]
    if isinstance(data, list) and data and (isinstance(data[0], (dict, list)) or all(map(is_number, data))):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, (*path, i))]
    return [(path, data)]


def parse_number(text: str, was: object) -> int | float:
    """A typed value: '0.8', '1e-3', '12,000'; an int where the rule file had an int."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise ReformError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(number):
        raise ReformError(f"{text.strip()!r} is not a finite number")
    if isinstance(was, int) and number.is_integer():
        return int(number)
    return number


def validated(data: dict) -> Rulebook:
    """The rulebook ``data`` describes, or ``ReformError`` naming the first field the schema refuses."""
    try:
        return Rulebook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ReformError(f"field '{where(first['loc'])}': {first['msg'].removeprefix('Value error, ')}") from None


def with_value(book: Rulebook, path: Path_, text: str) -> Rulebook:
    """``book`` with the number at ``path`` set to ``text`` (``ReformError`` naming the field if refused)."""
    data = copy.deepcopy(book.model_dump())
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    was = parent[path[-1]]
    if not is_number(was) and was is not None:
        raise ReformError(f"field '{where(path)}': only numbers can be edited here")
    try:
        parent[path[-1]] = parse_number(text, was)
    except ReformError as exc:
        raise ReformError(f"field '{where(path)}': {exc}") from None
    return validated(data)


def renamed(book: Rulebook, reform_id: str, law: RuleRegistry) -> Rulebook:
    """The reform under its own id: a file-name-like word, not a shipped rulebook's id."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", reform_id):
        raise ReformError(f"field 'id': {reform_id!r}: use lower-case letters, digits, '-' or '_' (it names the file)")
    if reform_id in law:
        raise ReformError(f"field 'id': {reform_id!r} is a shipped rulebook's id; give the reform its own id")
    return validated({**book.model_dump(), "id": reform_id})


# ----------------------------------------------------------------------------- TOML

def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in value.items() if v is not None) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else _scalar(text)


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(data: dict, name: tuple[str, ...], out: list[str]) -> None:
    """Plain values first, then sub-tables and arrays of tables (None means 'not given': left out)."""
    for key, value in data.items():
        if value is not None and not isinstance(value, dict) and not _is_table_list(value):
            out.append(f"{_key(key)} = {_scalar(value)}")
    for key, value in data.items():
        full = (*name, _key(key))
        if isinstance(value, dict):
            out.append(f"\n[{'.'.join(full)}]")
            _table(value, full, out)
        elif _is_table_list(value):
            for row in value:
                out.append(f"\n[[{'.'.join(full)}]]")
                _table(row, full, out)


def toml_text(book: Rulebook) -> str:
    out = [f"# Reform rule file {book.id!r}: the rule schema of resources/rules/mssp.toml, written by the "
           "reform editor."]
    _table(book.model_dump(), (), out)
    return "\n".join(out) + "\n"


def save_reform(book: Rulebook, path: Path) -> Path:
    """Write ``book`` to ``path`` (its name must be the id: rule files are named after their id)."""
    if path.stem != book.id:
        raise ReformError(f"{path.name}: a rule file's name must be its id; save it as {book.id}.toml")
    return write_atomically(path, toml_text(book).encode("utf-8"))


def open_reform(path: Path, law: RuleRegistry) -> Rulebook:
    """A reform file, checked as a shipped rule file is (``RuleFileError`` names the file and field)."""
    book = load_rulebook_file(path)
    if book.id in law:
        raise RuleFileError(f"{path.name}: field 'id': {book.id!r} is a shipped rulebook's id; "
                            "give the reform its own id (and file name)")
    return book


# ----------------------------------------------------------------------------- comparison

@dataclass(frozen=True)
class Comparison:
    reform_id: str
    law: Settlement
    reform: Settlement
    x: np.ndarray  # the reform's curve: savings rate, percent (NaN at jumps)
    y: np.ndarray
    rows: tuple[tuple[str, str, str, str], ...]  # key figure, law, reform, difference (text)
    deltas: dict[str, float | None]  # key figure -> reform - law (None where either has none)


def compare(law_rules: RuleRegistry, scenario: Scenario, book: Rulebook) -> Comparison:
    """``scenario`` under the law and under the reform ``book`` (``ScenarioError`` if the reform cannot
    settle it, e.g. a track the reform does not have)."""
    law = settle(law_rules, scenario)
    reform = settle(law_rules.with_book(book), scenario.model_copy(update={"rules": book.id}))
    curve = payoff_curve(reform.terms, *curve_span(scenario.savings_pct / 100), points=PLOT_POINTS)
    rows, deltas = [], {}
    for fig in FIGURES:
        a, b = fig.value(law), fig.value(reform)
        diff = None if a is None or b is None else b - a
        deltas[fig.key] = diff
        sign = "+" if diff and diff > 0 else ""
        rows.append((fig.title, figure_text(a, fig.kind), figure_text(b, fig.kind),
                     "" if diff is None else ("no change" if abs(diff) < 1e-9 else sign + figure_text(diff, fig.kind))))
    return Comparison(book.id, law, reform, curve.rates * 100, curve.earned, tuple(rows), deltas)



# ----------------------------------------------------------------------------- program-wide

def impact_steps(items: list, year: int, rules: RuleRegistry, reform_id: str, chunk: int = 40):
    """``cms.impact.reform_impact`` in chunks, for a progress bar: yields (done, total) after each chunk
    and returns the whole ``Impact`` (as the generator's value). ``LookupError`` for a year without ACOs."""
    from aco_desktop.cms.impact import Impact, reform_impact

    chosen = [item for item in items if item.year == year]
    if not chosen:
        reform_impact(items, year, rules, reform_id)  # raises LookupError naming the years there are
    outcomes, law_ids = [], set()
    for start in range(0, len(chosen), chunk):
        part = reform_impact(chosen[start:start + chunk], year, rules, reform_id)
        outcomes += part.outcomes
        law_ids |= set(part.law_ids)
        yield min(start + chunk, len(chosen)), len(chosen)
    outcomes.sort(key=lambda o: (o.item.name.lower(), o.item.aco_id))
    return Impact(year, reform_id, tuple(sorted(law_ids)), tuple(outcomes))


def run_steps(steps):
    """Drive ``impact_steps`` to the end without a progress bar (tests, scripts); returns the Impact."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
