"""The document on screen: its file, name and note, and whether it has unsaved changes. Qt-free.

The scenario itself lives in the ``Session`` (with its undo history); the document adds what a file
holds besides it. Every change of path, name, note or dirty state is announced to ``subscribe``rs, so a
window title or an autosave can follow without being called by whoever made the change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from aco_desktop.scenario import Scenario
from aco_desktop.session.files import ScenarioFile, read_scenario_file, write_scenario_file
from aco_desktop.session.state import Session


NAME_LIMIT = ScenarioFile.model_fields["name"].metadata[0].max_length
NOTE_LIMIT = ScenarioFile.model_fields["note"].metadata[0].max_length


def details_problem(name: str, note: str) -> str:
    """Why a scenario file cannot hold this name or note ('' when it can)."""
    if len(note) > NOTE_LIMIT:
        return (f"The note is {len(note):,} characters; a scenario file holds at most {NOTE_LIMIT:,}. "
                f"Shorten it by {len(note) - NOTE_LIMIT:,} characters.")
    if len(name) > NAME_LIMIT:
        return f"The name is {len(name):,} characters; at most {NAME_LIMIT:,}."
    return ""


class Document:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.path: Path | None = None
        self.name = ""
        self.note = ""
        self.source = ""  # where the numbers come from (a preset's citation), kept in every saved copy
        self._listeners: list[Callable[[], None]] = []
        # A fill from CMS's results: (its history step, its scenario, the document before, the document
        # it made). Undoing the fill brings the document before back, redoing it the filled one.
        self._fill: tuple | None = None
        session.on_dirty_change(lambda _: self._announce())
        session.subscribe(lambda _: self._follow_history())

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after the path, name, note or dirty state changed."""
        self._listeners.append(listener)

    def _announce(self) -> None:
        for listener in list(self._listeners):
            listener()

    def title(self) -> str:
        """The document's name, else its file name; '' for an unnamed, unsaved scenario."""
        return self.name or (self.path.stem if self.path else "")

    def current_file(self) -> ScenarioFile:
        return ScenarioFile(name=self.name, note=self.note, source=self.source, scenario=self.session.scenario)

    # ---- changing ----------------------------------------------------------------------------------
    def load(self, file: ScenarioFile, path: Path | None = None, dirty: bool = False) -> None:
        """Show ``file`` (opened from ``path``, a preset, or recovered) with a fresh history."""
        self._fill = None
        self.path, self.name, self.note, self.source = path, file.name, file.note, file.source
        self.session.reset(file.scenario, dirty=dirty)
        self._announce()

    def replace_untitled(self, scenario: Scenario, name: str, source: str) -> None:
        """Show ``scenario`` as an untitled document named ``name`` (a fill from CMS's results) in one undo
        step: Save asks for a file name, so the file open before is never overwritten. Raises what
        ``Session.replace`` raises, and then nothing changed."""
        before = self._identity()
        self.path, self.name, self.note, self.source = None, name, "", source
        self._fill = None
        try:
            changed = scenario != self.session.scenario
            self.session.replace(scenario)  # its listeners (the window) see the new title
        except ValueError:
            self.path, self.name, self.note, self.source = before
            raise
        if changed:  # one undo step, which takes the document's file and name back with it
            self._fill = (self.session.index, self.session.scenario, before, self._identity())
        else:
            self.session.set_dirty(True)
            self._announce()

    def _identity(self) -> tuple:
        return self.path, self.name, self.note, self.source

    def _follow_history(self) -> None:
        """Undo past a fill shows the document that was open before it (its file, name and note: Save
        writes there again); redo shows the filled one. Once the user names or saves the document, or the
        fill's step leaves the history, the fill is forgotten."""
        if self._fill is None:
            return
        step, scenario, before, after = self._fill
        if not self.session.holds(step, scenario):
            self._fill = None
            return
        wanted = before if self.session.index < step else after
        if self._identity() in (before, after) and self._identity() != wanted:
            self.path, self.name, self.note, self.source = wanted
            self._announce()

    def open(self, path: Path) -> ScenarioFile:
        """Read and show ``path``. Raises ``ScenarioFileError`` and changes nothing when it cannot."""
        file = read_scenario_file(path, self.session.rules)
        self.load(file, path)
        return file

    def save_to(self, path: Path) -> None:
        """Write the document to ``path``. Raises ``ScenarioFileError``; the work stays unsaved then."""
        write_scenario_file(path, self.current_file())
        self.path = path
        self._fill = None  # saved: this is the document now, whatever undo shows
        self.session.set_dirty(False)
        self._announce()

    def set_details(self, name: str, note: str) -> None:
        """Raises ``ValueError`` (saying why, nothing changed) for a name or note a file cannot hold:
        refused here, where it is typed, so Save, autosave and the report never fail on it later."""
        problem = details_problem(name, note)
        if problem:
            raise ValueError(problem)
        if (name, note) != (self.name, self.note):
            self.name, self.note = name, note
            self.session.set_dirty(True)
            self._announce()
