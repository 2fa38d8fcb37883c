"""Feed links announced by an HTML page (``<link rel="alternate" type="…rss+xml">``).

Used when a server sends a web page instead of a feed, to name the feeds the page
links to. Its own module so a refresh that meets no HTML page never imports the
HTML parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})


class FeedLinkFinder(HTMLParser):
    """Collects ``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">``."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self._base_seen = False
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "base" and attr.get("href") and not self._base_seen:
            self._base_seen = True
            self.base = urljoin(self.base, attr["href"])
        elif tag == "link" and attr.get("href"):
            rels = attr.get("rel", "").lower().split()
            mime = attr.get("type", "").split(";")[0].strip().lower()
            if "alternate" in rels and mime in FEED_TYPES:
                link = urljoin(self.base, attr["href"])
                if link not in self.links:
                    self.links.append(link)
