"""The teaching features as a user drives them: presentation mode, the guided tour, help, reforms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from .conftest import save_screenshot


def _active(window, qtbot) -> None:
    """Shortcuts need the active window, as on a desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _settle_events(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def test_presentation_mode_enlarges_and_leaving_restores_the_layout(make_window, qtbot) -> None:
    window = make_window()
    _active(window, qtbot)
    size, splits = window.size(), window.splitter.sizes()
    figure_font = window.figures.values["earned"].font().pointSizeF()
    shown = {w: w.isVisible() for w in (window.controls, window.statement, window.who, window.menuBar())}
    qtbot.keyClick(window, Qt.Key.Key_F5)
    _settle_events(qtbot)
    p = window.presentation
    assert p.active and window.isFullScreen()
    assert not window.controls.isVisible() and not window.statement.isVisible() and not window.who.isVisible()
    assert p.strip.isVisible() and list(p.fields) == ["savings_pct", "quality_pct", "beneficiaries"]
    assert window.figures.values["earned"].font().pointSizeF() >= 2 * figure_font
    assert window.plot.key_points >= 2 * 9.0  # the key above the chart grows too
    p.fields["savings_pct"].setValue(5.0)  # the big slider drives the session
    assert window.session.scenario.savings_pct == 5.0
    save_screenshot(window, "teach-presentation")
    qtbot.keyClick(window.plot, Qt.Key.Key_Escape)
    _settle_events(qtbot)
    assert not p.active and not window.isFullScreen() and not p.strip.isVisible()
    assert window.size() == size and window.splitter.sizes() == splits
    assert window.figures.values["earned"].font().pointSizeF() == figure_font
    assert window.plot.key_points == 9.0
    assert {w: w.isVisible() for w in shown} == shown


def test_the_tour_runs_first_to_last_step_showing_each_steps_scenario_and_layers(make_window, qtbot) -> None:
    from aco_desktop.guide import load_tour

    window = make_window()
    _active(window, qtbot)
    before = window.session.scenario
    tour_data = load_tour()
    outlook_drawn = hasattr(window.plot, "items_by_layer")
    window.findChild(type(window.tour.dock), "guided-tour")  # the panel lives beside the chart
    assert window.tour.start()
    assert window.tour.dock.isVisible()
    for i, step in enumerate(tour_data.step):
        assert window.tour.index == i
        assert window.session.scenario == tour_data.scenario_at(i)
        wanted = set(step.layers) if outlook_drawn else set(step.layers) - {"expected", "spread"}
        assert window.tour.layers_shown() == wanted, step.id
        assert step.title in window.tour.panel.heading.text() and window.tour.panel.text.text() == step.text
        if i in (0, 2, 5):
            save_screenshot(window, f"teach-tour-{i + 1}-{step.id}")
        qtbot.keyClick(window.controls.slider("savings_pct").box, Qt.Key.Key_Right)  # the tour takes the key
    assert not window.tour.active and not window.tour.dock.isVisible()  # Right on the last step finishes
    assert window.session.scenario == before
    assert "msr" in window.tour.layers_shown() and "savings_cap" in window.tour.layers_shown()


def test_tour_keys_back_and_escape_and_a_step_list(make_window, qtbot) -> None:
    window = make_window()
    _active(window, qtbot)
    window.tour.start(at=3)
    assert window.tour.index == 3
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.tour.index == 1
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.tour.index == 3
    window.tour.panel.steps.activated.emit(5)
    assert window.tour.index == 5 and window.tour.layers_shown() >= {"loss_cap", "mlr"}
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.tour.active


def test_a_teachers_bad_tour_file_is_refused_naming_file_and_step(make_window, tmp_path) -> None:
    from aco_desktop.guide.content import help_dir

    text = (help_dir() / "tour.toml").read_text(encoding="utf-8")
    bad = tmp_path / "my-tour.toml"
    bad.write_text(text.replace("savings_pct = 3.5", "savings_pct = 'lots'"), encoding="utf-8")
    window = make_window()
    assert not window.tour.open_file(bad)
    assert "my-tour.toml" in window.last_warning and "step 3 (jump)" in window.last_warning
    assert not window.tour.active
    mine = tmp_path / "short.toml"
    mine.write_text(text.split('[[step]]\nid = "jump"')[0], encoding="utf-8")  # the first two steps
    assert window.tour.open_file(mine) and window.tour.panel.steps.count() == 2
    window.tour.end()


def test_f1_on_the_savings_box_shows_the_glossary_entry_for_savings_rate(make_window, qtbot) -> None:
    window = make_window()
    _active(window, qtbot)
    box = window.controls.slider("savings_pct").box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_F1)
    glossary = window.help.glossary_window
    assert glossary is not None and glossary.isVisible()
    assert glossary.current_id == "savings-rate" and "Savings rate" in glossary.entry_text()
    assert "(benchmark - expenditures) / benchmark" in glossary.entry_text()
    assert "Savings rate" in box.whatsThis() and "Loss cap" in window.figures.values["max_owed"].whatsThis()
    glossary.search.setText("sequestration")
    shown = [glossary.terms.item(i).text() for i in range(glossary.terms.count())
             if not glossary.terms.item(i).isHidden()]
    assert "Sequestration" in shown and "Benchmark" not in shown
    glossary.close()


