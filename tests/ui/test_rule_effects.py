"""Issue 14, item 4: every rule effect visible, in human words and one number format."""

from __future__ import annotations

import re

import pytest

from aco_desktop.scenario import Scenario

from .test_window import type_into

INTERNAL = re.compile(r"SEED-\d+|\b2ND\b|\bW4\b|rules-reference|PUF-CURRENT|REPAY-2ND|T1PLUS-FS|NATLAW|MILLIMAN-")


@pytest.mark.parametrize("scenario", [Scenario(), Scenario(track="track-2", savings_pct=-5, fqhc_pct=25),
                                      Scenario(rules="mssp", track="basic-e", performance_year=2026),
                                      Scenario(rules="mssp", track="track-1-plus", performance_year=2018)])
def test_citations_on_screen_are_human(make_window, scenario) -> None:
    window = make_window(scenario)
    shown = [row[3] for row in window.statement_rows()] + [window.notice.text(), window.headline.text()]
    for text in shown:
        assert not INTERNAL.search(text), text
    assert any("42 CFR" in row[3] or "April 2011 proposed rule" in row[3] for row in window.statement_rows())
