"""ACO What-If Explorer: Medicare Shared Savings Program settlements for every rule version.

Layers (only ``aco_desktop.ui`` imports Qt):
  rules/     rule files (TOML) validated into frozen pydantic models
  engine/    pure settlement arithmetic: statement (scalar) and payoff curve (numpy)
  scenario   the user's inputs with their bounds, units and plain definitions
  session/   the scenario on screen, its history, files, autosave (Qt-free)
  view/      what the window shows, worded and formatted (Qt-free)
  cli        headless commands
  ui/        the PySide6 window
"""

from importlib import metadata as _metadata

APP_NAME = "ACO What-If Explorer"  # the one place the app's name is spelled

try:
    __version__ = _metadata.version("aco-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
