"""HTML → Rich rendering: render/html.py, with the B19/B21/B23/B25/B28 cases and the corpus."""

from __future__ import annotations

import io
import logging
import re
import time
from pathlib import Path
from typing import Any

import feedparser
import pytest
from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from monitor_tui.render.html import MAX_HTML_CHARS, Link, RenderedBody, links_section, render_body
from monitor_tui.render.tables import TableBlock
from monitor_tui.render.text import one_line, safe_text
from tests.conftest import shared_dir

REPO = Path(__file__).resolve().parents[2]
ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the only escapes Rich emits for plain styled text


def case(name: str) -> Any:
    """A case file parsed with feedparser."""
    return feedparser.parse((shared_dir("cases") / name).read_bytes())


def to_text(renderable: RenderableType, width: int = 80) -> str:
    """Render without colour; trailing spaces removed from each line."""
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False)
    console.print(renderable)
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in output.split("\n")).strip("\n")


def to_ansi(renderable: RenderableType, width: int = 80) -> str:
    console = Console(
        width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    console.print(renderable)
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return output


def show(body: RenderedBody, width: int = 80) -> str:
    return to_text(Group(*body.renderables), width)


def html(content: str, width: int = 80, **kwargs: Any) -> str:
    return show(render_body(content, **kwargs), width)


def style_of(text: Text, word: str) -> Style:
    """The style Rich would use for the first character of ``word`` in ``text``."""
    console = Console(file=io.StringIO())
    return text.get_style_at_offset(console, text.plain.index(word))


def only_text(body: RenderedBody) -> Text:
    texts = [r for r in body.renderables if isinstance(r, Text) and r.plain]
    assert len(texts) == 1, body.renderables
    return texts[0]


# -- blocks ------------------------------------------------------------------------------


def test_paragraphs_collapse_whitespace_and_are_separated_by_a_blank_line() -> None:
    out = html("<p>  Hello,\n   <b>world</b>\t !</p>\n\n<p>Second</p><div>Third</div>")
    assert out == "Hello, world !\n\nSecond\n\nThird"


def test_divs_break_lines_without_blank_lines() -> None:
    assert html("<div>one</div><div>two</div><section>three</section>") == "one\ntwo\nthree"


def test_br_is_a_line_break() -> None:
    assert html("<p>line one<br>line two<br/>\n  line three</p>") == (
        "line one\nline two\nline three"
    )


def test_headings_are_bold_and_h1_h2_underlined() -> None:
    body = render_body("<h1>Big</h1><h2>Mid</h2><h3>Small</h3><p>Body</p>")
    texts = [r for r in body.renderables if isinstance(r, Text) and r.plain]
    assert [t.plain for t in texts] == ["Big", "Mid", "Small", "Body"]
    for text in texts[:2]:
        assert style_of(text, text.plain).bold and style_of(text, text.plain).underline
    assert style_of(texts[2], "Small").bold and not style_of(texts[2], "Small").underline
    assert not style_of(texts[3], "Body").bold
    assert show(body) == "Big\n\nMid\n\nSmall\n\nBody"


@pytest.mark.parametrize(
    ("markup", "attribute"),
    [
        ("strong", "bold"),
        ("b", "bold"),
        ("em", "italic"),
        ("i", "italic"),
        ("u", "underline"),
        ("s", "strike"),
        ("del", "strike"),
        ("strike", "strike"),
    ],
)
def test_inline_styles(markup: str, attribute: str) -> None:
    text = only_text(render_body(f"<p>plain <{markup}>styled</{markup}> plain</p>"))
    assert text.plain == "plain styled plain"
    assert getattr(style_of(text, "styled"), attribute) is True
    assert not getattr(style_of(text, "plain"), attribute)


def test_inline_code_has_a_style() -> None:
    text = only_text(render_body("<p>call <code>f(x)</code> now</p>"))
    assert text.plain == "call f(x) now"
    assert style_of(text, "f(x)") != style_of(text, "call")


def test_nested_inline_styles_combine() -> None:
    text = only_text(render_body("<p><b>bold <i>both</i></b> none</p>"))
    both = style_of(text, "both")
    assert both.bold and both.italic
    assert not style_of(text, "none").bold


def test_entities_are_decoded_and_shown_literally() -> None:
    assert html("<p>R&amp;D &lt;b&gt;not a tag&lt;/b&gt; &eacute;t&eacute; &#8364;5</p>") == (
        "R&D <b>not a tag</b> été €5"
    )


def test_scripts_styles_and_form_controls_are_skipped() -> None:
    out = html(
        "<head><title>T</title><style>p{}</style></head><p>kept</p><script>alert(1)</script>"
        "<noscript>enable js</noscript><template><p>tpl</p></template>"
        "<form><input value='v'><select><option>opt</option></select></form>"
    )
    assert out == "kept"


def test_pre_keeps_whitespace_exactly() -> None:
    body = render_body("<p>x</p><pre>  a\n\tb    c\n\n\n    d\n</pre><p>y</p>")
    out = show(body)
    assert "  a\n        b    c\n\n\n    d" in out  # the tab expands to column 8
    assert out.startswith("x\n\n  a") and out.endswith("d\n\ny")


def test_pre_lines_are_not_word_wrapped() -> None:
    line = "x = [" + ", ".join(str(n) for n in range(40)) + "]"
    out = show(render_body(f"<pre>{line}</pre>"), width=40)
    rows = out.split("\n")
    # Folded at the edge, never re-wrapped at spaces, nothing lost.
    assert rows[0] == line[:40]
    assert "".join(rows) == line


def test_lists_nested_with_bullets_numbers_and_indent() -> None:
    out = html(
        "<p>Intro</p><ul><li>one<ul><li>inner a</li><li>inner b</li></ul></li>"
        "<li><p>two</p></li></ul><ol start='3'><li>three</li><li>four</li></ol>"
    )
    assert out == (
        "Intro\n\n• one\n  ◦ inner a\n  ◦ inner b\n• two\n\n3. three\n4. four"
    )


def test_ordered_list_value_and_reversed() -> None:
    assert html("<ol reversed><li>a</li><li>b</li><li>c</li></ol>") == "3. a\n2. b\n1. c"
    assert html("<ol><li>a</li><li value='10'>b</li><li>c</li></ol>") == "1. a\n10. b\n11. c"


def test_list_items_wrap_with_a_hanging_indent() -> None:
    out = html("<ul><li>" + "word " * 30 + "</li></ul>", width=40)
    rows = out.split("\n")
    assert rows[0].startswith("• word")
    assert all(row.startswith("  word") for row in rows[1:])
    assert all(len(row) <= 40 for row in rows)


def test_blockquotes_nest_with_a_bar_per_level_and_are_italic() -> None:
    body = render_body(
        "<p>before</p><blockquote><p>outer</p><blockquote>inner</blockquote></blockquote>"
    )
    assert show(body) == "before\n\n▌ outer\n▌\n▌ ▌ inner"
    coloured = to_ansi(Group(*body.renderables))
    assert "\x1b[3m" in coloured or ";3m" in coloured or "\x1b[3;" in coloured  # italic


def test_hr_is_a_rule() -> None:
    out = html("<p>a</p><hr><p>b</p>", width=30)
    assert out == "a\n\n" + "─" * 30 + "\n\nb"


def test_tables_have_headers_rows_and_br_newlines() -> None:
    body = render_body(
        "<table><thead><tr><th>Name</th><th>Score</th></tr></thead>"
        "<tbody><tr><td>Ann</td><td>1<br>2</td></tr><tr><td>Bob</td></tr></tbody></table>"
    )
    tables = [r.table for r in body.renderables if isinstance(r, TableBlock)]
    assert len(tables) == 1
    assert [str(c.header) for c in tables[0].columns] == ["Name", "Score"]
    assert tables[0].row_count == 2
    out = show(body)
    assert re.search(r"│ Name\s+│ Score\s+│", out)
    assert re.search(r"│ Ann\s+│ 1\s+│\n│\s+│ 2\s+│", out)
    assert re.search(r"│ Bob\s+│\s+│", out)


def test_table_nested_in_a_cell_renders_and_deep_nesting_flattens() -> None:
    inner = "<table><tr><td>n1</td><td>n2</td></tr></table>"
    out = html(f"<table><tr><td>a</td><td>{inner}</td></tr></table>")
    assert "n1" in out and "n2" in out and "a" in out
    deep = "<table><tr><td>x</td><td>" * 50 + "core" + "</td></tr></table>" * 50
    assert "core" in html(deep)


def test_empty_table_shows_nothing() -> None:
    assert render_body("<table><tr><td></td><td> </td></tr></table>").renderables == ()


def test_layout_table_with_one_cell_per_row_reads_as_paragraphs() -> None:
    body = render_body(
        "<table><tr><td>Line one</td></tr><tr><td>Line two<p>Para</p></td></tr></table>"
    )
    assert not any(isinstance(r, TableBlock | Table) for r in body.renderables)
    assert show(body) == "Line one\nLine two\n\nPara"


def test_images_are_numbered_with_alt_text() -> None:
    body = render_body(
        "<p>A <img src='https://x.example/a.png' alt='a bird'> and "
        "<img src='https://x.example/b.png'> and again <img src='https://x.example/a.png'></p>"
    )
    assert show(body) == "A [image 1: a bird] and [image 2: image] and again [image 1: image]"
    assert body.images == ("https://x.example/a.png", "https://x.example/b.png")


def test_tracking_pixels_and_data_images_are_not_listed() -> None:
    body = render_body(
        "<p>x<img src='https://t.example/p.gif' width='1' height='1'>"
        "<img src='data:image/png;base64,AAAA' alt='inline'></p>"
    )
    assert body.images == ()
    assert show(body) == "x [image: inline]"


@pytest.mark.parametrize("img", [
    "<img src='https://t.example/p.gif' style='width:1px;height:1px' alt='track'>",
    "<img src='https://t.example/p.gif' style='WIDTH: 0; height: 1PX !important' alt='t'>",
    "<img src='https://t.example/p.gif' width='600' height='400' "
    "style='width:1px; height:1px' alt='track'>",  # the style wins, as in CSS
])
def test_tracking_pixels_sized_by_style_are_not_listed(img: str) -> None:
    body = render_body(f"<p>x{img}</p>")
    assert body.images == () and body.links == () and show(body) == "x"


def test_a_picture_sized_by_style_is_kept() -> None:
    body = render_body("<p><img src='https://s.example/a.jpg' width='1' height='1' "
                       "style='width: 320px; height: 200px' alt='foto'></p>")
    assert show(body) == "[image 1: foto]"


def test_figure_caption_under_the_image_dim_italic() -> None:
    body = render_body(
        "<figure><img src='/p.jpg' alt='photo'><figcaption>The caption</figcaption></figure>",
        base_url="https://site.example/a/",
    )
    assert show(body) == "[image 1: photo]\nThe caption"
    caption = [r for r in body.renderables if isinstance(r, Text) and r.plain == "The caption"]
    style = style_of(caption[0], "The")
    assert style.dim and style.italic
    assert body.images == ("https://site.example/p.jpg",)


@pytest.mark.parametrize("tag", ["iframe", "embed", "video"])
def test_embedded_video_shows_its_host(tag: str) -> None:
    body = render_body(f"<p>Watch:</p><{tag} src='https://www.youtube.com/embed/abc'></{tag}>")
    assert show(body) == "Watch:\n\n[video 1: www.youtube.com]"
    assert body.links == (Link(1, "https://www.youtube.com/embed/abc", "video: www.youtube.com"),)


def test_video_with_source_children_and_audio() -> None:
    body = render_body(
        "<video controls><source src='/v.mp4'>Fallback text</video>"
        "<audio src='https://cdn.example/a.mp3'></audio>",
        base_url="https://site.example/",
    )
    assert show(body) == "[video 1: site.example] [audio 2: cdn.example]"
    assert "Fallback" not in show(body)


def test_links_are_numbered_by_distinct_url_in_order() -> None:
    body = render_body(
        "<p><a href='https://a.example/'>first</a>, <a href='/b'>second</a>, "
        "<a href='https://a.example/'>first again</a></p>",
        base_url="https://base.example/dir/page.html",
    )
    assert show(body) == "first[1], second[2], first again[1]"
    assert body.links == (
        Link(1, "https://a.example/", "first"),
        Link(2, "https://base.example/b", "second"),
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "#section",
    ],
)
def test_unsafe_and_in_page_links_are_text_only(href: str) -> None:
    body = render_body(f"<p><a href='{href}'>click</a></p>", base_url="https://x.example/")
    assert show(body) == "click"
    assert body.links == ()


