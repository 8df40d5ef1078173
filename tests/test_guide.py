"""The help that ships with the app: glossary, how-tos and the guided tour (Qt-free checks; the window's
tour is driven in tests/ui)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aco_desktop.engine import ScenarioError, resolve, settle
from aco_desktop.guide import GuideFileError, load_glossary, load_howtos, load_tour
from aco_desktop.guide.content import help_dir
from aco_desktop.scenario import Scenario
from .conftest import RULES
from .engine.test_invariants import TRACKS

GLOSSARY = load_glossary()
TOUR = load_tour()


def test_every_statement_step_and_key_term_has_a_glossary_entry() -> None:
    labels = set()
    for rules, track, year in TRACKS[::3]:
        for savings in (-12, -1, 0.5, 2.5, 6, 30):
            for standard in ("met", "not-met"):
                base = dict(rules=rules, track=track, performance_year=year, savings_pct=savings,
                            quality_standard=standard, fqhc_pct=45, participant_revenue=5e6)
                try:
                    result = settle(RULES, Scenario(**base))
                except (ScenarioError, ValueError):  # a combination the rules refuse: never on screen
                    continue
                labels |= {step.label for step in result.steps}
    labels |= {"MSR", "MLR", "Sharing rate", "Loss rate", "Most it can earn", "Most it can owe", "Paid now",
               "Savings needed", "Quality standard", "Participant revenue", "Loss relief", "Health equity bonus"}
    missing = sorted(label for label in labels if GLOSSARY.lookup(label) is None)
    assert not missing, missing


def test_how_tos_answer_the_five_common_questions() -> None:
    questions = load_howtos()
    assert len(questions) == 5 and all(len(q.steps) >= 2 for q in questions)


def test_the_tour_teaches_one_idea_a_step_and_its_numbers_are_the_engines() -> None:
    ids = [step.id for step in TOUR.step]
    assert ids == ["benchmark", "msr", "jump", "quality", "savings-cap", "losses", "chance"]
    results = [settle(RULES, TOUR.scenario_at(i)) for i in range(len(TOUR.step))]
    first, msr, jump, quality, cap, losses, chance = results
    # The numbers the step texts state (typed there for people), checked against the settlement.
    assert first.benchmark == 120_000_000 and first.gross_savings == pytest.approx(3_600_000)
    assert msr.msr == pytest.approx(0.03) and msr.earned == 0 and msr.outcome == "below-msr"
    assert jump.final_sharing_rate == 0.40 and jump.earned == pytest.approx(0.035 * 120e6 * 0.40 * 0.98)
    assert quality.earned == 0 and quality.outcome == "quality-not-met"
    assert cap.earned == pytest.approx(12_000_000) and cap.terms.savings_cap.value == 12_000_000
    assert losses.shared_loss_rate == 0.30 and losses.earned < 0
    assert {"expected", "spread"} <= set(TOUR.step[-1].layers) and chance.terms.two_sided
    # Each step adds the layer its idea is about.
    assert "msr" in TOUR.step[1].layers and "msr" not in TOUR.step[0].layers
    assert "savings_cap" in TOUR.step[4].layers and "loss_cap" in TOUR.step[5].layers


def test_every_tour_step_is_one_the_rules_accept() -> None:
    for index in range(len(TOUR.step)):
        resolve(RULES, TOUR.scenario_at(index))


@pytest.mark.parametrize("broken, where", [
    ('layers = ["marker"]', 'layers = ["marker", "fireworks"]'),
    ("savings_pct = 2.0 }", "savings_pct = 250.0 }"),
    ("savings_pct = 2.0 }", "savigns_pct = 2.0 }"),
])
def test_a_teachers_broken_tour_names_the_step(broken: str, where: str, tmp_path: Path) -> None:
    text = (help_dir() / "tour.toml").read_text(encoding="utf-8")
    assert broken in text
    path = tmp_path / "tour.toml"
    path.write_text(text.replace(broken, where, 1), encoding="utf-8")
    with pytest.raises(GuideFileError) as info:
        load_tour(path)
    message = str(info.value)
    assert message.startswith("tour.toml: step") and ("fireworks" in message or "savings_pct" in message
                                                       or "savigns_pct" in message), message
