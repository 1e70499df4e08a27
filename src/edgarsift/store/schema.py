"""The store's tables, derived from the record models, and the rows one record becomes.

One schema serves both backends. The normalized tables are not written by hand: each :class:`TableSpec`
names a family, the attribute path to a model (or a list of models) inside the family's ``data``, and the
columns follow from that model's fields (nested single models are flattened with a prefix; lists of
models get their own table; lists of codes and dicts are stored as JSON text). When an extractor engineer
adds a field to a model, ``migrate()`` adds the column: the store follows the models, not the other way.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel

from ..forms.registry import FAMILIES
from ..records import SCHEMA_VERSION, Record

# Bump when a change needs more than "add the missing tables and columns" (migrate() records it).
# 2: the source text is stored compressed (source_zstd, source_size); version-1 rows keep their plain
#    source_text column, which get_source still reads.
STORE_SCHEMA_VERSION = 2

ColType = Literal["int", "float", "bool", "text", "json", "blob"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType
    attr: tuple[str, ...] = ()  # attribute path inside the row's model object ("" for context columns)


# How each column type travels as Arrow (DuckDB's bulk insert, export, edgarsift.open()'s tables)
ARROW_TYPES: dict[ColType, pa.DataType] = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                                           "text": pa.string(), "json": pa.string(), "blob": pa.binary()}


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    family: str | None = None  # normalized tables: the family whose records fill it
    path: tuple[str, ...] = ()  # attribute path from ``data`` to the model / list of models
    many: bool = False  # one row per list element (with its index) instead of one row per filing
    order: tuple[str, ...] = ("filing_id",)  # stable row order for listing and export

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def arrow_schema(spec: TableSpec, columns: list[str] | None = None) -> pa.Schema:
    """The Arrow schema of ``spec``'s rows (or of some of its columns, in that order)."""
    types = {c.name: ARROW_TYPES[c.type] for c in spec.columns}
    return pa.schema([(n, types[n]) for n in (columns or spec.column_names)])


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _model_columns(model: type[BaseModel], prefix: str = "", attr: tuple[str, ...] = ()) -> list[Column]:
    """Scalar columns of ``model``: nested models flattened as ``prefix_field``; lists of models skipped
    (they are tables of their own)."""
    cols: list[Column] = []
    for name, field in model.model_fields.items():
        tp = _unwrap(field.annotation)
        origin = typing.get_origin(tp)
        path = attr + (name,)
        if _is_model(tp):
            cols += _model_columns(tp, f"{prefix}{name}_", path)
        elif origin is list and _is_model(_unwrap(typing.get_args(tp)[0])):
            continue
        elif origin in (list, dict):
            cols.append(Column(prefix + name, "json", path))
        elif tp is bool:
            cols.append(Column(prefix + name, "bool", path))
        elif tp is int:
            cols.append(Column(prefix + name, "int", path))
        elif tp is float:
            cols.append(Column(prefix + name, "float", path))
        elif tp is str or (origin is Literal and all(isinstance(a, str) for a in typing.get_args(tp))):
            cols.append(Column(prefix + name, "text", path))
        else:  # unions, dicts, anything richer: JSON text never loses or mistypes a value
            cols.append(Column(prefix + name, "json", path))
    return cols


def _resolve(model: type[BaseModel], path: tuple[str, ...]) -> tuple[type[BaseModel], bool]:
    """The model at ``path`` below ``model`` and whether it is a list."""
    many = False
    for name in path:
        tp = _unwrap(model.model_fields[name].annotation)
        if typing.get_origin(tp) is list:
            tp, many = _unwrap(typing.get_args(tp)[0]), True
        model = tp
    return model, many


def _columns(pairs: list[tuple[str, ColType]]) -> tuple[Column, ...]:
    return tuple(Column(name, ctype) for name, ctype in pairs)


FILING_ID = Column("filing_id", "int")
IDX = Column("idx", "int")

# The normalized tables: (table, family, path inside data), as each family declares them (Family.tables).
# Table names are the Store contract's.
NORMALIZED: list[tuple[str, str, tuple[str, ...]]] = [
    (table, family.name, path) for family in FAMILIES.values() for table, path in family.tables]

