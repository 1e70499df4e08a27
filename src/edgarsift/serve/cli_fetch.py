"""`fetch` (filings from EDGAR into a local cache) and `history` (a holder's position over time): registered
on the main app by cli.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import EdgarsiftError
from .cli_common import DB_OPTION, err, fail, fail_on, open_db, out


def fetch(
    cik: List[int] = typer.Option([], "--cik", help="Company CIK (repeatable)."),
    ticker: List[str] = typer.Option([], "--ticker", help="Ticker, looked up in EDGAR's company tickers file."),
    name: Optional[str] = typer.Option(None, "--name", help="Company name (or a part of it unique in EDGAR)."),
    form: List[str] = typer.Option([], "--form", help="Family (13D, 13G, 13DG, D, X-17A-5: amendments included) "
                                   "or a form ('SC 13D/A': only amendments, either spelling); repeatable. Default: every form."),
    no_amendments: bool = typer.Option(False, "--no-amendments", help="Families without their /A forms."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First filing date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last filing date (YYYY-MM-DD)."),
    cache: Path = typer.Option(Path("edgar-cache"), "--cache", help="Cache folder: CACHE/CIK/ACCESSION.txt."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", envvar="EDGARSIFT_USER_AGENT",
                                             help="Who you are, with a contact e-mail: 'Jane Doe jane@example.com' "
                                                  "(required by EDGAR)."),
    rate: float = typer.Option(10.0, "--rate", min=0.1, max=10.0, help="Requests per second (EDGAR allows 10)."),
    workers: int = typer.Option(4, "--workers", min=1, max=16, help="Downloads in flight at once."),
    ingest: bool = typer.Option(False, "--ingest", help="Extract what was fetched into the store (--db)."),
    db: Optional[str] = DB_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    base_url: Optional[str] = typer.Option(None, "--base-url", hidden=True,
                                           help="Serve www.sec.gov and data.sec.gov from here (a mirror, tests)."),
) -> None:
    """Download filings from EDGAR (full submission texts) into a local cache; re-runs fetch only what is new."""
    from ..fetch import EdgarClient, Fetcher, FetchSummary

    if not (cik or ticker or name):
        fail("say which company: --cik, --ticker or --name")
    summary = FetchSummary()
    try:
        with EdgarClient(user_agent, rate=rate) as client:
            fetcher = (Fetcher(client, cache, workers=workers, www=base_url, data=base_url) if base_url
                       else Fetcher(client, cache, workers=workers))
            ciks = set(cik)
            for t in ticker:
                ciks.update(c for c, _ in fetcher.resolve(ticker=t, summary=summary))
            if name:
                found = fetcher.resolve(name=name, summary=summary)
                if len(found) > 1:
                    fail(f"{len(found)} companies match {name!r}: "
                          + "; ".join(f"{t} (CIK {c})" for c, t in found[:10]) + ". Use --cik.")
                ciks.add(found[0][0])
            refs = fetcher.list_filings(ciks, forms=form, amendments=not no_amendments, date_from=date_from,
                                        date_to=date_to, summary=summary)
            if quiet or not refs:
                fetcher.download(refs, summary)
            else:
                with Progress(TextColumn("fetch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                              TextColumn("{task.fields[last]}"), console=err, transient=False) as bar:
                    task = bar.add_task("fetch", total=len(refs), last="")
                    fetcher.download(refs, summary, on_done=lambda ref, outcome: bar.update(
                        task, advance=1, last=f"{ref.form} {ref.accession} {outcome}"))
    except EdgarsiftError as exc:  # FetchError included: one clear line, no traceback
        fail_on(exc)
    err.print(f"{summary.listed} filings listed: {summary.downloaded} downloaded, {summary.cached} already "
              f"cached, {len(summary.failed)} failed; {summary.index_pages} index pages "
              f"({summary.index_not_modified} unchanged)", highlight=False)
    for acc, reason in summary.failed[:20]:
        err.print(f"[red]failed[/red] {acc}: {reason}", highlight=False)
    if ingest and summary.paths:
        from ..store.ingest import ingest as run_ingest

        store = open_db(db)
        try:
            done = [p for p in summary.paths if p.exists()]
            result = run_ingest(done, store)
            err.print(f"ingested: {result.written} written, {result.skipped} unchanged, {result.failed} failed",
                      highlight=False)
        finally:
            store.close()
    if summary.failed:
        raise typer.Exit(1)


HISTORY_COLUMNS = ["date", "form_type", "amendment_number", "holder", "shares", "percent", "shares_change",
                   "percent_change", "match", "accession_number"]


def history(
    cusip: Optional[str] = typer.Option(None, "--cusip", help="Issuer CUSIP."),
    cik: Optional[str] = typer.Option(None, "--cik", help="Issuer CIK (the filings' subject company)."),
    holder: Optional[str] = typer.Option(None, "--holder", help="Part of a holder's name, or its CIK."),
    db: Optional[str] = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (every column)."),
) -> None:
    """Each holder's position in an issuer, filing after filing (13D/13G and their amendments); with only
    --holder, that holder's positions in every issuer."""
    from ..store.history import history_rows

    if not (cusip or cik or holder):
        fail("say which issuer (--cusip or --cik) or which holder (--holder)")
    try:
        with open_db(db, read_only=True) as store:
            rows = history_rows(store, cusip=cusip, cik=cik, holder=holder)
    except EdgarsiftError as exc:
        fail_on(exc)
    if as_json:
        print(json.dumps(rows, indent=1, default=str))
        return
    what = cusip or (f"CIK {cik}" if cik else f"holder {holder!r}")
    table = Table(*HISTORY_COLUMNS, title=f"ownership history of {what}")
    last_holder = None
    for _, r in sorted(enumerate(rows), key=lambda ir: (ir[1]["holder_id"], ir[0])):  # by holder, then time
        if last_holder is not None and r["holder_id"] != last_holder:
            table.add_section()
        last_holder = r["holder_id"]
        cells = {**r, "match": r["match"] + (" ?" if r["uncertain"] else "")}
        table.add_row(*("" if cells[c] is None else str(cells[c]) for c in HISTORY_COLUMNS))
    out.print(table)
    if any(r["uncertain"] for r in rows):
        out.print("'similar ?': matched to that holder by a near-identical name only; check it.")


def register(app: typer.Typer) -> None:
    app.command()(fetch)
    app.command()(history)
