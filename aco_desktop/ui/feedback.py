"""What actions may ask of the window: say something, warn, ask whether unsaved work may go.

Actions get this instead of the window, so they need not know it (and the window module need not be
imported by them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Feedback:
    tell: Callable[[str], None]  # a status-line message
    warn: Callable[[str, str], None]  # (title, message): a problem the user must see; never blocks
    may_discard_changes: Callable[[], bool]  # asks to save unsaved work; False: the user cancelled
