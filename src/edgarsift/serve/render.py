"""Terminal rendering of a Record with rich (used by ``edgarsift show``): the filer's name first, then the
fields, lists as tables (reporting persons, line items, the state appendix), errors and warnings with the
passed checks folded into one line. Numbers read as printed: whole, with separators."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..records import Record
from ..text.numbers import format_field
from .output import rows_table

SEVERITY_STYLE = {"ok": "green", "warning": "yellow", "error": "bold red"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "ok": 2}
NAME_FIELDS = ("issuer_name", "broker_dealer_name")  # whose filing it is, for the header
LONG_TEXT = 160


def saved_record(path: Path) -> Record | None:
    """The record in ``path`` when it is one of edgarsift's own JSON records (``extract --out``), else None."""
    try:
        head = path.open("rb").read(1)
        if head not in (b"{", b" ", b"\n", b"\r", b"\t"):
            return None
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or not {"schema_version", "source", "form_type"} <= raw.keys():
        return None
    from ..forms.registry import FAMILIES

    family = FAMILIES.get(raw.get("family") or "")
    model = family.record_model if family else Record
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def filer_name(record: Record) -> str | None:
    data = record.data
    return next((getattr(data, f) for f in NAME_FIELDS if getattr(data, f, None)), None) if data else None


def flatten(value: Any, path: str, scalars: list[tuple[str, Any]], lists: list[tuple[str, list[dict]]]) -> None:
    """Scalars as (dotted path, value); lists of objects kept whole, to be shown as tables."""
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, f"{path}.{k}" if path else k, scalars, lists)
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            lists.append((path, value))
        elif value:
            scalars.append((path, value))
    elif value is not None:
        scalars.append((path, value))


def field_rows(record: Record) -> list[tuple[str, Any]]:
    """Every value of the record's data as (path, value), list items indexed: for --csv/--tsv."""
    out: list[tuple[str, Any]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif value is not None and value != []:
            out.append((path, value))

    walk(record.data.model_dump(mode="json", exclude={"item_texts"}) if record.data is not None else {}, "")
    return out


def _short(text: str) -> str:
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT - 1] + "…"


def render_record(console: Console, record: Record, all_findings: bool = False) -> None:
    title = Text(record.form_type, style="bold cyan")
    if record.amendment_number:
        title.append(f"  amendment {record.amendment_number}")
    name = filer_name(record)
    if name:
        title.append(f"  {name}", style="bold")
    console.print(title)
    console.print(f"[dim]{record.source.path} ({record.source.format})[/dim]", highlight=False)

    scalars: list[tuple[str, Any]] = []
    lists: list[tuple[str, list[dict]]] = []
    data = record.data.model_dump(mode="json", exclude={"item_texts"}) if record.data is not None else {}
    flatten(data, "", scalars, lists)
    if scalars:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for path, value in scalars:
            grid.add_row(path, _short(format_field(path.rpartition(".")[2], value)))
        console.print(grid)
    elif record.data is None:
        console.print("[yellow]nothing recognised[/yellow]: no form edgarsift reads was found in this file")
    for path, items in lists:
        columns = [c for c in items[0] if any(it.get(c) not in (None, [], {}) for it in items)]
        rows = [[it.get(c) for c in columns] for it in items]
        console.print()
        console.print(rows_table(columns, rows, f"{path} ({len(items)})", console.width))

    findings = sorted(record.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    shown = findings if all_findings else [f for f in findings if f.severity != "ok"]
    passed = len(findings) - len(shown)
    if shown:
        console.print()
        table = Table("severity", "message", title="findings", title_justify="left", box=None, pad_edge=False,
                      header_style="bold")
        for f in shown:
            table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{f.severity}[/]", Text(f"{f.message}  ({f.check})"))
        console.print(table)
    if passed:
        console.print(f"[green]{passed} checks passed[/green] [dim](--all-findings lists them)[/dim]")
    console.print(f"[dim]{len(record.provenance)} values carry a source span[/dim]")


class OcrProgress:
    """A progress bar for the pages of one long scan being OCRed; shown only while OCR runs.

    Called as ``progress(done, total)`` by the PDF reader after each page."""

    def __init__(self, console: Console):
        self.console = console
        # the bar and its one task, while a scan is being OCRed
        self.shown: tuple[Progress, TaskID] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.shown is None:
            bar = Progress(TextColumn("OCR"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
                           TimeElapsedColumn(), console=self.console, transient=True)
            bar.start()
            self.shown = (bar, bar.add_task("ocr", total=total))
        bar, task = self.shown
        bar.update(task, completed=done, total=total)
        if done >= total:
            bar.stop()
            self.shown = None
