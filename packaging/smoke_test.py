"""Run the frozen app's smoke test offscreen and judge it.

    .venv/bin/python packaging/smoke_test.py [EXECUTABLE] [--timeout SECONDS]

EXECUTABLE defaults to dist/aco-desktop/aco-desktop (aco-desktop.exe on Windows). The app runs with
QT_QPA_PLATFORM=offscreen as ``EXECUTABLE --smoke-test <tmp>/report.json``. It fails (exit 1) when the
app times out, exits non-zero, prints "Traceback", "could not load the Qt platform plugin" or
"ModuleNotFoundError", or its report does not say "ok": true. The report is printed either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXE = ROOT / "dist" / "aco-desktop" / ("aco-desktop.exe" if sys.platform == "win32" else "aco-desktop")
FATAL_OUTPUT = ("Traceback", "could not load the Qt platform plugin", "ModuleNotFoundError")


def run(executable: Path, timeout_s: float = 60.0) -> int:
    if not executable.is_file():
        print(f"smoke test: no executable at {executable} (build it: .venv/bin/python packaging/build.py)")
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="aco-smoke-") as tmp:
        report_path = Path(tmp) / "report.json"
        cmd = [str(executable), "--smoke-test", str(report_path)]
        print("+", " ".join(cmd), flush=True)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, errors="replace",
                                  timeout=timeout_s)
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = (exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            print(out + err)
            print(f"FAIL: the app did not exit within {timeout_s:.0f} s")
            return 1
        wall_s = time.perf_counter() - t0
        output = proc.stdout + proc.stderr
        if output.strip():
            print("--- app output ---")
            print(output.rstrip())
            print("------------------")
        problems = [f"output contains {marker!r}" for marker in FATAL_OUTPUT if marker in output]
        if proc.returncode != 0:
            problems.append(f"exit status {proc.returncode}")
        report = None
        if report_path.is_file():
            try:
                report = json.loads(report_path.read_text(encoding="utf-8"))
            except ValueError as exc:
                problems.append(f"report is not JSON: {exc}")
        else:
            problems.append("no report written")
        if report is not None:
            print(json.dumps(report, indent=2))
            if report.get("ok") is not True:
                problems.append(f"report says not ok: {report.get('error')}")
        print(f"wall time of the whole smoke run: {wall_s:.2f} s")
        if problems:
            print("FAIL: " + "; ".join(problems))
            return 1
        timings = report.get("timings", {})
        print(f"PASS  startup to first paint {timings.get('startup_to_first_paint_s')} s, "
              f"slider changes {timings.get('changes_ms')} ms")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("executable", nargs="?", type=Path, default=DEFAULT_EXE)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before the app is killed (60)")
    args = parser.parse_args(argv)
    return run(args.executable, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
