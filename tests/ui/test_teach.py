"""The teaching features as a user drives them: presentation mode, the guided tour, help, reforms."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
    p.fields["savings_pct"].setValue(5.0)  # the big slider drives the session
    assert window.session.scenario.savings_pct == 5.0
    save_screenshot(window, "teach-presentation")
    qtbot.keyClick(window.plot, Qt.Key.Key_Escape)
    _settle_events(qtbot)
    assert not p.active and not window.isFullScreen() and not p.strip.isVisible()
    assert window.size() == size and window.splitter.sizes() == splits
    assert window.figures.values["earned"].font().pointSizeF() == figure_font
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
