"""HTML article bodies → Rich renderables, with numbered links and images.

The result is a flat tuple of width-independent blocks; list and quote indentation is a
prefix on each block rather than nesting, so deep documents recurse neither here nor in
Rich. Feed text only enters ``Text`` objects, after ``strip_controls``; never markup.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.text import Text
from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor_tui.i18n import t
from monitor_tui.render.blocks import Link, PrefixedBlock, Preformatted, RenderedBody, links_section
from monitor_tui.render.dom import (
    MAX_DEPTH,
    MAX_ORDINAL,
    attr,
    children,
    cut_deep_nesting,
    int_attr,
)
from monitor_tui.render.tables import TableBlock, read_table
from monitor_tui.render.text import one_line, strip_controls

# an inline style's width or height in pixels ("width: 1px", "height:0 !important")
_STYLE_SIZE = re.compile(
    r"(?:^|;)\s*(width|height)\s*:\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*(?:!\s*important\s*)?(?=;|$)",
    re.IGNORECASE)


def _tracking_pixel(node: LexborNode) -> bool:
    """Whether an <img> is 1×1 or smaller by its width/height attributes or by its inline
    style (which wins, as in CSS): a tracking pixel, not a picture."""
    size: dict[str, float | None] = {"width": int_attr(node, "width"),
                                     "height": int_attr(node, "height")}
    for prop, value in _STYLE_SIZE.findall(attr(node, "style")):
        size[prop.lower()] = float(value)
    width, height = size["width"], size["height"]
    return width is not None and height is not None and width <= 1 and height <= 1


__all__ = ["MAX_HTML_CHARS", "Link", "RenderedBody", "links_section", "render_body"]

_log = logging.getLogger(__name__)

MAX_HTML_CHARS = 512 * 1024
"""Longer bodies are cut here (with a notice) before parsing."""

_MAX_INDENT_LEVELS = 12  # deeper list/quote levels still render, without more indent
_MAX_TABLE_DEPTH = 2  # tables nested deeper are flattened to lines of text

_BOLD = Style(bold=True)
_ITALIC = Style(italic=True)
_CODE = Style(color="cyan")
_LINK = Style(underline=True)
_MARKER = Style(dim=True)  # "[1]", "[image 1: …]"
_CAPTION = Style(dim=True, italic=True)
_BULLETS = ("•", "◦", "▪")
_QUOTE_BAR, _QUOTE_STYLE = "▌ ", Style(dim=True)


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_HEADINGS: dict[str, Style] = {
    **dict.fromkeys(("h1", "h2"), Style(bold=True, underline=True)),
    **dict.fromkeys(("h5", "h6"), Style(bold=True, dim=True)),
    "h3": _BOLD,
    "h4": Style(bold=True, italic=True),
}
_INLINE: dict[str, Style] = {
    **dict.fromkeys(_tags("b strong"), _BOLD),
    **dict.fromkeys(_tags("em i cite dfn var"), _ITALIC),
    **dict.fromkeys(_tags("u ins"), Style(underline=True)),
    **dict.fromkeys(_tags("s del strike"), Style(strike=True)),
    **dict.fromkeys(_tags("code kbd samp tt"), _CODE),
    "mark": Style(reverse=True),
    "small": Style(dim=True),
}
# Blocks as (blank line around it?, style of its text). The first group only breaks lines,
# like a browser's display:block without margins.
_BLOCKS: dict[str, tuple[bool, Style | None]] = {
    **dict.fromkeys(_tags(
        "div section article main header footer nav aside address details summary fieldset "
        "legend center form hgroup body html tbody thead tfoot tr td th caption search"
    ), (False, None)),
    **dict.fromkeys(_tags("p figure dl"), (True, None)),
    **{tag: (True, style) for tag, style in _HEADINGS.items()},
    "figcaption": (False, _CAPTION),
    "dt": (False, _BOLD),
}
# Not content: scripts, styling, metadata, form controls. Media elements get a marker and
# never show their fallback children.
_SKIP = _tags(
    "script style noscript template head title meta link base input button select textarea "
    "option optgroup datalist svg canvas map area param source track"
)
_MEDIA = _tags("iframe frame video audio embed object")
_PRE = _tags("pre listing xmp plaintext")
_LISTS = _tags("ul ol menu dir")
_ROW_GROUPS = _tags("thead tbody tfoot")
_URL_SCHEMES = _tags("http https ftp mailto gemini gopher magnet tel")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # collapsing like a browser; NBSP is kept
_PLAIN_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class _Prefix:
    first: str  # on the first line of the first block (a bullet), then `rest`
    rest: str
    style: Style
    is_item: bool = False
    used: bool = False


@dataclass
class _ListState:
    ordered: bool
    counter: int = 1
    step: int = 1


@dataclass
class _Context:
    """State shared by the body and its table cells: link and image numbering, and the
    locale of the markers ("[image 1: …]")."""

    base_url: str | None
    locale: str = "en"
    links: dict[str, Link] = field(default_factory=dict)
    images: dict[str, int] = field(default_factory=dict)

    def resolve(self, raw: str) -> str | None:
        """An absolute, openable URL for an href/src, or None (javascript:, data:, #x)."""
        # Browsers drop tabs/newlines anywhere in a URL ("java\tscript:") and trim spaces.
        url = strip_controls(raw).replace("\n", "").replace("\t", "").strip()
        if not url or url.startswith("#"):
            return None
        url = url.replace(" ", "%20")
        try:
            url = urljoin(self.base_url, url) if self.base_url else url
            scheme = urlsplit(url).scheme
        except ValueError:  # e.g. "http://[broken" IPv6 literals
            return None
        if not scheme:
            return "https:" + url if url.startswith("//") else url
        return url if scheme in _URL_SCHEMES else None

    def add_link(self, url: str, text: str) -> int:
        if url not in self.links:
            self.links[url] = Link(len(self.links) + 1, url, text)
        return self.links[url].number

    def add_image(self, url: str) -> int:
        return self.images.setdefault(url, len(self.images) + 1)


_OnExit = Callable[[], object] | None


def _crop_end(text: Text, chars: str) -> None:
    plain = text.plain
    excess = len(plain) - len(plain.rstrip(chars))
    if excess:  # Text.right_crop(0) would empty the text
        text.right_crop(excess)


class _Builder:
    """Walks one subtree with an explicit stack (no recursion) and collects blocks."""

    def __init__(self, ctx: _Context, table_depth: int = 0) -> None:
        self._ctx = ctx
        self._table_depth = table_depth
        self._out: list[RenderableType] = []
        self._styles: list[Style] = [Style.null()]
        self._prefixes: list[_Prefix] = []
        self._lists: list[_ListState] = []
        self._pre = 0  # depth of <pre> elements we are inside
        self._gap = False  # a blank line is due before the next block
        self._last_ids: list[int] = []  # the prefixes of the previous block
        self._content = 0  # counts visible appends, to spot empty links
        self._new_buffer()

    def _new_buffer(self) -> None:
        self._buf = Text(overflow="fold")
        self._last = ""  # last character in the buffer ("" when empty)
        self._visible = False

    def build(self, node: LexborNode) -> list[RenderableType]:
        """Render the children of ``node``."""
        work: list[LexborNode | Callable[[], object]] = list(reversed(children(node)))
        while work:
            item = work.pop()
            if callable(item):
                item()
                continue
            on_exit, descend = self._enter(item)
            if on_exit is not None:
                work.append(on_exit)
            if descend:
                work.extend(reversed(children(item)))
        self._flush()
        return self._out

    def _enter(self, node: LexborNode) -> tuple[_OnExit, bool]:
        """Handle a start tag; return what to do at its end tag and whether to descend."""
        tag = node.tag or ""
        if tag == "-text":
            self._text(node.text_content or "")
        elif not tag or tag[0] in "-_!" or tag in _SKIP:  # comments, doctype, scripts
            pass
        elif tag in _INLINE:
            self._styles.append(self._styles[-1] + _INLINE[tag])
            return self._styles.pop, True
        elif tag == "a":
            return self._link(node), True
        elif tag == "br":
            self._append("\n")
        elif tag == "img":
            self._image(node)
        elif tag in _MEDIA:
            self._media(node, tag)
        elif tag == "q":
            self._append("“")
            return lambda: self._append("”"), True
        elif self._pre and tag not in _PRE:
            # Inside <pre> blocks only break lines (highlighters wrap each line in a div).
            if tag in _BLOCKS or tag == "li":
                self._pre_break()
                return self._pre_break, True
            return None, True
        elif tag == "hr":
            self._flush()
            self._want_gap()
            self._emit(Rule(style="dim"))
            self._want_gap()
        else:
            return self._enter_block(node, tag)
        return None, False

    def _enter_block(self, node: LexborNode, tag: str) -> tuple[_OnExit, bool]:
        if tag in _PRE:
            return self._start_pre(), True
        if tag == "table":
            return self._table(node)
        if tag in _LISTS:
            return self._start_list(node, ordered=tag == "ol"), True
        if tag == "li":
            return self._start_item(node), True
        if tag == "blockquote":
            quote = _Prefix(_QUOTE_BAR, _QUOTE_BAR, _QUOTE_STYLE)
            return self._block(gap=True, style=_ITALIC, prefix=quote), True
        if tag == "dd":
            return self._block(gap=False, prefix=_Prefix("    ", "    ", Style.null())), True
        if tag in _BLOCKS:
            gap, style = _BLOCKS[tag]
            return self._block(gap=gap, style=style), True
        return None, True  # span, font and unknown tags: just their content

    # -- inline content ------------------------------------------------------------------

    def _text(self, raw: str) -> None:
        text = strip_controls(raw)
        if not self._pre:
            text = _HTML_SPACE.sub(" ", text)
            if text.startswith(" ") and self._last in ("", " ", "\n"):
                text = text[1:]
        self._append(text)

    def _append(self, text: str, style: Style | None = None) -> None:
        if text:
            self._buf.append(text, self._styles[-1] + style if style else self._styles[-1])
            self._last = text[-1]
            if not text.isspace():
                self._visible = True
                self._content += 1

    def _marker(self, text: str) -> None:
        """A bracketed marker such as "[image 1: bird]", kept apart from adjacent words."""
        if self._last not in ("", " ", "\n"):
            self._append(" ")
        self._append(text, _MARKER)
        if not self._pre:
            self._append(" ")

    def _link(self, node: LexborNode) -> _OnExit:
        url = self._ctx.resolve(attr(node, "href"))
        if url is None:
            return None  # javascript:, data:, in-page anchors: the text alone
        self._styles.append(self._styles[-1] + _LINK)
        content_before = self._content

        def on_exit() -> None:
            self._styles.pop()
            if self._content != content_before:  # skip empty anchors (<a name>, icon fonts)
                number = self._ctx.add_link(url, one_line(node.text(deep=True), 200))
                self._append(f"[{number}]", _MARKER)

        return on_exit

    def _image(self, node: LexborNode) -> None:
        if _tracking_pixel(node):
            return
        src = attr(node, "src") or attr(node, "data-src")
        if not src and attr(node, "srcset"):
            src = attr(node, "srcset").split(",")[0].strip().split(" ")[0]
        loc = self._ctx.locale
        alt = one_line(attr(node, "alt") or attr(node, "title"), 120) or t("body.image_alt", loc)
        url = self._ctx.resolve(src)
        if url is None:
            self._marker(t("body.image_unlinked", loc, alt=alt))
            return
        self._ctx.add_image(url)
        # numbered with the links (as audio and video are): listed under Links and
        # opened with o N like them, and never a number that means two things
        number = self._ctx.add_link(url, t("body.image_link", loc, alt=alt))
        self._marker(t("body.image", loc, n=number, alt=alt))

    def _media(self, node: LexborNode, tag: str) -> None:
        src = attr(node, "src") or attr(node, "data")
        if not src:  # <video><source src=…></video>
            src = next((attr(c, "src") for c in children(node) if c.tag == "source"), "")
        kind, loc = "body.audio" if tag == "audio" else "body.video", self._ctx.locale
        url = self._ctx.resolve(src)
        if url is None:
            self._marker(t(f"{kind}_unlinked", loc))
            return
        host = one_line(urlsplit(url).hostname or "", 100) or one_line(url, 40)
        # Numbered like links, so the user can open it from the links list.
        number = self._ctx.add_link(url, t(f"{kind}_link", loc, host=host))
        self._marker(t(kind, loc, n=number, host=host))

    # -- blocks --------------------------------------------------------------------------

    def _want_gap(self) -> None:
        # No blank line between a bullet and its item's first paragraph (<li><p>).
        if not any(p.is_item and not p.used for p in self._prefixes[:_MAX_INDENT_LEVELS]):
            self._gap = True

    def _block(
        self, *, gap: bool, style: Style | None = None, prefix: _Prefix | None = None
    ) -> Callable[[], None]:
        self._flush()
        if gap:
            self._want_gap()
        if style is not None:
            self._styles.append(self._styles[-1] + style)
        if prefix is not None:
            self._prefixes.append(prefix)

        def on_exit() -> None:
            self._flush()
            if gap:
                self._want_gap()
            if style is not None:
                self._styles.pop()
            if prefix is not None:
                self._prefixes.pop()

        return on_exit

    def _start_list(self, node: LexborNode, *, ordered: bool) -> Callable[[], None]:
        state = _ListState(ordered)
        if ordered and "reversed" in node.attributes:
            state.step = -1
            state.counter = sum(1 for c in children(node) if c.tag == "li")
        start = int_attr(node, "start")
        if ordered and start is not None:
            state.counter = start
        close = self._block(gap=not self._lists)  # blank lines around top-level lists only
        self._lists.append(state)

        def on_exit() -> None:
            self._lists.pop()
            close()

        return on_exit

    def _start_item(self, node: LexborNode) -> Callable[[], None]:
        state = self._lists[-1] if self._lists else _ListState(ordered=False)
        if state.ordered:
            value = int_attr(node, "value")
            number = state.counter if value is None else value
            state.counter = max(-MAX_ORDINAL, min(MAX_ORDINAL, number + state.step))
            marker = f"{number}. "
        else:
            marker = _BULLETS[(max(1, len(self._lists)) - 1) % len(_BULLETS)] + " "
        prefix = _Prefix(marker, " " * cell_len(marker), Style.null(), is_item=True)
        return self._block(gap=False, prefix=prefix)

    def _start_pre(self) -> Callable[[], None]:
        if self._pre == 0:
            self._flush()
            self._want_gap()
        self._pre += 1

        def on_exit() -> None:
            self._pre -= 1
            if self._pre == 0:
                text, visible = self._buf, self._visible
                self._new_buffer()
                if visible:
                    _crop_end(text, "\n")
                    text.style = _CODE
                    self._emit(Preformatted(text))
                self._want_gap()

        return on_exit

    def _pre_break(self) -> None:
        if self._last not in ("", "\n"):
            self._append("\n")

    def _flush(self) -> None:
        """End the current paragraph, if it has any visible text."""
        if self._pre:
            return
        text, visible = self._buf, self._visible
        self._new_buffer()
        if visible:
            plain = text.plain
            lead = len(plain) - len(plain.lstrip(" \n"))
            text = text[lead:] if lead else text
            _crop_end(text, " \n")
            self._emit(text)

    def _emit(self, renderable: RenderableType) -> None:
        """Add a block with the current list/quote prefixes and any blank line due."""
        visible = self._prefixes[:_MAX_INDENT_LEVELS]
        ids = [id(p) for p in visible]
        if self._gap and self._out:
            # The blank line keeps only the quote bars the two blocks share.
            shared = 0
            for mine, previous in zip(ids, self._last_ids, strict=False):
                if mine != previous:
                    break
                shared += 1
            gap = Text.assemble(*((p.rest, p.style) for p in visible[:shared]))
            gap.rstrip()
            self._out.append(PrefixedBlock(Text(""), gap, gap) if gap else Text(""))
        self._gap = False
        self._last_ids = ids
        if not visible:
            self._out.append(renderable)
            return
        first = Text.assemble(*((p.rest if p.used else p.first, p.style) for p in visible))
        rest = Text.assemble(*((p.rest, p.style) for p in visible))
        for p in visible:
            p.used = True
        self._out.append(PrefixedBlock(renderable, first, rest))

    # -- tables --------------------------------------------------------------------------

    def _table(self, node: LexborNode) -> tuple[_OnExit, bool]:
        if self._table_depth >= _MAX_TABLE_DEPTH or _single_column(node):
            # Layout tables (one cell per row) and deeply nested ones read as plain blocks.
            return self._block(gap=True), True
        data = read_table(node, self._cell)
        self._flush()
        self._want_gap()
        if not data.empty:  # an empty table shows nothing
            self._emit(TableBlock(data, self._ctx.locale))
        self._want_gap()
        return None, False

    def _cell(self, cell: LexborNode) -> RenderableType:
        only = cell.child
        if only is not None and only.next is None and only.tag == "-text":
            # The common cell, plain text: what the builder would make, for a tenth of
            # the cost (big tables have thousands).
            return Text(_HTML_SPACE.sub(" ", strip_controls(only.text_content or "")).strip(
                " \n"), overflow="fold")
        blocks = _Builder(self._ctx, self._table_depth + 1).build(cell)
        return Group(*blocks) if len(blocks) > 1 else blocks[0] if blocks else Text("")


def _single_column(table: LexborNode) -> bool:
    """True when no row of ``table`` has two cells: a layout table, read as blocks."""
    for part in children(table):
        trs = [part] if part.tag == "tr" else children(part) if part.tag in _ROW_GROUPS else []
        for tr in (r for r in trs if r.tag == "tr"):
            if sum(1 for c in children(tr) if c.tag in ("td", "th")) > 1:
                return False
    return True


def _render_html(content: str, ctx: _Context) -> list[RenderableType]:
    parser = LexborHTMLParser(content)
    root = parser.body or parser.root
    return [] if root is None else _Builder(ctx).build(root)


def _render_plain(content: str) -> list[RenderableType]:
    out: list[RenderableType] = []
    for paragraph in _PLAIN_PARAGRAPHS.split(strip_controls(content)):
        paragraph = paragraph.strip("\n").rstrip()
        if paragraph.strip():
            if out:
                out.append(Text(""))
            out.append(Text(paragraph, overflow="fold"))
    return out


def _is_plain(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("text", "plain", "text/plain")


def render_body(
    content: str, *, content_type: str = "html", base_url: str | None = None,
    locale: str = "en",
) -> RenderedBody:
    """Turn an article body into Rich renderables plus its numbered links and images.

    Args:
        content: the body: HTML (a fragment or a whole document) or plain text. Bodies
            longer than :data:`MAX_HTML_CHARS` characters, or nested deeper than
            ``dom.MAX_DEPTH`` elements, are cut, with a notice.
        content_type: ``"html"`` (also ``"text/html"``, ``"xhtml"``, anything unknown) or
            ``"text"`` / ``"plain"`` / ``"text/plain"`` for plain text, shown as
            paragraphs split on blank lines with no HTML parsing.
        base_url: the absolute URL that relative ``href``/``src`` values are resolved
            against (the article link or the feed's ``xml:base``); None leaves them as is.
        locale: the UI locale of the markers and notices ("[image 1: …]", "[gambar 1: …]").

    Returns:
        A :class:`RenderedBody`. Links are numbered by distinct URL in order of first
        appearance and shown in the text as ``text[N]``; images as ``[image N: alt]``;
        iframes/video/audio as ``[video N: host]`` with N a link number.
        ``javascript:``/``data:`` URLs and in-page anchors are not listed.

    Raises:
        Nothing: malformed, huge or deeply nested input is rendered as well as possible;
        an unexpected internal error is logged and the text is shown without markup.

    Standard: HTML parsing per the WHATWG HTML Living Standard (lexbor via selectolax:
    entities, implied tags, ``<pre>`` leading newline); URL resolution per RFC 3986
    (``urllib.parse.urljoin``); whitespace collapsing per CSS ``white-space: normal``.
    """
    notice: list[RenderableType] = []
    if len(content) > MAX_HTML_CHARS:
        content = content[:MAX_HTML_CHARS]
        notice = [Text(""), Text(t("body.cut_size", locale, kb=MAX_HTML_CHARS // 1024),
                                 _CAPTION)]
    plain = _is_plain(content_type)
    if not plain:
        content, deep = cut_deep_nesting(content)
        if deep:
            notice = [Text(""), Text(t("body.cut_depth", locale, depth=MAX_DEPTH), _CAPTION)]
    ctx = _Context(strip_controls(base_url).strip() if base_url else None, locale)
    try:
        blocks = _render_plain(content) if plain else _render_html(content, ctx)
    except Exception:
        # A broken article must not take the reader down; the log says why.
        _log.exception("could not render an article body; showing it as text")
        ctx = _Context(None, locale)
        try:
            blocks = _render_plain(content if plain else LexborHTMLParser(content).text())
        except Exception:
            blocks = [Text(strip_controls(content), overflow="fold")]
    return RenderedBody(
        renderables=(*blocks, *notice),
        links=tuple(ctx.links.values()),
        images=tuple(ctx.images),
    )
