"""The input panel: rulebook, track and year at the top, then one control per input.

The panel is a thin view: ``show_state(state)`` renders the model without echoing signals, and
user edits leave as ``changed({field: value})`` (plus ``gesture(started)`` around slider drags). It never
decides what is allowed; the session and the engine do.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout,
                               QWidget)

from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import INPUTS, QUALITY_STANDARD_LABELS, Scenario
from aco_desktop.ui.panels.slider_field import SliderField
from aco_desktop.view.chart import VIEW_HIGH_PCT, VIEW_LOW_PCT
from aco_desktop.view.screen import ControlsState

# Slider travel (presentation only; the value boxes accept the full ranges of scenario.INPUTS).
SLIDER_TRAVEL: dict[str, tuple[float, float, bool]] = {
    "beneficiaries": (1_000, 200_000, True),
    "benchmark_per_capita": (5_000, 25_000, False),
    "savings_pct": (VIEW_LOW_PCT, VIEW_HIGH_PCT, False),
    "quality_pct": (0, 100, False),
    "fqhc_pct": (0, 100, False),
    "participant_revenue": (0, 500_000_000, False),
    "health_equity_bonus": (0, 10, False),
    "loss_relief_pct": (0, 100, False),
    "rural_pct": (0, 100, False),
    "cah_pct": (0, 100, False),
}
FINE_STEPS = {"savings_pct": 0.01}  # a savings slider step of 0.01 point (the chart's axis spans 45 points)
MAIN_SLIDERS = ("beneficiaries", "benchmark_per_capita", "savings_pct", "quality_pct", "fqhc_pct")
MORE_SLIDERS = ("participant_revenue", "health_equity_bonus", "loss_relief_pct")
EXEMPTION_SLIDERS = ("rural_pct", "cah_pct")

ELECTION_LABELS = {"table": "Size table (by beneficiaries)"}


class ControlsPanel(QWidget):
    changed = Signal(dict)
    gesture = Signal(bool)
    rejected = Signal(str)

    def __init__(self, rules: RuleRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._books = rules
        self._sliders: dict[str, SliderField] = {}
        self._labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._rules_box())
        layout.addWidget(self._inputs_box())
        layout.addWidget(self._exemption_box())
        self.options_box = QGroupBox("Rule switches")
        self._options_form = QFormLayout(self.options_box)
        self._option_combos: dict[str, QComboBox] = {}
        layout.addWidget(self.options_box)
        layout.addStretch(1)
        self.wrap_long_rows()
        self._connect()
        self._book_shown: str | None = None
        self._ignored_shown: dict[str, str] | None = None
        self._current_options: dict[str, str] = {}
        self._state_shown: ControlsState | None = None

    def _rules_box(self) -> QGroupBox:
        rules_box = QGroupBox("Rules")
        rules_form = QFormLayout(rules_box)
        self.rulebook = QComboBox()
        for book in self._books.books():
            self.rulebook.addItem(book.short_title, book.id)
            self.rulebook.setItemData(self.rulebook.count() - 1, book.title, 3)  # ToolTipRole
        self.rulebook.setToolTip("Which rule version settles the scenario.")
        self.track = QComboBox()
        self.track.setToolTip("The track (or BASIC level) the ACO is in.")
        self.year = QComboBox()
        self.year.setToolTip("Performance year: the rules in force changed from year to year.")
        self.agreement_year = QSpinBox()
        self.agreement_year.setRange(1, 5)
        self.agreement_year.setToolTip(INPUTS["agreement_year"].definition)
        for label, widget, name in (("&Rulebook", self.rulebook, "rules"), ("&Track", self.track, "track"),
                                    ("Performance &year", self.year, "performance_year"),
                                    ("A&greement year", self.agreement_year, "agreement_year")):
            self._add_row(rules_form, label, widget, name)
        return rules_box

    def _inputs_box(self) -> QGroupBox:
        inputs_box = QGroupBox("The ACO")
        form = QFormLayout(inputs_box)
        for name in MAIN_SLIDERS:
            self._add_slider(form, name)
        self.quality_standard = QComboBox()
        for key, text in QUALITY_STANDARD_LABELS.items():
            self.quality_standard.addItem(text, key)
        self.quality_standard.setToolTip("Whether the ACO met the quality performance standard this year.")
        self._add_row(form, "Quality standard", self.quality_standard, "quality_standard")
        self.msr_election = QComboBox()
        self.msr_election.setToolTip("Two-sided ACOs elect their minimum savings and loss rate (symmetric).")
        self._add_row(form, "MSR/MLR election", self.msr_election, "msr_election")
        for name in MORE_SLIDERS:
            self._add_slider(form, name)
        return inputs_box

    def _exemption_box(self) -> QGroupBox:
        self.exemption_box = QGroupBox("Net-2% exemption (2011 proposed rule)")
        ex_form = QFormLayout(self.exemption_box)
        self.physician_group_only = QCheckBox("Physician group practices only")
        self.physician_group_only.setToolTip(Scenario.model_fields["physician_group_only"].description)
        self._add_row(ex_form, "", self.physician_group_only, "physician_group_only")
        for name in EXEMPTION_SLIDERS:
            self._add_slider(ex_form, name)
        return self.exemption_box

    def _connect(self) -> None:
        """User edits leave as ``changed({field: value})``."""
        self.rulebook.activated.connect(lambda _: self._emit(rules=self.rulebook.currentData()))
        self.track.activated.connect(lambda _: self._emit(track=self.track.currentData()))
        self.year.activated.connect(lambda _: self._emit(performance_year=self.year.currentData()))
        self.agreement_year.valueChanged.connect(lambda v: self._emit(agreement_year=v))
        self.quality_standard.activated.connect(lambda _: self._emit(quality_standard=self.quality_standard.currentData()))
        self.msr_election.activated.connect(lambda _: self._emit(msr_election=self.msr_election.currentData()))
        self.physician_group_only.toggled.connect(lambda on: self._emit(physician_group_only=on))

    # ---- building ----------------------------------------------------------------------------------
    def _add_row(self, form: QFormLayout, label: str, widget: QWidget, name: str) -> None:
        text = QLabel(label)
        text.setBuddy(widget)
        self._labels[name] = text
        form.addRow(text, widget)

    def _add_slider(self, form: QFormLayout, name: str) -> None:
        spec = INPUTS[name]
        low, high, log = SLIDER_TRAVEL[name]
        field = SliderField(spec, low, high, log, fine_step=FINE_STEPS.get(name))
        field.edited.connect(lambda value, n=name: self._emit(**{n: int(value) if spec.integer else value}))
        field.gesture.connect(self.gesture)
        field.rejected.connect(self.rejected)
        self._sliders[name] = field
        self._add_row(form, spec.label, field, name)

    def wrap_long_rows(self) -> None:
        """Every form here (a feature's too) puts an input under its label when the column is too
        narrow for both side by side (a 200% screen, the largest text): no input is pushed out of view."""
        for form in self.findChildren(QFormLayout):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def slider(self, name: str) -> SliderField:
        return self._sliders[name]

    def _emit(self, **changes: object) -> None:
        self.changed.emit(changes)

    # ---- showing the model -------------------------------------------------------------------------
    def show_state(self, state: ControlsState) -> None:
        """Show the screen's inputs. When only slider values moved (a drag), only those sliders are
        touched: refilling the combo boxes and ranges on every move re-laid-out the whole window."""
        shown = self._state_shown
        self._state_shown = state
        moved = _changed_fields(shown.scenario, state.scenario) if shown is not None else None
        if moved is not None and moved <= self._sliders.keys() and state.disabled == shown.disabled:
            for name in moved:
                self._sliders[name].show_value(getattr(state.scenario, name))
            return
        self.show_scenario(state.scenario, state.disabled)

    def show_scenario(self, s: Scenario, ignored) -> None:
        book = self._books[s.rules]
        with QSignalBlocker(self.rulebook):
            self.rulebook.setCurrentIndex(self.rulebook.findData(s.rules))
        if self._book_shown != s.rules:
            self._rebuild_for_book(s.rules)
        with QSignalBlocker(self.track):
            self.track.setCurrentIndex(self.track.findData(s.track))
        with QSignalBlocker(self.year):
            self.year.setCurrentIndex(self.year.findData(s.performance_year))
        track = book.tracks[s.track]
        with QSignalBlocker(self.agreement_year):
            self.agreement_year.setRange(1, track.agreement_length)
            self.agreement_year.setValue(s.agreement_year)
        with QSignalBlocker(self.quality_standard):
            self.quality_standard.setCurrentIndex(self.quality_standard.findData(s.quality_standard))
        self._show_elections(s)
        with QSignalBlocker(self.physician_group_only):
            self.physician_group_only.setChecked(s.physician_group_only)
        for name, field in self._sliders.items():
            field.show_value(getattr(s, name))
        for name, combo in self._option_combos.items():
            option = book.options[name]
            with QSignalBlocker(combo):
                combo.setCurrentIndex(combo.findData(s.options.get(name, option.default)))
        self._current_options = dict(s.options)
        self._show_ignored(ignored)

    def _rebuild_for_book(self, book_id: str) -> None:
        book = self._books[book_id]
        self._book_shown = book_id
        with QSignalBlocker(self.track):
            self.track.clear()
            for track_id, track in book.tracks.items():
                years = f" ({track.first_year}-{track.last_year})" if track.first_year else ""
                self.track.addItem(f"{track.label}{years}", track_id)
                self.track.setItemData(self.track.count() - 1, track.description, 3)  # ToolTipRole
        with QSignalBlocker(self.year):
            self.year.clear()
            if book.has_performance_years:
                for year in book.years:
                    self.year.addItem(f"PY{year}", year)
            else:
                self.year.addItem("(none: never in force)", None)
        while self._options_form.rowCount():
            self._options_form.removeRow(0)
        self._option_combos.clear()
        for name, option in book.options.items():
            combo = QComboBox()
            for key, choice in option.choices.items():
                combo.addItem(choice.label, key)
            combo.setToolTip(f"{option.explanation}\nDefault: {option.choices[option.default].label}.")
            combo.activated.connect(lambda _, n=name, c=combo: self._emit(options={**self._current_options,
                                                                                  n: c.currentData()}))
            self._option_combos[name] = combo
            self._options_form.addRow(option.label, combo)
        self.options_box.setVisible(bool(book.options))

    def _show_elections(self, s: Scenario) -> None:
        book = self._books[s.rules]
        model = book.model_for(s.track, s.agreement_year)
        with QSignalBlocker(self.msr_election):
            self.msr_election.clear()
            if model.msr.method == "elected":
                for choice in model.msr.choices:
                    label = ELECTION_LABELS[choice] if choice in ELECTION_LABELS else f"{float(choice):g}% of benchmark"
                    self.msr_election.addItem(label, choice)
                current = s.msr_election or model.msr.default_choice
                self.msr_election.setCurrentIndex(self.msr_election.findData(current))
            else:
                self.msr_election.addItem("Size table" if model.msr.method == "table" else
                                          f"Flat {model.msr.rate * 100:g}%", None)

    def _show_ignored(self, ignored) -> None:
        if ignored == self._ignored_shown:  # tooltips and enabled states are costly to reset on every move
            return
        self._ignored_shown = dict(ignored)
        widgets: dict[str, QWidget] = {"performance_year": self.year, "agreement_year": self.agreement_year,
                                       "msr_election": self.msr_election, "quality_standard": self.quality_standard,
                                       "physician_group_only": self.physician_group_only}
        for name, field in self._sliders.items():
            field.set_ignored(ignored.get(name))
            self._labels[name].setEnabled(name not in ignored)
        for name, widget in widgets.items():
            reason = ignored.get(name)
            widget.setEnabled(reason is None)
            self._labels[name].setEnabled(reason is None)
            base = widget.property("baseTip") or widget.toolTip()
            widget.setProperty("baseTip", base)
            widget.setToolTip(base if reason is None else f"Not used by the chosen rules: {reason}\n\n{base}")


def _changed_fields(a: Scenario, b: Scenario) -> set[str]:
    return {name for name in Scenario.model_fields if getattr(a, name) != getattr(b, name)}
