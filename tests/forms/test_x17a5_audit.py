"""X-17A-5 on real filings outside the corpus: ../shared/audit/x17a5 PDFs scored against our own labels.

Three labeled sets (gold written from the page images by people who did not run the extractor):
- ``tests/fixtures/x17a5_audit``: 14 filings (4 image-only scans) the extractor was then fixed on;
- ``tests/fixtures/x17a5_holdout``: 8 more (1 image-only scan), labeled later and measured untouched first
  (precision 0.936, F1 0.919), then used for a second round of fixes;
- ``tests/fixtures/x17a5_holdout2``: 3 big-bank scans with OCR text layers, measured untouched first (precision
  0.963, F1 0.932), then used for a third round (precision 0.983, F1 0.948); middle initials their layers lost,
  read off the page images (``x17a5.initials``), a title word a signature cut in two, a file number printed in two
  pieces, filler before a phone and a lost decimal point the statement's figures place took it to precision 0.997,
  F1 0.970.
The whole PDFs are read, scans through local OCR, exactly as ``edgarsift extract`` does. The floors sit just
under the figures reached (labeled 1.000 / 0.997, holdout 0.992 / 0.977, holdout2 0.997 / 0.970; the target is
precision >= 0.98 and F1 >= 0.90); a regression below them fails.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

from edgarsift.batch import run_local
from edgarsift.evaluate import score_dirs
from edgarsift.read.ocr import tesseract_available

from ..conftest import ROOT, SHARED

AUDIT_PDFS = SHARED / "audit" / "x17a5"
LABELED = ROOT / "tests" / "fixtures" / "x17a5_audit"
HOLDOUT = ROOT / "tests" / "fixtures" / "x17a5_holdout"
HOLDOUT2 = ROOT / "tests" / "fixtures" / "x17a5_holdout2"

if not tesseract_available():  # the scans need it; .ci/run and the README install it
    raise RuntimeError("Tesseract is missing: run scripts/system-deps.sh")


@lru_cache(maxsize=None)
def records(gold_dir: Path) -> dict[str, dict]:
    """Every labeled filing of a set, extracted once (two processes: the scans' OCR dominates)."""
    names = [g.name[: -len(".gold.json")] for g in sorted(gold_dir.glob("*.gold.json"))]
    paths = [AUDIT_PDFS / f"{n}.pdf" for n in names]
    out = {}
    # accuracy, not speed, is measured here: a scan OCRed on a loaded machine may pass the default 60 s limit
    before = os.environ.get("EDGARSIFT_EXTRACT_TIMEOUT_S")
    os.environ["EDGARSIFT_EXTRACT_TIMEOUT_S"] = "900"
    try:
        for outcome in run_local(paths, workers=2, chunksize=1):
            assert outcome.record is not None, outcome.error
            out[Path(outcome.name).stem] = outcome.record.to_json_dict()
    finally:
        if before is None:
            del os.environ["EDGARSIFT_EXTRACT_TIMEOUT_S"]
        else:
            os.environ["EDGARSIFT_EXTRACT_TIMEOUT_S"] = before
    return out


def gold(gold_dir: Path, name: str) -> dict:
    return json.loads((gold_dir / f"{name}.gold.json").read_text())


@pytest.mark.parametrize("gold_dir, min_precision, min_f1",
                         [(LABELED, 0.99, 0.98), (HOLDOUT, 0.98, 0.95), (HOLDOUT2, 0.99, 0.96)],
                         ids=["labeled", "holdout", "holdout2"])
def test_scores_on_unseen_filings(gold_dir, min_precision, min_f1):
    summary = score_dirs(gold_dir, records(gold_dir)).summary["x17a5"]
    assert summary["form_type_accuracy"] == 1.0
    assert summary["precision"] >= min_precision and summary["f1"] >= min_f1, summary


@pytest.mark.parametrize("name", ["890203-2006-02-28", "922792-2004-03-01", "356628-2003-02-24", "72267-2006-05-30"])
def test_image_only_scans_are_read_by_ocr(name):
    rec = records(LABELED)[name]
    g = gold(LABELED, name)["data"]
    assert rec["form_type"] == "X-17A-5"
    notes = [f["message"] for f in rec["findings"] if f["check"] == "read.note"]
    assert any("were read by OCR" in n for n in notes), notes
    fc, gfc = rec["data"]["financial_condition"], g["financial_condition"]
    for key in ("as_of", "total_assets", "total_liabilities_and_equity"):
        assert fc[key] == gfc[key], key
    # every value read from a scan points at a page and a box on it
    boxes = rec["provenance_boxes"]
    assert boxes["data.financial_condition.total_assets"][0] >= 1
    assert set(boxes) == set(rec["provenance"])


def test_a_scanned_statement_in_dollars_is_read_line_by_line():
    rec = records(LABELED)["890203-2006-02-28"]["data"]
    assert rec["broker_dealer_name"] == "Daewoo Securities (America) Inc"
    items = {(i["section"], i["label"]): i["amount"] for i in rec["financial_condition"]["line_items"]}
    assert items[("assets", "Cash")] == 759_658
    assert items[("equity", "Accumulated deficit")] == -443_764
    assert rec["financial_condition"]["total_liabilities"] == 470_369


def test_the_statement_heading_names_the_firm_not_the_page_before_it():
    """The entity above the statement's title: the auditor's footer or a page number that ends the previous page
    (joined to it by a form feed) and scan debris are no part of it."""
    import re

    key = lambda s: re.sub(r"[^a-z0-9]", "", s.casefold())  # noqa: E731 - the scorer's name key
    named = 0
    for name, rec in records(LABELED).items():
        entity = (rec["data"]["financial_condition"] or {}).get("reporting_entity")
        if entity is None:
            continue
        firm = gold(LABELED, name)["data"]["broker_dealer_name"]
        assert key(entity).startswith(key(firm)[:6]), (name, entity)
        named += 1
    assert named >= 12


@pytest.mark.parametrize("gold_dir, name, field, value", [
    (LABELED, "87634-2010-03-01", "oath_signer_name", "Walter W. Bettinger II"),
    (HOLDOUT2, "42352-2012-02-29", "contact_name", "Thomas J. Favia"),
    (HOLDOUT2, "42352-2012-02-29", "oath_signer_name", "David A. Viniar"),
    (HOLDOUT2, "72267-2014-05-30", "contact_name", "Ralph M. Mattone"),
    (HOLDOUT2, "91154-2010-03-02", "oath_signer_name", "John P. Havens"),
])
def test_a_middle_initial_the_text_layer_lost_is_read_off_the_page(gold_dir, name, field, value):
    """Scans whose filer's OCR layer left a gap where the page prints a middle initial ("John     Havens")."""
    rec = records(gold_dir)[name]
    assert rec["data"][field] == value == gold(gold_dir, name)["data"][field]
    notes = [f["message"] for f in rec["findings"] if f["check"] == "read.note"]
    assert any(f"reads {value.split()[1]} there: {value!r}" in n for n in notes), notes


def test_a_title_word_a_signature_cut_in_two_is_read_off_the_page():
    """Nomura 2014: a signature crosses the first signer's typed title; the layer reads "Chief Fin    ncial Officer"."""
    rec = records(HOLDOUT2)["72267-2014-05-30"]
    assert rec["data"]["oath_signer_title"] == "Chief Financial Officer" == \
        gold(HOLDOUT2, "72267-2014-05-30")["data"]["oath_signer_title"]
    assert any("reads 'Financial' there" in f["message"] for f in rec["findings"] if f["check"] == "read.note")


@pytest.mark.parametrize("name, value", [("877559-2013-03-01", "JOHN EGAN"), ("890203-2010-05-28", "Young Sun Park")])
def test_a_gap_with_no_initial_under_it_changes_nothing(name, value):
    """Names the text layer prints with a wide gap where the page prints none: read again, and kept as they are."""
    rec = records(LABELED)[name]
    assert rec["data"]["contact_name"] == value == gold(LABELED, name)["data"]["contact_name"]
    assert not any("leaves a gap" in f["message"] for f in rec["findings"])
