"""Qt-free presentation: what each panel of the window shows, already worded and formatted.

``present.Presenter`` turns a session into a ``screen.Screen``; ``format`` words numbers for every
output (window, CLI, report). This package imports no Qt; it must not import ``present`` here either,
since the engine imports ``view.format`` and ``present`` imports the engine.
"""