def test_empty_anchor_gets_no_number() -> None:
    body = render_body("<p><a name='top' href='https://x.example/'></a>text</p>")
    assert show(body) == "text"
    assert body.links == ()


def test_relative_urls_resolve_against_the_base() -> None:
    body = render_body(
        '<p>A bird:</p><img src="images/bird.jpg" alt="bird">'
        '<p><a href="../about.html">about</a></p>',
        base_url="https://example.com/posts/",
    )
    assert body.images == ("https://example.com/posts/images/bird.jpg",)
    # images are numbered with the links: listed under Links, opened with o N
    assert [link.url for link in body.links] == ["https://example.com/posts/images/bird.jpg",
                                                 "https://example.com/about.html"]
    assert show(body) == "A bird:\n\n[image 1: bird]\n\nabout[2]"


def test_links_section() -> None:
    section = links_section([Link(1, "https://a.example/x", "x"), Link(2, "mailto:a@b.c", "")])
    assert to_text(section) == "Links\n[1] https://a.example/x\n[2] mailto:a@b.c"
    assert to_text(links_section([])) == ""


def test_links_section_folds_long_urls_under_the_url() -> None:
    url = "https://example.com/" + "a" * 100
    rows = to_text(links_section([Link(12, url, "")]), width=40).split("\n")[1:]
    assert rows[0].startswith("[12] https://example.com/")
    assert all(row.startswith("     ") for row in rows[1:])
    assert rows[0][len("[12] "):] + "".join(row.strip() for row in rows[1:]) == url


