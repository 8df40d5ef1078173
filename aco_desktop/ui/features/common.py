"""Small pieces the teaching features share: finding (or adding) a top-level menu, and a key trap that
takes chosen keys before any input or shortcut sees them (the tour's Right/Space/Esc, F1 on an input)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMenu, QWidget


def menu(window, title: str) -> QMenu:
    """The window's top-level menu titled ``title`` ('&View'), added before Help if it is not there."""
    bar = window.menuBar()
    plain = title.replace("&", "")
    for action in bar.actions():
        if action.menu() is not None and action.text().replace("&", "") == plain:
            return action.menu()
    new = QMenu(title, bar)
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None and plain != "Help":
        bar.insertMenu(help_action, new)
    else:
        bar.addMenu(new)
    return new


class KeyTrap(QObject):
    """While installed, a key press inside ``window`` that ``handle(key)`` returns True for is taken
    (also from shortcuts: the ShortcutOverride is accepted, so an equal shortcut elsewhere does not fire)."""

    def __init__(self, window: QWidget, wants: Callable[[int, QWidget], bool], handle: Callable[[int], None]):
        super().__init__(window)
        self._window, self._wants, self._handle = window, wants, handle
        self.active = False

    def start(self) -> None:
        if not self.active:
            QApplication.instance().installEventFilter(self)
            self.active = True

    def stop(self) -> None:
        if self.active:
            QApplication.instance().removeEventFilter(self)
            self.active = False

    def eventFilter(self, target, event) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(target, QWidget) or target.window() is not self._window.window():
            return False
        if not self._wants(event.key(), target):
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self._handle(event.key())
        return True
