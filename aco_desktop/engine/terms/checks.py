"""Is the scenario one these rules can settle? Raises ``ScenarioError`` naming the input at fault."""

from __future__ import annotations

from aco_desktop.engine.terms.model import ScenarioError
from aco_desktop.rules import Rulebook, Track
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
    _check_agreement(track, s)
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


def _check_agreement(track: Track, s: Scenario) -> None:
    """Agreement year within the track's agreement length (longer for the start months the rule file's
    ``extension`` names); a given agreement start must agree with performance year and agreement year."""
    start = s.agreement_start_month
    ext = track.extension
    length = ext.agreement_length if ext is not None and start in ext.agreement_starts else track.agreement_length
    if not 1 <= s.agreement_year <= length:
        longer = (f" ({ext.agreement_length} for agreements that began {', '.join(ext.agreement_starts)})"
                  if ext is not None and length != ext.agreement_length else "")
        raise ScenarioError("agreement_year", f"{track.label} agreements last {length} years{longer}: "
                                              f"1 to {length}; got {s.agreement_year}")
    if s.agreement_start is not None:
        if s.performance_year is None:
            raise ScenarioError("agreement_start", "needs a performance year (rules in force)")
        implied = s.performance_year - int(s.agreement_start[:4]) + 1
        if implied != s.agreement_year:
            raise ScenarioError("agreement_start", f"an agreement that began {s.agreement_start} is in agreement "
                                f"year {implied} in PY{s.performance_year}, not {s.agreement_year}")
