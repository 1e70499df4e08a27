"""The review page and upload API on a new user's first day: the same bytes keep
their id, a non-filing says nothing was recognised, and pages show fields first, lists as tables, numbers
as printed, passed checks folded and the filer's name in the header."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from .conftest import SEED_13DA, ingest

ROOT = Path(__file__).resolve().parents[2]
FORM_D = ROOT / "examples" / "001_c2f9e66c3c457e4c.txt"  # IBG LLC, 36 appendix states
X17A5 = ROOT / "examples" / "000_face7e9e3a34c530.txt"  # PEAK6 Capital Management, 13 line items


def upload(client, path: Path | None, token: str, data: bytes | None = None):
    body = data if data is not None else path.read_bytes()
    return client.post("/api/filings", files={"file": (path.name if path else "note.txt", body)},
                       headers={"Authorization": f"Bearer {token}"})


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_same_bytes_keep_their_id(public_client, token):
    first = upload(public_client, FORM_D, token)
    assert first.status_code == 201, first.text
    again = upload(public_client, FORM_D, token)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["record"] == first.json()["record"]
    assert public_client.get(f"/filings/{first.json()['id']}").status_code == 200  # the old link still works
    assert public_client.get("/api/filings").json()["total"] == 1


def test_a_non_filing_says_nothing_was_recognised(public_client, token):
    note = b"Shopping list\n\n- eggs\n- milk\n- 2 loaves of bread\n"
    r = upload(public_client, None, token, data=note)
    assert r.status_code == 201, r.text
    assert r.json()["record"]["form_type"] == "UNKNOWN"
    listing = public_client.get("/").text
    assert '<span class="badge none">nothing recognised</span>' in listing
    assert 'class="badge ok"' not in listing
    page = public_client.get(f"/filings/{r.json()['id']}").text
    assert 'id="worst">nothing recognised<' in page and 'class="badge ok"' not in page
    assert "Nothing recognised" in page


def test_form_d_page_fields_first_appendix_as_a_table(public_client, token):
    fid = upload(public_client, FORM_D, token).json()["id"]
    page = public_client.get(f"/filings/{fid}").text
    header = page[page.index('<section class="summary'):page.index('<div class="panes">')]
    assert '<span class="filer">IBG LLC</span>' in header
    assert 'class="count warning">3 warnings</a>' in header
    side = page[page.index('<aside class="side">'):]
    assert side.index("<h2>Fields") < side.index("<h2>Findings")
    appendix = side[side.index('data-list="state_appendix"'):]
    appendix = appendix[:appendix.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", appendix[appendix.index("<tbody>"):], re.S)
    assert len(rows) == 36
    ca = next(r for r in rows if ">CA<" in r)
    assert text_of(ca).split() == ["CA", "5,388,000", "45", "5,388,000", "0", "0"]
    assert re.search(r'data-path="data.total_offering_amount"[^>]*>35,607,000<', side)
    assert re.search(r'data-path="data.year_of_incorporation"[^>]*>1994<', side)  # a year, not 1,994
    # errors and warnings open; passed checks folded away
    findings = side[side.index('id="findings"'):]
    open_part, folded = findings.split('<details class="passed">')
    assert open_part.count('class="finding warning"') == 3 and 'class="finding ok"' not in open_part
    assert re.search(r"<summary>\d+ checks? passed</summary>", folded) and 'class="finding ok"' in folded


def test_x17a5_page_line_items_as_printed(public_client, token):
    fid = upload(public_client, X17A5, token).json()["id"]
    page = public_client.get(f"/filings/{fid}").text
    assert '<span class="filer">PEAK6 Capital Management LLC</span>' in page
    items = page[page.index('data-list="financial_condition.line_items"'):]
    items = items[:items.index("</table>")]
    rows = [text_of(r) for r in re.findall(r"<tr>(.*?)</tr>", items[items.index("<tbody>"):], re.S)]
    assert len(rows) == 13
    assert any("Securities owned" in r and "1,876,731,458" in r for r in rows)
    assert re.search(r'data-path="data.financial_condition.total_assets"[^>]*>1,928,567,730<', page)


def test_13d_persons_table_keeps_every_span(public_client):
    store = public_client.app.state.service.store
    (fid,) = ingest(store, SEED_13DA)
    page = public_client.get(f"/filings/{fid}").text
    persons = page[page.index('data-list="reporting_persons"'):]
    persons = persons[:persons.index("</table>")]
    assert len(re.findall(r"<tr>", persons)) == 1 + 4  # the header and the four Alara Capital persons
    assert re.search(r'data-path="data.reporting_persons\[0\].aggregate_amount"[^>]*>2,870,756<', persons)
    assert '<span class="filer">GIGA-TRONICS INCORPORATED</span>' in page
