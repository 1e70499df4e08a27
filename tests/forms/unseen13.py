"""Helpers for the Schedule 13D/13G tests on real filings outside the corpus (tests/fixtures/schedule13/)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from edgarsift import extract
from edgarsift.read import read

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schedule13"


@lru_cache(maxsize=None)
def rec(name: str):
    return extract(FIXTURES / name)


def src(name: str, path: str) -> str:
    """The source text the provenance span of ``path`` points at."""
    a, b = rec(name).provenance[path]
    return read(FIXTURES / name).raw[a:b]


def powers(p) -> tuple:
    return (p.sole_voting_power, p.shared_voting_power, p.sole_dispositive_power, p.shared_dispositive_power,
            p.aggregate_amount)
