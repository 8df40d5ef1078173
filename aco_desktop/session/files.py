"""Scenario files: JSON with a schema version, validated, migrated, written atomically.

A scenario file (schema 2) looks like::

    {"schema_version": 2, "app": "aco-desktop", "name": "...", "note": "...",
     "scenario": {...every Scenario field...}}

with optional ``source`` (where the numbers come from) and ``expected_earned`` (the settlement the
note states, in dollars; presets use it so a test can check them). Reading never trusts the file: every
problem becomes one ``ScenarioFileError`` whose message names the file and what is wrong with it, and
the scenario must be one the rules accept (``engine.resolve``). Writing goes through a temporary file in
the same folder, flushed and fsync'ed, then ``os.replace``: the target is either the old file or the new
one, never a truncated mix.

Schema history (``MIGRATIONS`` turns each version into the next):

* 1: flat, no ``note``: ``{"schema_version": 1, "app": "aco-desktop", "name": ..., "rules": ...,
  "savings_percent": ..., "fqhc_share": ..., <other Scenario fields>}``.
* 2: the scenario nested under ``scenario``; ``savings_percent`` -> ``savings_pct``, ``fqhc_share`` ->
  ``fqhc_pct``; ``note``, ``source`` and ``expected_earned`` added. Later Scenario fields
  (``revenue_category``, ``agreement_start``, ``disaster_adjustment``, ``aip_balance``) have defaults, so
  schema-2 files written before them still validate and no new schema version is needed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aco_desktop import APP_NAME
from aco_desktop.engine import ScenarioError, resolve
from aco_desktop.rules import RuleRegistry
from aco_desktop.safe_write import write_atomically
from aco_desktop.scenario import Scenario
from aco_desktop.session.errors import explain

SCHEMA_VERSION = 2
APP_ID = "aco-desktop"
SUFFIX = ".json"
MAX_FILE_BYTES = 1_000_000  # a scenario file is about 1 kB; anything this big is not one


class ScenarioFileError(Exception):
    """A scenario file cannot be read or written. ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = " ".join(problem.split())  # always one line
        super().__init__(f"{self.path}: {self.problem}")


class ScenarioFile(BaseModel):
    """What a scenario file holds (schema 2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[2] = SCHEMA_VERSION
    app: Literal["aco-desktop"] = APP_ID
    name: str = Field(default="", max_length=200, description="Title shown in the window and in lists.")
    note: str = Field(default="", max_length=20_000, description="Free text: what the scenario shows.")
    source: str = Field(default="", max_length=2_000, description="Where the numbers come from (optional).")
    expected_earned: float | None = Field(
        default=None, allow_inf_nan=False,
        description="The settlement the note states, in dollars (optional; presets carry it for tests).")
    scenario: Scenario

    @classmethod
    def of(cls, scenario: Scenario, name: str = "", note: str = "") -> "ScenarioFile":
        return cls(name=name, note=note, scenario=scenario)


# ----- migrations --------------------------------------------------------------------------------------

_V1_NAMES = {"savings_percent": "savings_pct", "fqhc_share": "fqhc_pct"}  # schema 1 name -> schema 2


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    flat = dict(data)
    flat.pop("schema_version", None)
    out: dict[str, Any] = {"schema_version": 2, "app": flat.pop("app", APP_ID), "name": flat.pop("name", ""),
                           "note": ""}
    for old, new in _V1_NAMES.items():
        if old in flat:
            if new in flat:
                raise _Invalid(f"schema 1 file has both {old!r} and {new!r}")
            flat[new] = flat.pop(old)
    out["scenario"] = flat
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


class _Invalid(Exception):
    """Internal: a problem found while reading, before the path is attached."""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a decoded file of any known schema version up to ``SCHEMA_VERSION`` (not validated yet)."""
    version = data.get("schema_version")
    if version is None:
        raise _Invalid(f"no \"schema_version\": not a scenario file of {APP_NAME}")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Invalid(f"\"schema_version\" must be a whole number; got {version!r}")
    if version > SCHEMA_VERSION:
        raise _Invalid(f"made by a newer version of {APP_NAME} (schema {version}); this version reads up to "
                       f"{SCHEMA_VERSION}")
    if version < 1:
        raise _Invalid(f"unknown \"schema_version\" {version}; this version reads 1 to {SCHEMA_VERSION}")
    app = data.get("app", APP_ID)
    if app != APP_ID:
        raise _Invalid(f"\"app\" is {app!r}: not a scenario file of {APP_NAME} (expected {APP_ID!r})")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


