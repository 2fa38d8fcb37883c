"""Bookmarks exported as Markdown, JSON or HTML (``monitor-tui bookmarks --format``).

Feed text is data here too: Markdown specials are escaped, HTML is escaped with
``html.escape``, and control characters are stripped in every format.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import datetime

from monitor_tui.i18n import language, t
from monitor_tui.model import Article, View, ViewKind
from monitor_tui.render.text import one_line
from monitor_tui.store import Store

FORMATS = ("md", "json", "html")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


def bookmarked_articles(store: Store) -> list[Article]:
    """Every bookmarked article, newest first (bookmarks outlive their subscriptions)."""
    view = View(ViewKind.BOOKMARKS)
    rows = store.list_articles(view, 0, store.count_articles(view))
    return [a for a in (store.article(r.id) for r in rows) if a is not None]


def _when(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", one_line(text, 1000))


def _safe_url(url: str | None) -> str | None:
    url = one_line(url or "", 4000)
    return url if url.lower().startswith(("http://", "https://")) else None


def export_bookmarks(articles: Sequence[Article], fmt: str, now: datetime,
                     locale: str = "en") -> str:
    """The bookmarks as a document in ``fmt`` (one of FORMATS), headings in ``locale``;
    ValueError for another format. JSON keys are the same in every locale."""
    heading, untitled = t("sidebar.bookmarks", locale), t("article.untitled", locale)
    if fmt == "json":
        return json.dumps([{
            "title": one_line(a.title, 1000), "link": _safe_url(a.link),
            "feed": one_line(a.feed_title, 300), "author": one_line(a.author or "", 300) or None,
            "published": _when(a), "categories": [one_line(c, 100) for c in a.categories],
        } for a in articles], ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        lines = [f"# {heading} ({now.date().isoformat()})", ""]
        if not articles:
            lines.append(t("export.no_bookmarks", locale))
        for a in articles:
            title = _md(a.title) or _md(untitled)
            url = _safe_url(a.link)
            head = f"[{title}](<{url}>)" if url else title
            date = f", {a.published.date().isoformat()}" if a.published else ""
            lines.append(f"- {head} — {_md(a.feed_title)}{date}")
        return "\n".join(lines) + "\n"
    if fmt == "html":
        items = []
        for a in articles:
            title = html.escape(one_line(a.title, 1000) or untitled)
            url = _safe_url(a.link)
            head = f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title
            items.append(f"<li>{head} — {html.escape(one_line(a.feed_title, 300))}</li>")
        body = (f"<ul>\n{chr(10).join(items)}\n</ul>" if items
                else f"<p>{html.escape(t('export.no_bookmarks', locale))}</p>")
        return (f'<!doctype html>\n<html lang="{language(locale)}"><head><meta charset="utf-8">'
                f"<title>{html.escape(heading)}</title></head><body>\n"
                f"<h1>{html.escape(heading)}</h1>\n{body}\n</body></html>\n")
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
