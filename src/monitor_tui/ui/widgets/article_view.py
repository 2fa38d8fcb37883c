"""The article pane: a header (title, author, dates, categories, link) and the body.

:func:`render_article` builds the whole pane as one Rich ``Group`` and runs in a
thread worker (HTML rendering never blocks the UI thread). Every piece of feed
text goes through ``safe_text``/``one_line`` into ``Text`` objects, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from monitor_tui.i18n import t
from monitor_tui.model import Article, Enclosure
from monitor_tui.render.html import Link, render_body
from monitor_tui.render.text import one_line, safe_text, strip_controls
from monitor_tui.timefmt import absolute, relative
from monitor_tui.ui.bindings import ARTICLE, make_bindings

_LABEL = "bold #8aa4c8"
_DIM = "dim"
_URL = "underline #6fa8dc"


def _size(length: int | None) -> str:
    if not length:
        return ""
    value = float(length)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""


def _field(grid: Table, label: str, value: Text) -> None:
    grid.add_row(Text(label, style=_LABEL), value)


def render_header(article: Article, locale: str, now: datetime,
                  tz: tzinfo | None = None) -> RenderableType:
    """Title, "author · feed", dates, categories, link and enclosures of ``article``."""
    parts: list[RenderableType] = []
    title = safe_text(one_line(article.title, 2000) or "—", style="bold")
    parts.append(title)
    byline = Text(style=_DIM)
    if article.author and one_line(article.author):
        byline.append(t("article.by", locale, author=one_line(article.author, 200)))
        byline.append(" · ")
    byline.append(one_line(article.feed_title, 200))
    if article.bookmarked:
        byline.append("   ")
        byline.append(t("article.bookmarked", locale), style="not dim bold yellow")
    parts.append(byline)
    parts.append(Text(""))

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    if article.date_known and article.published is not None:
        when = Text(absolute(article.published, locale, tz))
        if article.future:
            when.append(" · ")
            when.append(t("future_date", locale), style="italic yellow")
        else:
            when.append(" · ")
            when.append(relative(article.sort_time, now, locale), style=_DIM)
    else:
        when = Text(t("date_unknown", locale), style="italic yellow")
        seen = absolute(article.sort_time, locale, tz)
        when.append(" · " + t("article.first_seen", locale, when=seen), style=_DIM)
    _field(grid, t("article.published", locale), when)
    categories = _categories(article)
    if categories:
        _field(grid, t("article.categories", locale), Text(", ".join(categories)))
    if article.link:
        _field(grid, t("article.link", locale), Text(one_line(article.link, 2000), style=_URL))
    enclosures = _enclosures(article.enclosures)
    if enclosures is not None:
        _field(grid, t("article.enclosures", locale), enclosures)
    parts.append(grid)
    parts.append(Rule(style="#444c5c"))
    return Group(*parts)


def _categories(article: Article) -> list[str]:
    seen: dict[str, None] = {}
    for name in (*article.feed_categories, *article.categories):
        clean = one_line(name, 80)
        if clean and clean.casefold() not in {s.casefold() for s in seen}:
            seen[clean] = None
    return list(seen)


def _enclosures(enclosures: Sequence[Enclosure]) -> Text | None:
    if not enclosures:
        return None
    text = Text()
    for i, enc in enumerate(enclosures):
        if i:
            text.append("\n")
        text.append(one_line(enc.url, 2000), style=_URL)
        extra = ", ".join(p for p in (one_line(enc.mime_type, 60), _size(enc.length)) if p)
        if extra:
            text.append(f" ({extra})", style=_DIM)
    return text


def render_links(links: Sequence[Link], locale: str) -> RenderableType:
    """The numbered list of the body's links under a localized "Links" heading."""
    if not links:
        return Group()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for link in links:
        grid.add_row(Text(f"[{link.number}]", style="bold"),
                     Text(strip_controls(link.url).replace("\n", " "), style=_URL))
    return Group(Text(""), Text(t("Links", locale), style="bold underline"), grid)


def render_article(article: Article, locale: str, now: datetime,
                   tz: tzinfo | None = None) -> RenderableType:
    """The whole article pane for ``article``: header, body, links. Safe off the UI thread."""
    content = article.content or article.summary
    content_type = article.content_type if article.content else "html"
    body = render_body(content, content_type=content_type,
                       base_url=article.base_url or article.link)
    return Group(render_header(article, locale, now, tz), *body.renderables,
                 render_links(body.links, locale))


class ArticleView(VerticalScroll):
    """The right pane: scrolls one rendered article (j/k, arrows, page keys, space)."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(ARTICLE, "en"))

    def __init__(self, locale: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.locale = locale
        self.article: Article | None = None
        self._body = Static(Text(t("article.hint", locale), style="italic"),
                            id="article-body", markup=False)

    def compose(self) -> ComposeResult:
        """The single Static holding the rendered article."""
        yield self._body

    def show(self, article: Article | None, renderable: RenderableType) -> None:
        """Display a rendered article (or the "gone" notice) from the top."""
        self.article = article
        self._body.update(renderable)
        self.scroll_home(animate=False, immediate=True)

    def show_message(self, message: str) -> None:
        """Replace the pane with one line of our own text."""
        self.article = None
        self._body.update(Text(message, style="italic"))
        self.scroll_home(animate=False, immediate=True)