def test_plain_text_content_is_not_parsed() -> None:
    body = render_body("First <b>para</b>\nline two\n\n\n  Second para  ", content_type="text")
    assert show(body) == "First <b>para</b>\nline two\n\nSecond para"
    assert show(render_body("a\n\nb", content_type="text/plain")) == "a\n\nb"


def test_markup_in_html_is_literal() -> None:
    body = render_body("<p>[bold]Not really bold[/bold] and [red]not red</p><p>x[/2] [/]</p>")
    assert show(body) == "[bold]Not really bold[/bold] and [red]not red\n\nx[/2] [/]"
    assert not SGR.search(to_ansi(Group(*body.renderables)))


def test_control_characters_from_entities_are_removed() -> None:
    body = render_body("<p>before &#27;[31m red &#27;[0m after &#x9b;2J &#7;</p>")
    out = show(body)
    assert ESC not in out and "\x07" not in out
    assert out == "before red after ›2J"  # HTML maps &#x9b; to U+203A, which is harmless


def test_rendering_is_width_independent() -> None:
    body = render_body("<p>" + "lorem ipsum " * 40 + "</p><ul><li>" + "item " * 30 + "</li></ul>")
    narrow, wide = show(body, width=30), show(body, width=120)
    assert max(len(row) for row in narrow.split("\n")) <= 30
    assert max(len(row) for row in wide.split("\n")) > 100
    assert narrow.split() == wide.split()


