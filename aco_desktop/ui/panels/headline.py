"""The headline sentence above the charts, the notice below them, and a wrapping line of text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from aco_desktop.ui.colors import qcolor
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
        # must not re-lay-out the window. It follows the text size and the width (a narrow column wraps
        # the sentence onto more lines), and grows, rarely, for a longer sentence; it never shrinks
        # during a drag.
        lines = self.fontMetrics().lineSpacing() * 3 + 6
        height = max(lines, self.heightForWidth(self.width()) if self.text() else 0)
        if height != self.height() or self.minimumHeight() != self.maximumHeight():
            self.setFixedHeight(height)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def show_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            if self.heightForWidth(self.width()) > self.height():  # a longer sentence: grow, once
                self._fit_height()


class Notice(QLabel):
    """What the user must know about the numbers shown; hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        colors = self.palette()  # not a style sheet: that would pin the text size it had when set
        colors.setColor(QPalette.ColorRole.WindowText, qcolor(palette.NOTICE_TEXT))
        self.setPalette(colors)

    def show_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))


class WrappingLine(QLabel):
    """A line of text as tall as its words need at the current width (one line on a laptop, two on a 200%
    screen or with large text): never cut off at the right, and re-laid-out only when the number of lines
    it needs changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def _fit_height(self) -> None:
        height = self.heightForWidth(self.width()) if self.text() else self.fontMetrics().lineSpacing()
        if height > 0 and height != self.height():
            self.setFixedHeight(height)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self._fit_height()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()
