"""View > Agreement driven as a user would: open it, type each year's savings, a bad value, a cost."""

from __future__ import annotations

from aco_desktop.engine.agreement import settle_agreement
from aco_desktop.engine.repayment import repayment_amount
from aco_desktop.format import usd
from aco_desktop.scenario import Scenario

from .conftest import save_screenshot
from ..conftest import RULES

# 20,000 beneficiaries x $10,000 = $200,000,000 benchmark; quality 100%.
PROPOSED = Scenario(rules="proposed-2011", track="track-1", beneficiaries=20_000, benchmark_per_capita=10_000,
                    quality_pct=100)


def open_view(window):
    window.agreement_action.trigger()  # View > Agreement (Ctrl+G)
    return window.agreement_view


def column(dialog, name: str) -> int:
    return dialog.picture.columns.index(name)


def cell(dialog, year: int, name: str) -> str:
    return dialog.table.item(year - 1, column(dialog, name)).text()


def type_cell(dialog, year: int, name: str, text: str) -> None:
    """What the table's editor does when the user types and presses Enter: the item's text changes."""
    dialog.table.item(year - 1, column(dialog, name)).setText(text)


def test_rows_are_the_engines_agreement_and_follow_edits(make_window) -> None:
    window = make_window(PROPOSED)
    dialog = open_view(window)
    assert dialog.isVisible() and window.agreement_action.shortcut().toString() == "Ctrl+G"
    for year, text in ((1, "3"), (2, "1"), (3, "-4")):
        type_cell(dialog, year, "Savings %", text)
    expected = settle_agreement(RULES, PROPOSED, [3, 1, -4])
    for row in expected.rows:
        assert cell(dialog, row.year, "Settlement") == usd(row.earned)
        assert cell(dialog, row.year, "Withheld") == usd(row.withheld)
        assert cell(dialog, row.year, "Cash") == usd(row.cash)
        assert cell(dialog, row.year, "Loss cap") == ("-" if row.loss_cap is None else usd(row.loss_cap))
    # Year 1 earned $1,000,000, $250,000 withheld; year 3 owes: loss cap $10,000,000, $2,950,000 after the offset.
    assert (cell(dialog, 1, "Settlement"), cell(dialog, 1, "Withheld")) == ("$1,000,000", "$250,000")
    assert (cell(dialog, 3, "Loss cap"), cell(dialog, 3, "Cash"), cell(dialog, 3, "Loss year")) == (
        "$10,000,000", "-$2,950,000", "yes")
    assert "5th-95th percentile" in dialog.range_label.text()
    assert "correlated 0.75 with the year before" in dialog.model_label.text()
    rules_text = dialog.rules_text.text()
    assert "Withhold release (RECONSTRUCTED)" in rules_text and "Loss year (RECONSTRUCTED)" in rules_text
    save_screenshot(dialog, "agreement-proposed-track-1")
    # Year 2 now 4%: (4% - 2%) x $200M x 50% = $2,000,000.
    type_cell(dialog, 2, "Savings %", "4")
    assert cell(dialog, 2, "Settlement") == "$2,000,000"
    assert dialog.inputs.savings == (3, 4, -4)
    dialog.close()


def test_a_bad_savings_value_is_refused_with_the_reason(make_window) -> None:
    window = make_window(PROPOSED)
    dialog = open_view(window)
    before = cell(dialog, 2, "Settlement")
    type_cell(dialog, 2, "Savings %", "lots")
    assert "not a number" in dialog.error.text() and "year 2" in dialog.error.text()
    assert cell(dialog, 2, "Savings %") == "3" and cell(dialog, 2, "Settlement") == before
    type_cell(dialog, 2, "Savings %", "150")
    assert "-100 to 100 percent" in dialog.error.text()
    assert dialog.inputs.savings == (3, 3, 3)
    dialog.close()


def test_changing_the_yearly_cost_moves_the_break_even(make_window, qtbot) -> None:
    window = make_window(PROPOSED)
    dialog = open_view(window)
    costs = dialog.costs
    assert "NAACOS-2014" in costs.sources.text()
    before = costs.break_even_label.text()
    costs.running_edit.setText("500000")
    costs.running_edit.editingFinished.emit()
    assert costs.break_even_label.text() != before and "Break-even" in costs.break_even_label.text()
    assert costs.table.item(1, 2).text() == "$500,000"
    costs.running_edit.setText("a lot")
    costs.running_edit.editingFinished.emit()
    assert "not a number of dollars" in costs.error.text()
    assert costs.running_edit.text() == "500,000"
    qtbot.wait(50)  # let the wrapped labels take their new heights before the picture
    save_screenshot(dialog, "agreement-costs")
    dialog.close()


