"""The track chooser: every level and election of the year, ranked by expected payment."""

from __future__ import annotations

import math

import pytest

from aco_desktop.engine.options import track_options
from aco_desktop.engine.uncertainty import Spread, outlook
from aco_desktop.scenario import Scenario
from ..conftest import RULES
from .test_uncertainty import reference

ELECTIONS = ["0.0", "0.5", "1.0", "1.5", "2.0", "table"]
B = 7_000 * 11_000  # benchmark of the ACO below: $77M


def aco(**kw) -> Scenario:
    base = dict(rules="mssp", track="basic-a", performance_year=2026, beneficiaries=7_000,
                benchmark_per_capita=11_000, savings_pct=2.0, quality_pct=90.0)
    return Scenario(**{**base, **kw})


def test_pathways_year_lists_every_level_and_election() -> None:
    choice = track_options(RULES, aco())
    got = {(r.track, r.msr_election) for r in choice.rows}
    expected = {("basic-a", None), ("basic-b", None)}
    expected |= {(t, e) for t in ("basic-c", "basic-d", "basic-e", "enhanced") for e in ELECTIONS}
    assert got == expected and len(choice.rows) == 26
    assert all(r.allowed for r in choice.rows)
    assert choice.sigma == pytest.approx(math.sqrt(0.008 ** 2 + 2.15 ** 2 / 7_000))
    assert any("glide path" in note for note in choice.notes)


@pytest.mark.parametrize("year,tracks", [
    (2018, {"track-1", "track-2", "track-3", "track-1-plus"}),
    (2015, {"track-1", "track-2"}),
    (2019, {"track-1", "track-2", "track-3", "track-1-plus", "basic-a", "basic-b", "basic-c", "basic-d",
            "basic-e", "enhanced"}),
])
def test_the_tracks_of_the_year(year: int, tracks: set[str]) -> None:
    choice = track_options(RULES, aco(track="track-1", performance_year=year, agreement_year=1))
    assert {r.track for r in choice.rows} == tracks


def test_sorted_by_expected_payment_descending() -> None:
    for scenario in (aco(), aco(savings_pct=-1.0, participant_revenue=1e7),
                     aco(performance_year=2018, track="track-1")):
        values = [r.expected_earned for r in track_options(RULES, scenario).rows]
        assert values == sorted(values, reverse=True)


def test_rows_are_the_outlook_of_that_track_and_election() -> None:
    spread = Spread(p_quality_miss=0.1, bad_year=True)
    choice = track_options(RULES, aco(participant_revenue=1e7), spread)
    for row in choice.rows[::5]:
        alone = outlook(RULES, aco(participant_revenue=1e7, track=row.track, msr_election=row.msr_election), spread)
        assert (row.expected_earned, row.p_earn, row.p_owe, row.earned_p05, row.earned_p95) == (
            alone.expected_earned, alone.p_earn, alone.p_owe, alone.earned_p05, alone.earned_p95)
    # And one row against the independent integral.
    row = next(r for r in choice.rows if r.track == "enhanced" and r.msr_election == "1.0")
    ref = reference(aco(participant_revenue=1e7, track="enhanced", msr_election="1.0"), choice.sigma, 0.1)
    assert row.expected_earned == pytest.approx(ref.expected, rel=1e-3)


def test_max_owed_is_each_level_loss_cap() -> None:
    rows = {(r.track, r.msr_election): r for r in track_options(RULES, aco()).rows}
    assert rows[("enhanced", "2.0")].max_owed == pytest.approx(0.15 * B)
    assert rows[("basic-c", "2.0")].max_owed == pytest.approx(0.01 * B)
    assert rows[("basic-d", "2.0")].max_owed == pytest.approx(0.02 * B)
    assert rows[("basic-e", "2.0")].max_owed == pytest.approx(0.04 * B)
    assert rows[("basic-a", None)].max_owed == 0 and rows[("basic-a", None)].p_owe == 0
    with_revenue = {(r.track, r.msr_election): r for r in track_options(RULES, aco(participant_revenue=2e7)).rows}
    assert with_revenue[("basic-e", "table")].max_owed == pytest.approx(0.08 * 2e7)  # below 4% of B


def test_an_election_lowers_the_msr_and_raises_both_chances() -> None:
    rows = {(r.track, r.msr_election): r for r in track_options(RULES, aco()).rows}
    zero, two = rows[("enhanced", "0.0")], rows[("enhanced", "2.0")]
    assert zero.msr == 0.0 and two.msr == pytest.approx(0.02)
    assert zero.p_earn > two.p_earn and zero.p_owe > two.p_owe
    assert rows[("enhanced", "table")].msr == pytest.approx(0.034)  # 7,000 beneficiaries: 3.4%


def test_no_election_before_elections_existed() -> None:
    """Track 2 agreements that began before 2016 had a fixed 2% MSR."""
    choice = track_options(RULES, aco(track="track-2", performance_year=2015, agreement_year=3))
    track2 = [r for r in choice.rows if r.track == "track-2"]
    assert len(track2) == 1 and track2[0].msr_election is None and "fixed" in track2[0].note
    assert track2[0].msr == pytest.approx(0.02)


def test_small_aco_gets_the_table_whatever_it_elects() -> None:
    rows = [r for r in track_options(RULES, aco(beneficiaries=3_000)).rows if r.track == "enhanced"]
    assert len(rows) == 6 and len({r.msr for r in rows}) == 1 and len({r.expected_earned for r in rows}) == 1
    assert all("whatever is elected" in r.note for r in rows)


def test_proposed_rule_tracks() -> None:
    choice = track_options(RULES, Scenario(track="track-1", agreement_year=3, beneficiaries=7_000, savings_pct=2.0))
    assert {(r.track, r.msr_election) for r in choice.rows} == {("track-1", None), ("track-2", None)}
    assert all(r.p_owe > 0 for r in choice.rows)  # year 3 of both is two-sided
    one_sided = track_options(RULES, Scenario(track="track-1", agreement_year=1, beneficiaries=7_000))
    assert {r.track: r.max_owed for r in one_sided.rows}["track-1"] == 0


def test_a_track_the_rules_refuse_is_listed_last_and_not_allowed() -> None:
    book = RULES["mssp"]
    tracks = {**book.tracks, "enhanced": book.tracks["enhanced"].model_copy(update={"min_beneficiaries": 10_000})}
    stricter = book.model_copy(update={"tracks": tracks})
    rows = track_options(stricter, aco()).rows
    refused = [r for r in rows if r.track == "enhanced"]
    assert len(refused) == 6 and not any(r.allowed for r in refused)
    assert all("10,000" in r.note and math.isnan(r.expected_earned) for r in refused)
    assert rows[-6:] == tuple(refused) and all(r.allowed for r in rows[:-6])
