"""Facts the PY2013-2015 files leave out, inferred the same way for the merged and the raw files."""

from __future__ import annotations

from aco_desktop.cms.facts import BookFacts

TRACK_1, TRACK_2 = "track-1", "track-2"


def _max_share_implied(fsr: float | None, quality: float | None) -> float | None:
    if fsr is None:
        return None
    if quality is None:
        return fsr
    return fsr / quality if quality > 0 else None


def infer_early_track(facts: BookFacts, fsr: float | None, quality: float | None, msr: float | None,
                      n: int) -> str:
    """Track 2 where the implied maximum sharing rate is Track 2's (rule file), or where a final rate of 0
    comes with Track 2's flat MSR (before elections) while the size table gives more; otherwise Track 1."""
    implied = _max_share_implied(fsr, quality)
    if implied is not None and implied > 0 and abs(implied - facts.max_rate(TRACK_2)) < 0.002:
        return TRACK_2
    flat = facts.flat_msr(TRACK_2)
    if fsr == 0 and msr is not None and flat is not None and abs(msr - flat) < 1e-9 and \
            facts.table_msr(n) > flat + 0.0001:
        return TRACK_2
    return TRACK_1


def early_agreement_year(year: int, pay_for_reporting: bool, p4r_in_2014: bool) -> tuple[int, str]:
    """(agreement year, evidence) for PY2014/2015 rows without a start date."""
    if pay_for_reporting:
        return 1, "P4R"
    if year == 2014:
        return 2, "not P4R in 2014"
    if p4r_in_2014:
        return 2, "P4R in 2014"
    return 3, "not P4R in 2014 or 2015"
