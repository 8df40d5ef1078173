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

from functools import cache

APP_NAME = "ACO What-If Explorer"  # the one place the app's name is spelled


@cache
def version() -> str:
    """The installed package's version (from pyproject.toml, through the install's metadata). Read on
    first use: importing importlib.metadata costs ~40 ms of start-up, and nothing on the first paint
    shows the version."""
    from importlib import metadata

    try:
        return metadata.version("aco-desktop")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:  # ``aco_desktop.__version__``, for tools that look for it
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'aco_desktop' has no attribute {name!r}")
