"""Bounded number types for rule files: a rate, a positive rate, a percentage, an amount.

Each refuses NaN and infinity and names the allowed range in its message (the loader adds the file and
the field), so a 50 typed for 0.50 or an infinite cap is caught when the file loads.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator


def check_rate(value: float) -> float:
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"must be a rate from 0 to 1 (0.5 means 50%); got {value}")
    return value


def _positive_rate(value: float) -> float:
    if not math.isfinite(value) or not 0 < value <= 1:
        raise ValueError(f"must be a rate above 0 and at most 1 (0.05 means 5%); got {value}")
    return value


def check_percent(value: float) -> float:
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueError(f"must be a percentage from 0 to 100; got {value}")
    return value


def _finite_non_negative(value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"must be a finite number of at least 0; got {value}")
    return value


Rate = Annotated[float, AfterValidator(check_rate)]
PositiveRate = Annotated[float, AfterValidator(_positive_rate)]
Percent = Annotated[float, AfterValidator(check_percent)]
Amount = Annotated[float, AfterValidator(_finite_non_negative)]
