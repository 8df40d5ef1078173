"""The settlement engine: pure functions from (rules, scenario) to numbers. No Qt, no I/O but rule files."""

from aco_desktop.engine.curve import Landmark, PayoffCurve, earned_at, landmarks, payoff_curve
from aco_desktop.engine.settle import Settlement, Step, settle, settle_terms
from aco_desktop.engine.terms import ScenarioError, Terms, msr_from_table, resolve

__all__ = ["Landmark", "PayoffCurve", "ScenarioError", "Settlement", "Step", "Terms", "earned_at",
           "landmarks", "msr_from_table", "payoff_curve", "resolve", "settle", "settle_terms"]
