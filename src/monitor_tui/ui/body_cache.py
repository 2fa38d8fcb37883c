"""A small LRU of rendered article bodies, so re-opening an article skips the HTML work.

A rendered body (Rich renderables plus its numbered links) does not depend on the pane's
width or on the locale, so it can be reused as is. Only the body is kept: the header
(bookmark star, "2 hours ago") and the version line are cheap and are composed again on
every load, so they never go stale. An entry is keyed by (article id, full text shown)
and remembers the source it was rendered from; when the source differs (the full text
was fetched, a refresh changed the feed's content) the entry is rendered again.

Thread workers read and fill it (a lock guards it); the renderables are never mutated
after rendering, so the UI thread may draw one while a worker composes it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from monitor_tui.render.article import BodySource
from monitor_tui.render.blocks import RenderedBody

BODY_CACHE_SIZE = 64
"""How many rendered bodies are kept (the least recently shown goes first)."""


class BodyCache:
    """Rendered bodies by (article id, full text shown), least recently used dropped."""

    def __init__(self, size: int = BODY_CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, bool], tuple[BodySource, RenderedBody]] = (
            OrderedDict())
        self._lock = threading.Lock()

    def get(self, article_id: int, source: BodySource) -> RenderedBody | None:
        """The body rendered from ``source`` for this article, if it is still kept."""
        key = (article_id, source.full)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != source:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, article_id: int, source: BodySource, body: RenderedBody) -> None:
        """Keep ``body`` (rendered from ``source``), dropping the oldest entry when full."""
        key = (article_id, source.full)
        with self._lock:
            self._entries[key] = (source, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def forget(self, article_id: int) -> None:
        """Drop every body kept for this article."""
        with self._lock:
            for full in (False, True):
                self._entries.pop((article_id, full), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
