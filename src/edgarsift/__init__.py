"""edgarsift: SEC EDGAR filings as validated, structured, queryable data, every value with its source span."""
from .errors import ClassifyError, EdgarsiftError, ExtractError, ReadError, StoreError
from .pipeline import process_one as extract
from .read import Document, read
from .records import Finding, Record

__version__ = "0.1.0"
__all__ = ["ClassifyError", "Document", "EdgarsiftError", "ExtractError", "Finding", "ReadError", "Record",
           "StoreError", "extract", "read"]