def test_every_labelled_input_has_its_glossary_entry_and_how_to_has_five_questions(make_window) -> None:
    from PySide6.QtWidgets import QLabel

    window = make_window()
    unexplained = [label.text() for label in window.controls.findChildren(QLabel)
                   if label.buddy() is not None and label.text() and not label.buddy().whatsThis()]
    assert not unexplained
    howtos = window.help.show_howtos()
    assert howtos.text.toPlainText().count("?") >= 5
    howtos.close()


RATE = ("models", "enhanced", "max_sharing_rate", "value")


def _reform_window(make_window):
    from aco_desktop.scenario import Scenario

    return make_window(Scenario(rules="mssp", track="enhanced", performance_year=2024, beneficiaries=10_000,
                                benchmark_per_capita=10_000, savings_pct=5.0))


def test_reform_editor_enhanced_080_draws_a_second_curve_and_the_difference_by_hand(make_window, qtbot) -> None:
    import numpy as np

    window = _reform_window(make_window)
    law_x, law_y = window.plot.curve_data()
    editor = window.reforms.show_editor()
    item = editor.item_at(RATE)
    assert item.text(1) == "0.75"
    item.setText(1, "0.80")  # as a user's edit in the tree
    reforms = window.reforms
    assert reforms.book.models["enhanced"].max_sharing_rate.value == 0.80
    assert reforms.comparison.deltas["earned"] == 245_000.0  # 5,000,000 x 0.05 x 0.98
    x, y = reforms.curve.getData()
    at5 = int(np.nanargmin(np.abs(x - 5.0)))
    assert x[at5] == pytest.approx(5.0)
    assert y[at5] == pytest.approx(100_000_000 * 0.05 * 0.80 * 0.98)  # the reform curve: $3,920,000 at 5%
    assert "Earned +$245,000" in reforms.summary.text()
    rows = [editor.figures.item(r, 0).text() for r in range(editor.figures.rowCount())]
    assert rows[0] == "Earned" and editor.figures.item(0, 3).text() == "+$245,000"
    # The law curve is the window's own and unchanged.
    assert np.array_equal(window.plot.curve_data()[1], law_y, equal_nan=True)
    assert window.session.scenario.rules == "mssp"
    save_screenshot(window, "teach-reform")
    editor.close()


