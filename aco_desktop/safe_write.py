"""Writing a file so that a crash, a full disk or a read-only folder never leaves it half written.

Used by scenario files (``session.files``), autosave and every export; each wraps the ``OSError`` in its
own one-line error, worded by ``session.errors.explain``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from pathlib import Path

# A temporary file this old next to its target was left by a writer that was killed mid-write.
STALE_TEMP_SECONDS = 600


def _write_fully(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, Windows has no directory handles."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def sweep_stale_temps(path: Path, now: float | None = None) -> int:
    """Remove ``path``'s temporary files that a killed writer left (older than ``STALE_TEMP_SECONDS``;
    a younger one may belong to another process writing right now). Returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    with contextlib.suppress(OSError):
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
    return removed


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path``: a temporary file in the same folder, flushed and fsync'ed, then renamed
    over ``path`` (``os.replace``). On any ``OSError`` the temporary file is removed, the old file is as it
    was, and the error is raised."""
    path = Path(path)
    temp = _temp_name(path)
    fd = -1
    try:
        if not path.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        mode = (path.stat().st_mode & 0o777) if path.exists() else 0o666  # umask applies to 0o666
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        _write_fully(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
    except OSError:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    sweep_stale_temps(path)
    return path
