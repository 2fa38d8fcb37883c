"""Feed bytes → ``ParsedFeed`` with feedparser: identity, dates and text cleaning.

Handles RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 (RFC 4287) through feedparser, and JSON
Feed 1.0/1.1 through ``parse_json`` (stdlib json), which reuses the entry handling
here. What we add on top (ARCHITECTURE.md "Identity and state"):

- entry keys: GUID; a GUID repeated inside one document gets the link (or the
  position) added; no GUID → link; neither → a hash of title and content;
- dates in aware UTC, ``None`` when missing or unreadable (the store then uses
  the first-seen time), with extra date formats registered in ``dates``;
- text cleaning: control characters stripped, titles on one line, sizes capped;
- charset recovery when a feed declares UTF-8 but has a few bad bytes.

This module is pure and picklable-in/picklable-out so the refresh service can
run it in a process pool.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from monitor_tui import dates
from monitor_tui.model import Enclosure, ParsedEntry, ParsedFeed
from monitor_tui.parse_fast import parse_fast
from monitor_tui.problem import Problem
from monitor_tui.render.text import one_line, strip_controls
from monitor_tui.xmltext import escape_bare_ampersands

MAX_TITLE = 1_000
MAX_SUMMARY = 200_000
MAX_CONTENT = 4_000_000
MAX_ENTRIES = 20_000

dates.register_with_feedparser()

# feedparser.urls._urljoin drops every slash after "scheme://" (to mend "http:////x"),
# so <link>file:///tmp/x.html</link> came out as file://tmp/x.html: "tmp" a host. Its
# pattern, looked up at each call (also by parse_fast_sax), now leaves file: URLs alone.
_URIFIXER = r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)"
if getattr(getattr(feedparser, "urls", None), "_urifixer", None) is not None \
        and feedparser.urls._urifixer.pattern == _URIFIXER:
    feedparser.urls._urifixer = re.compile(r"^(?![Ff][Ii][Ll][Ee]:)" + _URIFIXER[1:])


class ParseError(Exception):
    """The bytes are not a feed we can read; ``problem`` says why, in plain words."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


def parse_feed(data: bytes, url: str, content_type: str | None = None, *,
               fast: bool = True) -> ParsedFeed:
    """Parse one feed document.

    ``data`` is the raw (already un-gzipped) body; ``url`` the feed's URL, used
    to resolve relative links; ``content_type`` the HTTP Content-Type header, whose
    charset feedparser weighs by RFC 3023 rules together with the BOM and the
    XML prolog. A JSON body (or a JSON Content-Type) is read as JSON Feed 1.0/1.1
    (``parse_json.parse_json_feed``). Raises ParseError when nothing feed-like can be
    recovered (empty body, an HTML page, broken XML with no entries, JSON that is not
    a JSON Feed). ``fast=False`` skips
    the lxml fast path, which only answers for plain UTF-8 RSS 2.0 and Atom 1.0 and
    is tested to give results equal to feedparser's.
    """
    if not data.strip():
        raise ParseError(Problem("parse.empty"))
    from monitor_tui.parse_json import is_json_feed, parse_json_feed  # imports this module

    if is_json_feed(data, content_type):
        return parse_json_feed(data, url)
    if fast and (quick := parse_fast(data, url, content_type)) is not None:
        return quick  # the same result, about 6 times sooner (parse_fast.py)
    headers = {"content-type": content_type} if content_type else {}
    d = _feedparser(data, headers)
    d = _recover_charset(data, d)
    d = _recover_bare_ampersands(data, headers, d)
    version = str(d.get("version") or "")
    entries = d.get("entries") or []
    feed = d.get("feed") or {}
    if not version and not entries:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise ParseError(Problem("parse.html"))
        exc = d.get("bozo_exception")
        why = _describe(exc) if exc else Problem("parse.no_feed")
        raise ParseError(Problem("parse.not_a_feed", detail=why))
    parsed_entries = _entries(entries[:MAX_ENTRIES], url)
    if d.get("bozo") and not parsed_entries and not feed.get("title"):
        raise ParseError(Problem("parse.broken", detail=_describe(d.get("bozo_exception"))))
    warning = None
    if d.get("bozo") and d.get("bozo_exception") is not None:
        warning = _describe(d["bozo_exception"])
    site = feed.get("link")
    return ParsedFeed(
        title=one_line(feed.get("title") or "", MAX_TITLE),
        site_url=urljoin(url, site) if site else None,
        description=one_line(feed.get("subtitle") or "", 2_000),
        format=version or "unknown",
        entries=tuple(parsed_entries),
        ttl_minutes=_ttl_minutes(feed),
        warning=warning,
    )


