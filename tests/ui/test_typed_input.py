"""Issue 14, item 2: strict typed input, refused where typed with the reason; session undo from a box;
one Tab stop per field; a fine savings slider."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from aco_desktop.scenario import Scenario


def type_and_enter(qtbot, field, text: str) -> None:
    edit = field.box.lineEdit()
    field.box.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("name, text", [("savings_pct", "2,5"), ("savings_pct", "1e9"),
                                        ("quality_pct", "-5"), ("savings_pct", "-500"),
                                        ("beneficiaries", "lots")])
def test_a_bad_value_is_refused_where_typed_and_the_last_good_value_kept(make_window, qtbot, name, text) -> None:
    window = make_window(Scenario())
    field = window.controls.slider(name)
    field.box.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    before = window.session.scenario
    type_and_enter(qtbot, field, text)
    assert window.session.scenario == before  # nothing read loosely, nothing clamped
    assert field.value() == getattr(before, name)
    assert field.reason.isVisible() and field.reason.text()
    assert window.statusBar().currentMessage() == field.reason.text()
    type_and_enter(qtbot, field, "4" if name != "beneficiaries" else "20000")
    assert not field.reason.isVisible()


def test_the_decimal_separator_follows_the_locale(make_window, qtbot) -> None:
    window = make_window(Scenario())
    field = window.controls.slider("savings_pct")
    field.box.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    type_and_enter(qtbot, field, "2,5")
    assert window.session.scenario.savings_pct == 2.5


def test_undo_and_redo_work_while_a_value_box_has_focus(make_window, qtbot) -> None:
    window = make_window(Scenario())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    field = window.controls.slider("quality_pct")
    start = window.session.scenario.quality_pct
    type_and_enter(qtbot, field, "70")
    assert window.session.scenario.quality_pct == 70
    qtbot.keyClick(field.box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.scenario.quality_pct == start and field.value() == start
    qtbot.keyClick(field.box.lineEdit(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.scenario.quality_pct == 70


def test_one_tab_stop_per_field_and_a_fine_savings_slider(make_window) -> None:
    window = make_window(Scenario())
    for name in ("savings_pct", "quality_pct", "beneficiaries"):
        field = window.controls.slider(name)
        assert not field.slider.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert field.box.focusPolicy() & Qt.FocusPolicy.TabFocus
    savings = window.controls.slider("savings_pct")
    steps = {round(savings._to_value(p + 1) - savings._to_value(p), 6) for p in range(100, 200)}
    assert max(steps) <= 0.05
