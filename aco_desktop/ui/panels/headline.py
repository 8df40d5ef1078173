"""The headline sentence above the charts and the notice below them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from aco_desktop.view import palette


class Headline(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._fit_height()
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _fit_height(self) -> None:
        # A fixed height (the sentence, and a line for what the rules did): a new sentence on every drag
        # must not re-lay-out the window. It follows the text size.
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 6)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def show_text(self, text: str) -> None:
        if text != self.text():
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
