"""Formats, the palette, chart ranges and error wording: one place each."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aco_desktop import APP_NAME
from aco_desktop.engine import ScenarioError
from aco_desktop.scenario import Scenario
from aco_desktop.session.errors import explain
from aco_desktop.view import palette
from aco_desktop.view.chart import RangeKeeper, curve_span, signed_parts
from aco_desktop.format import money_short, pct, usd
from aco_desktop.view.words import skipped_rules, window_title

import numpy as np


def test_formats() -> None:
    assert usd(-1234.5) == "-$1,234" and pct(0.5) == "50%" and money_short(1_234_567) == "$1.23M"


def test_palette_is_hex_with_optional_opacity() -> None:
    assert palette.rgba(palette.GAIN) == (22, 130, 60, 255)
    assert palette.rgba(palette.CORRIDOR) == (120, 120, 120, 40)
    assert palette.tone(1.0) == "gain" and palette.tone(-1.0) == "loss" and palette.tone(0.2) == "neutral"


def test_curve_span_keeps_the_marker_inside() -> None:
    assert curve_span(0.03) == (-0.20, 0.25)
    assert curve_span(-0.40) == pytest.approx((-0.42, 0.25))


def test_range_keeper_holds_still_during_a_drag_and_fits_after() -> None:
    keeper = RangeKeeper()
    first = keeper.update(0, 100)
    assert keeper.update(0, 90, tight=False) == first  # inside and not much smaller: unchanged
    assert keeper.update(0, 1000, tight=False) != first  # the data left the range
    assert keeper.update(0, 90, tight=True) == pytest.approx((-10.8, 100.8))


def test_a_drag_through_an_eighteen_fold_growth_changes_the_range_a_few_times() -> None:
    """11,000 to 200,000 beneficiaries: every amount grows with the benchmark. Each change of range costs a
    frame several times a normal one; the range grows about twofold at a time."""
    keeper = RangeKeeper()
    keeper.update(-30, 100)
    shown, changes = keeper.range, 0
    for high in np.geomspace(100, 1800, 200):
        new = keeper.update(-0.3 * high, high, tight=False)
        assert new[0] <= -0.3 * high and high <= new[1]  # the data always fits
        changes += new != shown
        shown = new
    assert 3 <= changes <= 4


def test_signed_parts_keep_the_crossing_point() -> None:
    pos, neg, zero = signed_parts(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]))
    assert np.isnan(pos[:2]).all() and pos[2] == 0.0 and neg[2] == 0.0 and zero[2] == 0.0


def test_explain_is_one_line_for_each_kind_of_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Scenario().with_changes(quality_pct=150)
    assert explain(caught.value).startswith("quality_pct must be 0 to 100 percent")
    assert explain(ScenarioError("beneficiaries", "Track 1 needs at least 5,000")) == "Track 1 needs at least 5,000"
    assert explain(FileNotFoundError(2, "gone")) == "cannot open: no such file or folder"
    assert explain(RuntimeError("two\nlines")) == "two lines"


def test_the_app_name_is_spelled_once() -> None:
    assert window_title("x", dirty=True) == f"*x - {APP_NAME}"
    assert skipped_rules({"a.toml": "bad"}).startswith("Skipped rule file a.toml: bad")


def test_a_skipped_file_is_named_once() -> None:
    text = skipped_rules({"x.toml": "/some/folder/x.toml: not valid TOML (line 2)"})
    assert text.splitlines()[0] == "Skipped rule file x.toml: not valid TOML (line 2)"
