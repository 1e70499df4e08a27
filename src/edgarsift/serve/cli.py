"""The ``edgarsift`` command. Each command parses its options, calls the library, and formats the result;
errors from the library become one-line messages and exit codes here, and only here."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..batch import filing_name, iter_filings, output_names, run_local
from ..errors import EdgarsiftError
from ..forms.registry import FAMILIES
from ..pipeline import process_one
from ..records import EXTRACTOR_VERSION, PACKAGE_VERSION
from . import cli_fetch, cli_serve, cli_store
from .cli_common import err, fail, fail_on, out, output_format, set_ocr
from .output import Format, emit_rows
from .render import OcrProgress, field_rows, render_record, saved_record

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn SEC EDGAR filings into validated, structured data with provenance.")


EXIT_PARTIAL = 3  # extract: some files failed, the others' records were written


def _version(value: bool) -> None:
    if value:
        print(f"edgarsift {PACKAGE_VERSION} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Turn SEC EDGAR filings into validated, structured data with provenance."""


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Filings or directories of filings."),
    out_dir: Path = typer.Option(..., "--out", help="Directory for NAME.json records."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only report errors."),
    ocr: str = typer.Option("auto", "--ocr", help="PDF pages to OCR with Tesseract: auto (pages without a text "
                            "layer), never, or always."),
) -> None:
    """Extract a record from each filing into OUT/NAME.json. A broken file is reported; the rest go on.

    Exit status: 0 every file extracted; 3 some failed (the others were written); 1 none extracted."""
    set_ocr(ocr)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{out_dir}: cannot create output directory ({exc.strerror})")
    files = list(iter_filings(paths))
    missing = [p for p in files if not p.exists()]
    for p in missing:
        err.print(f"[red]error[/red]: {p}: no such file", highlight=False, soft_wrap=True)
    files = [p for p in files if p.exists()]
    names = output_names(files)
    for p, name in names.items():
        if name != filing_name(p):
            err.print(f"[yellow]warning[/yellow]: {p}: another filing is already written as {filing_name(p)}.json; "
                      f"this one goes to {name}.json", highlight=False, soft_wrap=True)
    ok = failed = 0
    progress = OcrProgress(err) if not quiet and sys.stderr.isatty() else None
    for outcome in run_local(files, workers, progress=progress):
        if outcome.record is None:
            failed += 1
            err.print(f"[red]error[/red]: {outcome.error}", highlight=False, soft_wrap=True)
            continue
        target = out_dir / f"{names[Path(outcome.name)]}.json"
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(outcome.record.model_dump_json(indent=1))
        tmp.replace(target)  # never a half-written record
        ok += 1
        if not quiet:
            r = outcome.record
            out.print(f"{outcome.name}\t{r.form_type}\t{r.worst_severity}", highlight=False, soft_wrap=True)
    if not quiet or failed:
        err.print(f"{ok} extracted, {failed + len(missing)} failed", highlight=False)
    if ok == 0:
        raise typer.Exit(1)
    if failed or missing:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def show(
    path: Path = typer.Argument(..., help="One filing, or a record written by `extract` (OUT/NAME.json)."),
    all_findings: bool = typer.Option(False, "--all-findings", help="List the passed checks too."),
    as_json: bool = typer.Option(False, "--json", help="The record as JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="The fields as path,value rows."),
    as_tsv: bool = typer.Option(False, "--tsv", help="The fields as tab-separated path and value."),
) -> None:
    """A readable view of one filing's record and its findings (a saved record is shown as it is)."""
    fmt = output_format(as_csv, as_tsv, as_json, piped=Format.table)
    record = saved_record(path) if path.is_file() else None
    if record is None:
        try:
            record = process_one(path)
        except EdgarsiftError as exc:
            fail_on(exc)
    if fmt is Format.json:
        print(record.model_dump_json(indent=1))
    elif fmt is Format.table:
        render_record(out, record, all_findings=all_findings)
    else:
        emit_rows(["path", "value"], [list(r) for r in field_rows(record)], fmt, out)


@app.command("eval")
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Directory holding filings with NAME.gold.json beside them."),
    errors: bool = typer.Option(False, "--errors", help="List every disagreement."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    workers: int = typer.Option(1, "--workers", "-w", min=1),
) -> None:
    """Extract every filing under GOLD_DIR and score it with the reference scorer's rules."""
    from ..evaluate import score_dirs

    if not gold_dir.is_dir():
        fail(f"{gold_dir}: not a directory")
    if next(gold_dir.rglob("*.gold.json"), None) is None:
        fail(f"{gold_dir}: no NAME.gold.json files to score against (eval needs labeled filings)")
    preds: dict[str, dict] = {}
    files = list(iter_filings([gold_dir]))
    names = output_names(files)
    for outcome in run_local(files, workers):
        if outcome.record is not None:
            preds[names[Path(outcome.name)]] = outcome.record.to_json_dict()
        else:
            err.print(f"[red]error[/red]: {outcome.error}", highlight=False, soft_wrap=True)
    scores = score_dirs(gold_dir, preds)
    if as_json:
        print(json.dumps({"summary": scores.summary, "docs": scores.docs}, indent=1, default=str))
        return
    if errors:
        for d in scores.docs:
            for path, gv, pv in d["errors"]:
                print(f"{d['doc']}\t{path}\tgold={gv!r}\tpred={pv!r}")
    table = Table("family", "docs", "precision", "recall", "f1", "form_type")
    for k in sorted(scores.summary, key=lambda k: (k == "overall", k)):
        r = scores.summary[k]
        table.add_row(k, str(r["docs"]), f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                      f"{r['form_type_accuracy']:.3f}")
    out.print(table)


@app.command()
def schema(family: Optional[str] = typer.Argument(None, help="schedule13, form_d or x17a5; all when omitted.")) -> None:
    """JSON Schema of the records."""
    names = [family] if family else list(FAMILIES)
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        fail(f"unknown family {unknown[0]!r}; choose from {', '.join(FAMILIES)}")
    schemas = {n: FAMILIES[n].record_model.model_json_schema() for n in names}
    print(json.dumps(schemas[names[0]] if family else schemas, indent=1))


# The store's commands, the service's and EDGAR's live in their own modules.
cli_store.register(app)
cli_serve.register(app)
cli_fetch.register(app)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
