"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) → ``ParsedFeed``, with stdlib json.

feedparser 6.0 reads no JSON, and the JSON Feed libraries on PyPI are unmaintained or
tiny; the format is small, so it is mapped here. Each item becomes the same
feedparser-shaped dictionary that ``parse._entries`` reads for RSS and Atom, so keys
(identity), text cleaning, size caps and duplicate handling are the XML path's, not
a copy of them.

The document is untrusted: a value of the wrong type is treated as absent, an item
that is not an object is skipped (and counted in the warning), and what cannot be
read at all (not JSON, not UTF-8, nested too deeply, not a JSON Feed) raises
``ParseError`` with a specific :class:`~monitor_tui.problem.Problem`.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any
from urllib.parse import urljoin

from monitor_tui import dates
from monitor_tui.model import ParsedFeed
from monitor_tui.parse import MAX_ENTRIES, MAX_TITLE, ParseError, _entries
from monitor_tui.problem import Problem
from monitor_tui.render.text import one_line

__all__ = ["is_json_feed", "parse_json_feed"]

_JSON_TYPES = ("application/feed+json", "application/json")
_VERSION = re.compile(r"https?://jsonfeed\.org/version/(\d+(?:\.\d+)?)/?")
_UTF8_BOM = b"\xef\xbb\xbf"
_SPACE = b" \t\r\n"
MAX_AUTHORS = 20
MAX_TAGS = 50
MAX_ATTACHMENTS = 20


def is_json_feed(data: bytes, content_type: str | None) -> bool:
    """Whether ``data`` should be read as JSON rather than XML.

    True when the first byte after an optional UTF-8 BOM and white space is ``{``
    (no XML document starts so), or when ``content_type`` (the HTTP header, with or
    without parameters) is ``application/feed+json``, ``application/json`` or another
    ``+json`` type and the body does not start with ``<`` (servers mislabel XML feeds).
    """
    head = data[:4096].removeprefix(_UTF8_BOM).lstrip(_SPACE)[:1]
    if head == b"{":
        return True
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return (media in _JSON_TYPES or media.endswith("+json")) and head not in (b"<", b"")


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed 1.0/1.1 document (RFC 8259 JSON, UTF-8) into a ``ParsedFeed``.

    ``data`` is the raw body, ``url`` the feed's URL (relative URLs are resolved
    against it). Mapped: ``title``, ``home_page_url`` (site URL), ``description``;
    per item ``id`` (numbers coerced to text), ``url`` (else ``external_url``),
    ``title``, ``content_html`` (HTML) or ``content_text`` (plain text), ``summary``
    (plain text: the body when there is no content), ``date_published`` and
    ``date_modified`` (RFC 3339, see :func:`dates.parse_rfc3339`), ``authors`` (1.1),
    ``author`` (1.0) or the feed's, ``tags`` and ``attachments`` (enclosures).
    ``image``, ``banner_image``, ``language`` and ``_`` extensions have no place in
    the model and are ignored.

    Raises ``ParseError`` for a body that is not UTF-8 JSON, nests too deeply, is
    not an object with a JSON Feed ``version``, or whose ``items`` is not a list.
    """
    text, bad_bytes = _decode(data)
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ParseError(Problem("parse.json_error",
                                 detail=Problem("parse.json_too_deep"))) from None
    except ValueError as exc:  # JSONDecodeError, or an integer over Python's digit limit
        raise ParseError(Problem("parse.json_error", detail=one_line(str(exc), 300))) from None
    if not isinstance(doc, dict):
        raise ParseError(Problem("parse.not_a_feed", detail=Problem("parse.json_not_feed")))
    fmt = _format(doc)
    items = doc.get("items", [])
    if not isinstance(items, list):
        raise ParseError(Problem("parse.broken", detail=Problem("parse.json_items")))
    feed_author = _author(doc)
    raw: list[dict[str, Any]] = []
    skipped = 0
    for item in items[:MAX_ENTRIES]:
        if isinstance(item, dict):
            raw.append(_item(item, url, feed_author))
        else:
            skipped += 1
    warning: str | None = None
    if skipped:
        warning = Problem("parse.json_skipped", count=skipped)
    elif bad_bytes:
        warning = Problem("parse.json_bad_bytes", count=bad_bytes)
    site = _url(doc.get("home_page_url"), url)
    return ParsedFeed(
        title=one_line(_text(doc.get("title")), MAX_TITLE),
        site_url=site,
        description=one_line(_text(doc.get("description")), 2_000),
        format=fmt,
        entries=tuple(_entries(raw, url)),
        warning=warning,
    )


def _decode(data: bytes) -> tuple[str, int]:
    """The body as text and the number of bytes that were not UTF-8 (RFC 8259 §8.1).

    A few bad bytes become U+FFFD, as the XML path does for feeds declared UTF-8;
    a body that is mostly not UTF-8 is refused rather than shown as mojibake.
    """
    body = data.removeprefix(_UTF8_BOM)
    try:
        return body.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    if bad > max(3, len(text) // 1000):
        raise ParseError(Problem("parse.json_error", detail=Problem("parse.json_not_utf8")))
    return text, bad


def _no_constant(name: str) -> None:
    """NaN and ±Infinity are not JSON (RFC 8259 §6): read them as absent values."""
    return None


def _format(doc: dict[str, Any]) -> str:
    """``json1``/``json11`` (feedparser's names) from ``version``; raises ParseError."""
    version = doc.get("version")
    if isinstance(version, str) and (m := _VERSION.fullmatch(version.strip())):
        number = m[1].removesuffix(".0")
        return "json" + number.replace(".", "")
    if version is None and isinstance(doc.get("items"), list):
        return "json"  # no version but JSON Feed's shape: read it rather than refuse it
    raise ParseError(Problem("parse.not_a_feed", detail=Problem("parse.json_not_feed")))


def _text(value: object) -> str:
    """A string value, or "" for anything else (lists, objects, numbers, null)."""
    return value if isinstance(value, str) else ""


def _url(value: object, base: str) -> str | None:
    """An absolute URL from a string value, or None (also when it cannot be parsed)."""
    raw = _text(value).strip()
    if not raw:
        return None
    try:
        return urljoin(base, raw)[:4000]
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 host)
        return None


