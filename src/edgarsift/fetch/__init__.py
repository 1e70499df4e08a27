"""Filings from EDGAR itself: ``edgarsift fetch`` lists a company's filings from EDGAR's public
indexes and downloads each full submission into a local cache, under EDGAR's fair-access rules.

    from edgarsift.fetch import EdgarClient, Fetcher
    with EdgarClient("Jane Doe jane@example.com", rate=5) as client:
        f = Fetcher(client, "edgar-cache")
        refs = f.list_filings([719274], forms=["13D", "13G"], date_from="1996-01-01")
        f.download(refs)
"""
from .client import MAX_RATE, EdgarClient, FetchError, RateLimiter, check_user_agent
from ..forms.formnames import form_filter as form_matcher
from .index import FilingRef
from .run import Fetcher, FetchSummary

__all__ = ["MAX_RATE", "EdgarClient", "FetchError", "FetchSummary", "Fetcher", "FilingRef",
           "RateLimiter", "check_user_agent", "form_matcher"]