FILINGS = TableSpec("filings", _columns([
    ("id", "int"), ("path", "text"), ("sha256", "text"), ("format", "text"), ("form_type", "text"),
    ("amendment_number", "int"), ("family", "text"), ("issuer_name", "text"), ("issuer_cusip", "text"),
    ("filing_date", "text"), ("accession_number", "text"), ("submission_type", "text"), ("filed_as_of", "text"),
    ("period_of_report", "text"), ("subject_company_name", "text"), ("subject_company_cik", "text"),
    ("filed_by_name", "text"), ("filed_by_cik", "text"), ("extractor_version", "text"),
    ("schema_version", "int"), ("status", "text"), ("error", "text"), ("failure_kind", "text"),
    ("worst_severity", "text"), ("n_findings", "int"), ("ingested_at", "text"), ("record_json", "json"), ("source_zstd", "blob"),
    ("source_size", "int"),
]), order=("id",))
FILINGS_BODY = ("record_json", "source_zstd", "source_size")  # left out of listings and default exports

# The decoded source text (what provenance spans index) is stored as UTF-8 compressed with zstd, level 1,
# by the ingest worker that read it: DuckDB's own compression of ~100 KB texts at checkpoint was the single
# writer's largest cost (0.4 ms a filing, serial), and a value 4x smaller also shrinks the WAL, the insert
# and what a worker sends back. source_size is the UTF-8 length (zstd needs it to decompress): the columns
# read back with any zstd library, e.g. pyarrow.decompress(blob, size, codec="zstd").
_SOURCE_CODEC = pa.Codec("zstd", compression_level=1)


def encode_source(text: str | None) -> tuple[bytes | None, int | None]:
    if text is None:
        return None, None
    raw = text.encode("utf-8", "surrogatepass")
    return _SOURCE_CODEC.compress(raw, asbytes=True), len(raw)


def decode_source(blob: bytes | None, size: int | None) -> str | None:
    if blob is None or size is None:
        return None
    return _SOURCE_CODEC.decompress(bytes(blob), decompressed_size=size, asbytes=True).decode("utf-8", "surrogatepass")

FINDINGS = TableSpec("findings", _columns([
    ("filing_id", "int"), ("idx", "int"), ("check_name", "text"), ("severity", "text"), ("message", "text"),
    ("values_json", "json"), ("path", "text")]), order=("filing_id", "idx"))
PROVENANCE = TableSpec("provenance", _columns([
    ("filing_id", "int"), ("path", "text"), ("span_start", "int"), ("span_end", "int")]),
    order=("filing_id", "path"))
API_TOKENS = TableSpec("api_tokens", _columns([
    ("id", "int"), ("name", "text"), ("token_hash", "text"), ("created_at", "text"), ("revoked", "bool")]),
    order=("id",))


def _normalized_specs() -> list[TableSpec]:
    specs = []
    for name, family, path in NORMALIZED:
        model, many = _resolve(FAMILIES[family].model, path)
        cols = (FILING_ID, IDX) if many else (FILING_ID,)
        specs.append(TableSpec(name, cols + tuple(_model_columns(model)), family, path, many,
                               ("filing_id", "idx") if many else ("filing_id",)))
    return specs


NORMALIZED_SPECS = _normalized_specs()
TABLES: dict[str, TableSpec] = {t.name: t for t in [FILINGS, *NORMALIZED_SPECS, FINDINGS, PROVENANCE, API_TOKENS]}
CHILD_TABLES = [t.name for t in [*NORMALIZED_SPECS, FINDINGS, PROVENANCE]]  # rows keyed by filing_id
USER_TABLES = [n for n in TABLES if n != "api_tokens"]  # what search/export/table() expose


# -- rows of one record ------------------------------------------------------------------------------------

def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def _cell(col: Column, value: Any) -> Any:
    if value is None:
        return None
    if col.type == "json":
        if isinstance(value, list):
            value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return value


