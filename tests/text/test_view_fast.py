"""The inline fast paths of views answer as the general ones do."""
from __future__ import annotations

import random

import pytest

from edgarsift.read import read

from ..conftest import corpus_file


def general_span(offsets, n, start, end):  # span() as written before its inline case
    if end <= start:
        pos = offsets.start_of(start) if start < n else (offsets.end_of(n - 1) if n else 0)
        return pos, pos
    return offsets.start_of(start), offsets.end_of(end - 1)


def answer(fn, *args):
    try:
        return fn(*args)
    except IndexError:
        return IndexError


@pytest.mark.parametrize("rel", ["sc13d/cikcusip__2011_SC_13D_741556.txt",
                                 "other/stanford-edgar__0001020710-24-000097.parsed.md"])
def test_span_gives_the_general_answer_for_every_kind_of_range(rel):
    view = read(corpus_file(rel)).view()
    n, rng = len(view), random.Random(7)
    edges = [0, 1, n - 1, n, n + 1, -1, -n, -n - 1, *view.offsets.at[:50]]
    pairs = [(a, b) for a in edges for b in edges]
    pairs += [(a, a + rng.randrange(0, 300)) for a in (rng.randrange(0, n) for _ in range(3000))]
    pairs += [(rng.randrange(-n - 2, n + 2), rng.randrange(-n - 2, n + 2)) for _ in range(3000)]
    for a, b in pairs:
        assert answer(view.span, a, b) == answer(general_span, view.offsets, n, a, b), (a, b)


def test_a_view_from_per_character_offsets_has_the_runs_the_builder_gave():
    from edgarsift.text.view import MapBuilder, TextView

    rng = random.Random(3)
    for _ in range(300):
        starts, ends, pos = [], [], rng.randrange(0, 5)
        for _ in range(rng.randrange(0, 40)):
            kind = rng.random()
            if kind < 0.6:  # copied: one source character, often right after the last
                pos += rng.choice((0, 0, 0, 1, 3))
                starts.append(pos)
                ends.append(pos + 1)
                pos += 1
            else:  # standing for a range, or zero-width
                width = rng.choice((0, 2, 5))
                starts.append(pos)
                ends.append(pos + width)
        b = MapBuilder()
        for s, e in zip(starts, ends):
            b.standing_for(s, e, 1)
        expected = b.build()
        got = TextView("x" * len(starts), starts, ends).offsets
        assert (list(got.lens), list(got.srcs), list(got.ends)) == (
            list(expected.lens), list(expected.srcs), list(expected.ends))
