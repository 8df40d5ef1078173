"""The settlement engine: pure functions of (rules, scenario). No Qt, no I/O, no state."""

from aco_desktop.engine.cache import TermsCache
from aco_desktop.engine.curve import PayoffCurve, earned_at, payoff_curve
from aco_desktop.engine.options import TrackChoice, TrackOption, track_options
from aco_desktop.engine.settle import Settlement, Step, settle, settle_terms
from aco_desktop.engine.terms import ScenarioError, Terms, book_for, msr_from_table, resolve
from aco_desktop.engine.terms.eligibility import is_low_revenue, savings_needed_rate
from aco_desktop.engine.uncertainty import DEFAULT_SPREAD, Outlook, Spread, expected_curve, outlook, savings_sigma

__all__ = ["DEFAULT_SPREAD", "Outlook", "PayoffCurve", "ScenarioError", "Settlement", "Spread", "Step", "Terms",
           "TermsCache", "TrackChoice", "TrackOption", "book_for", "earned_at", "expected_curve", "is_low_revenue",
           "msr_from_table", "outlook", "payoff_curve", "resolve", "savings_needed_rate", "savings_sigma", "settle",
           "settle_terms", "track_options"]
