"""The headline sentence above the charts and the notice below them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from aco_desktop.view import palette


class Headline(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        # A fixed height: a new sentence on every drag must not re-lay-out the window.
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 6)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_text(self, text: str) -> None:
        self.setText(text)


class Notice(QLabel):
    """What the user must know about the numbers shown; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {palette.NOTICE_TEXT};")

    def show_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))
