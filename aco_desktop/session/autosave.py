"""Autosave and crash recovery, without Qt.

Each running app has a session in ``<data dir>/sessions/``: a marker ``<id>.lock`` (its process id,
host and start time) and ``<id>.json``, the scenario on screen as a scenario file, rewritten atomically
on every change. A clean exit (``close()``) removes both. At the next start, a marker whose process is
gone means that run ended without closing (a crash, a kill, a power cut): ``recoverable()`` returns
the scenario it last had on screen. Sessions of other copies still running are left alone.

Typical use by the window::

    autosaver = Autosaver()                  # data dir from ACO_DESKTOP_DATA_DIR or platformdirs
    found = autosaver.recoverable()          # offer it; then, whatever the answer:
    autosaver.discard_recoverable()
    autosaver.attach(session)                # every change of the session is saved
    ...
    autosaver.close()                        # on a clean exit
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from aco_desktop.rules import RuleRegistry
from aco_desktop.scenario import Scenario
from aco_desktop.session.files import ScenarioFile, ScenarioFileError, read_scenario_file, write_scenario_file
from aco_desktop.session.state import Session

ENV_DATA_DIR = "ACO_DESKTOP_DATA_DIR"
APP_DIR_NAME = "aco-desktop"


def data_dir() -> Path:
    """The per-user data folder: ``$ACO_DESKTOP_DATA_DIR`` if set, else the platform's (platformdirs)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


@dataclass(frozen=True, slots=True)
class _Marker:
    session_id: str
    pid: int
    host: str
    started: str

    @classmethod
    def read(cls, path: Path) -> "_Marker | None":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path.stem, int(data["pid"]), str(data["host"]), str(data["started"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @property
    def running(self) -> bool:
        """Still running (as far as this machine can tell): a session of another host is never taken."""
        return self.host != socket.gethostname() or _pid_alive(self.pid)


class Autosaver:
    """Saves the scenario on screen after every change; finds what a run that did not exit cleanly left."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.sessions = self.folder / "sessions"
        self.session_id = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = self.sessions / f"{self.session_id}.json"
        self.marker = self.sessions / f"{self.session_id}.lock"
        self.last_error: str | None = None  # the last save that failed (autosave never raises)
        self._last_saved: ScenarioFile | None = None
        self._closed = False
        # What earlier runs left, found before this run's own marker exists.
        self._left_behind = self._find_left_behind()
        try:
            self.sessions.mkdir(parents=True, exist_ok=True)
            marker = {"pid": os.getpid(), "host": socket.gethostname(),
                      "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            self.marker.write_text(json.dumps(marker), encoding="utf-8")
        except OSError as exc:
            self.last_error = f"autosave is off: cannot write to {self.sessions}: {exc.strerror or exc}"

    # ---- recovery --------------------------------------------------------------------------------
    def _find_left_behind(self) -> list[Path]:
        """Markers of earlier runs that are gone without closing, newest first."""
        if not self.sessions.is_dir():
            return []
        found = []
        for marker_path in self.sessions.glob("*.lock"):
            marker = _Marker.read(marker_path)
            if marker is None or not marker.running:
                found.append(marker_path)
        return sorted(found, key=_mtime_of_session, reverse=True)

    def recoverable(self, rules: RuleRegistry) -> ScenarioFile | None:
        """The scenario on screen when an earlier run ended without ``close()`` (newest such run), or None."""
        for marker_path in self._left_behind:
            saved = marker_path.with_suffix(".json")
            if saved.is_file():
                try:
                    return read_scenario_file(saved, rules)
                except ScenarioFileError:
                    continue  # unreadable (e.g. a rule file changed since): nothing to offer from it
        return None

    def discard_recoverable(self, keep: ScenarioFile | None = None) -> None:
        """Forget what earlier runs left (call once the user has chosen to restore it or not). ``keep``,
        the scenario the user chose to restore, is first saved as this run's autosave, so a kill at any
        moment after this call still finds it."""
        if keep is not None and not self.save(keep):
            return  # could not save it here: leave the earlier run's copy where the next start finds it
        for marker_path in self._left_behind:
            with contextlib.suppress(OSError):
                marker_path.with_suffix(".json").unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                marker_path.unlink(missing_ok=True)
        self._left_behind = []

    # ---- saving ----------------------------------------------------------------------------------
    def save(self, scenario: Scenario | ScenarioFile, name: str = "", note: str = "") -> bool:
        """Write ``scenario`` as this session's autosave (atomic). Returns False (and sets ``last_error``)
        if it could not be written; an autosave failure must never stop the user."""
        if self._closed:
            return False
        file = scenario if isinstance(scenario, ScenarioFile) else ScenarioFile.of(scenario, name, note)
        if file == self._last_saved:
            return True
        try:
            write_scenario_file(self.path, file)
        except ScenarioFileError as exc:
            self.last_error = f"autosave failed: {exc}"
            return False
        self._last_saved = file
        self.last_error = None
        return True

    def attach(self, session: Session, name: str = "", note: str = "") -> None:
        """Save ``session``'s scenario now and after every change (apply, undo, redo, open)."""
        session.subscribe(lambda scenario: self.save(scenario, name, note))
        self.save(session.scenario, name, note)

    def close(self) -> None:
        """A clean exit: this session's autosave and marker are removed, so nothing is offered next time."""
        self._closed = True
        for path in (self.path, self.marker):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def __enter__(self) -> "Autosaver":
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:  # an exception escaping is not a clean exit: keep the autosave
            self.close()


def _mtime_of_session(marker_path: Path) -> float:
    for path in (marker_path.with_suffix(".json"), marker_path):
        with contextlib.suppress(OSError):
            return path.stat().st_mtime
    return time.time()
