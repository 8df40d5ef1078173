"""Issue 14, item 5: the window fits a 1366x768 screen, its default size comes from the screen, and
the headline follows the text size. And: it fits a 200% screen (960x540 logical) at the default and the
largest text, every input and panel can be scrolled to, and new key figures never re-lay-out the window."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QScrollArea, QSpinBox, QWidget

from aco_desktop.scenario import Scenario
from aco_desktop.ui.desktop import FONT_STEPS

from .conftest import save_screenshot


def test_fits_a_laptop_screen_with_nothing_cut_off(make_window, qapp) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=40))
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740
    window.resize(1366, 740)
    qapp.processEvents()
    headline = window.headline
    assert headline.heightForWidth(headline.width()) <= headline.height()  # the sentence and its effects
    save_screenshot(window, "laptop-1366x768")


def test_default_size_comes_from_the_screen_and_the_headline_scales(make_window, qapp) -> None:
    window = make_window(with_settings=False, resize=False)
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    before = window.headline.height()
    size = qapp.font().pointSize()
    try:
        window.set_font_size(size + 4)
        qapp.processEvents()
        assert window.headline.height() > before
    finally:
        window.set_font_size(size)


def test_key_figures_and_charts_follow_the_text_size(make_window, qapp) -> None:
    window = make_window(Scenario())
    earned = window.figures.values["earned"].font().pointSizeF()
    axis = window.plot.getPlotItem().getAxis("left")
    size = qapp.font().pointSize()
    try:
        window.set_font_size(size + 4)
        assert window.figures.values["earned"].font().pointSizeF() > earned
        assert axis.style["tickFont"] is not None and axis.style["tickFont"].pointSizeF() > size
    finally:
        window.set_font_size(size)


# ---- a 200% screen (960x540 logical) and the largest text -------------------------------------------

SMALL_SCREEN = (960, 540)  # 1920x1080 at 200%, in logical pixels


class _LayoutRequests(QObject):
    """Counts the LayoutRequest events that reach the watched widgets."""

    def __init__(self, *widgets) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


@contextmanager
def _text_size(window, qapp, points: int):
    before = qapp.font().pointSize()
    window.set_font_size(points)
    try:
        yield
    finally:
        window.set_font_size(before)


def _settle(qapp) -> None:
    for _ in range(3):
        qapp.processEvents()


def _inputs(window) -> list[QWidget]:
    controls = window.controls
    widgets = [controls.slider(name).box for name in controls._sliders]
    widgets += [w for w in controls.findChildren(QWidget) if isinstance(w, (QComboBox, QSpinBox, QCheckBox))]
    return [w for w in widgets if w.isVisibleTo(controls)]


def _in_view(scroll: QScrollArea, widget: QWidget) -> bool:
    corner = widget.mapTo(scroll.widget(), QPoint(0, 0))  # scroll so the whole widget shows, if it can
    scroll.ensureVisible(corner.x() + widget.width() // 2, corner.y() + widget.height() // 2,
                         (widget.width() + 1) // 2, (widget.height() + 1) // 2)
    QApplication.processEvents()
    view = scroll.viewport().rect()
    shown = QRect(widget.mapTo(scroll.viewport(), QPoint(0, 0)), widget.size())
    if widget.height() > view.height() or widget.width() > view.width():  # the largest text: whole on the page
        page = QRect(widget.mapTo(scroll.widget(), QPoint(0, 0)), widget.size())
        return scroll.widget().rect().contains(page) and view.intersects(shown)
    return view.contains(shown)


@pytest.mark.parametrize("points", [None, FONT_STEPS[-1]], ids=["default-text", "largest-text"])
def test_the_window_fits_a_200_percent_screen_and_everything_can_be_scrolled_to(make_window, qapp, points) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    with _text_size(window, qapp, points or qapp.font().pointSize()):
        hint = window.minimumSizeHint()
        assert hint.width() <= SMALL_SCREEN[0] and hint.height() <= SMALL_SCREEN[1], hint
        window.resize(*SMALL_SCREEN)
        _settle(qapp)
        assert (window.width(), window.height()) == SMALL_SCREEN
        unreachable = [w.accessibleName() or w.toolTip()[:40] for w in _inputs(window) if not _in_view(window._scroll, w)]
        assert not unreachable
        right = window.right_scroll
        for part in (*window.figures.values.values(), window.headline, window.plot, window.who, window.statement):
            assert _in_view(right, part), type(part).__name__
        headline = window.headline
        assert headline.heightForWidth(headline.width()) <= headline.height()  # the sentence is whole
        save_screenshot(window, f"small-screen-{'largest' if points else 'default'}-text")


def test_on_a_laptop_the_charts_shrink_to_fit_without_scrolling(make_window, qapp) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.resize(1366, 740)
    _settle(qapp)
    right = window.right_scroll
    assert not right.verticalScrollBar().isVisible() and not right.horizontalScrollBar().isVisible()
    assert window.figures.columns == 4  # two rows of four, as before
    view = right.viewport().rect()
    for part in (window.plot, window.who, window.statement):
        top_left = part.mapTo(right.viewport(), QPoint(0, 0))
        assert view.contains(QRect(top_left, part.size())), type(part).__name__


def test_at_the_largest_text_on_a_laptop_the_inputs_need_no_sideways_scrolling(make_window, qapp) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.resize(1366, 740)
    with _text_size(window, qapp, FONT_STEPS[-1]):
        _settle(qapp)
        assert not window._scroll.horizontalScrollBar().isVisible()
        box = window.controls.slider("beneficiaries").box
        assert box.width() >= box.fontMetrics().horizontalAdvance("15,000 people")


@pytest.mark.parametrize("points", [None, FONT_STEPS[-1]], ids=["default-text", "largest-text"])
def test_new_key_figures_never_re_lay_out_the_window(make_window, qapp, points) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    with _text_size(window, qapp, points or qapp.font().pointSize()):
        _settle(qapp)
        figures = window.figures
        for label in (*figures.values.values(), *figures.deltas.values()):
            assert label.minimumSize() == label.maximumSize()  # fixed: Qt does not pass a new text upwards
        widest = figures.values["earned"]
        assert widest.width() >= widest.fontMetrics().horizontalAdvance("-$000,000,000")
        watch = _LayoutRequests(window, window.right_column, figures)
        cells = window.screen_shown.figures
        for text in ("-$123,456,789", "$1", "none", "$16,500,000"):
            figures.show_figures(tuple(replace(c, text=text, delta=f"\N{GREEK CAPITAL LETTER DELTA} {text}")
                                       for c in cells))
            _settle(qapp)
        assert watch.count == 0


@pytest.mark.parametrize("size", [(1366, 740), SMALL_SCREEN], ids=["laptop", "small-screen"])
def test_a_long_chart_key_wraps_inside_the_chart(make_window, qapp, size) -> None:
    """A pinned baseline doubles the key; it used to widen the plot past the widget (the chart's right
    part and the key were cut off on a laptop)."""
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.pin_baseline()
    window.apply_changes({"savings_pct": 3.0})
    window.resize(*size)
    _settle(qapp)
    for chart in (window.plot, window.who):
        item = chart.getPlotItem()
        assert item.geometry().width() <= chart.viewport().width() + 1, type(chart).__name__
        key = item.titleLabel
        assert key.itemRect().height() <= key.geometry().height() + 1  # every line of the key shows
    save_screenshot(window, f"pinned-{size[0]}x{size[1]}")


def test_the_window_remembers_its_size_on_this_screen(make_window, settings, qapp) -> None:
    from aco_desktop.ui.desktop import _screen_key

    window = make_window(resize=False)
    window.resize(700, 500)  # within the offscreen screen; the window's minimum is far smaller now
    qapp.processEvents()
    window.close()
    assert settings.value(_screen_key(window)) is not None  # under this screen's name and size
    again = make_window(resize=False)
    assert (again.width(), again.height()) == (700, 500)


def test_who_keeps_what_amounts_never_stack_on_a_short_chart(make_window, qapp) -> None:
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.resize(1366, 740)
    _settle(qapp)
    axis = window.who.getPlotItem().getAxis("left")
    low, high = window.who.getPlotItem().viewRange()[1]
    pixels = axis.geometry().height()
    spacing = axis.tickSpacing(low, high, pixels)[0][0]
    font = axis.style["tickFont"] or qapp.font()
    assert spacing * pixels / (high - low) >= QFontMetrics(font).height()  # room for each amount's text


def test_key_figures_fold_when_their_type_grows_without_a_resize(make_window, qapp) -> None:
    """Presentation mode doubles the figures' type; the strip folds at once, whatever the window does."""
    window = make_window(Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=4))
    window.resize(1366, 740)
    _settle(qapp)
    figures = window.figures
    assert figures.columns == 4
    for label in figures.values.values():
        big = label.font()
        big.setPointSizeF(big.pointSizeF() * 2)
        label.setFont(big)
    _settle(qapp)
    assert figures.columns < 4 and figures.width_for(figures.columns) <= figures.width()
