"""The lxml fast path gives exactly the feedparser path's ParsedFeed, or None (fall back)."""

from __future__ import annotations

import importlib.util
import inspect
import random
from pathlib import Path
from typing import Any

import pytest

from monitor_tui import parse
from monitor_tui.model import ParsedFeed
from monitor_tui.parse_fast import parse_fast
from tests.conftest import REPO, SHARED, shared_dir

URL = "https://example.com/feeds/feed.xml"


def _slow(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """parse_feed without the fast path (its ``fast`` switch, once parse_feed has one)."""
    parse_feed: Any = parse.parse_feed
    if "fast" in inspect.signature(parse_feed).parameters:
        return parse_feed(data, url, content_type, fast=False)  # type: ignore[no-any-return]
    return parse.parse_feed(data, url, content_type)


def _files() -> list[Path]:
    found = [*(SHARED / "corpus" / "feeds").glob("*"), *(SHARED / "cases").glob("*.xml"),
             *(REPO / "sample_feeds").glob("*.xml"), *(REPO / "sample_feeds").glob("*.atom")]
    return sorted(p for p in found if p.is_file())


FILES = _files()


def _utf8(data: bytes) -> bool:
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_same_result_as_feedparser(path: Path) -> None:
    data = path.read_bytes()
    fast = parse_fast(data, URL)
    if fast is not None:
        assert fast == _slow(data, URL)


@pytest.mark.corpus
def test_most_utf8_rss20_and_atom_files_take_the_fast_path() -> None:
    """So the equivalence test above cannot pass by always returning None."""
    shared_dir("corpus")
    shared_dir("cases")
    eligible = taken = 0
    for path in FILES:
        data = path.read_bytes()
        try:
            slow = _slow(data, URL)
        except parse.ParseError:
            continue
        if _utf8(data) and slow.format in ("rss20", "atom10"):
            eligible += 1
            taken += parse_fast(data, URL) is not None
    assert eligible > 50
    assert taken >= eligible * 0.5, (taken, eligible)


@pytest.mark.corpus
@pytest.mark.parametrize("content_type", [None, "application/rss+xml; charset=UTF-8"])
def test_feedfarm_wordpress_feed(content_type: str | None) -> None:
    """The benchmark's WordPress-style feed (content:encoded, CDATA, dc:creator)."""
    spec = importlib.util.spec_from_file_location("feedfarm", shared_dir("bench") / "feedfarm.py")
    assert spec is not None and spec.loader is not None
    farm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(farm)
    data = farm.make_feed(3, 50, 1, "http://127.0.0.1:8811")
    fast = parse_fast(data, "http://127.0.0.1:8811/feed/3.xml", content_type)
    assert fast is not None and len(fast.entries) == 50
    assert fast == _slow(data, "http://127.0.0.1:8811/feed/3.xml", content_type)


def _rss(items: str, channel: str = "<title>T</title><link>/</link>", head: str = "",
         version: str = "2.0") -> bytes:
    return (f'{head}<rss version="{version}" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
            f"<channel>{channel}{items}</channel></rss>").encode()


def _atom(entries: str, feed: str = "<title>A</title>") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:base="https://example.org/blog/">{feed}{entries}</feed>').encode()


# feedparser quirks the fast path replays: each must take the fast path and match exactly
QUIRKS = {
    "wordpress": _rss("<item><title>A &amp; B</title><link>https://e.com/1?a=1&amp;b=2</link>"
                      "<dc:creator><![CDATA[Redaksi 7]]></dc:creator><guid isPermaLink='false'>p1"
                      "</guid><pubDate>Wed, 07 Jan 2026 23:47:22 +0700</pubDate><category>"
                      "<![CDATA[Ekonomi]]></category><category>Ekonomi</category><description>"
                      "<![CDATA[Short&#8230;]]></description><content:encoded><![CDATA[<p>Long"
                      "</p>]]></content:encoded><enclosure url='/a.mp3' type='Audio/MPEG' "
                      "length='12'/></item>"),
    "permalink guid is the link": _rss("<item><guid>https://e.com/g</guid><title>x</title></item>"),
    "html title, mojibake, C1": _rss("<item><title>&lt;b&gt;Caf\u00c3\u00a9&lt;/b&gt; \u0096"
                                     "</title></item>"),
    "second description is content": _rss("<item><description>one</description><description>"
                                           "two, longer</description></item>"),
    "email author": _rss("<item><author>jo@example.com (Jo)</author></item>"),
    "media title and description": _rss("<item><media:group><media:title>M</media:title>"
                                        "<media:description>D</media:description></media:group>"
                                        "<title>T</title></item>"),
    "duplicate guids": _rss("<item><guid>g</guid><link>/1</link></item>"
                            "<item><guid>g</guid><link>/2</link></item>"),
    "ttl and rss 0.91": _rss("<item><title>x</title></item>", "<title>T</title><ttl>30</ttl>",
                             version="0.91"),
    "atom": _atom('<entry><title type="html">&lt;i&gt;A&lt;/i&gt;</title><id>tag:e.com,1:1</id>'
                  "<updated>2025-11-05T09:01:00Z</updated><author><name>N</name><email>n@e.com"
                  '</email></author><content type="html" xml:base="posts/">&lt;img src="a.jpg"'
                  '&gt;</content><link rel="enclosure" href="e.mp3"/><category term="c"/>'
                  "</entry>"),
    "atom id as link, text content": _atom("<entry><id>urn:uuid:1</id><title>t</title><summary>"
                                           "s</summary><content>plain</content></entry>"),
}


@pytest.mark.parametrize("doc", list(QUIRKS.values()), ids=list(QUIRKS))
def test_feedparser_quirks(doc: bytes) -> None:
    fast = parse_fast(doc, URL)
    assert fast is not None
    assert fast == _slow(doc, URL)


FALLBACKS = {
    "rss 1.0": b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               b'xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel>'
               b'<item><title>x</title></item></rdf:RDF>',
    "atom 0.3": b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title></feed>',
    "json feed": b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}',
    "broken xml": _rss("<item><title>R&D</title></item>"),
    "unclosed": _rss("<item><title>x</title></item>")[:-10],
    "windows-1252": _rss("<item><title>Caf\xe9</title></item>",
                         head='<?xml version="1.0" encoding="windows-1252"?>').replace(
                             "\xe9".encode(), b"\xe9"),
    "utf-8 declared as windows-1252": _rss("<item><title>Caf\u00e9</title></item>",
                                           head='<?xml version="1.0" encoding="windows-1252"?>'),
    "utf-16": '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>T'
              "</title></channel></rss>".encode("utf-16"),
    "unparseable date": _rss("<item><title>x</title><pubDate>someday soon</pubDate></item>"),
    "doctype": _rss("<item><title>x</title></item>", head='<!DOCTYPE rss SYSTEM "rss.dtd">'),
    "xhtml content": _atom('<entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/'
                           'xhtml"><p>x</p></div></content></entry>'),
    "source element": _rss("<item><title>x</title><source url='https://s/'>S</source></item>"),
}