def test_long_words_fold() -> None:
    word = "x" * 200
    rows = html(f"<p>{word}</p>", width=40).split("\n")
    assert all(len(row) <= 40 for row in rows)
    assert "".join(rows) == word


# -- robustness ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    ["div", "b", "blockquote", "ul><li", "ol><li", "table><tr><td", "pre", "a href='x'", "p",
     "dl><dd", "span", "table><tr><td>x</td><td"],
)
def test_ten_thousand_levels_of_nesting(opening: str) -> None:
    tags = opening.split("><")
    closing = "".join(f"</{tag.split()[0]}>" for tag in reversed(tags))
    start = time.perf_counter()
    body = render_body(f"<{opening}>" * 10_000 + "deep" + closing * 10_000)
    out = show(body)
    assert "deep" in out
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize(
    "content",
    [
        "",
        "   ",
        "<",
        "<<<>>></p></p><td><tr></table>",
        "<a href='http://[broken'>x</a><img src='http://[::1'>",
        "&#0;&#x110000;&#xD800;&bogus;",
        "<p>" + "\ud800" + "</p>",
        "<ol start='99999999999999999999999'><li>x</li></ol>",
        "<img width='x' height=''><video></video><iframe src='javascript:x'></iframe>",
        "\x00\x1b[2J" * 100,
    ],
)
def test_malformed_input_never_raises(content: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="monitor_tui.render"):
        body = render_body(content, base_url="https://x.example/")
        out = show(body)
    assert ESC not in out
    assert not caplog.records  # rendered normally, not via the error fallback


