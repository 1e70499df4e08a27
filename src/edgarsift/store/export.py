"""Export every user table (or some): Parquet (one dataset directory per table, via pyarrow), CSV or JSON Lines.

In CSV a list column (source_of_funds, relationships, items, …) is its items joined with ';' (AF;WC); an
object stays JSON text. Parquet and JSON Lines keep the store's JSON text.

Rows stream from one cursor a page at a time, in the table's stable order, so exporting a large store keeps memory flat.
The filings table leaves out the record JSON and source text unless asked (they dwarf everything else); asked,
the source comes out as text (``source_text``), decompressed from the store's ``source_zstd``, in every format.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from .schema import ARROW_TYPES, TABLES, USER_TABLES, decode_source
from .sql import SqlStore

FORMATS = ("parquet", "csv", "jsonl")
PAGE = 10_000


_STORED_SOURCE = ("source_zstd", "source_size")


def pages(store: SqlStore, name: str, with_bodies: bool = False) -> Iterator[list[dict]]:
    for rows in store.iter_table(name, with_bodies, PAGE):
        if name == "filings" and with_bodies:
            for row in rows:
                row["source_text"] = decode_source(row.pop("source_zstd"), row.pop("source_size"))
        yield rows


def export_columns(store: SqlStore, name: str, with_bodies: bool = False) -> list[str]:
    cols = store.table_columns(name, with_bodies)
    if name == "filings" and with_bodies:
        cols = [c for c in cols if c not in _STORED_SOURCE] + ["source_text"]
    return cols


def export_schema(name: str, cols: list[str]) -> pa.Schema:
    """The table's Arrow types; a column the export adds (the decompressed ``source_text``) is a string."""
    types = {c.name: ARROW_TYPES[c.type] for c in TABLES[name].columns}
    return pa.schema([(c, types.get(c, pa.string())) for c in cols])


def export(store: SqlStore, out: Path, fmt: str = "parquet", tables: list[str] | None = None,
           with_bodies: bool = False) -> dict[str, int]:
    """Write each table under ``out``; returns rows written per table."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose {', '.join(FORMATS)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create export directory ({exc.strerror})", str(out)) from None
    counts = {}
    for name in tables or USER_TABLES:
        cols = export_columns(store, name, with_bodies)
        counts[name] = {"parquet": _parquet, "csv": _csv, "jsonl": _jsonl}[fmt](store, name, cols, out, with_bodies)
    return counts


def _parquet(store: SqlStore, name: str, cols: list[str], out: Path, with_bodies: bool) -> int:
    target = out / name  # a dataset directory: readable with pq.read_table / duckdb / polars.scan_parquet
    target.mkdir(exist_ok=True)
    for old in target.glob("part-*.parquet"):
        old.unlink()
    schema = export_schema(name, cols)
    n = 0
    with pq.ParquetWriter(target / "part-0.parquet", schema) as writer:
        for rows in pages(store, name, with_bodies):
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


LIST_SEPARATOR = ";"


def csv_cell(value: Any, json_column: bool = False) -> Any:
    """A cell as CSV holds it. A list of plain values (codes, item numbers), given as a list or as the store's
    JSON text of one (``json_column``), is its items joined with ';' (["AF", "WC"] -> AF;WC), so spreadsheets
    and csv readers need no JSON; an object, or a list of objects, stays JSON text."""
    if json_column and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_row(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row of table ``name`` with its list columns as ';'-joined text (see :func:`csv_cell`)."""
    json_cols = {c.name for c in TABLES[name].columns if c.type == "json"} - {"record_json"}
    return {k: csv_cell(v, k in json_cols) for k, v in row.items()}


def _csv(store: SqlStore, name: str, cols: list[str], out: Path, with_bodies: bool) -> int:
    n = 0
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for rows in pages(store, name, with_bodies):
            w.writerows(csv_row(name, r) for r in rows)
            n += len(rows)
    return n


def _jsonl(store: SqlStore, name: str, cols: list[str], out: Path, with_bodies: bool) -> int:
    n = 0
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
        for rows in pages(store, name, with_bodies):
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += len(rows)
    return n
