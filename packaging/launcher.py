"""Entry script of the frozen app (PyInstaller): the same ``main`` as the ``aco-desktop`` command."""

import sys

from aco_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
