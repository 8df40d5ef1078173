"""A slider with an editable value box, units on the box, and a linear or logarithmic scale.

Written here rather than taken from superqt: its labeled sliders have no logarithmic scale (assigned
beneficiaries span 1,000 to 200,000) and the value box must be allowed a wider range than the slider
(a savings rate of -40% can be typed though the slider stops at the end of the chart's view).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from aco_desktop.scenario import InputSpec

_STEPS = 1000  # slider resolution


class ValueBox(QDoubleSpinBox):
    """The value box: it says when a typed value is out of range instead of silently clamping."""

    rejected = Signal(str)

    def __init__(self, spec: InputSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self.setRange(spec.minimum, spec.maximum)
        self.setDecimals(0 if spec.integer else (2 if spec.step < 0.5 else 1))
        self.setSingleStep(spec.step)
        self.setKeyboardTracking(False)  # commit on Enter or focus-out, not on every keystroke
        self.setGroupSeparatorShown(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setAccelerated(True)
        if spec.unit == "$":
            self.setPrefix("$")
        elif spec.unit in ("%", "people", "points"):
            self.setSuffix({"%": " %", "people": " people", "points": " pts"}[spec.unit])

    def validate(self, text: str, pos: int):
        """Qt refuses a keystroke that would leave the range; say so instead of staying silent."""
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid:
            cleaned = text.removeprefix(self.prefix()).removesuffix(self.suffix()).replace(",", "").strip()
            try:
                value = float(cleaned)
            except ValueError:
                return result
            if not self._spec.minimum <= value <= self._spec.maximum:
                self.rejected.emit(f"{self._spec.label} must be {self._spec.describe_range()}; "
                                   f"{value:,g} is not allowed.")
        return result


class SliderField(QWidget):
    """Emits ``edited(value)`` for every user change, and ``gesture(started)`` around a drag."""

    edited = Signal(float)
    gesture = Signal(bool)
    rejected = Signal(str)

    def __init__(self, spec: InputSpec, slider_min: float, slider_max: float, log_scale: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._lo, self._hi, self._log = slider_min, slider_max, log_scale
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _STEPS)
        self.slider.setPageStep(_STEPS // 20)
        self.box = ValueBox(spec)
        self.box.setMinimumWidth(120)
        self.slider.setMinimumWidth(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.box)
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
        self.box.rejected.connect(self.rejected)

    # ---- scale -------------------------------------------------------------------------------------
    def _to_position(self, value: float) -> int:
        value = min(max(value, self._lo), self._hi)
        if self._log:
            share = (math.log(value) - math.log(self._lo)) / (math.log(self._hi) - math.log(self._lo))
        else:
            share = (value - self._lo) / (self._hi - self._lo)
        return round(share * _STEPS)

    def _to_value(self, position: int) -> float:
        share = position / _STEPS
        if self._log:
            value = math.exp(math.log(self._lo) + share * (math.log(self._hi) - math.log(self._lo)))
            digits = max(0, int(math.log10(value)) - 1)  # 2 significant digits: 12,000 not 12,347
            value = round(value, -digits)
        else:
            value = self._lo + share * (self._hi - self._lo)
            value = round(value / self.spec.step) * self.spec.step
        return float(round(value)) if self.spec.integer else round(value, 6)

    # ---- value -------------------------------------------------------------------------------------
    def value(self) -> float:
        return self.box.value()

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt naming, as a user's drag would)
        """Set as the user would: the field shows it and emits ``edited``."""
        self.box.setValue(value)

    def show_value(self, value: float) -> None:
        """Show ``value`` from the model without echoing it back."""
        if value == self.box.value() and self.slider.value() == self._to_position(value):
            return
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
        value = self._to_value(position)
        with QSignalBlocker(self.box):
            self.box.setValue(value)
        self.edited.emit(value)

    def _box_changed(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_position(value))
        self.edited.emit(value)