@pytest.mark.parametrize("doc", list(FALLBACKS.values()), ids=list(FALLBACKS))
def test_falls_back_when_not_sure(doc: bytes) -> None:
    assert parse_fast(doc, URL) is None


def test_rfc822_shortcut_matches_feedparser_date_handlers() -> None:
    """The usual RFC 822 shape is replayed without feedparser: same struct_time or None."""
    from feedparser.datetimes import _parse_date

    from monitor_tui.parse_fast import _MONTHS, _Doc

    doc = _Doc(URL)
    doc.dates_first = True
    rng = random.Random(822)
    for _ in range(3000):
        n = [rng.randint(0, top) for top in (30, 99, 35, 25, 61, 61)]
        zone = rng.choice(["GMT", f"{rng.choice('+-')}{n[0]:02d}{n[1]:02d}"])
        year = rng.choice([rng.randint(1, 9999), 1, 1970, 2026, 9999])
        value = (f"{rng.choice(['Mon', 'Sun'])}, {n[2]:02d} {rng.choice(_MONTHS)} {year:04d} "
                 f"{n[3]:02d}:{n[4]:02d}:{n[5]:02d} {zone}")
        assert doc.date(value) == _parse_date(value), value


def test_date_fallback_is_about_the_date() -> None:
    good = _rss("<item><title>x</title><pubDate>Wed, 07 Jan 2026 23:47:22 +0700</pubDate></item>")
    assert parse_fast(good, URL) is not None


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/xml",
                                          "application/rss+xml; charset=iso-8859-1"])
def test_content_types_that_change_feedparser_result_fall_back(content_type: str) -> None:
    doc = _rss("<item><title>Caf\u00e9</title></item>")
    assert parse_fast(doc, URL) is not None
    assert parse_fast(doc, URL, content_type) is None


@pytest.mark.parametrize("target", ["file:///etc/passwd", "canary"])
def test_external_entities_never_leak(target: str, tmp_path: Path) -> None:
    """XXE: a DOCTYPE entity pointing at a local file; its contents appear nowhere."""
    if target == "canary":
        (tmp_path / "secret.txt").write_text("SECRET-PARSE-FAST\n")
        target = (tmp_path / "secret.txt").as_uri()
        secret = "SECRET-PARSE-FAST"
    else:
        passwd = Path("/etc/passwd")
        if not passwd.is_file():
            pytest.skip("no /etc/passwd here")
        secret = passwd.read_text(errors="replace").splitlines()[0]
    doc = _rss("<item><title>before &e; after</title><description>&e;</description></item>",
               head=f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e SYSTEM "{target}">]>')
    assert parse_fast(doc, URL) is None
    try:
        shown = repr(parse.parse_feed(doc, URL))
    except parse.ParseError as exc:
        shown = str(exc)
    assert secret not in shown
