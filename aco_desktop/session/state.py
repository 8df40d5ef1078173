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
        self._gesture_open = False
        self._gesture_started = False

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


def explain_rejection(exc: Exception) -> str:
    """One line for a change the session refused (for a status bar or dialog)."""
    if isinstance(exc, ScenarioError):
        return exc.message if exc.message[0].isupper() else f"{exc.field.replace('_', ' ')}: {exc.message}"
    if isinstance(exc, ValidationError):
        return exc.errors()[0]["msg"].removeprefix("Value error, ")
    return str(exc)
