"""``monitor-tui render FILE|URL [--item N]``: a feed's articles printed to standard output.

The standalone pager newsboat users ask for: colours on a terminal, plain text when
piped or when ``NO_COLOR`` is set (Rich honours both). The same renderer as the TUI.
"""

from __future__ import annotations

import sys
from datetime import datetime

from rich.console import Console
from rich.rule import Rule

from monitor_tui.fetch import fetch_now
from monitor_tui.i18n import t
from monitor_tui.model import Article, FetchStatus, ParsedEntry
from monitor_tui.problem import Problem, localize
from monitor_tui.render.article import render_article
from monitor_tui.render.text import one_line
from monitor_tui.timefmt import utcnow
from monitor_tui.url_checks import unusable_url


def entry_article(entry: ParsedEntry, feed_title: str, number: int, now: datetime) -> Article:
    """A parsed entry shaped as a cached Article, so both print with one renderer."""
    return Article(
        id=number, feed_id=0, feed_title=feed_title, title=entry.title, author=entry.author,
        link=entry.link, published=entry.published, sort_time=entry.published or now,
        date_known=entry.published is not None,
        future=entry.published is not None and entry.published > now,
        summary=entry.summary, content=entry.content, content_type=entry.content_type,
        base_url=entry.base_url, categories=entry.categories, enclosures=entry.enclosures,
        read=False, bookmarked=False)


def render_command(source: str, item: int | None, locale: str) -> int:
    """Fetch ``source`` (a path, ``file://`` or http(s) URL), parse it, print its articles.

    ``item`` (1-based) prints one article. Returns the exit status: 0; 2 with a message
    on standard error when ``source`` is no address that can be tried (an unsupported
    scheme, an invalid host or port: a mistake in the command line); 1 when the feed
    cannot be fetched or parsed or the item does not exist.
    """
    from monitor_tui.parse import ParseError, parse_feed

    refused = unusable_url(source)
    if refused is not None:
        print(f"monitor-tui: {one_line(source, 200)}: {localize(refused, locale)}",
              file=sys.stderr)
        return 2
    result = fetch_now(source)
    if result.status is not FetchStatus.OK or result.body is None:
        error = localize(result.error or Problem("fetch.failed"), locale)
        print(f"monitor-tui: {source}: {error}", file=sys.stderr)
        return 1
    try:
        feed = parse_feed(result.body, result.final_url or source, result.content_type)
    except ParseError as exc:
        print(f"monitor-tui: {source}: {localize(exc, locale)}", file=sys.stderr)
        return 1
    entries = list(enumerate(feed.entries, start=1))
    if item is not None:
        if not 1 <= item <= len(entries):
            print(f"monitor-tui: {source}: "
                  + t("cli.no_item", locale, item=item, count=len(entries)), file=sys.stderr)
            return 1
        entries = [entries[item - 1]]
    now = utcnow()
    console = Console(highlight=False, emoji=False)
    for i, (number, entry) in enumerate(entries):
        if i:
            console.print(Rule())
        console.print(render_article(entry_article(entry, feed.title or source, number, now),
                                     locale, now, version_line=False))
    return 0
