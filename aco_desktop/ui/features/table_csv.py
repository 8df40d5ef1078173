"""Save a feature's table as CSV with the app's own writer (``export.files``: atomic, one-line errors)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtWidgets import QFileDialog


def csv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    """UTF-8 CSV, no byte-order mark (as the statement's CSV)."""
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def write_rows_csv(rows: list[tuple[str, ...]], path: str | Path) -> Path:
    """Write ``rows`` atomically; raises ``export.files.ExportError`` naming the file and the reason."""
    from aco_desktop.ui.export.files import write_bytes_atomically  # loaded on first use, as the exports are

    return write_bytes_atomically(path, csv_bytes(rows))


def save_rows_as_csv(window, caption: str, name: str, rows: list[tuple[str, ...]]) -> Path | None:
    """Ask where (beside the scenario's file, or home), write, and say what happened."""
    from aco_desktop.ui.export.files import ExportError

    model = getattr(window, "model", None)
    folder = model.path.parent if model is not None and model.path else Path.home()
    path, _ = QFileDialog.getSaveFileName(window, caption, str(folder / name), "CSV table (*.csv)")
    if not path:
        return None
    target = Path(path) if Path(path).suffix else Path(path).with_suffix(".csv")
    try:
        written = write_rows_csv(rows, target)
    except ExportError as exc:
        window.warn("Could not export", str(exc))
        return None
    window.tell(f"Wrote {written}.")
    return written
