"""The review pages: server-side highlighting from provenance spans, escaping, and every corpus format."""
from __future__ import annotations

import re
from html import unescape

import pytest

from edgarsift.serve.review import fields_of, highlight

from .conftest import SEED_13DA, ingest

MARK = re.compile(r'<mark class="hl(?: at)?" data-s="([\d ]+)">(.*?)</mark>', re.S)


def spans_in(html: str) -> dict[int, str]:
    """Span index → the source text highlighted for it (pieces of a span joined in order)."""
    out: dict[int, str] = {}
    for ids, piece in MARK.findall(html):
        for i in map(int, ids.split()):
            out[i] = out.get(i, "") + unescape(piece)
    return out


def test_highlight_escapes_the_source_and_handles_nested_spans():
    source = 'x <script>alert("1")</script> 36.2% of <b>5,059,747</b> & more'
    pct = source.index("36.2%")
    outer = (pct, source.index("</b>") + 4)
    html, index = highlight(source, {"data.percent": [pct, pct + 5], "data.block": list(outer),
                                     "data.bad": [50, 10], "data.beyond": [len(source), len(source) + 9],
                                     "data.blank": [pct, pct]})
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html
    assert set(index) == {"data.percent", "data.block", "data.blank"}  # reversed/outside spans are dropped
    assert f'<mark class="hl at" data-s="{index["data.blank"]}"></mark>' in html  # an empty span is a caret
    text = spans_in(str(html))
    assert text[index["data.percent"]] == "36.2%"
    assert text[index["data.block"]] == "36.2% of <b>5,059,747</b>"
    assert unescape(re.sub(r"</?mark[^>]*>", "", str(html))) == source  # nothing lost, nothing added


def test_fields_list_values_and_link_findings():
    record = {"data": {"issuer_cusip": "375175106", "reporting_persons": [{"name": "A", "percent_of_class": 36.2,
                                                                           "source_of_funds": ["WC"]}],
                       "item_texts": {"1": "long"}, "event_date": None},
              "provenance": {"data.issuer_cusip": [0, 9], "data.reporting_persons[0].percent_of_class": [20, 25]},
              "findings": [{"check": "x", "severity": "error", "message": "m",
                            "path": "data.reporting_persons[0].percent_of_class"}]}
    index = {"data.issuer_cusip": 0, "data.reporting_persons[0].percent_of_class": 1}
    fields = {f.path: f for f in fields_of(record, index)}
    assert set(fields) == {"data.issuer_cusip", "data.reporting_persons[0].name",
                           "data.reporting_persons[0].percent_of_class", "data.reporting_persons[0].source_of_funds"}
    pct = fields["data.reporting_persons[0].percent_of_class"]
    assert (pct.value, pct.span, pct.severity, pct.label) == (36.2, 1, "error", "reporting_persons[0].percent_of_class")
    assert fields["data.reporting_persons[0].source_of_funds"].value == "WC"


def test_filing_page_highlights_every_span(public_client):
    store = public_client.app.state.service.store
    (fid,) = ingest(store, SEED_13DA)
    record = store.get_record(fid)
    source = store.get_source(fid)
    page = public_client.get(f"/filings/{fid}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    marked = spans_in(page.text)
    rows = dict(re.findall(r'data-path="([^"]+)" data-span="(\d+)"', page.text))
    assert len(rows) == len(record.provenance) == len(marked)
    for path, (a, b) in record.provenance.items():
        assert marked[int(rows[path])] == source[a:b], path
    assert marked[int(rows["data.reporting_persons[0].percent_of_class"])] == "36.2%"


# One filing of every format in the corpus: the page renders, and each highlighted piece is its source text.
FORMATS = [
    "seeds/004_e3cac7b6d7988945.txt",  # OCR/markdown text
    "sc13d/cikcusip__1995_SC_13D_718451.txt",  # 1990s EDGAR submission
    "other/edgartools__Apple.10-Q.html",  # HTML, no extractor
    "form_d/edgartools__D.1685REIT.xml",  # Form D XML
    "form_d/edgartools__0001398344-24-000491.nc",  # submission with an XML main document
    "x17a5/x17a5duarte__58056-2021-03-01.pdf.txt",  # pdftotext layout
    "x17a5/x17a5duarte__877559-2016-04-25.pdf",  # PDF bytes
    "other/stanford-edgar__0001020710-24-000097.parsed.md",  # markdown rendering
]


@pytest.mark.parametrize("rel", FORMATS)
def test_filing_page_on_every_format(public_client, rel):
    store = public_client.app.state.service.store
    (fid,) = ingest(store, rel)
    record, source = store.get_record(fid), store.get_source(fid)
    page = public_client.get(f"/filings/{fid}")
    assert page.status_code == 200
    assert f"<h1>{record.form_type}" in unescape(page.text)
    body = page.text.split('<pre id="source" class="source">', 1)[1].split("</pre>", 1)[0]
    assert unescape(re.sub(r"</?mark[^>]*>", "", body)) == source
    assert len(spans_in(body)) == len(record.provenance)
    for path, (a, b) in record.provenance.items():
        assert 0 <= a <= b <= len(source), path


def test_search_page_lists_and_filters(public_client):
    store = public_client.app.state.service.store
    ids = ingest(store, SEED_13DA, "form_d/edgartools__D.1685REIT.xml")
    page = public_client.get("/")
    assert page.status_code == 200
    assert all(f'href="/filings/{i}"' in page.text for i in ids)
    filtered = public_client.get("/", params={"form_type": "SC 13D/A"})
    assert f'href="/filings/{ids[0]}"' in filtered.text and f'href="/filings/{ids[1]}"' not in filtered.text
    assert "1 filing<" in filtered.text


def test_pages_need_login_unless_public(client, token):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/"
    assert client.post("/login", data={"token": "wrong", "next": "/"}).status_code == 401
    ok = client.post("/login", data={"token": token, "next": "//evil.example/"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"  # never an open redirect
    assert "httponly" in ok.headers["set-cookie"].lower() and "samesite=strict" in ok.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie now carries the read


def test_a_hostile_filing_is_shown_as_text(public_client, token):
    """Markup in a filing never reaches the page as markup: the review page escapes it, the source endpoint
    serves it as plain text."""
    hostile = (b"<html><body><p>SCHEDULE 13D</p><script>alert('x')</script>"
               b"<img src=x onerror=alert(1)><p>CUSIP No. 375175106</p></body></html>")
    r = public_client.post("/api/filings", headers={"Authorization": f"Bearer {token}"},
                           files={"file": ("hostile.html", hostile)})
    assert r.status_code == 201, r.text
    page = public_client.get(f"/filings/{r.json()['id']}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