def _model_row(spec: TableSpec, obj: Any, context: dict[str, Any]) -> dict[str, Any]:
    row = dict(context)
    for col in spec.columns:
        if col.attr:
            row[col.name] = _cell(col, _get(obj, col.attr))
    return row


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def filing_row(record: Record, source_text: str | None, filing_id: int) -> dict[str, Any]:
    """The ``filings`` row of a record: envelope, EDGAR header facts, issuer/date for listing."""
    header = record.header or {}
    subject = header.get("subject_company") or {}
    filed_by = header.get("filed_by") or {}
    data = record.data
    family = FAMILIES.get(record.family or "")
    issuer = getattr(data, family.issuer_field, None) if data is not None and family else None
    date = header.get("filed_as_of")
    for name in family.date_fields if family else ():
        date = date or (getattr(data, name, None) if data is not None else None)
    return {
        "id": filing_id, "path": record.source.path, "sha256": record.source.sha256,
        "format": record.source.format, "form_type": record.form_type,
        "amendment_number": record.amendment_number, "family": record.family,
        "issuer_name": issuer or subject.get("name"),
        "issuer_cusip": getattr(data, "issuer_cusip", None) if data is not None else None,
        "filing_date": date, "accession_number": header.get("accession_number"),
        "submission_type": header.get("submission_type"), "filed_as_of": header.get("filed_as_of"),
        "period_of_report": header.get("period_of_report"),
        "subject_company_name": subject.get("name"), "subject_company_cik": subject.get("cik"),
        "filed_by_name": filed_by.get("name"), "filed_by_cik": filed_by.get("cik"),
        "extractor_version": record.extractor_version, "schema_version": record.schema_version,
        "status": "ok", "error": None, "worst_severity": record.worst_severity,
        "n_findings": len(record.findings), "ingested_at": now_iso(),
        "record_json": record.model_dump_json(), **dict(zip(("source_zstd", "source_size"), encode_source(source_text))),
    }


def failure_row(path: str, sha256: str | None, reason: str, extractor_version: str,
                filing_id: int, kind: str = "filing") -> dict[str, Any]:
    """The ``filings`` row of a file that failed; ``kind`` "environment" (a killed worker, a timeout) is retried
    by the next ingest, "filing" is final for this extractor version."""
    row: dict[str, Any] = {c: None for c in FILINGS.column_names}
    row.update(id=filing_id, path=path, sha256=sha256, status="failed", error=reason, failure_kind=kind,
               extractor_version=extractor_version, schema_version=SCHEMA_VERSION, n_findings=0,
               ingested_at=now_iso())
    return row


def child_rows(record: Record, filing_id: int) -> dict[str, list[dict[str, Any]]]:
    """Rows of every normalized table, findings and provenance for one record."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in CHILD_TABLES}
    data = record.data
    if data is not None:
        for spec in NORMALIZED_SPECS:
            if spec.family != record.family:
                continue
            obj = _get(data, spec.path)
            if spec.many:
                for i, item in enumerate(obj or []):
                    out[spec.name].append(_model_row(spec, item, {"filing_id": filing_id, "idx": i}))
            elif obj is not None:
                out[spec.name].append(_model_row(spec, obj, {"filing_id": filing_id}))
    for i, f in enumerate(record.findings):
        out["findings"].append({"filing_id": filing_id, "idx": i, "check_name": f.check, "severity": f.severity,
                                "message": f.message, "values_json": json.dumps(f.values, sort_keys=True, default=str) if f.values else None,
                                "path": f.path})
    for path, (start, end) in record.provenance.items():
        out["provenance"].append({"filing_id": filing_id, "path": path, "span_start": start, "span_end": end})
    return out


@dataclass
class StoredRows:
    """Every row one record becomes: its ``filings`` row and its child-table rows (ids assigned on write).

    Built where the record is extracted (an ingest worker), so the single writer only inserts: turning a
    record into rows costs about as much as the insert, and it parallelises with extraction."""

    filing: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]

    @property
    def sha256(self) -> str:
        return self.filing["sha256"]

    @property
    def form_type(self) -> str | None:
        return self.filing["form_type"]

    @property
    def severities(self) -> list[str]:
        return [f["severity"] for f in self.children["findings"]]


def record_rows(record: Record, source_text: str | None) -> StoredRows:
    return StoredRows(filing_row(record, source_text, 0), child_rows(record, 0))
