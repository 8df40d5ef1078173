"""One line of plain text for any error the app reports to a user (status line, dialog, file error).

``explain(exc)`` is the single place an exception becomes words: a refused change (``ScenarioError``,
pydantic's ``ValidationError``), a file that cannot be used (``OSError``), or any error that already
carries one line of its own (rule, scenario-file and export errors).
"""

from __future__ import annotations

import errno
from typing import Any

from pydantic import ValidationError

from aco_desktop.engine import ScenarioError
from aco_desktop.scenario import Scenario


def explain(exc: BaseException, action: str = "open") -> str:
    """One line saying what is wrong. ``action`` words an ``OSError`` ('cannot open: ...')."""
    if isinstance(exc, ScenarioError):
        return exc.message if exc.message[:1].isupper() else f"{exc.field.replace('_', ' ')}: {exc.message}"
    if isinstance(exc, ValidationError):
        return _validation(exc)
    if isinstance(exc, OSError):
        return _os_error(exc, action)
    return " ".join(str(exc).split()) or type(exc).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _names_its_field(msg: str) -> bool:
    """The scenario's own checks start their message with the field they refuse ('quality_pct must...')."""
    return msg.split(" ", 1)[0] in Scenario.model_fields


def _validation(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        text = f"\"{where}\" is missing"
    elif err["type"] == "extra_forbidden":
        text = f"unknown key \"{where}\" (not a field this version knows)"
    elif err["type"] == "value_error" and (not where or _names_its_field(msg)):
        text = f"{where}.{msg}" if where else msg
    elif err["type"] in ("model_type", "dict_type"):
        text = f"\"{where}\" must be a JSON object {{...}}; got {_short(err.get('input'))}"
    else:
        text = f"{where}: {msg}; got {_short(err.get('input'))}" if where else msg
    more = exc.error_count() - 1
    return text + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def _os_error(exc: OSError, action: str) -> str:
    """'cannot save: the disk is full (...)': what went wrong, in the user's words."""
    if isinstance(exc, FileNotFoundError):
        return f"cannot {action}: " + ("no such file or folder" if action == "open" else "no such folder")
    if isinstance(exc, IsADirectoryError):
        return f"cannot {action}: it is a folder, not a file"
    if isinstance(exc, NotADirectoryError):
        return f"cannot {action}: part of the path is a file, not a folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot {action}: permission denied (the folder or file is read-only for you)"
    if exc.errno == errno.EROFS:
        return f"cannot {action}: the disk or folder is read-only"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"cannot {action}: the disk is full (no space left); any previous file is unchanged"
    return f"cannot {action}: {exc.strerror or exc}"
