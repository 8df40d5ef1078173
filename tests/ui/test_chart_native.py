"""The chart's native items draw what the pyqtgraph items drew: the same polyline, breaks and labels."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aco_desktop.ui.panels.chart_items import pen
from aco_desktop.ui.panels.chart_native import Curve, Tag


def _polyline(curve: Curve) -> list[list[tuple[float, float]]]:
    path, runs = curve.path(), []
    for i in range(path.elementCount()):
        e = path.elementAt(i)
        if e.isMoveTo():
            runs.append([])
        runs[-1].append((e.x, e.y))
    return [run for run in runs if len(run) > 1]  # a lone move draws nothing


def _on(runs, x: float, y: float) -> bool:
    for run in runs:
        for (x0, y0), (x1, y1) in zip(run, run[1:] or run):
            if min(x0, x1) - 1e-9 <= x <= max(x0, x1) + 1e-9:
                t = 0.0 if x1 == x0 else (x - x0) / (x1 - x0)
                if abs(y0 + t * (y1 - y0) - y) <= 1e-6 * max(1.0, abs(y)):
                    return True
    return False


def test_a_payoff_shaped_curve_keeps_its_corners_and_its_gap(qapp) -> None:
    # flat at 0 to the MSR (2), a jump, then rising to a cap at 10 and flat after
    x = np.array([0, 1, 2, np.nan, 2, 4, 6, 8, 10, 12, 14], dtype=float)
    y = np.array([0, 0, 0, np.nan, 5, 10, 15, 20, 25, 25, 25], dtype=float)
    curve = Curve(pen("#000000", 3))
    curve.setData(x, y)
    assert _polyline(curve) == [[(0, 0), (2, 0)], [(2, 5), (10, 25), (14, 25)]]
    got_x, got_y = curve.getData()
    assert np.array_equal(got_x, x, equal_nan=True) and np.array_equal(got_y, y, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(1, 6)), min_size=1, max_size=6),
       st.lists(st.booleans(), min_size=6, max_size=6))
def test_every_sampled_point_lies_on_the_drawn_polyline(qapp, pieces, gaps) -> None:
    """Pieces of given slope and length, some separated by gaps (NaN): every point of a run is on the path,
    and the path never joins two runs across a gap (one stroke per run)."""
    xs, ys, x, y, runs = [], [], 0.0, 0.0, 1
    for (slope, length), gap in zip(pieces, gaps):
        for _ in range(length):
            xs.append(x)
            ys.append(y)
            x, y = x + 1, y + slope
        if gap:
            xs.append(np.nan)
            ys.append(np.nan)
            y += 7
            runs += 1
    xs.append(x)
    ys.append(y)
    curve = Curve(pen("#000000", 3))
    curve.setData(np.array(xs), np.array(ys))
    drawn = _polyline(curve)
    # runs of finite points; a lone point draws nothing (no segment), as with pyqtgraph's curves
    sampled, run = [], []
    for u, v in [*zip(xs, ys), (np.nan, np.nan)]:
        if np.isnan(u):
            if len(run) > 1:
                sampled.append(run)
            run = []
        else:
            run.append((u, v))
    assert all(_on(drawn, u, v) for run in sampled for u, v in run)
    assert len(drawn) == len(sampled)


def test_a_tag_sits_by_its_anchor_and_hides_its_box_when_empty(qapp) -> None:
    tag = Tag("savings cap $33M", fill="#ffffffc8", anchor=(1, 1))
    box = tag.boundingRect()
    assert box.right() == 0 and box.bottom() == 0 and box.width() > 0  # bottom right on the point
    tag.setAnchor((0, 0))
    assert tag.boundingRect().topLeft().x() == 0 and tag.boundingRect().topLeft().y() == 0
    tag.setText("")
    assert tag.rect().isNull() and tag.toPlainText() == ""
