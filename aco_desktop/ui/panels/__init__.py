"""One widget per panel of the window, each fed its slice of ``view.screen.Screen``.

A panel renders what it is given and reports what the user did (Qt signals); it decides nothing.
"""
