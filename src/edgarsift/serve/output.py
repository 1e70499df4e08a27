"""Rows for the terminal or for other programs (``query``, ``search``, ``show``): a table on a terminal; CSV,
TSV or JSON on request; TSV by default when the output is piped, so ``| cut``, ``| sort`` and spreadsheets get
one line per row instead of a box drawing wrapped at 80 columns."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Any, Optional

import typer
from rich.console import Console
from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..text.numbers import format_field


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def pick_format(as_csv: bool, as_tsv: bool, as_json: bool, console: Console,
                piped: Format = Format.tsv) -> Format:
    """The format the flags ask for; without one, a table on a terminal and ``piped`` otherwise."""
    chosen = [f for f, on in ((Format.csv, as_csv), (Format.tsv, as_tsv), (Format.json, as_json)) if on]
    if len(chosen) > 1:
        raise typer.BadParameter("choose one of --csv, --tsv, --json")
    if chosen:
        return chosen[0]
    return Format.table if console.is_terminal else piped


def _cell(value: Any) -> str:
    """A value for CSV/TSV: lists and objects as JSON, None as empty, numbers as stored (no separators)."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def emit_rows(columns: list[str], rows: list[list[Any]], fmt: Format, console: Console,
              title: Optional[str] = None, json_value: Any = None) -> None:
    """Print ``rows`` under ``columns``. ``json_value`` replaces the list of row objects for --json."""
    if fmt is Format.json:
        value = json_value if json_value is not None else [dict(zip(columns, r)) for r in rows]
        print(json.dumps(value, indent=1, default=str, ensure_ascii=False))
        return
    if fmt in (Format.csv, Format.tsv):
        writer = csv.writer(sys.stdout, delimiter="," if fmt is Format.csv else "\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for r in rows:
            # TSV cells keep to one line: a tab or newline inside a value would break the row
            writer.writerow([_cell(v) if fmt is Format.csv else " ".join(_cell(v).split()) for v in r])
        return
    console.print(rows_table(columns, rows, title, console.width))


SHORT_CELL = 14  # columns whose cells all fit this (ids, dates, forms, numbers) are never cut
LONG_MIN = 12  # the least a long text column gets before the rows are shown as blocks instead


def rows_table(columns: list[str], rows: list[list[Any]], title: Optional[str] = None,
               width: int = 80) -> "Table | Group":
    """Rows that read at ``width`` columns: a table whose short columns (ids, dates, numbers with separators)
    keep their full width while long text shares what is left, cut with an ellipsis; when even that does not
    fit, one block of ``name  value`` lines per row (like psql's expanded display)."""
    cells = [["" if v is None else format_field(c, v) for c, v in zip(columns, r)] for r in rows]
    headers = [c.replace("_", " ") for c in columns]
    longest = [max([len(r[i]) for r in cells], default=0) for i in range(len(columns))]
    word = [max(len(w) for w in h.split()) for h in headers]  # headers wrap at their words
    short = [n <= SHORT_CELL for n in longest]
    widths = [max(n, w) for n, w in zip(longest, word)]
    gaps = 2 * (len(columns) - 1)
    n_long = short.count(False)
    room = width - gaps - sum(w for w, s in zip(widths, short) if s)
    if rows and (room < n_long * LONG_MIN or (not n_long and room < 0)):
        return _blocks(headers, cells, title)
    for i, s in enumerate(short):
        if not s:  # long text shares the room left, never more than it needs
            widths[i] = max(LONG_MIN, min(longest[i], room // n_long))
    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    for i, header in enumerate(headers):
        numeric = any(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows)
        table.add_column(Text(header, no_wrap=False, overflow="fold"), justify="right" if numeric else "left",
                         no_wrap=True, overflow="ellipsis", width=widths[i])
    for r in cells:
        table.add_row(*r)
    # the title on its own line: a narrow table would wrap it
    return Group(Text(title, style="italic"), table) if title else table


def _blocks(headers: list[str], cells: list[list[str]], title: Optional[str]) -> Group:
    parts: list[Any] = [Text(title, style="italic")] if title else []
    name_width = max(len(h) for h in headers)
    for n, r in enumerate(cells, 1):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=name_width)
        grid.add_column(overflow="fold")
        for h, v in zip(headers, r):
            if v:
                grid.add_row(h, v)
        parts += [Rule(f"{n}", align="left", style="dim"), grid]
    return Group(*parts)
