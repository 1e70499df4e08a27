"""Terminal rendering of a Record with rich (used by ``edgarsift show``)."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from ..records import Record

SEVERITY_STYLE = {"ok": "green", "warning": "yellow", "error": "bold red"}


def _add(tree: Tree, key: str, value: Any) -> None:
    if isinstance(value, dict):
        if not value:
            return
        branch = tree.add(f"[bold]{key}[/bold]")
        for k, v in value.items():
            _add(branch, k, v)
    elif isinstance(value, list):
        if not value:
            return
        if all(not isinstance(v, (dict, list)) for v in value):
            tree.add(f"[bold]{key}[/bold]: {', '.join(map(str, value))}")
            return
        branch = tree.add(f"[bold]{key}[/bold] ({len(value)})")
        for i, v in enumerate(value):
            _add(branch, f"[{i}]", v)
    elif value is not None:
        text = str(value)
        tree.add(f"[bold]{key}[/bold]: {text if len(text) < 160 else text[:157] + '…'}")


def render_record(console: Console, record: Record) -> None:
    title = f"{record.form_type}" + (f"  amendment {record.amendment_number}" if record.amendment_number else "")
    tree = Tree(f"[bold cyan]{title}[/bold cyan]  [dim]{record.source.path} ({record.source.format})[/dim]")
    data = record.data.model_dump(exclude={"item_texts"}) if record.data is not None else {}
    for k, v in data.items():
        _add(tree, k, v)
    console.print(tree)
    if record.findings:
        table = Table("severity", "check", "message", title="findings", show_lines=False)
        for f in record.findings:
            table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{f.severity}[/]", f.check, f.message)
        console.print(table)
    console.print(f"[dim]{len(record.provenance)} values carry a source span[/dim]")


class OcrProgress:
    """A progress bar for the pages of one long scan being OCRed; shown only while OCR runs.

    Called as ``progress(done, total)`` by the PDF reader after each page."""

    def __init__(self, console: Console):
        self.console = console
        self.bar: Progress | None = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = Progress(TextColumn("OCR"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
                                TimeElapsedColumn(), console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("ocr", total=total)
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()
            self.bar = None
