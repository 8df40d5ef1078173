"""Issue 14, item 5: the window fits a 1366x768 screen, its default size comes from the screen, and
the headline follows the text size."""

from __future__ import annotations

from aco_desktop.scenario import Scenario

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
