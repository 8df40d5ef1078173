"""``view.palette``'s hex strings as Qt colours."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor

from aco_desktop.view.palette import rgba


@lru_cache(maxsize=None)
def _rgba(color: str) -> tuple[int, int, int, int]:
    return rgba(color)


def qcolor(color: str) -> QColor:
    """A new QColor for '#rrggbb' or '#rrggbbaa' (alpha last, as in CSS)."""
    return QColor(*_rgba(color))
