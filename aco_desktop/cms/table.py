"""The compact ACO-year table shipped in ``resources/``: one row per ACO-year of CMS's results files.

Built by ``aco-desktop build-aco-table DIR``: every CMS results file in DIR is read by the app's own readers
(``load.load_pufs``, so a raw PY2013/PY2014 file supersedes the merged file's rows of that year) and each
``PufRecord`` is written with every field, so that a row read back is the same record and settles exactly
as ``reproduce-puf`` settles it. Floats are written with ``repr`` (exact round trip); ``None`` is an empty
cell; flags are 0/1. ``state`` comes from the row's own file (merged ``aco_state``, raw 2014 ``ACO_State``);
the PY2013 and PY2022-2024 files have no state column, so there it is filled from the same ACO's other rows
(by ACO_ID, else by exact name) and ``state_from`` names the year it came from.

The CSV is gzip'd with a zero timestamp, so the same files give the same bytes. Its origin (file names,
sha256 prefixes, rows, date built, command) is in a JSON sidecar beside it.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import hashlib
import io
import json
from datetime import datetime, timezone
from pathlib import Path

from aco_desktop.cms.cells import data_rows, header_of, norm_name
from aco_desktop.cms.records import PufRecord

TABLE_NAME = "aco_years.csv.gz"
ORIGIN_NAME = "aco_years.origin.json"
STATE_COLUMNS = ("aco_state", "ACO_State")
# Some years spell states out ("New Jersey,  New York"); the table writes USPS codes ("NJ, NY").
_STATE_NAMES = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware District_of_Columbia Florida Georgia "
    "Guam Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
    "Minnesota Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York "
    "North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Puerto_Rico Rhode_Island South_Carolina "
    "South_Dakota Tennessee Texas Utah Vermont Virginia Virgin_Islands Washington West_Virginia Wisconsin Wyoming")
_STATE_CODES = dict(zip(
    (name.replace("_", " ").lower() for name in _STATE_NAMES.split()),
    "AL AK AZ AR CA CO CT DE DC FL GA GU HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA PR RI SC SD TN TX UT VT VA VI WA WV WI WY".split()))


def state_codes(text: str) -> str:
    """'New Jersey,  New York' -> 'NJ, NY'; codes and unknown words are kept as written."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return ", ".join(_STATE_CODES.get(p.lower(), p) for p in parts)
_RECORD_FIELDS = [f.name for f in dataclasses.fields(PufRecord)]
_FIELD_TYPES = {f.name: str(f.type) for f in dataclasses.fields(PufRecord)}
# Table columns: the record's fields (``path`` as the bare file name), then the state.
COLUMNS = [f if f != "path" else "file" for f in _RECORD_FIELDS] + ["state", "state_from"]


@dataclasses.dataclass(frozen=True, slots=True)
class AcoYear:
    """One ACO-year of the directory: the normalised record, its state and where the state came from."""

    record: PufRecord
    state: str = ""
    state_from: str = ""  # "" (the row's own file) or "PY2021" (another year of the same ACO)

    @property
    def year(self) -> int:
        return self.record.performance_year

    @property
    def aco_id(self) -> str:
        return self.record.aco_id

    @property
    def name(self) -> str:
        return self.record.aco_name

    @property
    def label(self) -> str:
        ident = f"{self.aco_id} " if self.aco_id else ""
        state = f", {self.state}" if self.state else ""
        return (f"PY{self.year} {ident}{self.name}{state}: {self.record.track}, "
                f"{self.record.beneficiaries:,} beneficiaries")


# ----------------------------------------------------------------------------- cells

def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _converter(kind: str):
    """A function from a cell to the field's value, for a field annotated ``kind`` ('float | None', 'int', ...)."""
    optional = "None" in kind
    base = kind.split("|")[0].strip()
    parse = {"bool": lambda t: t == "1", "int": int, "float": float}.get(base, str)

    def convert(text: str) -> object:
        if text == "":
            return None if optional else ("" if base == "str" else parse(text))
        return parse(text)
    return convert


_CONVERTERS = [(f, "file" if f == "path" else f, _converter(_FIELD_TYPES[f])) for f in _RECORD_FIELDS]


