"""The offset-mapped view: cleanup keeps every character's exact source range."""
from edgarsift.read.html import html_view
from edgarsift.text.clean import clean_text
from edgarsift.text.view import TextView


def test_sub_keeps_map_exact():
    src = "Price \\$1.43 per **share**"
    v = clean_text(TextView.of(src))
    assert v.text == "Price $1.43 per share"
    i = v.text.index("1.43")
    a, b = v.span(i, i + 4)
    assert src[a:b] == "1.43"
    i = v.text.index("share")
    a, b = v.span(i, i + 5)
    assert src[a:b] == "share"


def test_replacement_maps_to_whole_original():
    src = 'Box <input type="radio"/> here'
    v = clean_text(TextView.of(src))
    assert v.text == "Box [ ] here"
    a, b = v.span(4, 7)
    assert src[a:b] == '<input type="radio"/>'


def test_html_view_rows_cells_entities():
    src = "<table><tr><td>Sole&nbsp;Voting</td><td>1,000</td></tr><tr><td>B &amp; C</td></tr></table>"
    v = html_view(src)
    lines = [ln for ln in v.text.split("\n") if ln.strip()]
    assert lines[0] == "Sole Voting\t1,000"
    assert lines[1] == "B & C"
    i = v.text.index("1,000")
    a, b = v.span(i, i + 5)
    assert src[a:b] == "1,000"
    i = v.text.index("&")
    a, b = v.span(i, i + 1)
    assert src[a:b] == "&amp;"


def test_html_skips_script_and_style():
    v = html_view("<html><head><style>p{x}</style></head><body><script>alert(1)</script><p>Hello</p></body></html>")
    assert v.text.strip() == "Hello"


def test_html_view_collapses_white_space_with_exact_spans():
    # lone line breaks, runs of spaces, CR LF, tabs and no-break spaces each become one space; after a break or an
    # entity space, white space adds nothing; every space still maps to what it replaced
    src = ("<p>Name of\nReporting  Person</p><p>&nbsp;\n 100&nbsp;\n shares of\r\nCommon Stock</p>"
           "<td>\n Sole\tVoting</td><td> &amp;\xa0Power</td>")
    v = html_view(src)
    assert v.text == "Name of Reporting Person\n100 shares of Common Stock\nSole Voting\t& Power"

    def source_of(phrase: str) -> str:
        i = v.text.index(phrase)
        a, b = v.span(i, i + len(phrase))
        return src[a:b]

    assert source_of("of Reporting") == "of\nReporting"
    assert source_of("Reporting Person") == "Reporting  Person"
    assert source_of("100 shares") == "100&nbsp;\n shares"
    assert source_of("of Common") == "of\r\nCommon"
    assert source_of("Sole Voting") == "Sole\tVoting"
    assert source_of("& Power") == "&amp;\xa0Power"
    i = v.text.index("Reporting") - 1  # the space that stands for the line break is that one character
    assert v.span(i, i + 1) == (src.index("\nReporting"), src.index("\nReporting") + 1)
