"""Files for the window: open, save, recent files, presets, drag-and-drop, autosave, exports.

``DocumentActions`` owns what the window's File menu does; the window only builds the menu from it.
Reading, writing and autosaving are Qt-free (``aco_desktop.session``); this class asks the user and
reports errors. A failed open leaves the scenario on screen untouched; a failed save keeps the work
open and marked unsaved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLineEdit, QMenu,
                               QPlainTextEdit)

from aco_desktop.session.autosave import Autosaver
from aco_desktop.session.files import SUFFIX, ScenarioFile, ScenarioFileError, read_scenario_file, write_scenario_file
from aco_desktop.session.presets import list_presets

if TYPE_CHECKING:
    from aco_desktop.ui.main_window import MainWindow

FILE_FILTER = f"ACO scenarios (*{SUFFIX});;All files (*)"
RECENT_LIMIT = 8
AUTOSAVE_DELAY_MS = 300  # coalesce bursts of changes into one write


class DocumentActions:
    def __init__(self, window: "MainWindow", settings: QSettings | None, autosaver: Autosaver | None) -> None:
        self.window = window
        self.settings = settings
        self.autosaver = autosaver
        self.path: Path | None = None
        self.name = ""
        self.note = ""
        self._autosave_timer = QTimer(window)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)
        window.session.subscribe(lambda _: self.schedule_autosave())
        self.schedule_autosave()

    # ---- the document ------------------------------------------------------------------------------
    def current_file(self) -> ScenarioFile:
        return ScenarioFile.of(self.window.session.scenario, self.name, self.note)

    def title(self) -> str:
        return self.name or (self.path.stem if self.path else "")

    def load(self, file: ScenarioFile, path: Path | None, message: str) -> None:
        self.path, self.name, self.note = path, file.name, file.note
        self.window.session.reset(file.scenario)
        if path is not None:
            self.remember_recent(path)
        self.window.tell(message)

    # ---- open --------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        if not self.window.may_discard_changes():
            return
        folder = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open scenario", folder, FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open ``path``; on any problem say what is wrong and keep the scenario on screen."""
        try:
            file = read_scenario_file(path, self.window.session.rules)
        except ScenarioFileError as exc:
            self.window.warn("Could not open the scenario", str(exc))
            return False
        self.load(file, path, f"Opened {path.name}.")
        return True

    def open_preset(self, preset) -> None:
        if not self.window.may_discard_changes():
            return
        try:
            file = preset.load(self.window.session.rules)
        except ScenarioFileError as exc:
            self.window.warn("Could not open the preset", str(exc))
            return
        self.load(file, None, f"Preset: {file.name}. {file.source}".strip())

    # ---- save --------------------------------------------------------------------------------------
    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        suggested = self.path or Path(self.title() or "scenario").with_suffix(SUFFIX)
        path, _ = QFileDialog.getSaveFileName(self.window, "Save scenario as", str(suggested), FILE_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() != SUFFIX:
            target = target.with_suffix(SUFFIX)
        return self.save_to(target)

    def save_to(self, path: Path) -> bool:
        try:
            write_scenario_file(path, self.current_file())
        except ScenarioFileError as exc:
            self.window.warn("Could not save the scenario",
                             f"{exc}\n\nYour scenario is still open and unsaved; try another folder.")
            return False
        self.path = path
        self.window.session.set_dirty(False)
        self.remember_recent(path)
        self.window.refresh()
        self.window.tell(f"Saved {path}.")
        return True

    # ---- name and note -----------------------------------------------------------------------------
    def edit_details(self) -> None:
        dialog = QDialog(self.window)
        dialog.setWindowTitle("Scenario name and note")
        form = QFormLayout(dialog)
        name = QLineEdit(self.name)
        name.setMaxLength(200)
        note = QPlainTextEdit(self.note)
        note.setPlaceholderText("What this scenario shows, for the meeting or the class.")
        form.addRow("&Name", name)
        form.addRow("N&ote", note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_details(name.text().strip(), note.toPlainText().strip())

    def set_details(self, name: str, note: str) -> None:
        if (name, note) != (self.name, self.note):
            self.name, self.note = name, note
            self.window.session.set_dirty(True)
            self.schedule_autosave()
            self.window.refresh()

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
        if self.window.may_discard_changes():
            self.open_path(path)

    def fill_presets_menu(self, menu: QMenu) -> None:
        menu.clear()
        try:
            presets = list_presets(self.window.session.rules)
        except (OSError, ScenarioFileError) as exc:
            menu.addAction(f"(presets unavailable: {exc})").setEnabled(False)
            return
        for preset in presets:
            action = menu.addAction(preset.name, lambda p=preset: self.open_preset(p))
            action.setToolTip(preset.note)
            action.setStatusTip(preset.source or preset.note)

    # ---- autosave ----------------------------------------------------------------------------------
    def schedule_autosave(self) -> None:
        """Autosave after a committed change; during a slider drag, wait for the release."""
        if self.autosaver is not None and not self.window.session.in_gesture:
            self._autosave_timer.start()

    def autosave_now(self) -> None:
        if self.autosaver is not None and not self.autosaver.save(self.current_file()):
            self.window.tell(f"Autosave is not working: {self.autosaver.last_error}")

    def close(self) -> None:
        """A clean exit: the last scenario is remembered by the settings; the autosave is removed."""
        self._autosave_timer.stop()
        if self.autosaver is not None:
            self.autosaver.close()

    # ---- exports -----------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        from aco_desktop.ui import exports, report  # loaded on first use: not needed at start-up

        base = self.title() or "scenario"
        choices = {
            "png": ("Export chart as PNG", "PNG image (*.png)", ".png", lambda p: exports.export_chart_png(self.window.plot, p)),
            "svg": ("Export chart as SVG", "SVG drawing (*.svg)", ".svg", lambda p: exports.export_chart_svg(self.window.plot, p)),
            "csv": ("Export statement as CSV", "CSV table (*.csv)", ".csv",
                    lambda p: exports.export_statement_csv(self.window.settlement, p)),
            "pdf": ("Meeting report (PDF)", "PDF document (*.pdf)", ".pdf",
                    lambda p: report.write_report_pdf(self.window.session.rules, self.current_file(), p)),
        }
        caption, filter_, suffix, write = choices[kind]
        folder = self.path.parent if self.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, caption, str(folder / f"{base}{suffix}"), filter_)
        if not path:
            return
        target = Path(path) if Path(path).suffix else Path(path).with_suffix(suffix)
        try:
            write(target)
        except exports.ExportError as exc:
            self.window.warn("Could not export", str(exc))
            return
        self.window.tell(f"Wrote {target}.")

    def copy(self, what: str) -> None:
        from aco_desktop.ui import exports

        if what == "chart":
            exports.copy_chart_to_clipboard(self.window.plot)
            self.window.tell("Chart copied: paste it into a slide or a document.")
        else:
            exports.copy_statement_to_clipboard(self.window.settlement)
            self.window.tell("Statement copied: paste it into a spreadsheet.")
