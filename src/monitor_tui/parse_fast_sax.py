"""The fast feed path's SAX layer: how feedparser sees an lxml tree's names and bases.

``SaxReplay`` replays what feedparser 6.0.14's SAX handler does before an element
reaches its handler: it reads the document's ``xmlns`` declarations and refuses
ambiguous prefixes, names each element the way feedparser's handler lookup does
('<prefix>_<local>' through ``_FeedParserMixin.namespaces``), turns attributes into
the lower-cased dict feedparser sees, and keeps the ``xml:base`` stack (XML Base,
RFC 4287 §2), including feedparser's leak of a base to later siblings. Anything it is
not sure of raises ``Bail``; ``parse_fast`` builds the feed fields on top of it.
"""

from __future__ import annotations

import re

from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri
from lxml import etree

_MATCH: dict[str, str] = {k.lower(): v for k, v in _FeedParserMixin.namespaces.items()}
_STD = {v.lower() for v in _MATCH.values() if v}
_DECLS = re.compile(rb"xmlns(?::([^\s=/>\"']+))?\s*=\s*([\"'])(.*?)\2", re.S)


class Bail(Exception):
    """Not sure to match feedparser: the caller parses with feedparser instead."""


class SaxReplay:
    """One document's naming state: namespace prefixes, element keys, xml:base stack."""

    def __init__(self) -> None:
        self.base = ""
        self.bases: list[str] = []
        self.prefix_of: dict[str, str] = {}
        self.polluted: set[str] = set()
        self.keys: dict[str, str] = {}  # by tag: one prefix per unknown namespace
        self.joins: dict[tuple[str, str, bool], str] = {}

    def namespaces(self, body: bytes) -> None:
        """feedparser names elements through its namespace table; refuse ambiguous prefixes.

        Every ``xmlns`` declaration is read from the bytes (text that merely looks like
        one only makes this stricter).
        """
        uris: dict[str, set[str]] = {}
        prefixes: dict[str, set[str]] = {}
        known: set[str] = set()
        for raw_prefix, _, raw_uri in _DECLS.findall(body):
            prefix, uri = raw_prefix.decode(), raw_uri.decode()
            low = uri.lower()
            if "&" in uri or low in ("http://purl.org/rss/1.0/",
                                     "http://my.netscape.com/rdf/simple/0.9/"):
                raise Bail  # an entity, or feedparser's RSS 1.0/0.90 version sniffing
            if not uri:
                continue
            uris.setdefault(prefix, set()).add(uri)
            std = _MATCH.get(low)
            if std is not None:
                known.add(std)
                if prefix in _STD and prefix != std:
                    self.polluted.add(prefix)  # namespacemap renames this prefix
            elif "backend.userland.com/rss" not in low:
                prefixes.setdefault(uri, set()).add(prefix)
        if any(len(u) > 1 for p, u in uris.items() if p):
            raise Bail
        for uri, ps in prefixes.items():
            prefix = ps.pop()
            if ps or (prefix and (prefix in known or prefix.lower() in self.polluted)):
                raise Bail
            self.prefix_of[uri] = prefix

    def key(self, el: etree._Element) -> str:
        """feedparser's handler name for an element: '<prefix>_<local>' lower-cased."""
        tag = str(el.tag)
        k = self.keys.get(tag)
        if k is None:
            if not tag.isascii():
                raise Bail  # expat and libxml2 disagree on some non-ASCII name characters
            if tag[0] != "{":
                k = tag.lower()
            else:
                uri, local = tag[1:].split("}", 1)
                low = uri.lower()
                if "backend.userland.com/rss" in low:
                    low = "http://backend.userland.com/rss"
                std = _MATCH.get(low)
                prefix = (std if std is not None else self.prefix_of[uri]).lower()
                if prefix in self.polluted:
                    raise Bail
                k = f"{prefix}_{local.lower()}" if prefix else local.lower()
            self.keys[tag] = k
        return k

    def enter(self, el: etree._Element) -> dict[str, str]:
        """The attributes as feedparser's SAX handler sees them; pushes the xml:base."""
        a: dict[str, str] = {}
        items = el.items()
        if not items:  # the common case
            if self.base:
                self.base = self.join(self.base, safe=True) or self.base
            self.bases.append(self.base)
            return a
        for raw_name, raw_value in items:
            name, value = str(raw_name), str(raw_value)
            if not name.isascii():
                raise Bail
            if name[0] == "{":
                uri, local = name[1:].split("}", 1)
                std = _MATCH.get(uri.lower(), "")
                a[(f"{std}:{local}" if std else local).lower()] = value
            else:
                a[name.lower()] = value
        for raw_name, raw_value in items:
            a[str(raw_name).rsplit("}", 1)[-1].lower()] = str(raw_value)
        for k in ("rel", "type"):
            if a.get(k):
                a[k] = a[k].lower()
        b = a.get("xml:base", a.get("base")) or self.base
        if self.base:
            self.base = self.join(b, safe=True) or self.base
        elif b:
            self.base = _urljoin("", b)
        self.bases.append(self.base)
        return a

    def leave(self) -> None:
        """Pop the element's xml:base; a parent without one keeps it (feedparser's leak)."""
        self.bases.pop()
        if self.bases and self.bases[-1]:
            self.base = self.bases[-1]

    def join(self, uri: str, safe: bool = False) -> str:
        """``uri`` resolved against the current xml:base as feedparser does (memoised)."""
        k = (self.base, uri, safe)
        if k not in self.joins:
            self.joins[k] = (make_safe_absolute_uri(self.base, uri) if safe
                             else _urljoin(self.base or "", uri))
        return self.joins[k]