def _feedparser(data: bytes, headers: dict[str, str]) -> Any:
    # Sanitizing and URI resolution are render-time work here: nothing is shown as
    # HTML, and links are resolved against base_url when an article is opened.
    # A stream, never bytes: feedparser tries bytes as a file name first (open(data)), so a
    # hostile body such as b"/etc/passwd" would be read from the local disk.
    return feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                            resolve_relative_uris=False)


_UTF8_BOM = b"\xef\xbb\xbf"
_SINGLE_BYTE = ("windows-125", "cp125", "iso-8859", "iso8859", "latin", "ascii", "us-ascii",
                "koi8")


def _recover_charset(data: bytes, d: Any) -> Any:
    """Second opinion on the charset feedparser chose (RFC 3023 order: HTTP, BOM, prolog).

    Two kinds of wrong declaration are common (cases B07, the corpus' miniflux files):
    - bytes that are valid UTF-8 declared as a single-byte charset (windows-1252,
      ISO-8859-1): every non-ASCII letter would become mojibake ("Euro â‚¬"), and
      legacy text is practically never valid UTF-8 by chance, so read it as UTF-8;
    - UTF-8 (declared, or by BOM) with a few invalid bytes: feedparser falls back to a
      legacy charset for the whole document; replacing only the bad bytes with U+FFFD
      is the lesser damage.
    """
    chosen = str(d.get("encoding") or "").lower()
    body = data[3:] if data.startswith(_UTF8_BOM) else data
    if chosen.replace("_", "-") in ("utf-8", "utf8") or body.isascii():
        return d
    try:
        text = body.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        valid = False
    exc = d.get("bozo_exception")
    said_utf8 = data.startswith(_UTF8_BOM) or (
        isinstance(exc, feedparser.CharacterEncodingOverride) and "utf-8" in str(exc).lower())
    if valid and chosen.startswith(_SINGLE_BYTE):
        pass  # valid UTF-8 declared as a legacy charset
    elif not valid and said_utf8:
        bad = text.count("\ufffd")
        if bad > max(3, len(text) // 1000):
            return d  # not UTF-8 with a few bad bytes: trust feedparser's guess
    else:
        return d
    again = _feedparser(text.encode("utf-8"), {"content-type": "application/xml; charset=utf-8"})
    return again if again.get("entries") or not d.get("entries") else d


def _recover_bare_ampersands(data: bytes, headers: dict[str, str], d: Any) -> Any:
    """Re-read a document that is not well-formed because of a bare "&" (case B10).

    feedparser's loose fallback turns "R&D budget" into "R&D; budget"; escaping
    the bare ampersands lets the strict parser read the text as written.
    """
    exc = d.get("bozo_exception")
    if exc is None or "not well-formed" not in str(exc) or b"&" not in data:
        return d
    fixed = escape_bare_ampersands(data)
    if fixed == data:
        return d
    again = _feedparser(fixed, headers)
    return again if not again.get("bozo") else d


def _describe(exc: object) -> str:
    text = one_line(str(exc), 300)
    name = type(exc).__name__
    if "SAXParseException" in name or "sax" in type(exc).__module__:
        return Problem("parse.xml_error", detail=text)
    return text or name


def _ttl_minutes(feed: Any) -> int | None:
    ttl = feed.get("ttl")
    try:
        if ttl:
            return max(1, int(str(ttl).strip()))
    except ValueError:
        pass
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    minutes = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200,
               "yearly": 525600}.get(period)
    if minutes is None:
        return None
    try:
        freq = max(1, int(str(feed.get("sy_updatefrequency") or "1").strip()))
    except ValueError:
        freq = 1
    return max(1, minutes // freq)


def _entries(entries: list[Any], url: str) -> list[ParsedEntry]:
    guids = Counter(str(e.get("id") or "").strip() for e in entries)
    links = Counter(str(e.get("link") or "").strip() for e in entries)
    out: list[ParsedEntry] = []
    seen: set[str] = set()
    for index, e in enumerate(entries):
        entry = _entry(e, url, index, guids, links)
        if not (entry.title or entry.link or entry.guid or entry.content or entry.summary
                or entry.enclosures):
            continue  # nothing to show: e.g. the cut-off last item of a truncated document
        if entry.key in seen:
            # still not unique (same guid and same link twice): keep the first
            continue
        seen.add(entry.key)
        out.append(entry)
    return out


def _entry(e: Any, url: str, index: int, guids: Counter[str], links: Counter[str]) -> ParsedEntry:
    guid = strip_controls(str(e.get("id") or "")).strip()[:2000] or None
    raw_link = str(e.get("link") or "").strip()
    link = urljoin(url, raw_link)[:4000] if raw_link else None
    title = _title(e)
    content, content_type, base = _content(e)
    summary = strip_controls(str(e.get("summary") or ""))[:MAX_SUMMARY]
    if summary == content:
        summary = ""
    key = _key(guid, raw_link, title, content or summary, index, guids, links)
    author = one_line(str(e.get("author") or ""), 300) or None
    categories = tuple(dict.fromkeys(
        one_line(str(t.get("term") or t.get("label") or ""), 100) for t in e.get("tags") or []
    ))
    return ParsedEntry(
        key=key,
        guid=guid,
        link=link,
        title=title,
        author=author,
        published=_date(e, "published") or _date(e, "updated") or _date(e, "created"),
        updated=_date(e, "updated"),
        summary=summary,
        content=content,
        content_type=content_type,
        base_url=urljoin(url, base) if base else (link or url),
        categories=tuple(c for c in categories if c)[:50],
        enclosures=_enclosures(e, url),
    )


def _title(e: Any) -> str:
    raw = str(e.get("title") or "")
    detail = e.get("title_detail") or {}
    if "html" in str(detail.get("type", "")) and ("<" in raw or "&" in raw):
        raw = _html_to_text(raw)
    return one_line(raw, MAX_TITLE)


def _html_to_text(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser  # a real HTML parser, imported lazily

    tree = LexborHTMLParser(html)
    return str(tree.text(separator="")) if tree.body is not None else html


def _content(e: Any) -> tuple[str, str, str | None]:
    """Best body: the longest HTML ``content`` (content:encoded, Atom content), else summary."""
    candidates = list(e.get("content") or [])
    best = None
    for c in candidates:
        if best is None or len(str(c.get("value") or "")) > len(str(best.get("value") or "")):
            best = c
    if best is None:
        detail = e.get("summary_detail") or {}
        value = str(e.get("summary") or "")
        ctype = str(detail.get("type") or "text/html")
        base = detail.get("base")
    else:
        value = str(best.get("value") or "")
        ctype = str(best.get("type") or "text/html")
        base = best.get("base")
    kind = "text" if ctype == "text/plain" else "html"
    return strip_controls(value)[:MAX_CONTENT], kind, (str(base) if base else None)


def _key(guid: str | None, link: str, title: str, body: str, index: int,
         guids: Counter[str], links: Counter[str]) -> str:
    if guid:
        if guids[guid] == 1:
            return guid
        # one GUID for many entries (case B13): the link tells them apart
        return f"{guid}\x1f{link}" if link and links[link] == 1 else f"{guid}\x1f#{index}"
    if link:
        if links[link] == 1:
            return link
        return f"{link}\x1f{hashlib.sha1(title.encode()).hexdigest()[:16]}"
    digest = hashlib.sha1(f"{title}\x1f{body}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha1:{digest}"


def _date(e: Any, field: str) -> datetime | None:
    # dict.get skips feedparser's deprecated updated→published key fallback
    parsed = dict.get(e, f"{field}_parsed")
    if parsed:
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, OSError):
            return None
    raw = dict.get(e, field)
    return dates.parse_date(str(raw)) if raw else None


def _enclosures(e: Any, url: str) -> tuple[Enclosure, ...]:
    out: dict[str, Enclosure] = {}
    for enc in e.get("enclosures") or []:
        href = str(enc.get("href") or enc.get("url") or "").strip()
        if not href:
            continue
        absolute = urljoin(url, href)
        length: int | None
        try:
            length = int(str(enc.get("length") or "").strip()) or None
        except ValueError:
            length = None
        out.setdefault(absolute, Enclosure(absolute, str(enc.get("type") or ""), length))
    return tuple(out.values())[:20]
