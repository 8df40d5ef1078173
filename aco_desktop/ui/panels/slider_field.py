"""A slider with an editable value box, units on the box, and a linear or logarithmic scale.

Written here rather than taken from superqt: its labeled sliders have no logarithmic scale (assigned
beneficiaries span 1,000 to 200,000) and the value box must be allowed a wider range than the slider
(a savings rate of -40% can be typed though the slider stops at the end of the chart's view).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from aco_desktop.scenario import InputSpec

_STEPS = 1000  # slider resolution (finer where a field asks for a fine step)
_SESSION_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def parse_number(text: str, decimal_point: str, group_separator: str) -> float | None:
    """``text`` as a plain number in the locale's notation, else None.

    Strict: digits, an optional leading minus, the locale's decimal point, and group separators only
    between groups of three (so "2,5" in English is refused, not read as 25); no exponent ("1e9").
    """
    grp, dec = re.escape(group_separator), re.escape(decimal_point)
    match = re.fullmatch(rf"(-?)(\d{{1,3}}(?:{grp}\d{{3}})+|\d*)(?:{dec}(\d*))?", text)
    if not match or not (match.group(2) or match.group(3)):
        return None
    whole = match.group(2).replace(group_separator, "") or "0"
    return float(f"{match.group(1)}{whole}.{match.group(3) or '0'}")


def _is_session_key(event) -> bool:
    return any(event.matches(key) for key in _SESSION_KEYS)


class ValueBox(QDoubleSpinBox):
    """The value box: a typed value that is not a number in range is refused (with the reason) and the
    last good value kept; never clamped, never read loosely. Undo/Redo keys go to the window (the
    session's history), not to the text box."""

    rejected = Signal(str)

    def __init__(self, spec: InputSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self.setRange(spec.minimum, spec.maximum)
        # one format per kind: whole dollars and counts without decimals ($11,000, not $11,000.0)
        self.setDecimals(0 if spec.integer or spec.step >= 1 else (2 if spec.step < 0.5 else 1))
        self.setSingleStep(spec.step)
        self.setKeyboardTracking(False)  # commit on Enter or focus-out, not on every keystroke
        self.setGroupSeparatorShown(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setAccelerated(True)
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToPreviousValue)
        if spec.unit == "$":
            self.setPrefix("$")
        elif spec.unit in ("%", "people", "points"):
            self.setSuffix({"%": " %", "people": " people", "points": " pts"}[spec.unit])
        self.lineEdit().installEventFilter(self)

    # ---- keys: Ctrl+Z / Ctrl+Shift+Z undo the session ----------------------------------------------
    def event(self, event) -> bool:  # noqa: D102 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and _is_session_key(event):
            event.ignore()  # let the window's Undo/Redo action have it
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and _is_session_key(event):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    # ---- reading what was typed --------------------------------------------------------------------
    def _number(self, text: str) -> float | None:
        cleaned = text.strip().removeprefix(self.prefix().strip()).strip()
        cleaned = cleaned.removesuffix(self.suffix().strip()).strip()
        locale = self.locale()
        return parse_number(cleaned.replace(locale.negativeSign(), "-"), locale.decimalPoint(),
                            locale.groupSeparator())

    def why_refused(self, text: str) -> str | None:
        """Why ``text`` cannot be this input's value (None when it can)."""
        value = self._number(text)
        if value is None:
            return f"{self._spec.label}: \"{text.strip()}\" is not a number; type digits, e.g. " \
                   f"{self.textFromValue(float(self._spec.default))}."
        if not self._spec.minimum <= value <= self._spec.maximum:
            return f"{self._spec.label} must be {self._spec.describe_range()}; {value:,g} is not allowed."
        return None

    def validate(self, text: str, pos: int):
        """Acceptable only for a number in range; anything else stays in the box (Intermediate) so the
        user sees what they typed, and is refused on Enter with the reason."""
        value = self._number(text)
        if value is not None and self._spec.minimum <= value <= self._spec.maximum:
            return QValidator.State.Acceptable, text, pos
        if value is not None and (value > self._spec.maximum or (value < 0 and value < self._spec.minimum)):
            self.rejected.emit(self.why_refused(text))  # no more digits can bring it into range
        return QValidator.State.Intermediate, text, pos

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt API)
        value = self._number(text)
        return self.value() if value is None else value

    def fixup(self, text: str) -> str:
        """Called on Enter or focus-out with a value that is not acceptable: say why (the box then
        shows the last good value again)."""
        reason = self.why_refused(text)
        if reason:
            self.rejected.emit(reason)
        return text


@lru_cache(maxsize=1)
def group_box_inside() -> QColor:
    """The colour the app's style paints inside a group box (Fusion shades it a little darker than the
    window; other styles leave it the window's)."""
    box = QGroupBox()
    box.resize(48, 48)
    return box.grab().toImage().pixelColor(24, 32)


class SliderField(QWidget):
    """Emits ``edited(value)`` for every user change, and ``gesture(started)`` around a drag."""

    edited = Signal(float)
    gesture = Signal(bool)
    rejected = Signal(str)

    def __init__(self, spec: InputSpec, slider_min: float, slider_max: float, log_scale: bool = False,
                 parent: QWidget | None = None, fine_step: float | None = None) -> None:
        super().__init__(parent)
        # Opaque, in the colour its group box shows inside: a move repaints the field alone, not the group
        # box and the panel behind it (a twentieth of a size move).
        colors = self.palette()
        colors.setColor(QPalette.ColorRole.Window, group_box_inside())
        self.setPalette(colors)
        self.setAutoFillBackground(True)
        self.spec = spec
        self._lo, self._hi, self._log = slider_min, slider_max, log_scale
        self._fine = fine_step
        self._steps = max(_STEPS, round((slider_max - slider_min) / fine_step)) if fine_step else _STEPS
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self._steps)
        self.slider.setPageStep(self._steps // 20)
        self.slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # one Tab stop per field: the value box
        self.box = ValueBox(spec)
        self._fit_box()
        self.slider.setMinimumWidth(90)
        self.reason = QLabel()  # why a typed value was refused, under the box
        self.reason.setWordWrap(True)
        self.reason.setObjectName("refusal")
        self.reason.setStyleSheet("color: #b00020;")
        self.reason.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.reason)
        tip = f"{spec.definition}\nRange: {spec.describe_range()}."
        self.setToolTip(tip)
        self.slider.setToolTip(tip)
        self.box.setToolTip(tip)
        self.slider.setAccessibleName(spec.label)
        self.box.setAccessibleName(f"{spec.label} value")
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(lambda: self.gesture.emit(True))
        self.slider.sliderReleased.connect(lambda: self.gesture.emit(False))
        self.box.valueChanged.connect(self._box_changed)
        self.box.rejected.connect(self._refused)

    def _fit_box(self) -> None:
        """The value box holds the widest value at its text size (it follows View > Larger text)."""
        self.box.setMinimumWidth(self.box.fontMetrics().horizontalAdvance("$200,000,000.00 ") + 24)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:
            self._fit_box()
        super().changeEvent(event)

    # ---- scale -------------------------------------------------------------------------------------
    def _to_position(self, value: float) -> int:
        value = min(max(value, self._lo), self._hi)
        if self._log:
            share = (math.log(value) - math.log(self._lo)) / (math.log(self._hi) - math.log(self._lo))
        else:
            share = (value - self._lo) / (self._hi - self._lo)
        return round(share * self._steps)

    def _to_value(self, position: int) -> float:
        share = position / self._steps
        if self._log:
            value = math.exp(math.log(self._lo) + share * (math.log(self._hi) - math.log(self._lo)))
            digits = max(0, int(math.log10(value)) - 1)  # 2 significant digits: 12,000 not 12,347
            value = round(value, -digits)
        else:
            value = self._lo + share * (self._hi - self._lo)
            step = self._fine or self.spec.step
            value = round(value / step) * step
        return float(round(value)) if self.spec.integer else round(value, 6)

    # ---- value -------------------------------------------------------------------------------------
    def value(self) -> float:
        return self.box.value()

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt naming, as a user's drag would)
        """Set as the user would: the field shows it and emits ``edited``."""
        self.box.setValue(value)

    def show_value(self, value: float) -> None:
        """Show ``value`` from the model without echoing it back."""
        in_place = self.slider.isSliderDown() or self.slider.value() == self._to_position(value)
        if value == self.box.value() and in_place:
            return  # the drag's own echo: the handle stays under the pointer (its position rounds the value)
        with QSignalBlocker(self.box), QSignalBlocker(self.slider):
            self.box.setValue(value)
            self.slider.setValue(self._to_position(value))

    def set_ignored(self, reason: str | None) -> None:
        self.setEnabled(reason is None)
        tip = f"{self.spec.definition}\nRange: {self.spec.describe_range()}."
        text = tip if reason is None else f"Not used by the chosen rules: {reason}\n\n{tip}"
        for widget in (self, self.slider, self.box):
            widget.setToolTip(text)

    def _slider_moved(self, position: int) -> None:
        self.clear_refusal()
        value = self._to_value(position)
        with QSignalBlocker(self.box):
            self.box.setValue(value)
        self.edited.emit(value)

    def _refused(self, reason: str) -> None:
        self.reason.setText(reason)
        self.reason.show()
        self.rejected.emit(reason)

    def clear_refusal(self) -> None:
        if self.reason.isVisible():
            self.reason.clear()
            self.reason.hide()

    def _box_changed(self, value: float) -> None:
        self.clear_refusal()
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_position(value))
        self.edited.emit(value)