def test_huge_input_is_cut_with_a_notice() -> None:
    body = render_body("<p>" + "word " * (MAX_HTML_CHARS // 4) + "</p>")
    last = body.renderables[-1]
    assert isinstance(last, Text) and "cut at 512 KB" in last.plain
    text = body.renderables[0]
    assert isinstance(text, Text) and len(text.plain) < MAX_HTML_CHARS


# -- cases from ../shared/cases -----------------------------------------------------------


@pytest.mark.corpus
def test_b19_xml_base_on_content() -> None:
    entry = case("B19.xml").entries[0]
    content = entry.content[0]
    body = render_body(content.value, base_url=content.get("base") or entry.link)
    assert body.images == ("https://example.com/posts/images/bird.jpg",)
    assert [link.url for link in body.links] == ["https://example.com/posts/images/bird.jpg",
                                                 "https://example.com/about.html"]
    assert "[image 1: bird]" in show(body) and "about[2]" in show(body)
    listed = to_text(links_section(body.links))
    assert "[1] https://example.com/posts/images/bird.jpg" in listed
    assert "[2] https://example.com/about.html" in listed


@pytest.mark.corpus
def test_b21_nested_tables() -> None:
    first, second = case("B21.xml").entries
    assert show(render_body(first.summary)) == "foo"
    assert render_body(second.summary).renderables == ()


@pytest.mark.corpus
def test_b23_pre_blocks() -> None:
    body = render_body(case("B23.xml").entries[0].summary)
    pres = [r for r in body.renderables if not isinstance(r, Text)]
    assert len(pres) == 2
    assert to_text(pres[0]) == "foo" + "\n" * 6 + "bar"
    assert to_text(pres[1]) == "def f(x):\n    if x:\n        return    1"
    assert show(body, width=20).startswith("Before\n\nfoo\n\n\n\n\n\nbar\n\nAfter\n\ndef f(x):")


@pytest.mark.corpus
def test_b25_brackets_are_literal() -> None:
    feed = case("B25.xml")
    texts = [feed.feed.title] + [e.title for e in feed.entries]
    texts += [e.summary for e in feed.entries if e.get("summary")]
    assert "[bold]Not really bold[/bold] and [red]not red" in texts
    for value in texts:
        for renderable in (safe_text(value), Group(*render_body(value).renderables),
                           Group(*render_body(value, content_type="text").renderables)):
            assert to_text(renderable) == value
            assert not SGR.search(to_ansi(renderable))  # no bold, no red


@pytest.mark.corpus
def test_b28_titles_are_sanitised() -> None:
    titles = [one_line(e.title) for e in case("B28.xml").entries]
    assert titles[0] == "Harmless headline"
    assert titles[1] == "Click this real-looking headline"
    assert titles[2] == "Colour bleed red blinking from here on"
    assert titles[3].startswith("Eight-bit CSI") and titles[3].endswith("clear-screen attempt")
    for title in titles:
        assert ESC not in title and "\x07" not in title and "\x9b" not in title
        assert "PWNED" not in title and "phishing.example" not in title


@pytest.mark.corpus
def test_b28_colour_output_has_only_rich_style_escapes() -> None:
    feed, atom = case("B28.xml"), case("B28.atom.xml")
    renderables: list[RenderableType] = []
    for entry in feed.entries:
        renderables.append(safe_text(entry.title))
        renderables.extend(render_body(entry.title, content_type="text").renderables)
        renderables.extend(render_body(entry.get("summary", "")).renderables)
    for entry in atom.entries:  # the escapes only appear after the HTML layer decodes &#27;
        renderables.extend(render_body(entry.title).renderables)
        renderables.extend(render_body(entry.content[0].value).renderables)
    output = to_ansi(Group(*renderables))
    assert "before" in output and "after" in output and "Harmless headline" in output
    assert "PWNED" not in output
    assert "phishing.example" not in output
    assert "\x07" not in output and "\x9b" not in output
    assert ESC not in SGR.sub("", output)


@pytest.mark.corpus
def test_b28_atom_body_reads_cleanly() -> None:
    entry = case("B28.atom.xml").entries[0]
    assert show(render_body(entry.content[0].value)) == "before red after"
    assert show(render_body(entry.title)) == "Title with and"


# -- the real-world corpus ---------------------------------------------------------------


def _corpus_files() -> list[str]:
    folder = REPO.parent / "shared" / "corpus" / "feeds"
    names = sorted(p.name for p in folder.glob("*") if p.is_file())
    return names or ["(corpus missing)"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", _corpus_files())
def test_corpus_feed_renders(name: str, caplog: pytest.LogCaptureFixture) -> None:
    path = shared_dir("corpus") / "feeds" / name
    if not path.is_file():
        pytest.fail(f"{path} missing")
    parsed = feedparser.parse(path.read_bytes())
    for entry in parsed.entries:
        values = [(c.get("value", ""), c.get("type", "text/html"), c.get("base"))
                  for c in entry.get("content", [])]
        detail = entry.get("summary_detail", {})
        values.append((entry.get("summary", ""), detail.get("type", "text/html"),
                       detail.get("base")))
        for value, content_type, base in values:
            start = time.perf_counter()
            with caplog.at_level(logging.ERROR, logger="monitor_tui.render"):
                body = render_body(value or "", content_type=content_type,
                                   base_url=base or entry.get("link"))
                output = to_ansi(Group(*body.renderables, links_section(body.links)))
            elapsed = time.perf_counter() - start
            # a guard against runaway (quadratic) rendering, not a speed goal: those live in
            # benchmarks/, and a loaded CI machine may take a few times the usual 0.1 s
            assert elapsed < 10, f"{name}: {elapsed:.2f}s for one entry"
            assert ESC not in SGR.sub("", output)
    assert not caplog.records


def test_pathologically_deep_nesting_is_cut_quickly() -> None:
    """200 000 nested <div>s took lexbor minutes (quadratic in depth) and held the quit;
    the body is cut where it nests deeper than MAX_DEPTH, with a notice."""
    import time

    from monitor_tui.render.dom import MAX_DEPTH

    deep = "<p>before</p>" + "<div>" * 200_000 + "inside" + "</div>" * 200_000
    started = time.perf_counter()
    body = render_body(deep)
    assert time.perf_counter() - started < 10.0  # guard against runaway parsing
    last = body.renderables[-1]
    assert isinstance(last, Text) and f"nested more than {MAX_DEPTH} deep" in last.plain
    assert "before" in Text("").join(r for r in body.renderables if isinstance(r, Text)).plain


def test_many_tags_that_do_not_nest_are_not_cut() -> None:
    """Wide tables and unclosed <p>/<li> (end tags the HTML Standard lets one omit) are
    long but shallow: nothing is cut."""
    from monitor_tui.render.dom import cut_deep_nesting

    rows = "".join("<tr>" + "<td>cell" * 60 for _ in range(300))
    table = f"<table>{rows}</table>" + "<p>para" * 5000 + "<ul>" + "<li>item" * 5000 + "</ul>"
    assert cut_deep_nesting(table) == (table, False)
    nested = "<div>" * 5000
    cut, was_cut = cut_deep_nesting(nested)
    assert was_cut and cut == "<div>" * 2000


def test_markers_and_notices_follow_the_ui_locale() -> None:
    content = ('<p><img src="/a.jpg" alt="banjir"> <img src="/b.jpg"> <img alt="lokal">'
               '<video src="https://video.example/v.mp4"></video> <audio></audio></p>')
    id_ = html(content, base_url="https://x.example/", locale="id")
    assert "[gambar 1: banjir] [gambar 2: gambar] [gambar: lokal]" in id_
    assert "[video 3: video.example]" in id_ and "[audio]" in id_
    assert "[image 1: banjir] [image 2: image] [image: lokal]" in html(
        content, base_url="https://x.example/")
    links = render_body(content, base_url="https://x.example/", locale="id").links
    assert [link.text for link in links] == ["gambar: banjir", "gambar: gambar",
                                             "video: video.example"]
    cut = render_body("<p>" + "kata " * (MAX_HTML_CHARS // 4) + "</p>", locale="id")
    last = cut.renderables[-1]
    assert isinstance(last, Text) and last.plain == "[… dipotong pada 512 KB]"
    deep = render_body("<div>" * 5000 + "x", locale="id")
    assert "[… dipotong: bersarang lebih dari" in show(deep)
