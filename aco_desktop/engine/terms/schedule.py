"""Values that a rulebook schedules by performance year (``[[sequestration]]``, ``[[quality_method]]``...)."""

from __future__ import annotations

from aco_desktop.rules.schema import Period


def period_for(periods: list[Period], year: int | None) -> Period | None:
    """The period in force in ``year`` (None for rulebooks without performance years)."""
    if year is None:
        return None
    for period in periods:
        if period.from_year <= year <= period.to_year:
            return period
    return None
