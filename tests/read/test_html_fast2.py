"""The HTML render's fast paths give the view the plain steps give, text and map alike: a run of tags after a line
break skipped in one match, the white space after a tag taken by the tag's own match, the plain text between
entities copied inline, text with one run of white space collapsed without splitting it. Each is compared with the
plain behaviour it replaces on every corpus and fixture HTML part, on pieces of them cut anywhere, and on generated hard cases."""
from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from edgarsift.read import html as H
from edgarsift.read import read
from edgarsift.read.html import HtmlRender, html_view

from ..conftest import CORPUS, ROOT

_SKIP = (".gold.json", ".notes.txt", ".pdf", "MANIFEST.tsv", ".json")

# Hard cases: odd case folds in tag names (ſ folds to s and K to k case-blind, İ lowers to two characters), names
# that only start like an acting tag, white space that collapses and white space that does not, after a line break
# and after a tab, entities next to runs of spaces, a raised mark after a break, <pre> and skipped content in a run
HARD = [
    "<p>a</p>\n<PRE>x  y\n</Pre>\n<p>b</p>",
    "<div>a</div>\n<ſcript>text</ſcript><p>b</p><scrİpt>not skipped</scrİpt><tıtle>t</tıtle><SCRIPT>skipped</SCRIPT>c",
    "<p>a</p><İnput type=checkbox checked><INPUT><ınput><p>b</p>",
    "<p>a</p><blocKquote>b</blocKquote><blocKquote>c</blocKquote><BLOCKQUOTE>d",
    "<p>a</p> <prefix> <pre-x>b</pre-x> <h10>c<h1>d</h1><ix:HEADER>hidden</ix:header>e<ix:headerx>f",
    "<tr><td>a</td>\n<td> </td><td>\u2002b</td></tr>\n<tr>\n<td>\u3000\n</td><td>\x1c</td><td>\u200b c</td></tr>",
    "<p>a</p>\n \u2002 <p>b</p>\n\u200b\n<p>\xa0 \xa0c</p>\n\t<br>\u2002\u2002d",
    "<p>x</p>&nbsp;  &nbsp;y&#160;\n\nz &amp;  &c; &foo; &#8217;s&nbsp;",
    "<p>x</p><sup>1</sup><p>12<sup>2</sup> 3<span style='vertical-align:super'>4</span></p>",
    "<p>a<sup>1<br></sup>b</p><p>c<sup><p>2</p></sup>d</p>",
    "<p>a</p><!-- <p>c</p> --><![CDATA[<td>]]><!DOCTYPE x><?pi <p>?>\n<p>b",
    "<p>a</p><pre><p>b</p>  c <td>d</td></pre></PRE></pre><p>e  f</p>",
    "<table><tr><td>1</td><td>2</td></tr></table>\n<style>p{}</style>\n<script/>\n<p>after",
    "<p>open</p><script>never closed <p>x</p>",
    "<td>a</td><td></td><td></td>\n<td>b</td>\n<p></p><td>c</td><p><td>d</td>",
    "  <p>  lead</p>\n\n  trail  ",
    "<sup>1</sup> a <p>b</p>",
]


@pytest.fixture(autouse=True)
def _python_loop(monkeypatch):
    """These tests compare the Python loop's fast paths with its plain steps (by replacing module functions), so the
    render runs the Python loop here; tests/read/test_html_native.py compares the compiled loop with it."""
    monkeypatch.setattr(H, "_native_run", None)


@lru_cache(maxsize=1)
def _html_parts() -> list[tuple[str, int, int]]:
    parts = []
    for root in (CORPUS, ROOT / "tests" / "fixtures"):
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.endswith(_SKIP):
                continue
            try:
                doc = read(path, ocr="never")
            except Exception:  # unreadable on purpose (damaged fixtures)
                continue
            parts += [(doc.raw, p.start, p.end) for p in doc.parts if p.kind == "html"]
    assert len(parts) > 60
    return parts


def _fragments(seed: int, count: int) -> list[str]:
    """Pieces of corpus HTML cut at random offsets: inside tags, entities, runs of white space."""
    rng = random.Random(seed)
    pieces = []
    for raw, start, end in rng.sample(_html_parts(), 25):
        for _ in range(count):
            a = rng.randrange(start, end)
            pieces.append(raw[a:min(end, a + rng.choice((40, 300, 3000)))])
    return pieces


def _generated(seed: int, count: int) -> list[str]:
    """Random markup from tags, spellings and white space that meet at the edges the fast paths decide on."""
    rng = random.Random(seed)
    atoms = ["<p>", "</p>", "<td>", "</td>", "<TD >", "<tr>", "<br/>", "<font>", "</font>", "<sup>", "</sup>",
             "<span style='vertical-align:super'>", "</span>", "<pre>", "</pre>", "<PRE>", "<input checked>",
             "<script>x</script>", "<ſcript>", "<scrİpt>", "<tıtle>", "<İnput>", "<blocKquote>", "<prefix>", "<!-- c -->", "<?p?>", "<",
             "&nbsp;", "&#160;", "&amp;", "&c", "a", "1", "word", ".", " ", "  ", "\n", "\t", "\xa0", "\u200b",
             "\u2002", "\u3000", "\r\n"]
    return ["".join(rng.choice(atoms) for _ in range(rng.randrange(1, 40))) for _ in range(count)]


def _same(a, b) -> bool:
    return (a.text, list(a.offsets.lens), list(a.offsets.srcs), list(a.offsets.ends)) == (
        b.text, list(b.offsets.lens), list(b.offsets.srcs), list(b.offsets.ends))


