"""Load rule files from ``resources/rules/`` into validated ``Rulebook`` models.

Every error names the file and the field, so a broken rule file says where it is broken.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from aco_desktop.resources import resources_dir
from aco_desktop.rules.schema import Rulebook


class RuleFileError(Exception):
    """A rule file is missing, unreadable or invalid. The message names the file and the field."""


def rules_dir() -> Path:
    return resources_dir() / "rules"


def load_rulebook_file(path: Path) -> Rulebook:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError(f"{path}: rule file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: not valid TOML ({exc})") from None
    try:
        book = Rulebook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise RuleFileError(f"{path.name}: field '{where}': {first['msg']}{more}") from None
    if book.id != path.stem:
        raise RuleFileError(f"{path.name}: field 'id': {book.id!r} must match the file name {path.stem!r}")
    return book


@lru_cache(maxsize=None)
def _load_all(folder: Path) -> dict[str, Rulebook]:
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: rule folder not found; the installation is incomplete")
    books = {p.stem: load_rulebook_file(p) for p in sorted(folder.glob("*.toml"))}
    if not books:
        raise RuleFileError(f"{folder}: no rule files (*.toml) found; the installation is incomplete")
    return books


@lru_cache(maxsize=1)
def _default_folder() -> Path:
    return rules_dir().resolve()


def all_rulebooks(folder: Path | None = None) -> dict[str, Rulebook]:
    """Every rulebook by id (loaded once and cached)."""
    return _load_all(folder.resolve() if folder is not None else _default_folder())


def get_rulebook(rulebook_id: str, folder: Path | None = None) -> Rulebook:
    books = all_rulebooks(folder)
    try:
        return books[rulebook_id]
    except KeyError:
        raise RuleFileError(
            f"unknown rulebook {rulebook_id!r}; available: {', '.join(sorted(books))}"
        ) from None
