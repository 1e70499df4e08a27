"""Shared fixtures: the real corpus in ../shared/corpus (present beside the checkout, in CI too)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

if not CORPUS.is_dir():  # fail loudly: a suite that silently skips its corpus tests proves nothing
    raise RuntimeError(f"the corpus is missing: expected {CORPUS}")


def corpus_file(rel: str) -> Path:
    p = CORPUS / rel
    assert p.exists(), p
    return p


def gold(rel: str) -> dict:
    """The gold label of a corpus filing given its path relative to the corpus."""
    p = CORPUS / rel
    name = p.name.rsplit(".", 1)[0]
    return json.loads((p.parent / f"{name}.gold.json").read_text())


@lru_cache(maxsize=None)
def extracted(rel: str):
    """The record extracted from a corpus filing (cached across tests)."""
    from edgarsift import extract

    return extract(corpus_file(rel))


@pytest.fixture
def corpus() -> Path:
    return CORPUS
