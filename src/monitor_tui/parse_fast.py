"""Fast path for plain UTF-8 RSS 2.0 and Atom 1.0 documents: lxml instead of feedparser.

``parse_fast`` rebuilds the feedparser fields that ``parse.parse_feed`` reads (title, link,
id, summary, content, author, tags, enclosures, dates, ttl) by replaying feedparser
6.0.14's strict-parser rules over an lxml tree, then hands them to the same
``parse._entries``/``parse._ttl_minutes``, so the ``ParsedFeed`` is equal. It returns
``None`` (the caller then uses feedparser) whenever it is not sure: another feedparser
version, a charset other than UTF-8, a DOCTYPE, XML that is not well-formed, RSS 1.0/0.90,
Atom 0.3, JSON Feed, or an element whose feedparser handler is not replayed here (xhtml
content, ``<source>``, ``<textInput>``, georss, nested titles, ...). Element names,
attributes and the xml:base stack, as feedparser's SAX handler sees them, are
``parse_fast_sax``'s.

Formats: RSS 2.0 (https://www.rssboard.org/rss-specification: ``item``, ``guid``
isPermaLink, ``enclosure``, ``category`` domain, ``ttl``) and Atom 1.0 (RFC 4287: text
constructs §3.1, person constructs §3.2, ``content`` §4.1.3, ``link`` rel §4.2.7,
``xml:base`` §2). feedparser quirks replayed on purpose: text is stripped, re-decoded when
it is UTF-8 read as Latin-1, C1 characters mapped through windows-1252; the first
non-empty title wins (``media:title`` never locks it); a description or summary after
another one becomes *content*; a deeper summary loses to a shallower one but still sets
``summary_detail``; a permalink ``guid`` or Atom ``id`` is the link until a link element
says otherwise; ``xml:base`` leaks to later siblings when the parent has none. Dates go
through feedparser's own handlers, except the usual RFC 822 shape, replayed exactly.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

import feedparser
from feedparser.api import StrictFeedParser
from feedparser.datetimes import _date_handlers, _parse_date
from feedparser.encodings import RE_XML_PI_ENCODING, parse_content_type
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from lxml import etree

from monitor_tui import dates
from monitor_tui.model import ParsedFeed
from monitor_tui.parse_fast_sax import Bail, SaxReplay
from monitor_tui.render.text import one_line

_FEEDPARSER_VERSION = "6.0.14"  # the rules below are this version's; others fall back
_HANDLED = frozenset(n.split("_", 2)[2] for n in dir(StrictFeedParser)
                     if n.startswith(("_start_", "_end_")))
_KEYMAP: dict[str, Any] = dict(feedparser.FeedParserDict.keymap)
_looks_like_html: Callable[[str], bool] = _FeedParserMixin.looks_like_html
_ITUNES = "http://www.itunes.com/"
_XML_DECL = re.compile(rb"<\?xml\s[^>]*?>")
_ENTITY_LIKE = re.compile(r"&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
# a U+00C2-U+00F4 or a C1 character anywhere in the text, as UTF-8 bytes or char references
_LEAD = (re.compile(rb"\xc3[\x82-\xb4]"),
         re.compile(rb"&#(?:0*(?:19[4-9]|2[0-3]\d|24[0-4])|x0*(?:[c-eC-E][\da-fA-F]|[fF][0-4]));"))
_C1S = (re.compile(rb"\xc2[\x80-\x9f]"),
        re.compile(rb"&#(?:0*(?:12[89]|1[34]\d|15\d)|x0*[89][\da-fA-F]);"))
_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html",
          "xhtml": "application/xhtml+xml"}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_RFC822 = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (" + "|".join(_MONTHS)
                     + r") (\d{4}) (\d\d):(\d\d):(\d\d) (?:([+-])(\d\d)(\d\d)|GMT)")
_RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}

# feedparser handler names ('<std prefix>_<local name>') grouped by what they do
TITLE = {"title", "dc_title"}
GUID = {"guid", "id"}
DESC = {"description", "dc_description", "media_description"}
SUMM = {"summary", "itunes_summary"}
SUBT = {"subtitle", "tagline", "itunes_subtitle"}
CONT = {"content_encoded": "text/html", "fullitem": "text/html", "content": "text/plain"}
AUTHOR = {"author", "dc_author", "dc_creator", "itunes_author", "managingeditor"}
DATES = {"pubdate": "published", "published": "published", "issued": "published",
         "dcterms_issued": "published", "updated": "updated", "modified": "updated",
         "lastbuilddate": "updated", "dc_date": "updated", "dcterms_modified": "updated",
         "created": "created", "dcterms_created": "created"}
TAGS = {"category", "keywords", "dc_subject", "media_category", "itunes_category",
        "itunes_keywords", "media_keywords"}
PERSON = {"name", "email", "uri", "url", "homepage", "itunes_name", "itunes_email"}
FEED_ONLY = {"ttl", "sy_updateperiod", "sy_updatefrequency"}
# handlers that only write fields parse.py never reads, as leaves or as containers
LEAVES = PERSON | {
    "language", "dc_language", "rights", "copyright", "dc_rights", "generator", "cloud",
    "info", "feedburner_browserfriendly", "itunes_image", "itunes_block", "itunes_explicit",
    "media_thumbnail", "media_player", "media_credit", "media_rating", "media_restriction",
    "media_license", "cc_license", "webmaster", "dc_publisher", "expirationdate", "width",
    "height", "dc_contributor"}
CONTAINERS = {"media_group", "media_content", "contributor"}
# names an element without a handler must not have: feedparser stores it as context[name]
RESERVED = {"title", "link", "links", "id", "guidislink", "summary", "subtitle", "content",
            "author", "authors", "contributors", "publisher", "publishers", "tags", "published",
            "updated", "created", "enclosures", "image", "textinput", "source", "category",
            "license", "cloud", "where", "media_content", "media_thumbnail", "media_credit",
            "media_rating", "media_player", "media_restriction", "media_license",
            "psc_chapters", *FEED_ONLY}
Tags = list[dict[str, str | None]]


def parse_fast(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed | None:
    """Parse ``data`` as ``parse.parse_feed`` would, or return None when not sure to match.

    Same arguments as ``parse_feed``. Only UTF-8, DOCTYPE-free, well-formed RSS 2.0
    (also 0.91/0.92/no version; RSS 2.0 spec) and Atom 1.0 (RFC 4287) documents whose
    elements are all replayed here take this path. Raises nothing.
    """
    if feedparser.__version__ != _FEEDPARSER_VERSION:
        return None
    try:
        return _Doc(url).run(data, content_type)
    except Exception:  # Bail, or anything unforeseen: feedparser decides
        return None


def _enforce_href(a: dict[str, str]) -> dict[str, str]:
    href = a.get("url", a.get("uri", a.get("href")))
    if href:
        a.pop("url", None)
        a.pop("uri", None)
        a["href"] = href
    return a


def _add_tag(tags: Tags, term: str | None, scheme: str | None, label: str | None) -> None:
    tag = {"term": term, "scheme": scheme, "label": label}
    if (term or scheme or label) and tag not in tags:
        tags.append(tag)


def _content_type_ok(content_type: str | None, body: bytes) -> bool:
    """RFC 3023 as feedparser applies it: only cases that end as UTF-8 with no warning."""
    if not content_type:
        return True
    mime, charset = parse_content_type(content_type)
    charset = charset.lower()
    if mime in ("application/xml", "application/xml-dtd",
                "application/xml-external-parsed-entity") or (
            mime.startswith("application/") and mime.endswith("+xml")):
        return charset in ("", "utf-8")
    if mime in ("text/xml", "text/xml-external-parsed-entity") or (
            mime.startswith("text/") and mime.endswith("+xml")):
        return charset == "utf-8" or (not charset and body.isascii())
    return False


class _Entry:
    """One entry's fields (as feedparser names them) and its title/summary depth state."""

    def __init__(self) -> None:
        self.e: dict[str, Any] = {"tags": [], "enclosures": []}
        self.title_lock: int | None = None  # feedparser's title_depth
        self.title_depth: int | None = None  # depth the stored title came from
        self.summary_depth: int | None = None


