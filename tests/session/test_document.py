"""The document model without Qt: path, name, note and dirty state, announced to subscribers."""

from __future__ import annotations

import pytest

from aco_desktop.scenario import Scenario
from aco_desktop.session.document import Document
from aco_desktop.session.files import ScenarioFile, ScenarioFileError
from aco_desktop.session.state import Session

from ..conftest import RULES


@pytest.fixture
def document() -> Document:
    return Document(Session(Scenario(), RULES))


def test_changes_are_announced(document, tmp_path) -> None:
    heard = []
    document.subscribe(lambda: heard.append((document.title(), document.dirty)))
    document.set_details("Option B", "A note")
    assert heard[-1] == ("Option B", True)
    path = tmp_path / "b.json"
    document.save_to(path)
    assert heard[-1] == ("Option B", False) and document.path == path
    document.session.apply(savings_pct=5)
    assert heard[-1] == ("Option B", True)  # the session's dirty flag, announced by the document


def test_open_replaces_the_scenario_and_forgets_the_history(document, tmp_path) -> None:
    other = Document(Session(Scenario(savings_pct=7, quality_pct=60), RULES))
    other.set_details("Saved", "")
    other.save_to(tmp_path / "saved.json")
    document.session.apply(quality_pct=70)
    file = document.open(tmp_path / "saved.json")
    assert file.name == "Saved" and document.session.scenario == Scenario(savings_pct=7, quality_pct=60)
    assert not document.dirty and not document.session.can_undo and document.title() == "Saved"


def test_a_bad_file_changes_nothing(document, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    document.session.apply(quality_pct=70)
    with pytest.raises(ScenarioFileError):
        document.open(bad)
    assert document.session.scenario.quality_pct == 70 and document.dirty and document.path is None


def test_a_failed_save_keeps_the_work_unsaved(document, tmp_path) -> None:
    document.session.apply(quality_pct=70)
    with pytest.raises(ScenarioFileError):
        document.save_to(tmp_path / "missing" / "x.json")
    assert document.dirty and document.path is None


def test_a_recovered_file_is_shown_unsaved(document) -> None:
    document.load(ScenarioFile.of(Scenario(savings_pct=2), "Recovered"), None, dirty=True)
    assert document.dirty and document.title() == "Recovered"


def test_replace_untitled_forgets_the_file_keeps_one_undo_step_and_changes_nothing_on_refusal(document, tmp_path) -> None:
    document.save_to(tmp_path / "mine.json")
    before = document.session.scenario
    document.replace_untitled(Scenario(savings_pct=4), "Some ACO PY2024", "CMS PY2024 results")
    assert document.path is None and document.title() == "Some ACO PY2024" and document.dirty
    assert document.current_file().source == "CMS PY2024 results"
    document.session.undo()
    assert document.session.scenario == before
    document.save_to(tmp_path / "mine.json")
    heard = []
    document.subscribe(lambda: heard.append(document.title()))
    document.replace_untitled(document.session.scenario, "Same inputs PY2023", "")
    assert heard and heard[-1] == "Same inputs PY2023" and document.path is None and document.dirty

    def refuse(_scenario):
        raise ValueError("refused")

    document.save_to(tmp_path / "kept.json")
    document.session.replace = refuse
    with pytest.raises(ValueError):
        document.replace_untitled(Scenario(savings_pct=9), "Refused", "")
    assert document.path == tmp_path / "kept.json" and document.title() == "Same inputs PY2023"


def test_undoing_a_fill_brings_back_the_document_open_before_and_redo_the_filled_one(document, tmp_path) -> None:
    mine = tmp_path / "mine.json"
    document.set_details("Our plan", "")
    document.save_to(mine)
    document.replace_untitled(Scenario(savings_pct=4), "Some ACO PY2024", "CMS PY2024 results")
    document.session.apply(quality_pct=70)  # an edit after the fill
    document.session.undo()
    assert document.title() == "Some ACO PY2024" and document.path is None  # still after the fill
    document.session.undo()  # the fill itself
    assert document.session.scenario == Scenario() and document.path == mine and document.title() == "Our plan"
    assert document.source == ""
    document.session.redo()
    assert document.path is None and document.title() == "Some ACO PY2024"
    assert document.source == "CMS PY2024 results"


def test_a_fill_is_forgotten_once_saved_or_once_its_step_is_gone(document, tmp_path) -> None:
    document.save_to(tmp_path / "mine.json")
    document.replace_untitled(Scenario(savings_pct=4), "Some ACO PY2024", "")
    document.save_to(tmp_path / "aco.json")  # saved: undo keeps this document
    document.session.undo()
    assert document.path == tmp_path / "aco.json"
    document.session.redo()
    document.replace_untitled(Scenario(savings_pct=5), "Other ACO PY2023", "")
    document.session.undo()
    assert document.path == tmp_path / "aco.json"
    document.session.apply(quality_pct=60)  # a new edit: the fill's step leaves the history
    assert not document.session.can_redo and document.path == tmp_path / "aco.json"
