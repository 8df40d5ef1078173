"""Load rule files from ``resources/rules/`` into validated ``Rulebook`` models.

Every error names the file and the field, so a broken rule file says where it is broken.
"""

from __future__ import annotations

import tomllib
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
        raise RuleFileError(f"{path.name}: field '{where}': {first['msg'].removeprefix('Value error, ')}{more}") from None
    if book.id != path.stem:
        raise RuleFileError(f"{path.name}: field 'id': {book.id!r} must match the file name {path.stem!r}")
    return book
