"""The words and series of Find my ACO, without a window."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from aco_desktop.cms.directory import default_directory, scenario_for
from aco_desktop.rules import RuleRegistry
from aco_desktop.view import my_aco


@pytest.fixture(scope="module")
def a1001():
    return default_directory().find("A1001", 2024)


def test_comparison_agrees_differs_or_has_nothing_published(a1001) -> None:
    published = a1001.record.published_earned
    assert my_aco.comparison(a1001, published + 4).endswith("they agree (within $5 or 0.2%).")
    assert "no known reason" in my_aco.comparison(a1001, published * 1.01)
    none = dataclasses.replace(a1001, record=dataclasses.replace(a1001.record, published_earned=None))
    assert my_aco.comparison(none, 10.0).startswith("CMS published no earned amount for PY2024")
    guardrail = default_directory().find("A5309", 2024)
    assert "Guardrail" in my_aco.comparison(guardrail, 4_731)


def test_fill_note_names_the_cms_columns(a1001) -> None:
    _, sources = scenario_for(a1001, RuleRegistry.load(strict=False))
    note = my_aco.fill_note(a1001, sources)
    assert note.startswith("Filled from CMS PY2024 results (PY 2024 ACO Results PUF.csv line ")
    assert "beneficiaries (N_AB), benchmark (ABtotBnchmk / N_AB)" in note and "MSR (MinSavPerc)" in note


def test_history_series_and_peer_marks_follow_the_directory(a1001) -> None:
    history = default_directory().history("A1001")
    series = my_aco.history_series(history)
    assert series.years.tolist() == [y.year for y in history.years] and series.spread == history.spread
    peers = default_directory().peers(a1001)
    marks = my_aco.peer_marks(peers)
    assert marks.x_cleared.size == peers.cleared and marks.total == len(peers.peers)
    assert np.sort(np.concatenate([marks.x_cleared, marks.x_short])) == pytest.approx(
        sorted(100 * p.record.savings_rate for p in peers.peers))
    assert my_aco.peers_label(marks).startswith(f"{peers.cleared} of {len(peers.peers)} similar ACOs cleared")


def test_results_summary_words() -> None:
    assert "No ACO-year matches 'zzz'" in my_aco.results_summary("zzz", 0, 0, 5271)
    assert my_aco.results_summary("nj", 50, 335, 5271).startswith(
        "335 ACO-years match; 50 listed, 285 more: type more of the name.")
    assert my_aco.results_summary("A1001", 3, 3, 5271).startswith("3 ACO-years match: Enter or a double-click")
