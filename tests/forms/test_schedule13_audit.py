"""Schedule 13D/13G on real filings outside the corpus: every labeled filing in tests/fixtures/schedule13/audit
(sources in its README.md, before/after figures in its SCORES.md) scored against its gold with the reference
scorer's rules.

A filing added to the folder (``NAME.ext`` beside ``NAME.gold.json``) is scored without touching this file. The
floors are the audit's targets: precision >= 0.99 and F1 >= 0.97 for each of sc13d and sc13g, and the form
type right on every filing.
"""
from __future__ import annotations

import glob
import json
from functools import lru_cache
from pathlib import Path

import pytest

from edgarsift import extract
from edgarsift.evaluate import same, score_dirs, score_family

from .unseen13 import FIXTURES

AUDIT = FIXTURES / "audit"
LABEL_SUFFIXES = (".gold.json", ".notes.txt")
FLOORS = {"sc13d": (0.99, 0.97), "sc13g": (0.99, 0.97)}  # (precision, F1)


def _filing(gold: Path) -> Path:
    """The filing a ``NAME.gold.json`` labels: the one other ``NAME.*`` file that is not a label or a note."""
    name = gold.name[: -len(".gold.json")]
    (path,) = [p for p in AUDIT.glob(f"{glob.escape(name)}.*")
               if not p.name.endswith(LABEL_SUFFIXES) and "." not in p.name[len(name) + 1:]]
    return path


def _golds() -> list[Path]:
    return sorted(AUDIT.glob("*.gold.json"))


@lru_cache(maxsize=1)
def records() -> dict[str, dict]:
    """Every labeled filing extracted once, as ``edgarsift extract`` writes it."""
    return {g.name[: -len(".gold.json")]: extract(_filing(g)).to_json_dict() for g in _golds()}


def test_the_audit_set_keeps_its_labeled_filings_of_both_families():
    golds = _golds()
    assert len(golds) >= 32  # the filings labeled so far: the set only grows
    families = {score_family(json.loads(g.read_text())["form_type"]) for g in golds}
    assert families == {"sc13d", "sc13g"}


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_precision_and_f1_per_family(family):
    summary = score_dirs(AUDIT, records()).summary[family]
    min_precision, min_f1 = FLOORS[family]
    assert summary["precision"] >= min_precision and summary["f1"] >= min_f1, summary


@pytest.mark.parametrize("gold", _golds(), ids=lambda g: g.name[: -len(".gold.json")])
def test_form_type_of_every_filing(gold):
    name = gold.name[: -len(".gold.json")]
    expected = json.loads(gold.read_text())["form_type"]
    got = records()[name]["form_type"]
    assert same(expected, got, "form_type"), (expected, got)
