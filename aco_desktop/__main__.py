"""``aco-desktop`` / ``python -m aco_desktop``: a headless command, or the window."""

from __future__ import annotations

import gc
import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # A command is a first word without a dash: only then is the command line's module needed (the window's
    # flags, --screenshot included, start without importing it: less to load before the first paint).
    if args and (not args[0].startswith("-") or args[0] in ("-h", "--help", "--version")):
        from aco_desktop import cli

        if args[0] in cli.COMMANDS or args[0] in ("-h", "--help", "--version"):
            return cli.main(args)
    # Until the window's first paint the cyclic garbage collector is off: start-up makes some 130,000
    # objects that live as long as the window and almost no garbage (about a thousand objects), yet the
    # collector would walk them some 200 times, 50-100 ms before the window shows. The window turns it
    # back on once it is painted (ui.app); whatever happens, it is on again when the window is gone.
    gc.disable()
    try:
        from aco_desktop.ui.app import main as run_app  # Qt is imported only when a window is wanted

        return run_app(args)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