class _Doc(SaxReplay):
    """One document's replay state: hasContent flag, text fixes (names and xml:base stack:
    ``SaxReplay``)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.atom = False
        self.has_content = False
        self.mojibake = self.c1 = self.dates_first = False

    def run(self, data: bytes, content_type: str | None) -> ParsedFeed:
        from monitor_tui import parse  # lazily (parse imports this module); registers dates

        self.dates_first = _date_handlers[:1] == [dates._feedparser_handler]
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        body.decode("utf-8")  # UnicodeDecodeError: bail
        if b"\x00" in body or not _content_type_ok(content_type, body):
            raise Bail
        m = RE_XML_PI_ENCODING.match(body)  # feedparser's own reading of the prolog
        if m and m.group(1).lower() != b"utf-8":
            raise Bail
        m = _XML_DECL.match(body)
        if m and not re.search(rb"version\s*=\s*[\"']1\.0[\"']", m.group(0)):
            raise Bail
        start = re.search(rb"<[A-Za-z_]", body)
        prolog = body[: start.start() if start else len(body)].upper()
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise Bail
        self.namespaces(body)
        refs = b"&#" in body
        self.mojibake = bool((b"\xc3" in body and _LEAD[0].search(body))
                             or (refs and _LEAD[1].search(body)))
        self.c1 = bool((b"\xc2" in body and _C1S[0].search(body))
                       or (refs and _C1S[1].search(body)))
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
            recover=False, remove_comments=True, remove_pis=True, strip_cdata=True)
        root = etree.fromstring(body, parser)
        info: Any = root.getroottree().docinfo
        if info.doctype or (info.encoding or "").upper() != "UTF-8":
            raise Bail
        feed: dict[str, Any] = {}
        entries: list[dict[str, Any]] = []
        a = self.enter(root)
        if root.tag == "rss":
            version = a.get("version", "")
            fmt = _RSS_VERSIONS.get(version) or ("rss20" if version.startswith("2.") else "rss")
            if len(root) != 1 or self.key(root[0]) != "channel":
                raise Bail
            self.channel(root[0], self.enter(root[0]), feed, entries, "item")
        elif root.tag == "{http://www.w3.org/2005/Atom}feed":
            self.atom, fmt = True, "atom10"
            self.channel(root, {}, feed, entries, "entry")
        else:
            raise Bail
        site = feed.get("link")
        return ParsedFeed(
            title=one_line(feed.get("title") or "", parse.MAX_TITLE),
            site_url=urljoin(self.url, site) if site else None,
            description=one_line(feed.get("subtitle") or "", 2_000),
            format=fmt,
            entries=tuple(parse._entries(entries[: parse.MAX_ENTRIES], self.url)),
            ttl_minutes=parse._ttl_minutes(feed),
            warning=None,
        )

    def fix(self, s: str) -> str:
        """feedparser's last touches on text: UTF-8 read as Latin-1 re-decoded, C1 → cp1252.

        Both need characters the document-wide byte checks in ``run`` look for.
        """
        if s.isascii():
            return s
        if self.mojibake:
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                s = s.encode("iso-8859-1").decode("utf-8")
        return s.translate(_cp1252) if self.c1 and _C1.search(s) else s

    def text(self, el: etree._Element, resolve: bool = False) -> str:
        if len(el):
            raise Bail  # child elements in a text element: feedparser's inline markup rules
        out = (el.text or "").strip()
        return self.join(out) if resolve and out else out

    def content(self, el: etree._Element, a: dict[str, str], default: str) -> dict[str, Any]:
        """A text construct (title, description, summary, content) and its type and base."""
        t = a.get("type", default)
        t = _TYPES.get(t, t)
        if t not in ("text/plain", "text/html") or a.get("mode") == "base64" or "src" in a:
            raise Bail
        out = self.text(el)
        if not self.atom and t == "text/plain" and _looks_like_html(out):
            t = "text/html"
        return {"type": t, "base": self.base, "value": self.fix(out)}

    def link(self, el: etree._Element, a: dict[str, str], ctx: dict[str, Any],
             entry: bool) -> None:
        a.setdefault("rel", "alternate")
        a.setdefault("type", "application/atom+xml" if a["rel"] == "self" else "text/html")
        _enforce_href(a)
        if "href" in a:
            self.text(el)
            a["href"] = self.join(a["href"])
            if a["rel"] == "alternate" and _TYPES.get(a["type"], a["type"]) in (
                    "text/html", "application/xhtml+xml"):
                ctx["link"] = a["href"]
        else:  # a text link: <link>https://...</link>
            out = self.fix(self.text(el, resolve=True))
            if entry:
                out = out.replace("&amp;", "&")
            ctx["link"] = out = _ENTITY_LIKE.sub(r"&\1", out)
            if out:
                a["href"] = out
        if entry and a["rel"] == "enclosure":
            ctx["enclosures"].append(a)

    def guid(self, el: etree._Element, a: dict[str, str], ctx: dict[str, Any]) -> None:
        is_link = a.get("ispermalink", "true") == "true"
        ctx["id"] = value = self.fix(self.text(el, resolve=is_link))
        if is_link:
            ctx.setdefault("link", value)

    def channel(self, ch: etree._Element, a: dict[str, str], feed: dict[str, Any],
                entries: list[dict[str, Any]], item_key: str) -> None:
        """RSS <channel> or Atom <feed>: feed fields, and entries in document order."""
        if "href" in a or "lastmod" in a:
            raise Bail
        titles = 0
        for el in ch:
            a = self.enter(el)
            k = self.key(el)
            if k == item_key:
                entries.append(self.entry(el, a))
            elif k in TITLE:
                titles += 1
                feed["title"] = self.content(el, a, "text/plain")["value"]
            elif k == "link":
                self.link(el, a, feed, entry=False)
            elif k in GUID:
                self.guid(el, a, feed)
            elif (k in DESC or k in SUMM) and k != "media_description":
                if "summary" in feed and not self.has_content:  # a second one is content
                    self.content(el, a, "text/plain")
                    self.has_content = True
                elif k in SUMM:
                    feed["summary"] = self.content(el, a, "text/plain")["value"]
                else:
                    feed["subtitle"] = self.content(el, a, "text/html")["value"]
            elif k in CONT:
                self.content(el, a, CONT[k])
                self.has_content = True
                feed.setdefault("summary", "")
            elif k in SUBT:
                feed["subtitle"] = self.content(el, a, "text/plain")["value"]
            elif k in FEED_ONLY and not a:
                feed[k] = self.fix(self.text(el))
            elif k == "image":
                self.walk(el, None, {"title", "link", "description", "url", "href", "width",
                                     "height"})
            elif k in AUTHOR or k == "itunes_owner":
                self.walk(el, None)
            elif k in DATES or k in TAGS or k in ("enclosure", "newlocation"):
                self.nested(el, k, a, None)
            else:
                self.other(el, k, None)
            self.leave()
        if titles > 1:
            raise Bail

    def walk(self, el: etree._Element, ent: _Entry | None, only: set[str] | None = None) -> None:
        """Children of a container; with ``only``, leaves of those names (nested iTunes
        categories aside) and nothing else."""
        for child in el:
            a = self.enter(child)
            k = self.key(child)
            if only is None:
                self.nested(child, k, a, ent)
            elif k not in only:
                raise Bail
            elif k == "itunes_category":
                self.walk(child, None, only)
            else:
                self.text(child)
            self.leave()

    def nested(self, el: etree._Element, k: str, a: dict[str, str], ent: _Entry | None) -> None:
        """Elements replayed at any depth: categories, media titles and descriptions."""
        if ent is None and (k in TAGS or k in DATES or k in ("enclosure", "newlocation")):
            if k == "itunes_category":  # feed-level fields parse.py does not read
                self.walk(el, None, {"itunes_category"})
            else:
                self.text(el)
        elif ent is not None and k in TAGS:
            self.tag(el, k, a, ent.e["tags"])
        elif ent is not None and k == "media_title":
            self.title(el, a, ent, media=True)
        elif ent is not None and k == "media_description":
            self.describe(el, a, ent, desc=True)
        elif ent is not None and k == "image":
            self.text(el)
            ent.title_lock = None
        else:
            self.other(el, k, ent)

    def other(self, el: etree._Element, k: str, ent: _Entry | None) -> None:
        """An element outside the replayed ones: harmless leaf, container, or bail."""
        if k in LEAVES:
            self.text(el)
        elif k in CONTAINERS:
            self.walk(el, ent)
        elif k in _HANDLED:
            raise Bail
        else:  # no handler: feedparser stores context[key], which must not be one we read
            key = _KEYMAP.get(k, k)
            key = key[0] if isinstance(key, list) else key
            if key in RESERVED or key.endswith(("_detail", "_parsed")):
                raise Bail
            self.walk(el, ent)

    def tag(self, el: etree._Element, k: str, a: dict[str, str], tags: Tags) -> None:
        value = self.fix(self.text(el))
        if k in ("itunes_keywords", "media_keywords"):
            if a:
                raise Bail
            for term in value.split(","):
                if term.strip():
                    _add_tag(tags, term.strip(), _ITUNES if k[0] == "i" else None, None)
            return
        if k == "itunes_category":
            _add_tag(tags, a.get("text"), _ITUNES, None)
        else:
            if k == "media_category":
                a.setdefault("scheme", "http://search.yahoo.com/mrss/category_schema")
            _add_tag(tags, a.get("term"), a.get("scheme", a.get("domain")), a.get("label"))
        if value and tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        elif value:
            _add_tag(tags, value, None, None)

    def title(self, el: etree._Element, a: dict[str, str], ent: _Entry, media: bool) -> None:
        """feedparser's title_depth: once a title is set, same-depth or deeper ones are ignored."""
        c = self.content(el, a, "text/plain")
        depth = len(self.bases)
        if ent.title_lock is None or ent.title_lock > depth:
            if ent.title_depth is None or depth <= ent.title_depth:
                ent.e["title"], ent.title_depth = c["value"], depth
            ent.e["title_detail"] = {"type": c["type"]}
        if c["value"] and not media:  # media:title puts title_depth back afterwards
            ent.title_lock = depth

    def describe(self, el: etree._Element, a: dict[str, str], ent: _Entry, desc: bool) -> None:
        """description/summary: a second one (before any content) becomes content."""
        e = ent.e
        if "summary" in e and not self.has_content:
            self.has_content = True
            e.setdefault("content", []).append(self.content(el, a, "text/plain"))
            return
        c = self.content(el, a, "text/html" if desc else "text/plain")
        depth = len(self.bases)
        if ent.summary_depth is None or depth <= ent.summary_depth:
            e["summary"], ent.summary_depth = c["value"], depth
        e["summary_detail"] = {"type": c["type"], "base": c["base"]}

    def entry(self, item: etree._Element, a: dict[str, str]) -> dict[str, Any]:
        """An RSS <item> or Atom <entry> as the feedparser entry fields parse.py reads."""
        if "href" in a or "lastmod" in a or any(k.endswith("about") for k in a):
            raise Bail
        ent = _Entry()
        e = ent.e
        for el in item:
            a = self.enter(el)
            k = self.key(el)
            if k in TITLE:
                self.title(el, a, ent, media=False)
            elif k == "link":
                self.link(el, a, e, entry=True)
            elif k in GUID:
                self.guid(el, a, e)
            elif (k in DESC or k in SUMM) and k != "media_description":
                self.describe(el, a, ent, desc=k in DESC)
            elif k in CONT:
                self.has_content = True
                c = self.content(el, a, CONT[k])
                e.setdefault("content", []).append(c)
                e.setdefault("summary", c["value"])
            elif k in AUTHOR:
                e["author"] = self.author(el, e.get("author"))
            elif k in DATES:
                field = DATES[k]
                e[field] = value = self.fix(self.text(el))
                e[field + "_parsed"] = parsed = self.date(value)
                if value and parsed is None:
                    raise Bail  # a date feedparser cannot read: let the full path decide
            elif k == "enclosure":
                self.text(el)
                e["enclosures"].append(_enforce_href(a) | {"rel": "enclosure"})
            elif k in SUBT:
                self.text(el)
            else:
                self.nested(el, k, a, ent)
            self.leave()
        self.has_content = False
        return e

    def date(self, value: str) -> Any:
        """feedparser's _parse_date; its first handler is dates.parse_date, replayed for the
        usual RFC 822 shape "Wed, 07 Jan 2026 23:47:22 +0700" (same arithmetic)."""
        m = _RFC822.fullmatch(value)
        if m is None or not self.dates_first:
            return _parse_date(value)
        sign = (1 if m[7] == "+" else -1) if m[7] else 0
        offset = sign * (int(m[8]) + int(m[9]) / 60) if sign else 0
        try:
            zone = timezone(timedelta(hours=offset or 0.0))
            return datetime(int(m[3]), _MONTHS.index(m[2]) + 1, int(m[1]), int(m[4]), int(m[5]),
                            int(m[6]), tzinfo=zone).astimezone(UTC).utctimetuple()
        except (ValueError, OverflowError):  # dates.parse_date returns None or raises
            return _parse_date(value)

    def author(self, el: etree._Element, previous: str | None) -> str:
        """RSS author text, or an RFC 4287 person: "name (email)", name, else email."""
        if not len(el):
            return self.fix(self.text(el))
        person: dict[str, str] = {}
        own = el.text or ""
        for child in el:
            a = self.enter(child)
            k = self.key(child)
            value = self.text(child)
            if k in PERSON:
                if not person and previous:  # feedparser's first sync copies the last author
                    if "@" in previous:
                        raise Bail  # ... and would mix its address into this person
                    person["name"] = previous
                person[k.removeprefix("itunes_")] = value
            else:  # e.g. Blogger's <gd:image/>: no handler; its text (if any) is the author's
                self.other(child, k, None)
                own += (child.text or "") if a else ""
            own += child.tail or ""
            self.leave()
        name, email = person.get("name"), person.get("email")
        if name and email:
            return f"{name} ({email})"
        return name or email or self.fix(own.strip())
