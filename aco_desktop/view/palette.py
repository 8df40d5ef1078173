"""Every colour the app draws with, as plain hex strings (``#rrggbb``, or ``#rrggbbaa`` with opacity).

Qt-free: the window, its charts and the PDF report all take their colours from here.
"""

from __future__ import annotations

# Outcomes: the ACO earns, owes, or nothing is shared.
GAIN = "#16823c"
LOSS = "#c42828"
NEUTRAL = "#333333"
# Chart ink.
GREY = "#6e6e6e"
BLUE = "#285aaa"
BLACK = "#000000"
WHITE = "#ffffff"
BASELINE = "#5a5a5a"
CORRIDOR = "#78787828"
LABEL_INK = "#3c3c3c"
LABEL_FILL = "#ffffffc8"
HOVER_LINE = "#0000005a"
HOVER_FILL = "#ffffe6eb"
MARKER_LINE = "#00000078"
ACO_SHARE = "#16823c6e"
ACO_LOSS = "#c428283c"  # the ACO's share of a loss: red (hatched on top)
MEDICARE_SHARE = "#285aaa46"
ACO_SHARE_KEY = "#16823ca0"  # the legend swatches: a little stronger than the fills
MEDICARE_SHARE_KEY = "#285aaa78"
# Text and tables.
MUTED_TEXT = "#555555"
NOTICE_TEXT = "#7a4b00"
RECONSTRUCTED_ROW = "#fff0c8"
# The printed report.
INK = "#141414"
MUTED = "#5f5f5f"
RULE = "#bebebe"
HEADER_FILL = "#e8ecf2"
STRIPE = "#f6f6f6"
FIGURES_FILL = "#f8f9fb"
RECONSTRUCTED_FILL = "#ffecbe"
RECONSTRUCTED_INK = "#8c5000"

TONES = {"gain": GAIN, "loss": LOSS, "neutral": NEUTRAL}


def tone(amount: float) -> str:
    """'gain', 'loss' or 'neutral' for a settlement amount in dollars (half a dollar is nothing)."""
    return "gain" if amount > 0.5 else "loss" if amount < -0.5 else "neutral"


def rgba(color: str) -> tuple[int, int, int, int]:
    """'#16823c' -> (22, 130, 60, 255); '#78787828' -> (120, 120, 120, 40)."""
    digits = color.lstrip("#")
    alpha = int(digits[6:8], 16) if len(digits) == 8 else 255
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha


def over_white(color: str) -> str:
    """The opaque colour a translucent ``color`` shows on the white chart: '#78787828' -> '#eaeaea'. Charts
    fill their bands with it: a translucent fill as tall as the chart is blended pixel by pixel each frame."""
    r, g, b, a = rgba(color)
    return "#" + "".join(f"{round(255 + (c - 255) * a / 255):02x}" for c in (r, g, b))
