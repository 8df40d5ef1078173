"""Find my ACO (issue 13): search CMS's real ACO-years, fill the scenario with one, see its history and peers.

* File > Find my ACO... (Ctrl+F) opens the "Find my ACO" dock: type a word of the name, an ID or a state;
  the list shows the first 50 matches and says how many more. Enter or a double-click on a result fills
  the scenario as one undo step (after asking about unsaved edits) and makes the window an untitled copy
  named after the ACO-year, as a preset opens (Save asks for a name: the file open before is never
  overwritten); it says where each input came from and shows CMS's published amount beside the app's.
* Choosing settles the data at once (under a millisecond); the notes, the history chart and the peers'
  ticks are drawn just after the window has painted the filled scenario (a 0 ms timer).
* The "History and peers" dock charts the ACO's savings rate, MSR and earned amount by year, offers the
  spread of its own year-to-year changes to the outlook ("Use as my spread"), and says where similar ACOs
  landed; View > Show peers draws them as ticks on the payoff chart's savings axis.
* File > Open CMS results file... adds a results file's ACO-years to the search.

The table of ACO-years and its index are read and built on first use (a busy cursor while they load),
never at start-up; the docks are built on first use too, a quarter of the window wide. Words and numbers
come from ``aco_desktop.view.my_aco``.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QScrollArea, QWidget

if TYPE_CHECKING:
    from aco_desktop.ui.features.my_aco_panels import FindPanel, HistoryPanel

FIND_HEIGHT, HISTORY_HEIGHT = 330, 370  # pixels, shared in this ratio when the history dock first shows
DOCK_MIN_WIDTH, DOCK_MAX_WIDTH = 290, 380  # the docks' first width: a quarter of the window between these
RESULTS_FILTER = "CMS results files (*.csv *.txt);;All files (*)"


@contextmanager
def busy(window, message: str):
    """A busy cursor and a status message while something slow (the first table read) runs."""
    window.statusBar().showMessage(message)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class MyAco:
    """The feature's state and actions; ``window.my_aco`` after ``install``."""

    def __init__(self, window) -> None:
        from aco_desktop.ui.features.my_aco_charts import PeerRug

        self.window = window
        self._directory = None
        self.find_panel: FindPanel | None = None
        self.history_panel: HistoryPanel | None = None
        self.find_dock = self.history_dock = None
        self.found: list = []
        self.chosen = None  # the AcoYear filled in
        self.filled_scenario = None
        self.history_series = None
        self.peer_marks = None
        self.spread: float | None = None  # offered to the outlook ("Use as my spread"); Qt-free value
        self.rug = PeerRug(window.plot)
        self._changed_since = self._sized = False
        self.compare_text = self.history_problem = ""
        self.sources: dict[str, str] = {}
        self._lines: dict[int, tuple] = {}  # id(ACO-year) -> (ACO-year, its result line)
        # Choosing an ACO-year settles the data at once and draws the docks just after the window has
        # painted: the charts and notes cost more than the data they show.
        self._draw_timer = QTimer(window)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(0)
        self._draw_timer.timeout.connect(self.draw_filled)

    # ---- the directory, read on first use ----------------------------------------------------------
    @property
    def directory(self):
        if self._directory is None:
            from aco_desktop.cms.directory import default_directory

            self._directory = default_directory()
        if not self._directory.loaded:
            with busy(self.window, "Reading CMS's results of every ACO-year..."):
                start = time.perf_counter()
                count = self._directory.prepare()  # the table and its index, so no search waits for them
            self.window.tell(f"Read {count:,} ACO-years in {time.perf_counter() - start:.2f} s.")
        return self._directory

    def use_directory(self, directory) -> None:
        """Search ``directory`` instead of the shared one (tests, and a window of its own)."""
        self._directory = directory

    # ---- the docks, built on first use -------------------------------------------------------------
    def ensure_docks(self) -> None:
        if self.find_panel is not None:
            return
        from aco_desktop.ui.features.my_aco_panels import FindPanel, HistoryPanel

        self.find_panel, self.history_panel = FindPanel(), HistoryPanel()
        self.find_dock = self._dock("Find my ACO", "my-aco-find", self.find_panel)
        self.history_dock = self._dock("History and peers", "my-aco-history", self.history_panel)
        self.window.splitDockWidget(self.find_dock, self.history_dock, Qt.Orientation.Vertical)
        self.history_dock.hide()
        self.find_panel.search_box.textChanged.connect(self.search)
        self.find_panel.search_box.returnPressed.connect(self._choose_first)
        self.find_panel.results.activated.connect(lambda index: self.choose(self.found[index.row()]))
        self.history_panel.use_spread.clicked.connect(self.use_spread)
        self.history_dock.visibilityChanged.connect(self._history_visibility)
        self.search("")

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        scroll = QScrollArea()  # wrapped notes never overlap when the dock is short: they scroll
        scroll.setWidget(widget)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        dock.setWidget(scroll)
        dock.setMinimumWidth(DOCK_MIN_WIDTH)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _history_visibility(self, _visible: bool) -> None:
        self.window.history_action.setChecked(self.history_dock.isVisible())

    def open_find(self) -> None:
        self.ensure_docks()
        self.directory  # noqa: B018 (read the table now, under a busy cursor, not mid-typing)
        first = self.find_dock.isHidden() and not self._sized
        self.find_dock.show()
        self.find_dock.raise_()
        if first:
            self._sized = True
            QTimer.singleShot(0, lambda: self._size_docks([self.find_dock]))
        box = self.find_panel.search_box
        box.setFocus()
        box.selectAll()
        self.search(box.text())

    # ---- search and choose -------------------------------------------------------------------------
    def search(self, text: str) -> list:
        from aco_desktop.view.my_aco import RESULTS_SHOWN, result_line, results_summary

        panel = self.find_panel
        matches = self.directory.search(text) if text.strip() else []
        self.found = matches[:RESULTS_SHOWN]
        found = self.found
        panel.show_lines([self._line(item, result_line) for item in found],
                         lambda row: f"{found[row].label}. Enter or a double-click fills the scenario.")
        loaded = self._directory is not None and self._directory.loaded
        size = len(self._directory.items) if loaded else 0
        panel.count.setText(results_summary(text, len(self.found), len(matches), size))
        return matches

    def _line(self, item, result_line) -> str:
        """The item's line, made once (kept with the item, so its id is never reused while cached)."""
        cached = self._lines.get(id(item))
        if cached is None:
            cached = self._lines[id(item)] = (item, result_line(item))
        return cached[1]

    def _choose_first(self) -> None:
        row = max(self.find_panel.current_row(), 0)
        if self.found:
            self.choose(self.found[row])

    def choose(self, item) -> bool:
        """Fill the scenario with ``item``'s real inputs (one undo step), after asking about unsaved edits."""
        from aco_desktop.cms.directory import scenario_for
        from aco_desktop.view.my_aco import comparison, document_name, document_source, peer_marks

        if not self.window.may_discard_changes():
            self.window.tell("Your scenario is kept: the ACO was not filled in.")
            return False
        scenario, sources = scenario_for(item, self.window.session.rules)
        try:  # an untitled copy, as a preset opens: Save asks for a name, the file open before is kept
            self.window.model.replace_untitled(scenario, document_name(item), document_source(item))
        except ValueError as exc:  # the rules on screen refuse it (ScenarioError is a ValueError)
            from aco_desktop.session.errors import explain

            self.window.warn("Could not fill in the ACO", f"{item.label}: {explain(exc)}")
            return False
        self.chosen, self.filled_scenario, self.sources = item, self.window.session.scenario, sources
        self.compare_text = comparison(item, self.window.settlement.earned)
        self.history_series, self.history_problem = self._history_of(item)
        self.peer_marks = peer_marks(self.directory.peers(item))
        self._draw_timer.start()  # the notes, the history chart and the peers' ticks: after this paint
        return True

    def _history_of(self, item) -> tuple:
        from aco_desktop.view.my_aco import history_series

        try:
            return history_series(self.directory.history(item.aco_id or item.name)), ""
        except LookupError as exc:
            return None, str(exc)

    @property
    def draw_pending(self) -> bool:
        return self._draw_timer.isActive()

    def draw_filled(self) -> None:
        """Show the ACO-year chosen: where its inputs came from, CMS's amount beside the app's, its history
        and its peers (called just after the window painted the filled scenario)."""
        from aco_desktop.view.my_aco import fill_note, sources_tooltip

        self._draw_timer.stop()
        item, panel = self.chosen, self.find_panel
        if item is None:
            return
        panel.note.setText(fill_note(item, self.sources))
        panel.note.setToolTip(sources_tooltip(self.sources))
        panel.compare.setText(self.compare_text)
        self._changed_since = False
        self.follow(self.window.screen_shown)
        self._draw_history()
        self._draw_peers()
        self.window.tell(f"Filled in {item.label}. Undo brings your previous scenario back.")

    def follow(self, screen) -> None:
        """After each refresh: say when the inputs no longer are the ACO-year's as filled."""
        if self.filled_scenario is None or self.find_panel is None:
            return
        changed = screen.controls.scenario != self.filled_scenario
        if changed != self._changed_since:
            self._changed_since = changed
            suffix = " (as filled in; you have changed inputs since)" if changed else ""
            self.find_panel.compare.setText(self.compare_text + suffix)

    # ---- history and peers -------------------------------------------------------------------------
    def _draw_history(self) -> None:
        panel, series = self.history_panel, self.history_series
        if series is None:
            panel.spread.setText(self.history_problem)
            return
        panel.chart.show_series(series)
        panel.spread.setText(f"{series.title}. {series.spread_short}")
        panel.spread.setToolTip(series.spread_text)
        panel.use_spread.setEnabled(series.spread is not None)
        if not self.history_dock.isVisible():
            self.history_dock.show()
            self._size_docks([self.find_dock, self.history_dock])
            self.window.resizeDocks([self.find_dock, self.history_dock], [FIND_HEIGHT, HISTORY_HEIGHT],
                                    Qt.Orientation.Vertical)

    def _size_docks(self, docks: list) -> None:
        """A quarter of the window at most (the key figures and the controls keep their room), not the
        width the docks' long notes would ask for."""
        width = max(DOCK_MIN_WIDTH, min(DOCK_MAX_WIDTH, self.window.width() // 4))
        self.window.resizeDocks(docks, [width] * len(docks), Qt.Orientation.Horizontal)

    def _draw_peers(self) -> None:
        from aco_desktop.view.my_aco import PEERS_TIP, peers_label

        self.rug.show_marks(self.peer_marks)
        self.history_panel.peers.setText(peers_label(self.peer_marks))
        self.history_panel.peers.setToolTip(PEERS_TIP)

    def set_peers_shown(self, shown: bool) -> None:
        self.rug.set_enabled(shown)

    def use_spread(self) -> float | None:
        """Offer the ACO's own spread to the outlook (its ``set_spread`` if it is in the window)."""
        from aco_desktop.view.my_aco import spread_message

        series = self.history_series
        if series is None:
            return None
        self.spread = series.spread
        outlook = getattr(self.window, "outlook", None)
        setter = getattr(outlook, "set_spread", None)
        if setter is not None and self.spread is not None:
            setter(self.spread)
        self.window.tell(spread_message(series, taken=setter is not None))
        return self.spread

    # ---- results files -----------------------------------------------------------------------------
    def open_results_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open CMS results file", "", RESULTS_FILTER)
        if path:
            self.add_results_file(Path(path))

    def add_results_file(self, path: Path) -> bool:
        """Add the file's ACO-years to the search; a bad file is named in one line and nothing is lost."""
        from aco_desktop.session.errors import explain

        directory = self.directory
        try:
            with busy(self.window, f"Reading {path.name}..."):
                added = directory.add_results_file(path, self.window.session.rules)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, IndexError) as exc:
            reason = explain(exc).replace(str(path), "").lstrip(": ") or type(exc).__name__
            if isinstance(exc, UnicodeDecodeError):
                reason = "not a text (CSV) file"
            self.window.warn("Could not read the CMS results file", f"{path.name}: {reason}")
            return False
        years = ", ".join(f"PY{y}" for y in sorted({a.year for a in added}))
        self.window.tell(f"Added {len(added):,} ACO-years ({years or 'none'}) from {path.name} to the search.")
        if self.find_panel is not None:
            self.search(self.find_panel.search_box.text())
        return True


def _file_action(window, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def _menu(window, title: str):
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return window.menuBar().addMenu(title)


def install(window) -> None:
    feature = MyAco(window)
    window.my_aco = feature
    file_menu = _menu(window, "File")
    before = window.recent_menu.menuAction()
    actions = [after for after in file_menu.actions()]
    following = actions[actions.index(before) + 1] if before in actions[:-1] else None
    window.find_aco_action = _file_action(window, "&Find my ACO...", feature.open_find, "Ctrl+F",
                                          "Search CMS's results by name, ACO ID or state; fill in a real ACO-year")
    window.results_file_action = _file_action(window, "Open CMS &results file...", feature.open_results_dialog,
                                              tip="Add a CMS results file's ACO-years to Find my ACO")
    file_menu.insertActions(following, [window.find_aco_action, window.results_file_action])
    view = _menu(window, "View")
    view.addSeparator()
    window.show_peers_action = QAction("Show &peers", window, checkable=True, checked=True)
    window.show_peers_action.setStatusTip("Tick marks on the savings axis: where similar ACOs landed that year")
    window.show_peers_action.toggled.connect(feature.set_peers_shown)
    window.history_action = QAction("ACO &history and peers", window, checkable=True)
    window.history_action.triggered.connect(lambda on: (feature.ensure_docks(), feature.history_dock.setVisible(on)))
    view.addActions([window.show_peers_action, window.history_action])
    window.on_refresh(feature.follow)
