"""Features that add to the window without changing its core layout: the outlook and track chooser, your
ACO from CMS's results, teaching (presentation mode, tour, glossary, reforms), the agreement view.

Each module has ``install(window)``: it adds its menu items, docks or dialogs, and follows the window with
``window.on_refresh(callback)`` (called with every new ``Screen``). Its numbers and words come from a
Qt-free module under ``aco_desktop.view``. Imported explicitly (not by name) so the frozen app has them.
"""

from __future__ import annotations

from aco_desktop.ui.features import (agreement, glossary, my_aco, outlook, presentation, reform, reform_impact,
                                     tour)

INSTALLERS: tuple = (
    outlook.install,
    my_aco.install,
    agreement.install,
    presentation.install,
    tour.install,
    glossary.install,
    reform.install,
    reform_impact.install,
)


def install_all(window) -> None:
    for install in INSTALLERS:
        install(window)