def _all_cases() -> list[tuple[str, int, int]]:
    cases = list(_html_parts())
    cases += [(s, 0, len(s)) for s in HARD + _fragments(1, 20) + _generated(2, 3000)]
    cases += [("xx" + s + "yy", 2, 2 + len(s)) for s in HARD]  # a part inside a larger source
    return cases


def _plain_text(raw, spaced, parts, runs, joins, last, pos, end):
    """_text as it was: every piece between entities collapsed by _collapsed, every entity by _entity."""
    if raw.find("&", pos, end) >= 0:
        for m in H._ENTITY_SCAN.finditer(raw, pos, end):
            at = m.start()
            if at > pos:
                joins, last = H._collapsed(spaced, parts, runs, joins, last, pos, at)
            joins, last = H._entity(parts, runs, joins, last, m.group(), at)
            pos = m.end()
    if end > pos:
        joins, last = H._collapsed(spaced, parts, runs, joins, last, pos, end)
    return joins, last


def _plain_collapsed(spaced, parts, runs, joins, last, pos, end):
    """_collapsed as it was: text with any run of white space (one too) split by _collapsed_runs."""
    if spaced.find("  ", pos, end) >= 0:
        return H._collapsed_runs(spaced, parts, runs, joins, last, pos, end)
    if last in H._BREAKS and spaced[pos] == " ":
        pos += 1
    return H._copy(parts, runs, joins, spaced[pos:end], pos) if end > pos else (joins, last)


class _EntitiesFoundInTextOnly:
    """_ENTITY_SCAN for the tag loop's text step without its entity-first shortcut: text opening with an entity goes
    to _text like any other."""

    def __init__(self, scan):
        self.finditer = scan.finditer

    def match(self, *args):
        return None


@pytest.mark.parametrize("plain", ["quiet runs", "text", "entities", "one run"])
def test_fast_paths_give_the_view_of_the_plain_steps(plain, monkeypatch):
    cases = _all_cases()
    fast = [html_view(*case) for case in cases]
    if plain == "quiet runs":
        monkeypatch.setattr(H, "_QUIET_AFTER_BREAK", re.compile(r"(?!)"))  # never a run: a loop step per tag
    elif plain == "text":
        monkeypatch.setattr(H, "_text", _plain_text)
    elif plain == "entities":  # every entity by _entity
        monkeypatch.setattr(H, "_text", _plain_text)
        monkeypatch.setattr(H, "_ENTITY_SCAN", _EntitiesFoundInTextOnly(H._ENTITY_SCAN))
    else:
        monkeypatch.setattr(H, "_collapsed", _plain_collapsed)
    for case, view in zip(cases, fast):
        assert _same(view, html_view(*case)), case[0][case[1]:case[2]][:300]


def test_a_render_stopped_at_line_breaks_goes_on_to_the_same_view():
    rng = random.Random(3)
    for raw, start, end in rng.sample(_html_parts(), 12) + [(s, 0, len(s)) for s in HARD]:
        whole = html_view(raw, start, end)
        render = HtmlRender(raw, start, end)
        while not render.run(rng.randrange(render.pos, end + 50)):  # a stop may lie past the part's end
            assert whole.text.startswith(render.view().text)
        assert _same(render.view(), whole)


def test_the_white_space_after_a_tag_is_taken_only_when_no_other_white_space_follows():
    # the plain rule: the tag's collapsing white space is the text step's when another space (str.isspace) follows
    old_token = re.compile(rf"(?:{H._TAG})([{H._COLLAPSING}]*)", re.S)
    for raw, start, end in _all_cases():
        new = H._TOKEN.finditer(raw, start, end)
        for m in old_token.finditer(raw, start, end):
            n = next(new)
            ws = m.group(2)
            taken = ws and (m.end() == end or not raw[m.end()].isspace())
            assert (n.start(), n.group(1), n.group(2)) == (m.start(), m.group(1), ws if taken else "")
            assert n.end() == (m.end() if taken else m.end() - len(ws))
        assert next(new, None) is None


def test_tags_that_act_after_a_break_end_a_quiet_run_in_every_spelling_str_lower_folds():
    for name in {"pre", "input", *H._SKIP_CONTENT}:
        for spelling in {name, name.upper(), name.title(), name.replace("k", "\u212a")}:
            assert spelling.lower() == name
            for tag in (f"<{spelling}>", f"</{spelling} x=1>", f"<{spelling}/>"):
                assert H._QUIET_AFTER_BREAK.match(tag) is None, tag
    # (İ lowers to two characters, ı and ſ to themselves: no acting names to str.lower, as case-blind matching has it)
    for other in ("<prefix>", "<p>", "<scrİpt>", "<tıtle>", "<xſtyle>", "<td>", "</tr>", "<!-- <pre> -->",
                  "<x-pre>"):
        assert H._QUIET_AFTER_BREAK.match(other + "x").end() == len(other), other
    assert H._QUIET_AFTER_BREAK.match("<pre-x>") is None  # seen as <pre> by the run only: it ends a run early
    # what those spellings render to: no skipped content and no title to str.lower; "<ſ" opens no tag at all
    assert html_view("<p>a</p><scrİpt>b</scrİpt><tıtle>c</tıtle><ſcript>d<PRE>e  f</PRE>").text == (
        "a\nbc<ſcript>d\ne  f\n")


def test_the_map_holds_the_numbers_the_render_appended():
    # the view's arrays are packed from the render's flat list at once: the same numbers as array(list) of each third
    for raw, start, end in _all_cases()[::7] + [("", 0, 0), ("<p>", 0, 3)]:
        render = HtmlRender(raw, start, end)
        render.run()
        offsets = render.view().offsets
        assert (list(offsets.lens), list(offsets.srcs), list(offsets.ends)) == (
            render.runs[0::3], render.runs[1::3], render.runs[2::3])
