"""An article as Rich renderables: header (title, author, dates, categories, link,
enclosures), body and numbered links. Shared by the TUI's article pane and
``monitor-tui render``; Rich only, never Textual. Every piece of feed text goes
through ``safe_text``/``one_line`` into ``Text`` objects, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from monitor_tui.i18n import t
from monitor_tui.model import Article, Enclosure
from monitor_tui.problem import localize
from monitor_tui.render.blocks import Link, RenderedBody, links_section
from monitor_tui.render.text import one_line, safe_text
from monitor_tui.timefmt import absolute, relative

_LABEL = "bold cyan"  # ANSI names: Textual maps them to the light or dark theme's palette
_DIM = "dim"
_URL = "underline blue"


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


MAX_TITLE_CHARS = 400


def render_header(article: Article, locale: str, now: datetime,
                  tz: tzinfo | None = None) -> RenderableType:
    """Title, "author · feed", dates, categories, link and enclosures of ``article``."""
    parts: list[RenderableType] = []
    # a few lines at most: a hostile 2 000-character title filled the pane
    title = safe_text(one_line(article.title, MAX_TITLE_CHARS) or "—", style="bold")
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
    day_zone = tz if tz is not None else now.astimezone().tzinfo  # as the list's day lines
    if article.date_known and article.published is not None:
        when = Text(absolute(article.published, locale, tz))
        if article.future:
            when.append(" · ")
            # "in 3 hours" flagged until that time comes, then an ordinary "… ago"
            when.append(relative(article.published, now, locale, day_zone),
                        style="italic yellow" if article.published > now else _DIM)
        else:
            when.append(" · ")
            when.append(relative(article.sort_time, now, locale, day_zone), style=_DIM)
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
    return Group(Text(""), links_section(links, title=t("Links", locale)))


@dataclass(frozen=True, slots=True)
class BodySource:
    """What an article's body is rendered from: the feed's content or the kept full text.

    Two equal sources render to the same body, whatever the width, so a cache can keep
    the ``RenderedBody`` of a source and compare sources on a hit.
    """

    full: bool
    """True: the stored text of the article's web page; False: the feed's content."""
    content: str
    content_type: str
    base_url: str | None
    locale: str = "en"
    """The UI locale of the body's markers and notices ("[image 1: …]")."""

    def render(self) -> RenderedBody:
        """The body as Rich renderables plus its numbered links (the slow part)."""
        from monitor_tui.render.html import render_body  # the HTML parser loads on first use

        return render_body(self.content, content_type=self.content_type,
                           base_url=self.base_url, locale=self.locale)


def body_source(article: Article, *, full_text: bool = False,
                locale: str = "en") -> BodySource:
    """The body ``article`` shows: its stored full text when asked for and kept, else
    the feed's content (or summary); markers in ``locale``."""
    base = article.base_url or article.link
    if full_text and article.full_text:
        return BodySource(True, article.full_text, "html", base, locale)
    content = article.content or article.summary
    content_type = article.content_type if article.content else "html"
    return BodySource(False, content, content_type, base, locale)


def compose_article(article: Article, body: RenderedBody, locale: str, now: datetime,
                    tz: tzinfo | None = None, *, full_text: bool = False,
                    version_line: bool = True, full_text_key: str = "f",
                    open_key: str = "o") -> RenderableType:
    """The whole article around an already rendered ``body``: header (with the bookmark
    star and the time relative to ``now``), the version line (naming ``full_text_key``,
    the key that switches versions), the body and its links. An empty body says so
    (naming ``open_key``, the key that opens the article's page) rather than show
    nothing."""
    showing_full = full_text and bool(article.full_text)
    version = Text(t("article.version_full" if showing_full else "article.version_feed",
                     locale, key=full_text_key), style="italic " + _DIM)
    if full_text and not showing_full and article.full_text_error:
        version.append(" · " + t("article.full_text_failed", locale,
                                 error=one_line(localize(article.full_text_error, locale),
                                                200)))
    top = [version, Text("")] if version_line else []
    renderables = body.renderables
    if not renderables and version_line:  # the TUI's pane (not ``monitor-tui render``)
        renderables = (Text(t("article.no_text", locale, key=open_key), style="italic " + _DIM),)
    return Group(render_header(article, locale, now, tz), *top,
                 *renderables, render_links(body.links, locale))


def render_article(article: Article, locale: str, now: datetime,
                   tz: tzinfo | None = None, *, full_text: bool = False,
                   version_line: bool = True) -> RenderableType:
    """The whole article: header, body, links. Pure Rich: safe off the UI thread.

    ``full_text`` shows the stored text of the article's web page instead of the
    feed's content (when there is one); a line under the header says which it is
    (``version_line=False`` leaves it out, for ``monitor-tui render``).
    """
    body = body_source(article, full_text=full_text, locale=locale).render()
    return compose_article(article, body, locale, now, tz, full_text=full_text,
                           version_line=version_line)
