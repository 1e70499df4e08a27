"""End to end in a real headless Chromium (Debian's, driven by Playwright): sign in, upload the seed 13D/A
through the search page, open its review page, click percent_of_class and see its span highlighted."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from edgarsift.pipeline import extract_document
from edgarsift.read import read
from edgarsift.records import Finding
from edgarsift.serve.api import create_app

from ..conftest import ROOT, corpus_file
from .conftest import SEED_13DA, LiveServer

CHROMIUM = "/usr/bin/chromium"  # installed by .ci/run; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PERCENT = "data.reporting_persons[0].percent_of_class"


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert not errors, errors  # no script errors and no CSP violations on any page


def test_upload_open_and_click_percent_of_class(store, token, page, tmp_path):
    with LiveServer(create_app(store, public_read=False)) as server:
        page.goto(server.url + "/")
        expect(page).to_have_url(server.url + "/login?next=/")  # reads are closed by default
        page.fill("input[name=token]", token)
        page.click("button[type=submit]")
        expect(page.locator("#filings")).to_be_visible()

        page.set_input_files("#upload-file", str(corpus_file(SEED_13DA)))
        page.fill("#upload-token", token)
        page.click("#upload-form button[type=submit]")
        page.wait_for_url(server.url + "/filings/*")
        expect(page.locator("h1")).to_contain_text("SC 13D/A")

        field = page.locator(f'td.field[data-path="{PERCENT}"]')
        expect(field).to_have_text("36.2")  # a cell of the reporting persons' table
        field.click()
        active = page.locator("mark.hl.active")
        expect(active).to_have_count(1)
        expect(active).to_have_text("36.2%")
        expect(active).to_have_class("hl active flash")
        expect(active).to_be_in_viewport()  # the source pane scrolled to it
        expect(field).to_have_class("field has-span num selected")
        # the highlighted text is exactly the source text at the record's span
        record = page.request.get(f"{server.url}/api/filings/{record_id(page)}").json()["record"]
        a, b = record["provenance"][PERCENT]
        source = page.request.get(f"{server.url}/api/filings/{record_id(page)}/source").text()
        assert source[a:b] == active.inner_text() == "36.2%"

        page.wait_for_timeout(1300)  # let the flash settle so the picture shows the steady highlight
        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        if os.environ.get("EDGARSIFT_UPDATE_SCREENSHOT"):  # refresh the README's picture on request
            shutil.copy(shot, ROOT / "docs" / "review.png")


def record_id(page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[1]


def test_findings_stand_out_and_link_to_their_field(store, page):
    """Errors and warnings are coloured on the page, and clicking a finding about a field shows its span.
    The seed's real record, with two findings added, so the test does not depend on which checks fire."""
    doc = read(corpus_file(SEED_13DA))
    record = extract_document(doc)
    record.findings += [
        Finding(check="test.error", severity="error", message="percent disagrees", path=PERCENT),
        Finding(check="test.warning", severity="warning", message="a warning with no field"),
    ]
    store.put_records([(record, doc.raw)])
    with LiveServer(create_app(store, public_read=True)) as server:
        page.goto(server.url + "/")
        row = page.locator("#filings tbody tr").first
        expect(row).to_have_class("sev-error")
        row.locator("a").first.click()
        expect(page.locator("#worst")).to_have_text("error")
        expect(page.locator(".summary .count.error")).to_have_text("1 error")
        error = page.locator("li.finding.error")
        assert error.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 231, 228)"
        assert page.locator("li.finding.warning").evaluate("e => getComputedStyle(e).backgroundColor") \
            == "rgb(255, 241, 204)"
        expect(page.locator(f'td.field[data-path="{PERCENT}"]')).to_have_class("field has-span sev-error num")
        error.click()  # the finding is about percent_of_class: its span is shown
        expect(page.locator("mark.hl.active")).to_have_text("36.2%")
        expect(page.locator("mark.hl.active")).to_be_in_viewport()
