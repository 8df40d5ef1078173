"""PY2022-2024 schedule values are sourced by CMS's results files; only PY2025-2026 stay reconstructed."""

from __future__ import annotations

from aco_desktop.engine.terms.schedule import period_for

from ..conftest import RULES

BOOK = RULES["mssp"]


def test_reconstructed_only_after_the_last_results_year() -> None:
    for schedule in ("sequestration", "automatic_loss_relief", "quality_method"):
        for period in getattr(BOOK, schedule):
            if period.reconstructed:
                assert period.from_year >= 2025, (schedule, period)


def test_py2022_2024_cite_the_results_files_and_columns() -> None:
    for year in (2022, 2023, 2024):
        seq = period_for(BOOK.sequestration, year)
        assert seq.value == 0.02 and "PUF-CURRENT" in seq.source and not seq.reconstructed
        assert "EarnSaveLoss" in seq.note and "FinalShareRate" in seq.note
        relief = period_for(BOOK.automatic_loss_relief, year)
        assert "PUF-CURRENT" in relief.source and not relief.reconstructed and "DisAdj" in relief.note
    assert period_for(BOOK.automatic_loss_relief, 2022).value == 1.0
    assert "Performance_Year_Financial_and_Quality_Results_2022.csv" in BOOK.sources["PUF-CURRENT"]


def test_july_2019_cohort_extension_is_rule_file_data() -> None:
    for track_id in ("basic-a", "basic-e", "enhanced"):
        ext = BOOK.tracks[track_id].extension
        assert ext is not None and ext.agreement_starts == ["2019-07"] and ext.agreement_length == 6
    assert BOOK.tracks["track-1"].extension is None
