"""Provenance on every corpus record: every value read from the text carries an exact, valid source span."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from edgarsift.batch import iter_filings
from edgarsift.pipeline import extract_document
from edgarsift.read import read

from .conftest import CORPUS

FILINGS = list(iter_filings([CORPUS]))


def leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}")
    elif isinstance(value, list):
        if value and all(not isinstance(v, (dict, list)) for v in value):
            yield path, value  # a code list is one value
        else:
            for i, v in enumerate(value):
                yield from leaves(v, f"{path}[{i}]")
    elif value is not None:
        yield path, value


@pytest.mark.parametrize("path", FILINGS, ids=lambda p: p.name)
def test_spans_valid_and_complete(path):
    doc = read(path)
    record = extract_document(doc)
    for key, (a, b) in record.provenance.items():
        assert key.startswith("data."), key
        assert 0 <= a <= b <= len(doc.raw), (key, a, b)
    if record.data is None:
        return
    data = record.data.model_dump(exclude={"item_texts"})
    missing = []
    for p, _value in leaves(data, "data"):
        covered = p in record.provenance or any(k.startswith(p + "[") for k in record.provenance)
        if not covered:
            missing.append(p)
    assert not missing, f"values without a source span: {missing[:10]}"