# ----- reading -----------------------------------------------------------------------------------------

class _NotANumber(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotANumber(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Invalid(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _decode(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise _Invalid("the file is empty")
    if b"\x00" in raw[:8192]:
        raise _Invalid("a binary file, not a scenario file (JSON text)")
    try:
        text = raw.decode("utf-8-sig")  # a leading byte-order mark (Windows editors) is allowed
    except UnicodeDecodeError as exc:
        raise _Invalid(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                       "a scenario file is JSON text") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except _NotANumber as exc:
        found = re.search(r'"([^"\\]+)"\s*:\s*' + re.escape(str(exc)), text)
        key = f"\"{found.group(1)}\" is " if found else ""
        raise _Invalid(f"{key}{exc}: not a number a scenario can hold (JSON has no NaN or Infinity)") from None
    except json.JSONDecodeError as exc:
        if not text[exc.pos:].strip():
            raise _Invalid(f"the JSON ends too early at line {exc.lineno}, column {exc.colno} "
                           "(the file is cut short)") from None
        raise _Invalid(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise _Invalid("not a scenario file: the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false",
                type(None): "null"}.get(type(data), type(data).__name__)
        raise _Invalid(f"expected a JSON object {{...}} at the top level; found {kind}")
    return data


def parse_scenario_file(raw: bytes, rules: RuleRegistry) -> ScenarioFile:
    """Decode, migrate and validate file contents. Raises ``_Invalid`` (use ``read_scenario_file``)."""
    data = _decode(raw)
    version = data.get("schema_version")
    try:
        return _validate(migrate(data), rules)
    except _Invalid as exc:
        if version == 1:  # name the fields as that file names them (flat, old names)
            text = str(exc)
            for old, new in _V1_NAMES.items():
                text = text.replace(f"scenario.{new}", old)
            raise _Invalid(text.replace("scenario.", "")) from None
        raise


def _validate(data: dict[str, Any], rules: RuleRegistry) -> ScenarioFile:
    try:
        file = ScenarioFile.model_validate(data, strict=True)
    except ValidationError as exc:
        raise _Invalid(explain(exc)) from None
    if file.scenario.rules not in rules:
        raise _Invalid(f"scenario.rules: unknown rulebook {file.scenario.rules!r}; this version knows "
                       f"{', '.join(sorted(rules))}")
    try:
        resolve(rules, file.scenario)
    except ScenarioError as exc:
        raise _Invalid(f"scenario.{exc.field}: {exc.message}") from None
    return file


def read_scenario_file(path: str | os.PathLike[str], rules: RuleRegistry) -> ScenarioFile:
    """The scenario file at ``path``, validated. Raises ``ScenarioFileError`` (one line) on any problem."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _Invalid(f"too large for a scenario file ({size:,} bytes; the limit is "
                               f"{MAX_FILE_BYTES:,})")
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:  # not a regular file, or it grew while we read
            raise _Invalid(f"too large for a scenario file (more than {MAX_FILE_BYTES:,} bytes)")
        return parse_scenario_file(raw, rules)
    except _Invalid as exc:
        raise ScenarioFileError(path, str(exc)) from None
    except OSError as exc:
        raise ScenarioFileError(path, explain(exc, "open")) from None


# ----- writing -----------------------------------------------------------------------------------------

def _no_negative_zero(value):
    """-0.0 written as 0.0 (a negative zero reads as a sign that means nothing)."""
    if isinstance(value, float):
        return 0.0 if value == 0 else value
    if isinstance(value, dict):
        return {k: _no_negative_zero(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_negative_zero(v) for v in value]
    return value


def dumps_scenario_file(file: ScenarioFile) -> bytes:
    """The bytes ``write_scenario_file`` writes: indented UTF-8 JSON, keys in schema order."""
    data = _no_negative_zero(file.model_dump(mode="json"))
    for optional in ("source", "expected_earned"):
        if data[optional] in ("", None):
            del data[optional]
    return (json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def write_scenario_file(path: str | os.PathLike[str], file: ScenarioFile) -> Path:
    """Write ``file`` to ``path`` atomically; returns the path. Raises ``ScenarioFileError`` (one line).

    A temporary file in the same folder is written, flushed and fsync'ed, then renamed over ``path``
    (``os.replace``), so a crash, a full disk or a read-only folder leaves the old file as it was.
    """
    path = Path(path)
    try:
        return write_atomically(path, dumps_scenario_file(file))
    except OSError as exc:
        raise ScenarioFileError(path, explain(exc, "save")) from None


