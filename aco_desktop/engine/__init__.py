"""The settlement engine: pure functions of (rules, scenario). No Qt, no I/O, no state."""

from aco_desktop.engine.cache import TermsCache
from aco_desktop.engine.curve import PayoffCurve, earned_at, payoff_curve
from aco_desktop.engine.settle import Settlement, Step, settle, settle_terms
from aco_desktop.engine.terms import ScenarioError, Terms, book_for, msr_from_table, resolve
from aco_desktop.engine.terms.eligibility import is_low_revenue, savings_needed_rate

__all__ = ["PayoffCurve", "ScenarioError", "Settlement", "Step", "Terms", "TermsCache", "book_for", "earned_at",
           "is_low_revenue", "msr_from_table", "payoff_curve", "resolve", "savings_needed_rate", "settle",
           "settle_terms"]
