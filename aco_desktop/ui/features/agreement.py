"""View > Agreement (Ctrl+G): the years of the agreement side by side, costs and return, repayment.

The menu item is added at start; the window itself (``agreement_dialog``, with the agreement arithmetic
and the report page it adds) is built the first time it is opened, or when ``window.agreement_view`` is
first read. It follows the scenario on screen while it is visible.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from aco_desktop.ui.features.lazy import build_on_first_use, built


def _view_menu(window):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "View":
            return action.menu()
    return window.menuBar().addMenu("&View")


def install(window) -> None:
    def build():
        from aco_desktop.ui.features.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(window)
        later = QTimer(dialog)  # a slider drag refreshes many times: recompute once the events settle
        later.setSingleShot(True)
        later.setInterval(0)
        later.timeout.connect(dialog.follow)
        dialog.later = later
        _add_report_page(dialog)
        return dialog

    build_on_first_use(window, "agreement_view", build)

    def open_view() -> None:
        dialog = window.agreement_view
        dialog.show()
        dialog.raise_()
        dialog.follow()

    def follow(screen) -> None:
        dialog = built(window, "agreement_view")  # never opened: nothing to follow
        if dialog is not None and dialog.isVisible():
            dialog.later.start()

    action = QAction("&Agreement...", window)
    action.setShortcut(QKeySequence("Ctrl+G"))
    action.setStatusTip("The years of the agreement side by side: levels, savings, totals, costs, repayment")
    action.triggered.connect(open_view)
    menu = _view_menu(window)
    menu.addSeparator()
    menu.addAction(action)
    window.agreement_action = action
    window.on_refresh(follow)


def _add_report_page(dialog) -> None:
    """The meeting report asks the view for its page; a closed window's view is forgotten. (A view never
    opened adds none: it has no plan of its own to report.)"""
    from aco_desktop.ui.export.report_pages import PAGE_PROVIDERS

    method = weakref.WeakMethod(dialog.report_page)

    def provider(rules, file):
        bound = method()
        try:
            return bound(rules, file) if bound is not None else None
        except RuntimeError:  # the window (and this view) is gone
            return None

    PAGE_PROVIDERS.append(provider)
    dialog.destroyed.connect(lambda *_: provider in PAGE_PROVIDERS and PAGE_PROVIDERS.remove(provider))
