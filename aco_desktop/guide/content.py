"""Load and check the help files: the glossary, the how-tos and the tour.

Every error names the file and the place (``tour.toml: step 3 (quality): scenario.savings_pct: ...``),
as rule-file errors do, so a teacher who edits the tour sees where it went wrong.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aco_desktop.resources import resources_dir
from aco_desktop.scenario import Scenario

# The chart layers a tour step may show (the window maps each to its plot items).
LAYERS = ("curve", "marker", "msr", "mlr", "corridor", "net_threshold", "savings_cap", "loss_cap", "expected",
          "spread")


class GuideFileError(Exception):
    """A help file is missing or invalid; the message names the file and the place."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Term(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    term: str = Field(min_length=1)
    definition: str = Field(min_length=10)
    source: str = Field(min_length=1)
    aliases: list[str] = []
    see: list[str] = []


class Glossary(_Frozen):
    term: list[Term] = Field(min_length=1)

    def lookup(self, text: str) -> Term | None:
        """The term a label or word names ('MSR', 'Most it can owe', 'loss rate'), case-insensitive."""
        wanted = text.strip().lower()
        for item in self.term:
            names = [item.id, item.term, *item.aliases]
            if any(wanted == name.lower() for name in names):
                return item
        return None


class HowTo(_Frozen):
    title: str
    steps: list[str] = Field(min_length=1)


class _HowTos(_Frozen):
    question: list[HowTo] = Field(min_length=1)


class TourStep(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    text: str = Field(min_length=10)
    scenario: dict[str, object] = {}
    layers: list[str] = Field(min_length=1)

    @field_validator("layers")
    @classmethod
    def _known_layers(cls, layers: list[str]) -> list[str]:
        unknown = [layer for layer in layers if layer not in LAYERS]
        if unknown:
            raise ValueError(f"unknown layer(s) {', '.join(unknown)}; layers: {', '.join(LAYERS)}")
        return layers


class Tour(_Frozen):
    base: dict[str, object]
    step: list[TourStep] = Field(min_length=1)

    def scenario_at(self, index: int) -> Scenario:
        """The scenario step ``index`` shows: the base with the step's changes (validated)."""
        return Scenario.model_validate({**self.base, **self.step[index].scenario})


def help_dir() -> Path:
    return resources_dir() / "help"


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GuideFileError(f"{path}: help file not found; the installation is incomplete") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GuideFileError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise GuideFileError(f"{path.name}: not valid TOML ({exc})") from None


def _validate(model: type[BaseModel], path: Path, data: dict):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise GuideFileError(f"{path.name}: {where}: {first['msg'].removeprefix('Value error, ')}") from None


def load_glossary(path: Path | None = None) -> Glossary:
    path = path or help_dir() / "glossary.toml"
    glossary = _validate(Glossary, path, _read(path))
    ids = [t.id for t in glossary.term]
    for item in glossary.term:
        missing = [ref for ref in item.see if ref not in ids]
        if missing:
            raise GuideFileError(f"{path.name}: term {item.id}: 'see' names unknown term(s) {', '.join(missing)}")
    return glossary


def load_howtos(path: Path | None = None) -> list[HowTo]:
    path = path or help_dir() / "howto.toml"
    return list(_validate(_HowTos, path, _read(path)).question)


def load_tour(path: Path | None = None) -> Tour:
    """The tour, every step's scenario checked against the scenario's own bounds."""
    path = path or help_dir() / "tour.toml"
    tour = _validate(Tour, path, _read(path))
    for number, step in enumerate(tour.step, start=1):
        try:
            tour.scenario_at(number - 1)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "scenario"
            raise GuideFileError(f"{path.name}: step {number} ({step.id}): {where}: "
                                 f"{first['msg'].removeprefix('Value error, ')}") from None
    return tour
