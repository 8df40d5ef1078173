"""``settle --batch``: one scenario per CSV row, streamed row by row so no row is ever lost.

Rows are read, settled and written one at a time (constant memory whatever the file size). A bad row
gives a JSON object with ``error`` and ``line`` (its line number in the file) in its place in the output,
and the same message on stderr; a blank line is skipped with a note on stderr. Problems with the file
itself (not a regular file, unknown or missing required columns) are usage errors, raised before any row.
"""

from __future__ import annotations

import csv
import io
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TextIO

from aco_desktop.scenario import Scenario

REQUIRED_COLUMNS = ("rules", "track", "beneficiaries", "benchmark_per_capita", "savings_pct")
YEAR_COLUMN = "performance_year"  # required as well for rulebooks with performance years
STDIN = "-"


class BatchFileError(Exception):
    """The batch file as a whole cannot be read: a usage error (exit 2), raised before any row."""


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based data row
    line: int  # line number in the file (header = line 1)
    cells: dict[str, str]


def open_batch(name: str) -> TextIO:
    """The batch text: standard input for ``-``, else a regular file (FIFOs and devices are refused)."""
    if name == STDIN:
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    path = Path(name)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise BatchFileError(f"cannot read {name}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
            "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise BatchFileError(f"{name} is {kind}; give a CSV file, or - to read standard input")
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BatchFileError(f"cannot read {name}: {exc.strerror or exc}") from None


def check_header(header: list[str]) -> list[str]:
    """The column names, stripped; ``BatchFileError`` for unknown, repeated or missing required columns."""
    names = [h.strip() for h in header]
    known = set(Scenario.model_fields)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BatchFileError(f"unknown column(s) {', '.join(map(repr, unknown))}; columns are named like the "
                             f"flags with underscores: {', '.join(sorted(known))}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise BatchFileError(f"column(s) given twice: {', '.join(repeated)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise BatchFileError(f"missing required column(s): {', '.join(missing)} (required: "
                             f"{', '.join(REQUIRED_COLUMNS)}, and {YEAR_COLUMN} for rulebooks with years)")
    return names


def read_rows(handle: TextIO, note: Callable[[str], None]) -> Iterator[Row | tuple[int, int, str]]:
    """Each data row as a ``Row``, or (row number, line, error) for a row of the wrong width."""
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise BatchFileError("the file is empty: no header row") from None
    except csv.Error as exc:
        raise BatchFileError(f"line 1: {exc}") from None
    names = check_header(header)
    number, line = 0, 1
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number, line = number + 1, reader.line_num
            yield number, start, f"not valid CSV: {exc}"
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            note(f"line {start}: blank line skipped")
            continue
        number += 1
        if len(cells) != len(names):
            yield number, start, f"row has {len(cells)} cells but the header has {len(names)} columns"
            continue
        yield Row(number, start, dict(zip(names, cells)))
