"""Array helpers the engine and the window share."""

from __future__ import annotations

import numpy as np


def sorted_unique(values) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` of a float array without NaN). numpy 2's own unique
    imports its masked-array package on first use, about 40 ms of the window's start."""
    out = np.sort(np.asarray(values, dtype=float), kind="stable")
    if out.size < 2:
        return out
    keep = np.empty(out.size, dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]
