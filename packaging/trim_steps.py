"""The bundle's trim steps, in the order build.py --trim-steps adds them (read by the spec and build.py).

Each drops what the app never loads; README "Build the standalone app" has what each saves.
"""

TRIM_STEPS = ("translations", "qt-modules", "qt-plugins", "orphan-libs", "no-ssl", "strip", "icu-data",
              "no-opengl", "numpy-parts", "python-unused", "pyqtgraph-data", "system-cxx")
