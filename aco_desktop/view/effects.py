"""Rule effects in plain words: when loss relief, the low-revenue half rate, sequestration or a binding
cap changes the result, one short sentence says so (the headline carries them)."""

from __future__ import annotations

from aco_desktop.engine import Settlement
from aco_desktop.format import pct, usd


def _relief(r: Settlement, amount: float, formula: str) -> str:
    year = r.scenario.performance_year
    covid = year in (2020, 2021) and "automatic" in formula
    who = "the COVID-19 relief" if covid else "loss relief"
    when = f" in {year}" if year else ""
    if abs(r.earned) < 0.5:
        return f"Losses forgiven: {who} offset all shared losses{when}"
    return f"Losses reduced: {who} forgave {usd(amount)} of the shared losses{when}"


def rule_effects(r: Settlement) -> list[str]:
    """One sentence for each rule that changed this result ([] when none did)."""
    steps = {step.key: step for step in r.steps}
    said = []
    if "relief" in steps and steps["relief"].amount > 0.5:
        said.append(_relief(r, steps["relief"].amount, steps["relief"].formula))
    if "loss_cap" in steps and steps["loss_cap"].formula.endswith(": binds"):
        said.append(f"Loss capped: the ACO owes at most {usd(-steps['loss_cap'].amount)}, "
                    f"not the {usd(-steps['shared_loss'].amount)} its shared losses came to")
    shared = steps.get("shared")
    if shared is not None and "low-revenue" in shared.label and shared.amount > 0.5:
        said.append("Half rate: below the MSR, a low-revenue ACO that saved still shares its savings at "
                    "half the sharing rate")
    if "sequestration" in steps and shared is not None and shared.amount > 0.5:
        cut = shared.amount - steps["sequestration"].amount
        said.append(f"Sequestration took {usd(cut)} ({pct(cut / shared.amount)}) off the shared savings")
    if "savings_cap" in steps and steps["savings_cap"].formula.endswith(": binds"):
        said.append(f"Savings capped: the ACO earns at most {usd(steps['savings_cap'].amount)}")
    return said
