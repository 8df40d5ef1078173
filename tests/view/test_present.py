"""The view layer without Qt: what each panel would show, from a session alone."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from aco_desktop.engine import payoff_curve, resolve, settle
from aco_desktop.engine.relevance import ignored_inputs
from aco_desktop.scenario import Scenario
from aco_desktop.session.document import Document
from aco_desktop.session.state import Session
from aco_desktop.view.chart import PLOT_POINTS, VIEW_HIGH_PCT, VIEW_LOW_PCT, curve_span
from aco_desktop.format import usd
from aco_desktop.view.present import Presenter, present
from aco_desktop.view.statement import step_cells

from ..conftest import REPO, RULES

LOSS_CAPPED = Scenario(rules="mssp", track="track-2", performance_year=2014, beneficiaries=10_000,
                       benchmark_per_capita=10_000, savings_pct=-20, quality_pct=50)


def test_the_screen_shows_the_engines_numbers() -> None:
    session = Session(Scenario(), RULES)
    screen = present(session)
    expected = settle(RULES, Scenario())
    figures = {cell.key: cell for cell in screen.figures}
    assert figures["earned"].text == usd(expected.earned) and figures["earned"].tone == "gain"
    assert figures["paid_now"].text == usd(expected.paid_now)
    assert all(cell.delta == "" for cell in screen.figures)  # no baseline pinned
    assert [row.cells for row in screen.statement] == [step_cells(step) for step in expected.steps]
    assert "CMS pays the ACO" in screen.headline
    assert screen.title.endswith(" - ACO What-If Explorer") and not screen.title.startswith("*")
    assert screen.payoff.marker == pytest.approx((Scenario().savings_pct, expected.earned))
    assert not screen.can_undo and not screen.has_baseline


def test_the_curve_is_the_engines_curve_over_the_view_range() -> None:
    screen = present(Session(Scenario(), RULES))
    curve = payoff_curve(resolve(RULES, Scenario()), *curve_span(Scenario().savings_rate), points=PLOT_POINTS)
    series = screen.payoff.series
    assert np.allclose(series.x, curve.rates * 100, equal_nan=True)
    assert np.allclose(series.y, curve.earned, equal_nan=True)
    drawn = np.where(~np.isnan(series.earns), series.earns, np.where(~np.isnan(series.owes), series.owes, series.flat))
    assert np.allclose(drawn, curve.earned, equal_nan=True)  # the signed parts together are the curve
    assert series.x_range == (VIEW_LOW_PCT, VIEW_HIGH_PCT)
    low, high = screen.payoff.y_range
    assert low < np.nanmin(series.y) and high > series.savings_cap.pos  # the cap line is on the chart


def test_two_sided_thresholds_and_labels() -> None:
    screen = present(Session(LOSS_CAPPED, RULES))
    series = screen.payoff.series
    assert series.mlr.visible and series.mlr.label.startswith("MLR ")
    assert series.loss_cap.visible and series.loss_cap.pos == pytest.approx(-5_000_000)
    assert series.loss_cap.label == "loss cap -$5M"
    assert series.corridor_label.label == "corridor: nothing shared"
    assert {cell.key: cell for cell in screen.figures}["earned"].tone == "loss"
    assert "The ACO owes CMS $5,000,000" in screen.headline


def test_a_wide_savings_rate_widens_the_view() -> None:
    screen = present(Session(Scenario(savings_pct=-40), RULES))
    assert screen.payoff.series.x_range[0] == pytest.approx(-42)
    assert screen.payoff.marker[0] == pytest.approx(-40)


def test_unused_inputs_are_disabled_with_the_reason() -> None:
    s = Scenario(rules="mssp", track="track-3", performance_year=2018)
    screen = present(Session(s, RULES))
    assert dict(screen.controls.disabled) == ignored_inputs(resolve(RULES, s), s)
    assert "fqhc_pct" in screen.controls.disabled and screen.controls.disabled["fqhc_pct"]


def test_a_savings_move_reuses_the_series_and_keeps_the_range_during_a_drag() -> None:
    session, presenter = Session(Scenario(), RULES), Presenter()
    first = presenter.present(session)
    session.begin_gesture()
    session.apply(savings_pct=4.0)
    moved = presenter.present(session)
    assert moved.payoff.series is first.payoff.series  # the panel skips setData by identity
    assert moved.payoff.y_range == first.payoff.y_range
    session.apply(quality_pct=60)
    assert presenter.present(session).payoff.series is not first.payoff.series
    session.end_gesture()
    assert presenter.present(session, fit=True).payoff.y_range is not None


def test_pinned_baseline_gives_deltas_against_the_whole_pinned_scenario() -> None:
    session, presenter = Session(Scenario(savings_pct=3, quality_pct=85), RULES), Presenter()
    presenter.pin(session)
    session.apply(track="track-2")
    screen = presenter.present(session)
    one = settle(RULES, Scenario(savings_pct=3, quality_pct=85)).earned
    two = settle(RULES, Scenario(track="track-2", savings_pct=3, quality_pct=85)).earned
    earned = {cell.key: cell for cell in screen.figures}["earned"]
    assert earned.delta == f"\N{GREEK CAPITAL LETTER DELTA} +{usd(two - one)}"
    assert screen.has_baseline and screen.payoff.baseline.name.startswith("Track 1 (2011 proposed rule)")
    session.apply(savings_pct=5)  # the pinned scenario is not re-settled at the new rate
    earned = {cell.key: cell for cell in presenter.present(session).figures}["earned"]
    five = settle(RULES, Scenario(track="track-2", savings_pct=5, quality_pct=85)).earned
    assert earned.delta == f"\N{GREEK CAPITAL LETTER DELTA} +{usd(five - one)}"
    presenter.clear_pin()
    assert presenter.present(session).payoff.baseline is None


def test_reconstructed_values_are_noticed() -> None:
    screen = present(Session(Scenario(fqhc_pct=25, savings_pct=3), RULES))
    assert screen.notice.startswith("Reconstructed values used")
    assert any(row.reconstructed and "RECONSTRUCTED" in row.cells[3] for row in screen.statement)
    assert any("Reconstructed" in row.tooltip for row in screen.statement)


def test_the_title_follows_the_document() -> None:
    session = Session(Scenario(), RULES)
    document = Document(session)
    seen = []
    document.subscribe(lambda: seen.append(present(session, document).title))
    document.set_details("Board option B", "")
    assert seen[-1] == "*Board option B - ACO What-If Explorer"


def test_the_view_layer_loads_no_qt() -> None:
    code = ("import sys; from aco_desktop.rules import RuleRegistry; from aco_desktop.scenario import Scenario; "
            "from aco_desktop.session.state import Session; from aco_desktop.view.present import present; "
            "present(Session(Scenario(), RuleRegistry.load())); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_compare_key_names_only_what_differs_between_the_two_scenarios() -> None:
    """A key that says 'quality 90%' twice lost its last entry off a laptop's chart."""
    pinned = Scenario(rules="mssp", track="basic-a", performance_year=2026, savings_pct=3.0, quality_pct=90)
    session = Session(pinned, RULES)
    presenter = Presenter()
    presenter.pin(session)
    session.replace(pinned.with_changes(track="enhanced", savings_pct=2.0))
    key = dict((style, words) for style, words in presenter.present(session).payoff.legend)
    assert key["solid"] == "Now: ENHANCED PY2026, 2% savings"
    assert key["dot"] == "Pinned: BASIC level A PY2026, 3% savings"
    session.replace(pinned)  # the same scenario on both sides: each named whole
    key = dict((style, words) for style, words in presenter.present(session).payoff.legend)
    assert key["dot"] == "Pinned: BASIC level A PY2026, 3% savings, quality 90%"
