"""Instructions per slider move, counted by valgrind's cachegrind: prints `name: value unit` lines.

Run: .venv/bin/python tests/bench/instructions.py [MOVES]   (needs valgrind; about a minute a slider)

Wall-clock figures on a shared laptop or CI machine swing by half from one second to the next; an
instruction count does not (runs agree to 0.1%). Each slider is dragged twice in a fresh window under
cachegrind, once with no moves and once with MOVES (200); the difference over MOVES is what one move costs:
the window's Python, the engine and Qt's painting. The detail clock is held off, as at full speed it runs
about once in fifty moves: under valgrind every move would take longer than its 250 ms.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SLIDERS = (("savings_pct", 300, 800), ("quality_pct", 400, 1000), ("beneficiaries", 450, 1000))


def drag(name: str, moves: int) -> None:
    """In this process: a window, ten warm-up moves, then ``moves`` moves of slider ``name``."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(Path(__file__).parent))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import ui  # the window benchmark's drag
    from aco_desktop.scenario import Scenario
    from aco_desktop.ui.startup import create_window

    app = QApplication([])
    window = create_window(Scenario())
    window.resize(1400, 900)
    window.show()
    for _ in range(20):
        app.processEvents()
    window._detail_timer.setInterval(10**8)
    painted = ui.PaintCounter()
    window.plot.viewport().installEventFilter(painted)
    low, high = next((lo, hi) for slider, lo, hi in SLIDERS if slider == name)
    field = window.controls.slider(name)
    positions = ui.positions(field, max(moves, 10), low, high)
    ui.drive(app, field, positions[:10], painted)
    if moves:
        ui.drive(app, field, positions[:moves], painted)
    os._exit(0)  # the count ends here: no teardown in it


def count(name: str, moves: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={folder}/cg",
             sys.executable, __file__, "--drag", name, str(moves)],
            capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0",
                                                 "ACO_DESKTOP_DATA_DIR": folder}, cwd=REPO)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if not found:
        raise RuntimeError(f"cachegrind gave no count for {name}: {out.stderr[-400:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--drag":
        drag(sys.argv[2], int(sys.argv[3]))
    moves = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if shutil.which("valgrind") is None:
        print("instructions_per_move: unavailable (valgrind is not installed)", flush=True)
        return
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "aco_desktop")], capture_output=True)
    for name, _, _ in SLIDERS:
        per_move = (count(name, moves) - count(name, 0)) / moves
        print(f"{name}_instructions_per_move: {per_move / 1e6:.2f} M", flush=True)


if __name__ == "__main__":
    main()
