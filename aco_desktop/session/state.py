"""The current scenario and its history, without Qt.

State is a sequence of immutable, validated scenarios. Every change builds a new ``Scenario`` through
validation; undo/redo move along the list of snapshots. A slider drag is one undo step: between
``begin_gesture()`` and ``end_gesture()`` changes replace the newest snapshot instead of adding one.
An undo during a drag first ends the drag (its step is kept whole), then steps back over it. A change
that leaves the scenario as it was adds no step.

The session holds the rule files it settles with (``rules``) and a ``TermsCache`` of its own; whether
the scenario has unsaved changes (``dirty``) is announced to ``on_dirty_change`` listeners.
"""

from __future__ import annotations

from typing import Callable

from pydantic import ValidationError

from aco_desktop.engine import ScenarioError, Settlement, Terms, TermsCache, settle, settle_terms
from aco_desktop.rules import RuleFileError, RuleRegistry, Rulebook
from aco_desktop.scenario import Scenario
from aco_desktop.session.errors import explain

Listener = Callable[[Scenario], None]


class Session:
    """The scenario on screen, what led to it, and who wants to know when it changes."""

    def __init__(self, scenario: Scenario, rules: RuleRegistry, limit: int = 500) -> None:
        self.rules = rules
        self._cache = TermsCache()
        self._snapshots: list[Scenario] = [scenario]
        self._index = 0
        self._limit = limit
        self._gesture_open = False
        self._gesture_started = False
        self._listeners: list[Listener] = []
        self._gesture_listeners: list[Callable[[], None]] = []
        self._dirty_listeners: list[Callable[[bool], None]] = []
        self._dirty = False

    # ---- reading ---------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._snapshots[self._index]

    def terms(self, scenario: Scenario | None = None) -> Terms:
        """The terms of ``scenario`` (default: the current one) under the session's rules."""
        return self._cache.resolve(self.rules, scenario or self.scenario)

    def settlement(self) -> Settlement:
        return settle_terms(self.terms(), self.scenario)

    @property
    def dirty(self) -> bool:
        """Changed since the last save or open."""
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            for listener in list(self._dirty_listeners):
                listener(dirty)

    def on_dirty_change(self, listener: Callable[[bool], None]) -> None:
        self._dirty_listeners.append(listener)

    @property
    def in_gesture(self) -> bool:
        """A slider drag is under way (its changes are not committed until it ends)."""
        return self._gesture_open

    @property
    def index(self) -> int:
        """Where in its history the session is (0: the oldest step kept)."""
        return self._index

    def holds(self, index: int, scenario: Scenario) -> bool:
        """Whether step ``index`` of the history is still ``scenario`` (that very object)."""
        return 0 <= index < len(self._snapshots) and self._snapshots[index] is scenario

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
        self.terms(candidate)  # the rules must accept it too (track in its years, enough beneficiaries...)
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
        self.set_dirty(True)
        self._notify()
        return scenario

    def begin_gesture(self) -> None:
        """Changes until ``end_gesture`` (one slider drag) make a single undo step."""
        self._gesture_open = True
        self._gesture_started = False

    def end_gesture(self) -> None:
        was_open = self._gesture_open
        if was_open and self._gesture_started and self._index > 0 \
                and self._snapshots[self._index] == self._snapshots[self._index - 1]:
            del self._snapshots[self._index]  # a drag that came back to where it began is no step
            self._index -= 1
        self._gesture_open = False
        self._gesture_started = False
        if was_open:
            for listener in list(self._gesture_listeners):
                listener()

    def on_gesture_end(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` when a drag ends (its changes are then committed)."""
        self._gesture_listeners.append(listener)

    def undo(self) -> None:
        """Step back. During a drag the drag's step ends first and is the step undone; the rest of the
        same drag then makes one new step."""
        self._move(-1)

    def redo(self) -> None:
        self._move(+1)

    def _move(self, direction: int) -> None:
        dragging = self._gesture_open
        self.end_gesture()
        target = self._index + direction
        if 0 <= target < len(self._snapshots):
            self._index = target
            self.set_dirty(True)
            self._notify()
        if dragging:
            self.begin_gesture()

    def reset(self, scenario: Scenario, dirty: bool = False) -> None:
        """Start over from ``scenario`` (opening or recovering a file): a fresh history."""
        self._snapshots = [scenario]
        self._index = 0
        self.end_gesture()
        self.set_dirty(dirty)
        self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self.scenario)


def follow_rule_change(rules: RuleRegistry, current: Scenario,
                       changes: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """Complete a change of rulebook, track or year so the scenario stays one the rules accept.

    Returns the completed changes and one plain sentence for every input that had to move with it, so
    the user is told (nothing is adjusted silently).
    """
    changes = dict(changes)
    notes: list[str] = []
    if not {"rules", "track", "performance_year", "agreement_year"} & set(changes):
        return changes, notes  # a direct edit: the engine accepts or refuses it as it stands
    book = rules[str(changes.get("rules", current.rules))]
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
    _follow_track(book, track_id, current, changes, notes)
    return changes, notes


def _follow_track(book: Rulebook, track_id: str, current: Scenario, changes: dict[str, object], notes: list[str]) -> None:
    """Move the inputs the chosen track limits (agreement year, beneficiaries, MSR election, relief,
    quality standard) into its limits, adding a sentence to ``notes`` for each."""
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


def apply_edit(session: Session, changes: dict[str, object]) -> tuple[bool, str]:
    """Apply a user's edit (completed by ``follow_rule_change``). Returns whether it was accepted and what
    to tell the user: why it was refused, or which inputs moved with it ("" when nothing needs saying)."""
    try:
        changes, notes = follow_rule_change(session.rules, session.scenario, changes)
        session.apply(**changes)
    except (ValidationError, ScenarioError, ValueError) as exc:
        return False, explain(exc)
    return True, " ".join(notes)


def starting_scenario(rules: RuleRegistry, wanted: Scenario) -> tuple[Scenario, str]:
    """``wanted`` if the loaded rules settle it; else the defaults moved to a rulebook that was loaded (a
    rule file may have been skipped), with a sentence saying so."""
    try:
        settle(rules, wanted)
        return wanted, ""
    except (ValidationError, ScenarioError, ValueError, RuleFileError) as exc:
        why = explain(exc)
    for book_id in rules:
        try:
            changes, _ = follow_rule_change(rules, Scenario(), {"rules": book_id})
            scenario = Scenario().with_changes(**changes)
            settle(rules, scenario)
        except (ValidationError, ScenarioError, ValueError, RuleFileError):
            continue
        return scenario, f"The scenario could not be shown ({why}); showing {rules[book_id].short_title} instead."
    raise ValueError(f"no loaded rulebook settles a scenario ({why})")
