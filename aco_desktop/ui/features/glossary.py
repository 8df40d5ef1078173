"""Help that helps, offline: every input and key figure carries its glossary entry as What's This text;
F1 on a focused input opens the glossary at its term; Help > Glossary is a searchable list of every term
and Help > How to... answers the five common questions. Words from ``resources/help`` (aco_desktop.guide)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QTextBrowser, QVBoxLayout, QWhatsThis, QWidget)

from aco_desktop.guide import GuideFileError, load_glossary, load_howtos
from aco_desktop.ui.features.common import menu
from aco_desktop.view.figures import FIGURES
from aco_desktop.view.teach import howto_html, plain_label, term_html

TERM_PROPERTY = "glossaryTerm"


class GlossaryWindow(QDialog):
    """Every term, searchable by name, alias or words of its definition."""

    def __init__(self, glossary, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.resize(760, 480)
        self._glossary = glossary
        self._titles = {t.id: t.term for t in glossary.term}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search terms (name or words of the definition)")
        self.search.setClearButtonEnabled(True)
        self.terms = QListWidget()
        self.entry = QTextBrowser()
        for term in sorted(glossary.term, key=lambda t: t.term.lower()):
            item = QListWidgetItem(term.term)
            item.setData(Qt.ItemDataRole.UserRole, term.id)
            self.terms.addItem(item)
        self.search.textChanged.connect(self._filter)
        self.terms.currentItemChanged.connect(lambda item, _: item and self._show(item.data(Qt.ItemDataRole.UserRole)))
        row = QHBoxLayout()
        row.addWidget(self.terms, 1)
        row.addWidget(self.entry, 2)
        column = QVBoxLayout(self)
        column.addWidget(self.search)
        column.addLayout(row)
        self.current_id = ""

    def _filter(self, text: str) -> None:
        wanted = text.strip().lower()
        by_id = {t.id: t for t in self._glossary.term}
        for i in range(self.terms.count()):
            item = self.terms.item(i)
            term = by_id[item.data(Qt.ItemDataRole.UserRole)]
            words = " ".join([term.term, *term.aliases, term.definition]).lower()
            item.setHidden(bool(wanted) and wanted not in words)

    def _show(self, term_id: str) -> None:
        term = next(t for t in self._glossary.term if t.id == term_id)
        self.current_id = term_id
        self.entry.setHtml(term_html(term, self._titles))

    def show_term(self, term_id: str) -> None:
        for i in range(self.terms.count()):
            if self.terms.item(i).data(Qt.ItemDataRole.UserRole) == term_id:
                self.terms.setCurrentRow(i)
        self.show()
        self.raise_()

    def entry_text(self) -> str:
        return self.entry.toPlainText()


class Help:
    def __init__(self, window, glossary) -> None:
        self.window, self.glossary = window, glossary
        self.titles = {t.id: t.term for t in glossary.term}
        self.glossary_window: GlossaryWindow | None = None
        self.howto_window: QDialog | None = None
        self.labelled = self._label_figures()  # the inputs: on the first refresh (``_follow``), for its rules
        self._rules_shown = ""
        window.on_refresh(self._follow)
        self.f1 = F1OnInput(window, self.explain_focus)
        help_menu = menu(window, "&Help")
        for text, slot, tip in (("&Glossary", lambda: self.show_glossary(), "Every term the app shows, searchable"),
                                ("&How to...", self.show_howtos, "Five common questions, step by step")):
            action = QAction(text, window)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            help_menu.addAction(action)
        whats_this = QWhatsThis.createAction(window)
        whats_this.setText("What's &This? (F1 on an input)")
        help_menu.addAction(whats_this)

    def _mark(self, widgets, term) -> None:
        text = term_html(term, self.titles)
        for widget in widgets:
            for part in (widget, *widget.findChildren(QWidget)):  # a slider field's box and slider too
                part.setWhatsThis(text)
            widget.setProperty(TERM_PROPERTY, term.id)

    def _label_inputs(self) -> int:
        """What's This on every labelled input: its glossary entry, else (a rulebook's own switch) its
        explanation. Run again when the rulebook changes: its switches are rebuilt."""
        count = 0
        for label in self.window.controls.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is None:
                continue
            term = self.glossary.lookup(plain_label(label.text()))
            if term is not None:
                self._mark((label, buddy), term)
                count += 1
            elif not buddy.whatsThis():
                buddy.setWhatsThis(buddy.toolTip())
                label.setWhatsThis(buddy.toolTip())
        return count

    def _follow(self, screen) -> None:
        if screen.controls.scenario.rules != self._rules_shown:
            self._rules_shown = screen.controls.scenario.rules
            self._label_inputs()

    def _label_figures(self) -> int:
        count = 0
        for fig in FIGURES:
            term = self.glossary.lookup(fig.title)
            if term is not None:
                self._mark((self.window.figures.values[fig.key],), term)
                count += 1
        return count

    def explain_focus(self) -> None:
        term_id = _term_of(self.window.focusWidget())
        if term_id:
            self.show_glossary(term_id)

    def show_glossary(self, term_id: str = "") -> GlossaryWindow:
        if self.glossary_window is None:
            self.glossary_window = GlossaryWindow(self.glossary, self.window)
        self.glossary_window.show_term(term_id or self.glossary.term[0].id)
        return self.glossary_window

    def show_howtos(self) -> QDialog:
        if self.howto_window is None:
            self.howto_window = QDialog(self.window)
            self.howto_window.setWindowTitle("How to...")
            self.howto_window.resize(640, 520)
            text = QTextBrowser()
            text.setHtml(howto_html(load_howtos()))
            QVBoxLayout(self.howto_window).addWidget(text)
            self.howto_window.text = text
        self.howto_window.show()
        return self.howto_window


class F1OnInput(QObject):
    """F1 on an input that has a glossary term explains it, before any shortcut sees the key (Help's F1 is
    About). The filter sits on the window's focused widget only, and moves with the focus: the key goes
    there, and an application-wide filter would run Python for every event of the app (a paint, a timer)."""

    def __init__(self, window: QWidget, explain) -> None:
        super().__init__(window)
        self._window, self._explain = window, explain
        self._on: QWidget | None = None
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old, new) -> None:
        if self._on is not None:
            try:
                self._on.removeEventFilter(self)
            except RuntimeError:  # the widget is gone (a rulebook's switch rebuilt)
                pass
            self._on = None
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)
            self._on = new

    def eventFilter(self, target, event) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or event.key() != Qt.Key.Key_F1:
            return False
        if _term_of(target) is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self._explain()
        return True


def _term_of(widget: QWidget | None) -> str | None:
    """The glossary term of ``widget`` or the nearest enclosing input that has one."""
    while widget is not None:
        term = widget.property(TERM_PROPERTY)
        if term:
            return str(term)
        widget = widget.parentWidget()
    return None


def install(window) -> None:
    try:
        glossary = load_glossary()
    except GuideFileError as exc:  # the window works without help; say what is wrong
        window.tell(str(exc))
        return
    window.help = Help(window, glossary)
