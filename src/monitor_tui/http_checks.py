"""What the fetch layer checks in a server's answer: validator sanity (ETag,
Last-Modified, RFC 9110 §8.8), Retry-After (RFC 9110 §10.2.3), and an HTML page sent
where a feed was expected, with the feed links that page advertises
(``<link rel="alternate">``, the RSS autodiscovery convention).
"""

from __future__ import annotations

import codecs
import contextlib
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from monitor_tui.problem import Problem


def _header_safe(value: str) -> bool:
    return bool(value) and value.isascii() and value.isprintable() and len(value) <= 1024


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def sane_last_modified(value: str | None, *, now: datetime | None = None) -> str | None:
    """Return ``value`` if it is a usable Last-Modified date, else ``None``.

    Rejected: unparseable (``email.utils.parsedate_to_datetime``), before 1990
    (e.g. the epoch), or more than one day in the future (``now`` defaults to
    the current UTC time). A bogus value sent back as If-Modified-Since can pin
    a feed at 304 forever (B36).
    """
    value = (value or "").strip()
    when = _http_date(value) if _header_safe(value) else None
    if when is None or when.year < 1990 or when > (now or datetime.now(UTC)) + timedelta(days=1):
        return None
    return value


def sane_etag(value: str | None) -> str | None:
    """Return ``value`` if it is a usable entity tag, else ``None``.

    Rejected: empty, non-printable/non-ASCII (not sendable in a header), and
    tags whose content parses as an HTTP date (``"Sat, 16 Nov 2041 ..."``),
    a known way servers freeze clients at 304 (B36).
    """
    value = (value or "").strip()
    inner = (value[2:] if value[:2] in ("W/", "w/") else value).strip().strip('"').strip()
    if not _header_safe(value) or not inner or _http_date(inner) is not None:
        return None
    return value


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After (RFC 9110 §10.2.3) as seconds from now: delta-seconds or an HTTP date."""
    value = (value or "").strip()
    if value.isdigit():
        return float(int(value))
    when = _http_date(value) if value else None
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            try:
                return codecs.lookup(val.strip().strip("\"'")).name
            except LookupError:
                break
    return "utf-8"


def html_page_error(body: bytes, content_type: str | None, page_url: str) -> Problem | None:
    """The "not a feed" message when the server sent an HTML page, else ``None``."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime not in ("text/html", "application/xhtml+xml"):
        return None
    start = body[:512].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not start.startswith((b"<!doctype html", b"<html")):
        return None
    from monitor_tui.feed_links import FeedLinkFinder  # only for HTML pages

    finder = FeedLinkFinder(page_url)
    with contextlib.suppress(Exception):  # the stdlib parser is lenient; keep what it found
        finder.feed(body[: 512 * 1024].decode(_charset(content_type), errors="replace"))
        finder.close()
    if finder.links:
        return Problem("fetch.html_page_links", links=", ".join(finder.links))
    return Problem("fetch.html_page")