def test_repayment_for_basic_e_against_the_loss_cap(make_window) -> None:
    # B = 10,000 x $10,000 = $100M; revenue $20M: lesser of 1% x $100M and 2% x $20M = $400,000; loss cap
    # the lesser of 8% of revenue ($1,600,000) and 4% of B ($4M).
    scenario = Scenario(rules="mssp", track="basic-e", performance_year=2022, beneficiaries=10_000,
                        benchmark_per_capita=10_000, quality_pct=100, participant_revenue=20_000_000)
    window = make_window(scenario)
    dialog = open_view(window)
    assert dialog.inputs.levels == ("basic-e",) * 5
    first = dialog.repayment.amounts()[0]
    assert first[2:4] == ("$400,000", "$1,600,000")
    assert repayment_amount(RULES, scenario).amount == 400_000
    assert "$1,200,000 short of the loss cap" in first[5]
    dialog.tabs.setCurrentWidget(dialog.repayment)
    save_screenshot(dialog, "agreement-repayment-basic-e")
    dialog.close()


def test_a_level_off_the_glide_path_is_warned(make_window) -> None:
    scenario = Scenario(rules="mssp", track="basic-a", performance_year=2022, beneficiaries=10_000,
                        benchmark_per_capita=10_000, quality_pct=100, participant_revenue=20_000_000)
    window = make_window(scenario)
    dialog = open_view(window)
    assert [cell(dialog, y, "Level") for y in range(1, 6)] == ["A", "B", "C", "D", "E"]
    assert not dialog.warnings.isVisibleTo(dialog)
    type_cell(dialog, 3, "Level", "A")
    assert "year 3: basic-a is not allowed" in dialog.warnings.text()
    assert dialog.warnings.isVisibleTo(dialog)
    type_cell(dialog, 3, "Level", "basic-z")
    assert "not a track" in dialog.error.text()
    dialog.close()


def test_the_view_follows_the_window(make_window, qtbot) -> None:
    window = make_window(PROPOSED)
    dialog = open_view(window)
    window.apply_changes({"beneficiaries": 10_000})
    qtbot.waitUntil(lambda: cell(dialog, 1, "Savings cap") == usd(0.075 * 10_000 * 10_000))
    dialog.close()


def test_the_report_gains_an_agreement_page_once_the_view_is_used(make_window, tmp_path) -> None:
    from aco_desktop.ui.export.report import report_pdf_bytes

    window = make_window(PROPOSED)
    file = window.model.current_file()
    one = report_pdf_bytes(RULES, file)
    dialog = open_view(window)
    type_cell(dialog, 3, "Savings %", "-4")
    page = dialog.report_page(RULES, file)
    assert page is not None and page.title.startswith("The agreement")
    two = report_pdf_bytes(RULES, file)
    assert pages(two) == pages(one) + 1 == 2
    (tmp_path / "agreement-report.pdf").write_bytes(two)
    dialog.close()


def pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_a_trend_and_the_july_2019_six_year_path(make_window, qtbot) -> None:
    from PySide6.QtCore import Qt

    scenario = Scenario(rules="mssp", track="enhanced", performance_year=2019, beneficiaries=20_000,
                        benchmark_per_capita=10_000, quality_pct=100)
    window = make_window(scenario)
    dialog = open_view(window)
    assert dialog.inputs.glide_path == "enhanced" and len(dialog.inputs.levels) == 5
    index = dialog.path_combo.findData("enhanced-july-2019")
    dialog.path_combo.setCurrentIndex(index)
    dialog.path_combo.activated.emit(index)
    assert dialog.table.rowCount() == 6 + 1 and not dialog.picture.warnings
    dialog.first_edit.setText("1")
    dialog.step_edit.setText("0.5")
    qtbot.mouseClick(dialog.trend_button, Qt.MouseButton.LeftButton)
    assert [cell(dialog, y, "Savings %") for y in range(1, 7)] == ["1", "1.5", "2", "2.5", "3", "3.5"]
    dialog.first_edit.setText("99")
    qtbot.mouseClick(dialog.trend_button, Qt.MouseButton.LeftButton)
    assert "savings must be -100 to 100 percent" in dialog.error.text()
    dialog.close()
