"""Qt-free presentation: what each panel of the window shows, already worded and formatted.

``present.Presenter`` turns a session into a ``screen.Screen``. Numbers are worded by
``aco_desktop.format`` (below the engine, which words its statement with it too). No Qt here.
"""
