"""``reform-impact``: every real PY2024 ACO-year re-settled under current law and a reform rule file.

Reads the shipped table (resources/aco_years.csv.gz). Expected figures are CMS's published PY2024 totals
(rules-reference.md section 9) and hand computations from the columns of CMS's PY2024 results file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aco_desktop.cli import EXIT_BAD_INPUT, main
from aco_desktop.resources import resources_dir

from .conftest import PY2024_PUF, require_puf

MSSP = resources_dir() / "rules" / "mssp.toml"
# The ENHANCED model's maximum sharing rate (the next lines of mssp.toml make the text unique to that model).
ENHANCED_RATE = ('max_sharing_rate = { value = 0.75, source = "CFR 425.610(d); PUF" }\n'
                 'savings_cap = { value = 0.20, source = "CFR 425.610(e)" }\n'
                 'loss_rate = { method = "one-minus-sharing", quality_rate = 0.75')


def reform_file(folder: Path, reform_id: str, *edits: tuple[str, str]) -> Path:
    """A copy of the shipped mssp.toml with its own id and the given (old, new) text edits, each made once."""
    text = MSSP.read_text(encoding="utf-8").replace('id = "mssp"', f'id = "{reform_id}"', 1)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / f"{reform_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def impact_json(capsys, path: Path, *flags: str) -> dict:
    assert main(["reform-impact", str(path), "--year", "2024", "--json", *flags]) == 0
    return json.loads(capsys.readouterr().out)


def test_current_law_reproduces_cms_published_py2024_totals(tmp_path, capsys) -> None:
    """359 ACOs earned $4,124.2M and 16 owed $20.0M (CMS); the two Guardrail rows are the explained exceptions."""
    obj = impact_json(capsys, reform_file(tmp_path, "same-law"))
    assert obj["aco_years"] == 476
    fixed = obj["law_with_exceptions_as_published"]
    assert (fixed["earning"], round(fixed["paid"] / 1e5) / 10) == (359, 4124.2)
    assert (fixed["owing"], round(fixed["owed"] / 1e5) / 10) == (16, 20.0)
    assert {e["aco_id"]: e["published"] for e in obj["exceptions"]} == {"A5309": 0.0, "A5321": 0.0}
    assert all(e["law"] > 0 and "Guardrail" in e["reason"] for e in obj["exceptions"])
    assert obj["unexplained"] == []
    # Without the exceptions' published amounts the two Guardrail ACOs count as earning.
    assert (obj["totals"]["law"]["earning"], obj["totals"]["law"]["owing"]) == (361, 16)


def test_a_reform_that_changes_nothing_differs_by_exactly_zero(tmp_path, capsys) -> None:
    obj = impact_json(capsys, reform_file(tmp_path, "same-law"))
    assert obj["totals"]["difference"] == {"paid": 0, "earning": 0, "owed": 0, "owing": 0}
    assert obj["changed"] == 0 and obj["gain_most"] == [] and obj["lose_most"] == []
    assert main(["reform-impact", str(tmp_path / "same-law.toml")]) == 0
    text = capsys.readouterr().out
    assert "0 change" in text and "A5309" in text and "published $0, computed $4,731" in text


# Hand computations from CMS's PY2024 results file (PY 2024 ACO Results PUF.csv), ENHANCED earners:
# difference = GenSaveLoss x (new rate - old rate) x 0.98 (sequestration), savings cap not binding.
#   A1001 PBACO Holding: Met_QPS 1, FinalShareRate 75: 146,796,368 x 0.05 x 0.98 = 7,193,022.03
#   A5364 Aledade Accountable Care 196: Met_QPS 1, FinalShareRate 75: 379,251 x 0.05 x 0.98 = 18,583.30
#   A3770 Family Choice ACO: Met_QPS 0, Met_AltQPS 1, QualScore 56.45, FinalShareRate 42.34 (= 75% x 56.45%):
#     the rate becomes 80% x 56.45% = 45.16%; 20,979,165 x 0.05 x 0.5645 x 0.98 = 580,294.18
HAND = {"A1001": 7_193_022.03, "A5364": 18_583.30, "A3770": 580_294.18}


def test_raising_the_enhanced_sharing_rate_changes_exactly_the_enhanced_earners(tmp_path, capsys) -> None:
    path = reform_file(tmp_path, "enhanced-80", (ENHANCED_RATE, ENHANCED_RATE.replace("0.75", "0.80", 1)))
    obj = impact_json(capsys, path, "--top", "500")
    gained = {g["aco_id"]: g for g in obj["gain_most"]}
    assert obj["lose_most"] == [] and obj["changed"] == len(gained)
    # Owing ACOs keep their loss rate (1 - 0.75 x quality is a rule value of its own): nothing owed changes.
    assert obj["totals"]["difference"]["owed"] == 0 and obj["totals"]["difference"]["owing"] == 0
    for aco_id, difference in HAND.items():
        assert gained[aco_id]["difference"] == pytest.approx(difference, abs=1.0), aco_id
    from aco_desktop.cms.directory import default_directory

    py2024 = [i for i in default_directory().items if i.year == 2024]
    enhanced_earners = {i.aco_id for i in py2024 if i.record.track == "enhanced" and i.record.published_earned > 0}
    assert set(gained) == enhanced_earners and len(enhanced_earners) == 179


@pytest.mark.puf
def test_the_hand_computed_acos_columns_are_as_written(capsys) -> None:
    """The columns the hand computations above start from, read straight from CMS's file."""
    require_puf(PY2024_PUF)
    with PY2024_PUF.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["ACO_ID"]: r for r in csv.DictReader(handle)}
    assert (rows["A1001"]["GenSaveLoss"], rows["A1001"]["FinalShareRate"]) == ("146796368", "75")
    assert (rows["A5364"]["GenSaveLoss"], rows["A5364"]["FinalShareRate"]) == ("379251", "75")
    a3770 = rows["A3770"]
    assert (a3770["GenSaveLoss"], a3770["QualScore"], a3770["FinalShareRate"]) == ("20979165", "56.45", "42.34")
    assert (a3770["Met_QPS"], a3770["Met_AltQPS"], a3770["Current_Track"]) == ("0", "1", "EN")


