"""The window's menus, toolbar and the About box. Actions only call what they are given."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from aco_desktop import APP_NAME, version
from aco_desktop.rules import RuleRegistry

Keys = QKeySequence.StandardKey


def _action(window: QMainWindow, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # every platform binding (Redo: Ctrl+Y and Ctrl+Shift+Z)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip or text.replace("&", ""))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window, doc, exports) -> SimpleNamespace:
    """File, Edit, View, Presets and Help for ``window`` (a ``MainWindow``); returns the actions the
    window enables and disables, and the menus it fills."""
    bar, a = window.menuBar(), SimpleNamespace()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "&New", window.new_scenario, Keys.New, "Start from the defaults")
    _action(window, file_menu, "&Open...", doc.open_dialog, Keys.Open,
            "Open a scenario file (you can also drop one on the window)")
    a.recent_menu = file_menu.addMenu("Open &Recent")
    a.recent_menu.aboutToShow.connect(lambda: doc.fill_recent_menu(a.recent_menu))
    a.save_action = _action(window, file_menu, "&Save", doc.save, Keys.Save)
    _action(window, file_menu, "Save &As...", doc.save_as, Keys.SaveAs)
    _action(window, file_menu, "Name and &note...", doc.edit_details, "Ctrl+I",
            "Give the scenario a name and a note for the meeting report")
    file_menu.addSeparator()
    export = file_menu.addMenu("&Export")
    _action(window, export, "Meeting &report (PDF)...", lambda: exports.export("pdf"), Keys.Print,
            "A one-page report: name, note, key figures, curve, statement with sources")
    _action(window, export, "S&lide image (PNG, 16:9)...", lambda: exports.export("slide"), None,
            "A 1920x1080 slide: title, key figures, the chart (both curves when compared), rules and date")
    _action(window, export, "Chart as &PNG...", lambda: exports.export("png"))
    _action(window, export, "Chart as &SVG...", lambda: exports.export("svg"))
    _action(window, export, "Statement as &CSV...", lambda: exports.export("csv"))
    file_menu.addSeparator()
    a.quit_action = _action(window, file_menu, "&Quit", window.close, Keys.Quit)
    _edit_menu(window, bar.addMenu("&Edit"), exports, a)
    view = bar.addMenu("&View")
    a.pin_action = _action(window, view, "&Pin as baseline", window.pin_baseline, "Ctrl+B",
                           "Keep this curve on the chart to compare with the next changes")
    a.clear_pin_action = _action(window, view, "&Clear baseline", window.clear_baseline, "Ctrl+Shift+B")
    view.addSeparator()
    _action(window, view, "&Larger text", lambda: window.step_font(+1), Keys.ZoomIn, "Larger text, for a projector")
    _action(window, view, "&Smaller text", lambda: window.step_font(-1), Keys.ZoomOut)
    a.presets_menu = bar.addMenu("&Presets")
    a.presets_menu.aboutToShow.connect(lambda: doc.fill_presets_menu(a.presets_menu))
    doc.fill_presets_menu(a.presets_menu)
    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "&About and rule sources", lambda: show_about(window, window.session.rules),
            Keys.HelpContents)
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    for action in (a.undo_action, a.redo_action, a.pin_action, a.clear_pin_action, a.reset_action):
        toolbar.addAction(action)
    return a


def _edit_menu(window, edit: QMenu, exports, a: SimpleNamespace) -> None:
    a.undo_action = _action(window, edit, "&Undo", window.session.undo, Keys.Undo,
                            "Undo the last change (a whole slider drag is one step)")
    a.redo_action = _action(window, edit, "&Redo", window.session.redo, Keys.Redo)
    edit.addSeparator()
    _action(window, edit, "Copy &chart", lambda: exports.copy("chart"), "Ctrl+Shift+C")
    _action(window, edit, "Copy s&lide", lambda: exports.copy("slide"), "Ctrl+Alt+S")
    _action(window, edit, "Copy &statement", lambda: exports.copy("statement"), "Ctrl+Alt+C")
    edit.addSeparator()
    a.reset_action = _action(window, edit, "Reset to &defaults", window.reset_to_defaults, "Ctrl+Shift+R",
                             "Put every input back to its default (undoable)")


def show_about(parent, rules: RuleRegistry) -> None:
    lines = [f"<h3>{APP_NAME} {version()}</h3>",
             "<p>What-if settlements for the Medicare Shared Savings Program. Every number comes from the "
             "engine, and the engine from the rule files; reconstructed values are marked.</p>"]
    for book in rules.books():
        lines.append(f"<p><b>{book.title}</b><br>")
        lines += [f"{label}: {text}<br>" for label, text in book.sources.items()]
        lines.append("</p>")
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText("".join(lines))
    box.open()
