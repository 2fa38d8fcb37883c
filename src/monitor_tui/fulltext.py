"""Full text: fetch an article's web page and keep its main text for offline reading.

Extraction is trafilatura's (boilerplate removal: menus, footers, comments); its HTML
output goes through the same renderer as feed content. Plain Python: used by the
refresh service for feeds with ``full_text = true`` and by the TUI's ``f`` key.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from monitor_tui.fetch import DEFAULT_LIMITS, FetchLimits, HostLimiter, fetch_feed, make_client
from monitor_tui.model import FetchStatus
from monitor_tui.problem import Problem

MAX_PAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FullText:
    """The result for one article: ``html`` (the main text as simple HTML) or ``error``."""

    article_id: int
    html: str | None
    error: str | None = None


def extract_main_text(page: bytes, url: str) -> str | None:
    """The main text of a web page as simple HTML (p, h*, lists, tables, images, links).

    ``page`` is the raw body (trafilatura detects its charset); ``url`` resolves
    relative links. Returns None when no main text is found. Never raises.
    """
    import trafilatura  # heavy: only when a page is extracted

    try:
        html = trafilatura.extract(page, url=url, output_format="html", include_links=True,
                                   include_images=True, include_tables=True,
                                   include_comments=False, favor_recall=True)
    except Exception:
        return None
    return str(html) if html and html.strip() else None


async def fetch_full_text(client: httpx.AsyncClient, article_id: int, url: str,
                          limits: FetchLimits = DEFAULT_LIMITS) -> FullText:
    """Fetch ``url`` and extract its main text; errors are returned, never raised.

    Only http(s) pages: an article's link is the feed's to choose, and a ``file:`` one
    would have a remote feed read a local file into the cache and onto the screen.
    """
    if not url.lower().startswith(("http://", "https://")):
        scheme = url.partition(":")[0] if ":" in url else "file"  # a bare path is a file
        return FullText(article_id, None, Problem("fulltext.not_web", scheme=scheme[:20]))
    page_limits = dataclasses.replace(limits, max_bytes=min(limits.max_bytes, MAX_PAGE_BYTES))
    result = await fetch_feed(client, url, limits=page_limits, want_feed=False)
    if result.status is not FetchStatus.OK or result.body is None:
        return FullText(article_id, None, result.error or Problem("fulltext.fetch_failed"))
    html = await asyncio.to_thread(extract_main_text, result.body, url)
    if html is None:
        return FullText(article_id, None, Problem("fulltext.no_text"))
    return FullText(article_id, html)


async def fetch_full_texts(items: Sequence[tuple[int, str]],
                           limits: FetchLimits = DEFAULT_LIMITS) -> list[FullText]:
    """Full text of many ``(article id, url)`` pairs, politely (per-host limits)."""
    limiter = HostLimiter.from_limits(limits)

    async def one(client: httpx.AsyncClient, article_id: int, url: str) -> FullText:
        async with limiter.slot(url):
            return await fetch_full_text(client, article_id, url, limits)

    async with make_client(limits) as client:
        return list(await asyncio.gather(*(one(client, i, u) for i, u in items)))


def fetch_full_text_now(article_id: int, url: str,
                        limits: FetchLimits = DEFAULT_LIMITS) -> FullText:
    """Blocking form of :func:`fetch_full_text` for a worker thread (the ``f`` key)."""
    return asyncio.run(fetch_full_texts([(article_id, url)], limits))[0]
