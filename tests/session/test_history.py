"""Undo that matches what a user did: one drag is one step, no empty steps, dirty announced."""

from __future__ import annotations

from aco_desktop.scenario import Scenario
from aco_desktop.session.state import Session
from ..conftest import RULES


def _drag(session: Session, **values: list) -> None:
    (name, steps), = values.items()
    session.begin_gesture()
    for value in steps:
        session.apply(**{name: value})
    session.end_gesture()


def test_a_drag_is_one_step_and_a_drag_back_to_the_start_is_none() -> None:
    session = Session(Scenario(savings_pct=3), RULES)
    _drag(session, savings_pct=[3.5, 4, 4.5])
    assert session.scenario.savings_pct == 4.5 and session.can_undo
    _drag(session, savings_pct=[5, 4.5])  # came back: no step
    session.undo()
    assert session.scenario.savings_pct == 3 and not session.can_undo


def test_undo_during_a_drag_undoes_the_whole_drag_and_the_rest_is_one_new_step() -> None:
    session = Session(Scenario(savings_pct=3), RULES)
    session.apply(quality_pct=80)
    session.begin_gesture()
    for value in (3.5, 4, 4.5):
        session.apply(savings_pct=value)
    session.undo()  # Ctrl+Z with the mouse still down
    assert session.scenario.savings_pct == 3 and session.scenario.quality_pct == 80
    for value in (5, 5.5):  # the same drag goes on
        session.apply(savings_pct=value)
    session.end_gesture()
    session.undo()
    assert (session.scenario.savings_pct, session.scenario.quality_pct) == (3, 80)
    session.undo()
    assert session.scenario.quality_pct == 90 and not session.can_undo
    session.redo()
    session.redo()
    assert session.scenario.savings_pct == 5.5 and not session.can_redo


def test_an_unchanged_value_adds_no_step() -> None:
    session = Session(Scenario(), RULES)
    session.apply(savings_pct=Scenario().savings_pct)
    assert not session.can_undo and not session.dirty


def test_dirty_is_announced_once_per_change_of_state() -> None:
    session = Session(Scenario(), RULES)
    heard: list[bool] = []
    session.on_dirty_change(heard.append)
    session.apply(savings_pct=4)
    session.apply(savings_pct=5)
    session.set_dirty(False)  # saved
    session.undo()
    session.reset(Scenario())  # opened a file
    assert heard == [True, False, True, False]
