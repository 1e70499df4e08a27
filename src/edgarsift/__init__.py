"""edgarsift: SEC EDGAR filings as validated, structured, queryable data, every value with its source span."""
from .errors import ClassifyError, EdgarsiftError, ExtractError, ReadError, StoreError
from .pipeline import process_one as extract
from .read import Document, read
from .records import PACKAGE_VERSION, Finding, Record

__version__ = PACKAGE_VERSION
__all__ = ["ClassifyError", "Document", "EdgarsiftError", "ExtractError", "Finding", "ReadError", "Record",
           "StoreError", "extract", "open", "read"]


def open(db: "str | None" = None, read_only: bool = True):  # noqa: A001 - edgarsift.open(db) is the API
    """The store at ``db`` (DuckDB path or postgresql:// URL) as a Dataset whose listings are Arrow tables:
    ``edgarsift.open("edgarsift.duckdb").persons(cusip="375175106").to_pandas()``."""
    from .config import load_settings
    from .store import is_postgres
    from .store.frames import Dataset, open_dataset  # lazy: plain extraction needs neither DuckDB nor pyarrow

    url = db or load_settings().db
    if is_postgres(url):
        return open_dataset(url, read_only=read_only)
    from .store.duckdb_store import SharedDuckDB

    # held only while a listing runs, so `serve`, `ingest` or `token create` can use the file meanwhile
    return Dataset(SharedDuckDB(url, read_only=read_only))
