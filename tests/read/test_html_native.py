"""The compiled tag loop (``_htmlrender.c``) renders what the Python loop (``HtmlRender.run_python``) renders: the
same text, the same map, and the same state where a render stops at a line break to go on later. Compared on every
corpus and fixture HTML part, pieces of them cut anywhere, the hard cases of the Python fast paths' tests, and
generated markup built from the edges the C matches by hand: tag names that only end at a word boundary, comments
and declarations left open, entities of every form and length, white space that collapses and white space that does
not, case folds (İ ı ſ K) and characters outside Latin-1."""
from __future__ import annotations

import random

import pytest

from edgarsift.read import html as H
from edgarsift.read.html import HtmlRender

from .test_html_fast2 import HARD, _all_cases, _html_parts

# Atoms for generated markup: each stands at an edge the C decides on by hand, where the Python has a pattern
_ATOMS = [
    "<p>", "</p>", "<P >", "<td>", "</td>", "<th x='>'>", "<tr>", "<br/>", "<br>", "<div>", "</div>", "<table>",
    "<font>", "</font>", "<font style='font-size:6pt'>", "<sup>", "</sup>", "<SUP>", "<span style='vertical-align:super'>",
    "</span>", "<a>", "</a>", "<small>", "</small>", "<pre>", "</pre>", "<PRE>", "<pre/>", "<pre-x>", "<prefix>",
    "<input checked>", "<input type=checkbox>", "<INPUT>", "<İnput>", "<ınput>", "<script>x</script>", "<script/>",
    "<style>p{}</style>", "<title>t</title>", "<ix:header>h</ix:header>", "<ix:headerx>", "<xbrl>", "</xbrl>",
    "<head>", "</head>", "<header>", "<ſcript>", "<scrİpt>", "<tıtle>", "<blocKquote>", "<\u212aey>", "<hea\u212a>",
    "<a.>", "<a->", "<ab-c->", "<p.>", "<td->", "<br-->", "<pre.>", "<sup.>", "</p:>", "<a:b>", "<x_y>", "<a1.2>", "<aé>", "<a\u0663>", "</a.b>", "<a", "<", "</", "</ >",
    "<1p>", "<!-- c -->", "<!--", "-->", "<!---->", "<!--->", "<!-->", "<![CDATA[<td>]]>", "<![CDATA[", "]]>",
    "<!DOCTYPE html>", "<!x", "<?pi?>", "<?>", "<?", "?>", ">",
    "&nbsp;", "&nbsp", "&#160;", "&#160", "&#x41;", "&#X2014", "&#xZ", "&#;", "&#12345678;", "&#\u0663\u0664;",
    "&amp;", "&AMP;", "&c", "&c;", "&foo;", "&a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7;", "&#8217;", "&#0;", "&#x110000;",
    "&", "&&", "&#", "&ensp;", "&zwnj;",
    "a", "1", "word", "36,832,408", "%", ".", ",", ")", "é", "\u4e2d", "\U0001f600",
    " ", "  ", "   ", "\n", "\t", "\r\n", "\r", "\f", "\v", "\xa0", "\u200b", "\u2002", "\u3000", "\x1c", "\x85",
]


def _generated(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ATOMS) for _ in range(rng.randrange(1, 60))) for _ in range(count)]


def _render(raw: str, start: int, end: int, native: bool, stops: list[int] = ()) -> tuple:
    """The render's text, runs and, at each stop, its state as it pauses."""
    render = HtmlRender(raw, start, end)
    step = render.run if native else render.run_python
    states = []
    for stop in stops:
        done = step(stop)
        states.append((done, render.pos, render.joins, render.last, render.pre_depth, list(render.mark),
                       render.length()))
        if done:
            break
    step()
    view = render.view()
    return view.text, render.runs, states, "".join(render.parts) == view.text


def test_the_compiled_loop_is_built_and_used():
    # the install compiles it (setup.py); were it missing, every render would silently take the Python loop
    from edgarsift.read import _htmlrender  # noqa: F401

    assert H._load_native() is not None


@pytest.fixture(autouse=True)
def _native(monkeypatch):
    monkeypatch.delenv("EDGARSIFT_PURE_PYTHON", raising=False)
    native = H._load_native()
    assert native is not None
    monkeypatch.setattr(H, "_native_run", native)


def _check(cases: list[tuple[str, int, int]], rng: random.Random | None = None) -> None:
    for raw, start, end in cases:
        stops = sorted(rng.randrange(start, end + 50) for _ in range(rng.randrange(1, 6))) if rng else []
        native, python = _render(raw, start, end, True, stops), _render(raw, start, end, False, stops)
        assert native == python, raw[start:end][:300]


def test_the_compiled_loop_renders_every_corpus_and_fixture_part_as_the_python_loop():
    _check(_html_parts())


def test_the_compiled_loop_renders_hard_cut_and_generated_markup_as_the_python_loop():
    _check(_all_cases())
    generated = _generated(7, 20000)
    _check([(s, 0, len(s)) for s in generated])
    _check([("<p>x" + s + "y</p>", 3, 5 + len(s)) for s in generated[:3000]])  # a part inside a larger source


def test_a_render_paused_at_line_breaks_is_in_the_same_state_either_way():
    rng = random.Random(11)
    _check(list(_html_parts()), rng)
    _check([(s, 0, len(s)) for s in HARD + _generated(12, 5000)], rng)


def test_a_render_the_compiled_loop_cannot_read_is_a_clear_error():
    render = HtmlRender("<p>a</p>", 0, 8)
    render.raw = b"<p>a</p>"  # not text
    with pytest.raises(TypeError):
        H._native_run(render, None)
    render = HtmlRender("<p>a</p>", 0, 8)
    render.end = 99  # past the text
    with pytest.raises(ValueError):
        H._native_run(render, None)
