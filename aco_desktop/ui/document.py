"""Files for the window: open, save, name and note, recent files, presets, autosave.

``DocumentActions`` owns what the window's File menu does with scenario files. The document itself
(path, name, note, dirty) is the Qt-free ``session.document.Document``, which announces its changes; this
class asks the user (file dialogs), remembers recent files in the settings, keeps the autosave timer and
reports errors through ``Feedback``. A failed open leaves the scenario on screen untouched; a failed save
keeps the work open and marked unsaved.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit, QMenu,
                               QPlainTextEdit, QWidget)

from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.document import Document, details_problem
from aco_desktop.session.files import SUFFIX, ScenarioFile, ScenarioFileError
from aco_desktop.session.presets import is_earlier_rules, list_presets
from aco_desktop.ui.feedback import Feedback

FILE_FILTER = f"ACO scenarios (*{SUFFIX});;All files (*)"
RECENT_LIMIT = 8
AUTOSAVE_DELAY_MS = 300  # coalesce bursts of changes into one write


class DocumentActions:
    def __init__(self, parent: QWidget, model: Document, feedback: Feedback, settings: QSettings | None,
                 autosaver: Autosaver | None) -> None:
        self.parent = parent
        self.model = model
        self.feedback = feedback
        self.settings = settings
        self.autosaver = autosaver
        self._autosave_timer = QTimer(parent)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)
        model.session.subscribe(lambda _: self.schedule_autosave())
        model.session.on_gesture_end(self.schedule_autosave)
        model.subscribe(self.schedule_autosave)
        self.schedule_autosave()

    # ---- the document ------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.model.name

    @property
    def note(self) -> str:
        return self.model.note

    @property
    def path(self) -> Path | None:
        return self.model.path

    def title(self) -> str:
        return self.model.title()

    def load(self, file: ScenarioFile, path: Path | None, message: str) -> None:
        self.model.load(file, path)
        if path is not None:
            self.remember_recent(path)
        self.feedback.tell(message)

    # ---- open --------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        if not self.feedback.may_discard_changes():
            return
        folder = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open scenario", folder, FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open ``path``; on any problem say what is wrong and keep the scenario on screen."""
        try:
            self.model.open(path)
        except ScenarioFileError as exc:
            self.feedback.warn("Could not open the scenario", str(exc))
            return False
        self.remember_recent(path)
        self.feedback.tell(f"Opened {path.name}.")
        return True

    def open_preset(self, preset) -> None:
        if not self.feedback.may_discard_changes():
            return
        try:
            file = preset.load(self.model.session.rules)
        except ScenarioFileError as exc:
            self.feedback.warn("Could not open the preset", str(exc))
            return
        # an untitled copy: Save asks for a file name, so the shipped preset is never overwritten
        self.load(file, None, f"Preset: {file.name} (an untitled copy). {file.source}".strip())

    # ---- save --------------------------------------------------------------------------------------
    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        # a title is not a path: "St. Luke's PY2024" must not lose all after its first dot, nor "A/B" make a folder
        suggested = self.path or Path(re.sub(r'[\\/:*?"<>|]+', "-", self.title() or "scenario") + SUFFIX)
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save scenario as", str(suggested), FILE_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != SUFFIX:
            target = target.with_suffix(SUFFIX)
        return self.save_to(target)

    def save_to(self, path: Path) -> bool:
        try:
            self.model.save_to(path)
        except ScenarioFileError as exc:
            self.feedback.warn("Could not save the scenario",
                               f"{exc}\n\nYour scenario is still open and unsaved; try another folder.")
            return False
        self.remember_recent(path)
        self.feedback.tell(f"Saved {path}.")
        return True

    # ---- name and note -----------------------------------------------------------------------------
    def edit_details(self) -> None:
        dialog = QDialog(self.parent)
        dialog.setWindowTitle("Scenario name and note")
        form = QFormLayout(dialog)
        name = QLineEdit(self.name)
        name.setMaxLength(200)
        note = QPlainTextEdit(self.note)
        note.setPlaceholderText("What this scenario shows, for the meeting or the class.")
        form.addRow("&Name", name)
        form.addRow("N&ote", note)
        why = QLabel()  # a note too long for a file is refused here, with the reason
        why.setWordWrap(True)
        why.setStyleSheet("color: #b00020;")
        form.addRow(why)
        note.textChanged.connect(lambda: why.setText(details_problem("", note.toPlainText().strip())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: None if details_problem("", note.toPlainText().strip()) else dialog.accept())
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        self.details_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_details(name.text().strip(), note.toPlainText().strip())

    def set_details(self, name: str, note: str) -> bool:
        try:
            self.model.set_details(name, note)
        except ValueError as exc:
            self.feedback.tell(str(exc))
            return False
        return True

    # ---- recent files and presets menus ------------------------------------------------------------
    def recent(self) -> list[Path]:
        if self.settings is None:
            return []
        value = self.settings.value("recent_files") or []
        paths = [value] if isinstance(value, str) else list(value)
        return [Path(p) for p in paths if p]

    def remember_recent(self, path: Path) -> None:
        if self.settings is None:
            return
        paths = [str(path.resolve())] + [str(p) for p in self.recent() if p.resolve() != path.resolve()]
        self.settings.setValue("recent_files", paths[:RECENT_LIMIT])

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.recent()
        for path in paths:
            action = menu.addAction(path.name, lambda p=path: self._open_recent(p))
            action.setToolTip(str(path))
        if not paths:
            menu.addAction("(no recent scenarios)").setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if self.feedback.may_discard_changes():
            self.open_path(path)

    def fill_presets_menu(self, menu: QMenu) -> None:
        menu.clear()
        try:
            presets = list_presets(self.model.session.rules)
        except (OSError, ScenarioFileError) as exc:
            menu.addAction(f"(presets unavailable: {exc})").setEnabled(False)
            return
        today = [p for p in presets if not is_earlier_rules(p)]
        earlier = [p for p in presets if is_earlier_rules(p)]
        self._add_presets(menu, today)  # the rules in force first; the older rules' cases below
        if earlier:
            menu.addSeparator()
            self._add_presets(menu.addMenu("Earlier rules (2011-2014)"), earlier)

    def _add_presets(self, menu: QMenu, presets: list) -> None:
        for preset in presets:
            action = menu.addAction(preset.name, lambda p=preset: self.open_preset(p))
            action.setToolTip(preset.note)
            action.setStatusTip(preset.source or preset.note)

    # ---- autosave ----------------------------------------------------------------------------------
    def schedule_autosave(self) -> None:
        """Autosave after a committed change; during a slider drag, wait for the release."""
        if self.autosaver is not None and not self.model.session.in_gesture:
            self._autosave_timer.start()

    def autosave_now(self) -> None:
        if self.autosaver is not None and not self.autosaver.save(self.model.current_file()):
            self.feedback.tell(f"Autosave is not working: {self.autosaver.last_error}")

    def close(self) -> None:
        """A clean exit: the last scenario is remembered by the settings; the autosave is removed."""
        self._autosave_timer.stop()
        if self.autosaver is not None:
            self.autosaver.close()
