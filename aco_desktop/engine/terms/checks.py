"""Is the scenario one these rules can settle? Raises ``ScenarioError`` naming the input at fault."""

from __future__ import annotations

from aco_desktop.engine.terms.model import ScenarioError
from aco_desktop.rules import Rulebook
from aco_desktop.scenario import Scenario


def check_scenario(book: Rulebook, s: Scenario) -> None:
    """Reads: ``tracks.*`` (years, agreement_length, min_beneficiaries) and ``options``."""
    if s.track not in book.tracks:
        raise ScenarioError("track", f"{s.track!r} is not a track of {book.short_title}; "
                                     f"choose one of {', '.join(book.tracks)}")
    track = book.tracks[s.track]
    if book.has_performance_years:
        if s.performance_year is None:
            raise ScenarioError("performance_year", f"{book.short_title} needs a performance year "
                                                    f"({book.years.start}-{book.years.stop - 1})")
        if not track.first_year <= s.performance_year <= track.last_year:
            raise ScenarioError("performance_year", f"{track.label} did not exist in performance year "
                                f"{s.performance_year}; it ran {track.first_year}-{track.last_year}")
    elif s.performance_year is not None:
        raise ScenarioError("performance_year", f"{book.short_title} has no performance years; leave it out")
    if not 1 <= s.agreement_year <= track.agreement_length:
        raise ScenarioError("agreement_year", f"{track.label} agreements last {track.agreement_length} "
                                              f"years: 1 to {track.agreement_length}; got {s.agreement_year}")
    if s.beneficiaries < track.min_beneficiaries:
        raise ScenarioError("beneficiaries", f"{track.label} needs at least {track.min_beneficiaries:,} "
                                             f"assigned beneficiaries; got {s.beneficiaries:,}")
    for name, choice in s.options.items():
        if name not in book.options:
            raise ScenarioError("options", f"{book.short_title} has no rule switch {name!r}; "
                                           f"switches: {', '.join(book.options) or 'none'}")
        if choice not in book.options[name].choices:
            raise ScenarioError("options", f"{name} must be one of {', '.join(book.options[name].choices)}; "
                                           f"got {choice!r}")