def test_gainers_are_listed_with_id_name_law_reform_and_difference(tmp_path, capsys) -> None:
    path = reform_file(tmp_path, "enhanced-80", (ENHANCED_RATE, ENHANCED_RATE.replace("0.75", "0.80", 1)))
    assert main(["reform-impact", str(path), "--top", "2"]) == 0
    text = capsys.readouterr().out
    assert "Gain most (top 2):" in text and "Lose most (top 2): none" in text
    first = next(line for line in text.splitlines() if "A4604" in line)
    assert "Caravan Health ACO 22 LLC" in first and first.count("$") == 3


@pytest.mark.parametrize("edit, field", [
    (("max_sharing_rate = { value = 0.40,", "max_sharing_rate = { value = 1.40,"),
     "models.basic-one-sided.max_sharing_rate.value"),
    (("quality_rate = 0.75", "quality_rate = -0.2"), "models.enhanced.loss_rate.quality_rate"),
])
def test_a_bad_reform_file_exits_2_naming_the_file_and_field(tmp_path, capsys, edit, field) -> None:
    path = reform_file(tmp_path, "bad-reform", edit)
    assert main(["reform-impact", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "bad-reform.toml" in err and field in err


def test_a_reform_must_have_its_own_id_and_flags_are_checked(tmp_path, capsys) -> None:
    assert main(["reform-impact", str(MSSP)]) == EXIT_BAD_INPUT
    assert "mssp.toml: field 'id'" in capsys.readouterr().err
    wrong = reform_file(tmp_path, "named-one-way")
    renamed = wrong.rename(tmp_path / "named-another.toml")
    assert main(["reform-impact", str(renamed)]) == EXIT_BAD_INPUT
    assert "named-another.toml: field 'id'" in capsys.readouterr().err
    same = reform_file(tmp_path, "same-law")
    assert main(["reform-impact", str(same), "--year", "2011"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip().endswith("the table has PY2013-2024")
    assert main(["reform-impact", str(same), "--top", "0"]) == EXIT_BAD_INPUT
    assert "--top: must be 1 or more" in capsys.readouterr().err
    assert main(["reform-impact", str(tmp_path / "missing.toml")]) == EXIT_BAD_INPUT
    assert "missing.toml: rule file not found" in capsys.readouterr().err


@pytest.mark.parametrize(("quality", "rate"), [(80, 0.40), (50, 0.625), (20, 0.75)])
def test_w12_enhanced_loss_rate_stays_when_only_the_sharing_rate_is_raised(tmp_path, quality, rate) -> None:
    """W12 (1 - 0.75 x quality, within 40-75%) under a reform with the ENHANCED maximum sharing rate at 80%."""
    from aco_desktop.engine import resolve
    from aco_desktop.rules import RuleRegistry
    from aco_desktop.rules.loader import load_rulebook_file
    from aco_desktop.scenario import Scenario

    path = reform_file(tmp_path, "enhanced-80", (ENHANCED_RATE, ENHANCED_RATE.replace("0.75", "0.80", 1)))
    rules = RuleRegistry.load().with_book(load_rulebook_file(path))
    t = resolve(rules, Scenario(rules="enhanced-80", track="enhanced", performance_year=2022, quality_pct=quality))
    assert t.loss_rate.value == pytest.approx(rate)
    assert t.final_rate.value == pytest.approx(0.80)
