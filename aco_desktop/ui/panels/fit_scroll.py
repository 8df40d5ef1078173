"""A scroll area whose page fills the view down to a floor and scrolls only below it.

QScrollArea's own resizing (``widgetResizable``) gives a page with a word-wrapped label its full preferred
height (its height-for-width), so charts on it stop shrinking and push the rest below the fold. Here the
page is always exactly the view's size, never smaller than ``floor()``: above the floor everything
shrinks to fit as without a scroll area; below it (a 200% screen, the largest text) the page scrolls.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class FitScroll(QScrollArea):
    def __init__(self, page: QWidget, floor: Callable[[], QSize], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._floor = floor
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(page)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        page.installEventFilter(self)

    def page_size(self) -> QSize:
        """The page's size for the view as it is now: the view's, or the floor where that is larger (with
        room taken by the scroll bar that then appears)."""
        view = self.maximumViewportSize()
        floor = self._floor()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width, height = view.width(), view.height()
        for _ in range(2):  # a bar one way takes room the other way
            if floor.width() > width and height == view.height():
                height = view.height() - bar
            if floor.height() > height and width == view.width():
                width = view.width() - bar
        return QSize(max(width, floor.width()), max(height, floor.height()))

    def fit_page(self) -> None:
        page = self.widget()
        if page is not None and page.size() != (size := self.page_size()):
            page.resize(size)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.fit_page()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_page()  # a line appeared or the text size changed: the floor may have moved
        return super().eventFilter(watched, event)
