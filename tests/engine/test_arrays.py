"""``sorted_unique`` is ``np.unique`` for the float arrays the engine and window pass it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from aco_desktop.engine.arrays import sorted_unique


@given(st.lists(st.one_of(st.floats(allow_nan=False), st.sampled_from([0.0, -0.0, 1.5, -np.inf, np.inf])),
                max_size=60))
def test_it_is_numpys_unique(values) -> None:
    assert np.array_equal(sorted_unique(values), np.unique(np.asarray(values, dtype=float)))