def _id(value: object) -> str | None:
    """The item's ``id``: text, or a number coerced to text as JSON Feed 1.1 asks."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def _list(value: object) -> list[Any]:
    """A list value, or [] for anything else."""
    return value if isinstance(value, list) else []


def _link(item: dict[str, Any], base: str) -> str:
    """``url`` (the item's permalink), else ``external_url``, as written (the key uses
    the link as written, as for RSS); "" when neither is a usable URL."""
    for name in ("url", "external_url"):
        raw = _text(item.get(name)).strip()
        if raw and _url(raw, base) is not None:
            return raw
    return ""


def _author(obj: dict[str, Any]) -> str:
    """Names from ``authors`` (1.1) or ``author`` (1.0), joined by ", "; "" if none."""
    people = _list(obj.get("authors")) or [obj.get("author")]
    names = (one_line(_text(p.get("name")), 300) for p in people[:MAX_AUTHORS]
             if isinstance(p, dict))
    return ", ".join(dict.fromkeys(n for n in names if n))[:300]


def _item(item: dict[str, Any], base: str, feed_author: str) -> dict[str, Any]:
    """One item as the feedparser-shaped dictionary ``parse._entry`` reads."""
    e: dict[str, Any] = {
        "id": _id(item.get("id")),
        "link": _link(item, base),
        "title": _text(item.get("title")),
        "title_detail": {"type": "text/plain"},
        "author": _author(item) or feed_author,
        "tags": [{"term": t} for t in _list(item.get("tags"))[:MAX_TAGS] if isinstance(t, str)],
        "enclosures": _attachments(item.get("attachments"), base),
    }
    body_html, body_text = _text(item.get("content_html")), _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    if body_html.strip():
        e["content"] = [{"value": body_html, "type": "text/html"}]
    elif body_text.strip():
        e["content"] = [{"value": body_text, "type": "text/plain"}]
    if "content" in e:
        # the summary column holds HTML, as RSS descriptions do
        e["summary"] = html.escape(summary, quote=False)
    else:
        # no body: the plain-text summary is shown (parse._content takes it as content)
        e["summary"] = summary
        e["summary_detail"] = {"type": "text/plain"}
    for field, name in (("published", "date_published"), ("updated", "date_modified")):
        when = dates.parse_rfc3339(raw) if (raw := _text(item.get(name))) else None
        if when is not None:
            e[f"{field}_parsed"] = when.utctimetuple()
    return e


def _attachments(value: object, base: str) -> list[dict[str, str]]:
    """``attachments`` as enclosures: url, mime_type, size_in_bytes (whole, not negative)."""
    out: list[dict[str, str]] = []
    for a in _list(value)[:MAX_ATTACHMENTS]:
        if not isinstance(a, dict) or (href := _url(a.get("url"), base)) is None:
            continue
        size = a.get("size_in_bytes")
        length = ""
        if isinstance(size, float) and math.isfinite(size) and size.is_integer():
            size = int(size)
        if isinstance(size, int) and not isinstance(size, bool) and size > 0:
            length = str(size)
        out.append({"href": href, "type": one_line(_text(a.get("mime_type")), 200),
                    "length": length})
    return out