def _row_of(item: AcoYear) -> list[str]:
    values = dataclasses.asdict(item.record)
    values["path"] = Path(item.record.path).name
    return [_cell(values[f]) for f in _RECORD_FIELDS] + [item.state, item.state_from]


def _item_of(row: dict[str, str]) -> AcoYear:
    values = {field: convert(row[column]) for field, column, convert in _CONVERTERS}
    return AcoYear(PufRecord(**values), row["state"], row["state_from"])


# ----------------------------------------------------------------------------- building

def _states_in_file(path: Path) -> dict[int, str]:
    """line -> state for a file with a state column; {} for a file without one."""
    names = header_of(path)
    column = next((names.index(c) for c in STATE_COLUMNS if c in names), None)
    if column is None:
        return {}
    states = {}
    for line, cells in data_rows(path):
        state = state_codes(cells[column]) if column < len(cells) else ""
        if state and state.upper() not in ("NA", "NAN"):
            states[line] = state
    return states


def _fill_states(records: list[PufRecord], paths: list[Path]) -> list[AcoYear]:
    by_file = {str(p): _states_in_file(p) for p in paths}
    own = [by_file.get(r.path, {}).get(r.line, "") for r in records]
    known: dict[str, tuple[int, str]] = {}  # ACO_ID or name -> (latest year, state) among rows with a state
    for record, state in sorted(zip(records, own), key=lambda pair: pair[0].performance_year):
        if state:
            for key in (record.aco_id, norm_name(record.aco_name)):
                if key:
                    known[key] = (record.performance_year, state)
    items = []
    for record, state in zip(records, own):
        found = known.get(record.aco_id) or known.get(norm_name(record.aco_name))
        if state or not found:
            items.append(AcoYear(record, state, ""))
        else:
            items.append(AcoYear(record, found[1], f"PY{found[0]}"))
    return items


def results_files(folder: Path) -> list[Path]:
    """The CMS results CSV files in ``folder`` (sorted by name); the merged file's ``.rda`` is not read."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())


def build_items(folder: Path, rules) -> list[AcoYear]:
    """Every ACO-year the results files in ``folder`` hold, ordered by year, ACO_ID, name."""
    from aco_desktop.cms.load import combine, load_puf

    paths = results_files(folder)
    if not paths:
        raise ValueError(f"{folder}: no CMS results CSV files found")
    records = combine(r for p in paths for r in load_puf(p, rules))
    items = _fill_states(records, paths)
    return sorted(items, key=lambda i: (i.year, i.aco_id, i.name, i.record.line))


def table_text(items: list[AcoYear]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row_of(item) for item in items)
    return buffer.getvalue()


def origin(folder: Path, items: list[AcoYear], built: datetime | None = None) -> dict:
    rows: dict[str, int] = {}
    for item in items:
        rows[Path(item.record.path).name] = rows.get(Path(item.record.path).name, 0) + 1
    files = [{"name": p.name, "sha256_12": hashlib.sha256(p.read_bytes()).hexdigest()[:12],
              "rows_kept": rows.get(p.name, 0)} for p in results_files(folder)]
    built = built or datetime.now(timezone.utc)
    return {"what": "one row per ACO-year of CMS's Shared Savings Program results files (columns: see "
                    "aco_desktop/cms/table.py)",
            "command": "aco-desktop build-aco-table DIR --out PATH", "built": built.strftime("%Y-%m-%dT%H:%MZ"),
            "rows": len(items), "files": files}


def write_table(items: list[AcoYear], out: Path, origin_info: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    data = table_text(items).encode("utf-8")
    with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    origin_path = out.with_name(out.name.removesuffix(".csv.gz") + ".origin.json")
    origin_path.write_text(json.dumps(origin_info, indent=1) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- reading

def read_table(path: Path) -> list[AcoYear]:
    """The ACO-years of a table written by ``write_table``; ``ValueError`` naming the file when it is not one."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path}: not an ACO-year table of this version (columns differ); rebuild it with "
                             "'aco-desktop build-aco-table'")
        return [_item_of(row) for row in reader]
