"""The current scenario and its history, without Qt.

State is a sequence of immutable, validated scenarios. Every change builds a new ``Scenario`` through
validation; undo/redo move along the list of snapshots. A slider drag is one undo step: between
``begin_gesture()`` and ``end_gesture()`` changes replace the newest snapshot instead of adding one.
"""

from __future__ import annotations

from typing import Callable

from pydantic import ValidationError

from aco_desktop.engine import ScenarioError, Settlement, resolve, settle_terms
from aco_desktop.engine.terms import Terms
from aco_desktop.rules import get_rulebook
from aco_desktop.scenario import Scenario

Listener = Callable[[Scenario], None]


class Session:
    """The scenario on screen, what led to it, and who wants to know when it changes."""

    def __init__(self, scenario: Scenario, limit: int = 500) -> None:
        self._snapshots: list[Scenario] = [scenario]
        self._index = 0
        self._limit = limit
        self._gesture_open = False
        self._gesture_started = False
        self._listeners: list[Listener] = []
        self._gesture_listeners: list[Callable[[], None]] = []
        self.dirty = False  # changed since the last save or open

    # ---- reading ---------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._snapshots[self._index]

    def terms(self) -> Terms:
        return resolve(self.scenario)

    def settlement(self) -> Settlement:
        return settle_terms(self.terms(), self.scenario)

    @property
    def in_gesture(self) -> bool:
        """A slider drag is under way (its changes are not committed until it ends)."""
        return self._gesture_open

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._snapshots) - 1

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # ---- changing --------------------------------------------------------------------------------
    def apply(self, **changes: object) -> Scenario:
        """Validate and make current ``scenario`` with ``changes``.

        Raises ``ValidationError`` or ``ScenarioError`` (naming the input) and leaves the current
        scenario untouched when the change is not allowed.
        """
        candidate = self.scenario.with_changes(**changes)
        resolve(candidate)  # the rules must accept it too (track in its years, enough beneficiaries...)
        return self.replace(candidate)

    def replace(self, scenario: Scenario) -> Scenario:
        """Make ``scenario`` current as one undo step (or as part of the open gesture)."""
        if scenario == self.scenario:
            return scenario
        if self._gesture_open and self._gesture_started:
            self._snapshots[self._index] = scenario
        else:
            del self._snapshots[self._index + 1:]
            self._snapshots.append(scenario)
            if len(self._snapshots) > self._limit:
                del self._snapshots[0]
            self._index = len(self._snapshots) - 1
            self._gesture_started = self._gesture_open
        self.dirty = True
        self._notify()
        return scenario

    def begin_gesture(self) -> None:
        """Changes until ``end_gesture`` (one slider drag) make a single undo step."""
        self._gesture_open = True
        self._gesture_started = False

    def end_gesture(self) -> None:
        was_open = self._gesture_open
        self._gesture_open = False
        self._gesture_started = False
        if was_open:
            for listener in list(self._gesture_listeners):
                listener()

    def on_gesture_end(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` when a drag ends (its changes are then committed)."""
        self._gesture_listeners.append(listener)

    def undo(self) -> None:
        if self.can_undo:
            self.end_gesture()
            self._index -= 1
            self.dirty = True
            self._notify()

    def redo(self) -> None:
        if self.can_redo:
            self.end_gesture()
            self._index += 1
            self.dirty = True
            self._notify()

    def reset(self, scenario: Scenario) -> None:
        """Start over from ``scenario`` (opening a file): a fresh history."""
        self._snapshots = [scenario]
        self._index = 0
        self.end_gesture()
        self.dirty = False
        self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self.scenario)


def follow_rule_change(current: Scenario, changes: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """Complete a change of rulebook, track or year so the scenario stays one the rules accept.

    Returns the completed changes and one plain sentence for every input that had to move with it, so
    the user is told (nothing is adjusted silently).
    """
    changes = dict(changes)
    notes: list[str] = []
    if not {"rules", "track", "performance_year", "agreement_year"} & set(changes):
        return changes, notes  # a direct edit: the engine accepts or refuses it as it stands
    book = get_rulebook(str(changes.get("rules", current.rules)))
    if "rules" in changes and changes["rules"] != current.rules:
        changes.setdefault("options", {})
        if current.track not in book.tracks and "track" not in changes:
            changes["track"] = next(iter(book.tracks))
    track_id = str(changes.get("track", current.track))
    if track_id not in book.tracks:
        return changes, notes  # the engine will name the problem
    year = changes.get("performance_year", current.performance_year)
    if not book.has_performance_years:
        changes["performance_year"] = None
    elif "performance_year" in changes and year is not None and "track" not in changes:
        track = book.tracks[track_id]
        if not track.first_year <= int(year) <= track.last_year:
            replacement = next((tid for tid, t in book.tracks.items() if t.first_year <= int(year) <= t.last_year), None)
            if replacement:
                changes["track"] = track_id = replacement
                notes.append(f"{track.label} did not exist in PY{year}: track set to {book.tracks[replacement].label}.")
    else:
        track = book.tracks[track_id]
        if year is None or not track.first_year <= int(year) <= track.last_year:
            new_year = track.last_year if year is None else min(max(int(year), track.first_year), track.last_year)
            changes["performance_year"] = new_year
            if year is not None:
                notes.append(f"{track.label} ran {track.first_year}-{track.last_year}: performance year set to {new_year}.")
    track = book.tracks[track_id]
    agreement_year = int(changes.get("agreement_year", current.agreement_year))
    if agreement_year > track.agreement_length and "agreement_year" not in changes:
        changes["agreement_year"] = track.agreement_length
        notes.append(f"{track.label} agreements last {track.agreement_length} years: agreement year set to "
                     f"{track.agreement_length}.")
    beneficiaries = int(changes.get("beneficiaries", current.beneficiaries))
    if beneficiaries < track.min_beneficiaries:
        changes["beneficiaries"] = track.min_beneficiaries
        notes.append(f"{track.label} needs at least {track.min_beneficiaries:,} beneficiaries: set to "
                     f"{track.min_beneficiaries:,}.")
    model = book.model_for(track_id, int(changes.get("agreement_year", agreement_year)))
    election = changes.get("msr_election", current.msr_election)
    if election is not None and (model.msr.method != "elected" or election not in model.msr.choices):
        changes["msr_election"] = None
        notes.append(f"{track.label} has no MSR election of {election}: {'the default applies' if model.msr.method == 'elected' else 'its MSR is not elected'}.")
    if not book.has_performance_years and current.loss_relief_pct and "loss_relief_pct" not in changes:
        changes["loss_relief_pct"] = 0.0
        notes.append(f"{book.short_title} has no loss relief: loss relief set to 0%.")
    year = changes.get("performance_year", current.performance_year)
    standard = changes.get("quality_standard", current.quality_standard)
    since = book.first_year_of("alternative-standard")
    if standard == "alternative" and (year is None or since is None or int(year) < since):
        changes["quality_standard"] = "met"
        notes.append(f"The alternative quality standard exists {f'from PY{since}' if since else 'only in the rules in force'}:"
                     " quality standard set to met.")
    return changes, notes


def explain_rejection(exc: Exception) -> str:
    """One line for a change the session refused (for a status bar or dialog)."""
    if isinstance(exc, ScenarioError):
        return exc.message if exc.message[0].isupper() else f"{exc.field.replace('_', ' ')}: {exc.message}"
    if isinstance(exc, ValidationError):
        return exc.errors()[0]["msg"].removeprefix("Value error, ")
    return str(exc)