def test_a_bad_reform_value_is_refused_naming_the_field_and_the_law_curve_stays(make_window) -> None:
    window = _reform_window(make_window)
    editor = window.reforms.show_editor()
    law_y = window.plot.curve_data()[1].copy()
    editor.item_at(RATE).setText(1, "lots")
    assert "models.enhanced.max_sharing_rate.value" in editor.error.text() and "not a number" in editor.error.text()
    assert editor.item_at(RATE).text(1) == "0.75"
    editor.item_at(RATE).setText(1, "1.5")
    assert "must be a rate from 0 to 1" in editor.error.text()
    assert window.reforms.book.models["enhanced"].max_sharing_rate.value == 0.75
    assert window.reforms.comparison.deltas["earned"] == 0
    import numpy as np
    assert np.array_equal(window.plot.curve_data()[1], law_y, equal_nan=True)
    editor.close()


def test_reform_save_and_reopen_round_trip_and_a_bad_file_keeps_the_law(make_window, tmp_path) -> None:
    from aco_desktop.rules.loader import load_rulebook_file

    window = _reform_window(make_window)
    reforms = window.reforms
    editor = reforms.show_editor()
    editor.item_at(RATE).setText(1, "0.8")
    editor.reform_id.setText("enhanced-80")
    editor.reform_id.editingFinished.emit()
    assert reforms.book.id == "enhanced-80"
    path = tmp_path / "enhanced-80.toml"
    assert reforms.save(path)
    edited = reforms.book
    assert load_rulebook_file(path) == edited
    reforms.start_from_law()
    assert reforms.comparison.deltas["earned"] == 0
    assert reforms.open(path) and reforms.book == edited and reforms.comparison.deltas["earned"] == 245_000.0
    bad = tmp_path / "broken.toml"
    bad.write_text(path.read_text(encoding="utf-8").replace("id = \"enhanced-80\"", "id = \"broken\"")
                   .replace("value = 0.8\n", "value = 8.0\n", 1), encoding="utf-8")
    assert not reforms.open(bad)
    assert "broken.toml: field" in window.last_warning
    assert reforms.book == edited and window.session.scenario.rules == "mssp"
    editor.close()


def test_reform_impact_runs_program_wide_with_progress_and_shows_totals_and_rankings(make_window) -> None:
    window = _reform_window(make_window)
    editor = window.reforms.show_editor()
    editor.item_at(RATE).setText(1, "0.8")
    dialog = window.show_reform_impact()
    dialog.year.setCurrentIndex(dialog.year.findData(2024))
    assert dialog.run()
    text = dialog.report.toPlainText()
    assert "Reform 'mssp-reform' against current law (mssp), PY2024" in text
    assert "Gain most" in text and "Lose most" in text and dialog.progress.value() == dialog.progress.maximum()
    assert dialog.impact.reform.paid > dialog.impact.law.paid
    save_screenshot(dialog, "teach-reform-impact")
    dialog.close()
    editor.close()


def test_escape_ends_the_tour_first_then_leaves_presentation_mode(make_window, qtbot) -> None:
    window = make_window()
    _active(window, qtbot)
    window.presentation.action.trigger()
    window.tour.start()
    _settle_events(qtbot)
    qtbot.keyClick(window.plot, Qt.Key.Key_Escape)
    assert not window.tour.active and window.presentation.active
    qtbot.keyClick(window.plot, Qt.Key.Key_Escape)
    _settle_events(qtbot)
    assert not window.presentation.active and not window.isFullScreen()


def test_reform_impact_can_be_stopped_mid_run_and_run_again(make_window, qtbot) -> None:
    window = _reform_window(make_window)
    editor = window.reforms.show_editor()
    editor.item_at(RATE).setText(1, "0.8")
    dialog = window.show_reform_impact()
    dialog.year.setCurrentIndex(dialog.year.findData(2024))
    QTimer.singleShot(0, lambda: qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton))
    assert not dialog.run()  # the click lands while the run processes events
    assert dialog.report.toPlainText().startswith("Stopped after ")
    assert dialog.progress.value() < dialog.progress.maximum() and dialog.impact is None
    assert dialog.run_button.isEnabled() and not dialog.stop_button.isEnabled()
    assert dialog.run() and "Gain most" in dialog.report.toPlainText()
    dialog.close()
    editor.close()
