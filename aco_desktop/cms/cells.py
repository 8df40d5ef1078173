"""Reading cells of CMS results files: numbers, percents, dates, names (no rules, no engine)."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Iterator

NOT_APPLICABLE = {"", "NA", "NAN", "N/A", ".", "-"}


def num(text: str | None) -> float | None:
    """A number from a cell: '', 'NA', 'nan', '-' -> None; '$1,234.50' and '0.0234%' -> the bare number."""
    if text is None:
        return None
    cleaned = text.strip().replace("$", "").replace(",", "").rstrip("%").strip()
    if cleaned.upper() in NOT_APPLICABLE:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return None if math.isnan(value) else value


def need(value: float | None, what: str, where: str) -> float:
    if value is None:
        raise ValueError(f"{where}: {what} is empty or not a number")
    return value


def year_of(date_text: str) -> int | None:
    match = re.search(r"(\d{4})", date_text or "")
    return int(match.group(1)) if match else None


def month_of(date_text: str) -> str | None:
    """'7/1/2019' or '07/01/2019' (M/D/YYYY) or '2019-07-01' -> '2019-07'; None when not a date."""
    text = (date_text or "").strip()
    match = re.fullmatch(r"(\d{1,2})/\d{1,2}/(\d{4})", text)
    if match:
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    match = re.match(r"(\d{4})-(\d{2})", text)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def header_of(path: Path) -> list[str]:
    """The header row, stripped; ``ValueError`` naming the file when it is empty."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            return [h.strip() for h in next(csv.reader(handle))]
        except StopIteration:
            raise ValueError(f"{path}: empty file, not a CMS Shared Savings Program PUF") from None


def data_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank data row (header = line 1). CRLF and BOM are handled."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row
