"""JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/): detection, the mapping to
the model, identity as for RSS/Atom, RFC 3339 dates, and hostile documents (a clear error
or a skipped item, never a traceback)."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor_tui.dates import parse_rfc3339
from monitor_tui.model import Enclosure
from monitor_tui.parse import MAX_CONTENT, MAX_TITLE, ParseError, parse_feed
from monitor_tui.parse_json import is_json_feed
from monitor_tui.problem import Problem
from monitor_tui.refresh import _parse_job
from monitor_tui.store.update import PreparedFeed
from tests.conftest import REPO
from tests.hostile import TRICKS

FIXTURES = REPO / "tests" / "fixtures" / "jsonfeed"
URL = "https://kabar.example/ekonomi/feed.json"
V11 = '"version": "https://jsonfeed.org/version/1.1"'


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _error(data: bytes, content_type: str | None = None) -> Problem:
    with pytest.raises(ParseError) as caught:
        parse_feed(data, URL, content_type)
    return caught.value.problem


def test_spec_1_1_example() -> None:
    feed = parse_feed(_fixture("spec-1.1-minimal.json"), "https://example.org/feed.json",
                      "application/feed+json")
    assert (feed.title, feed.site_url, feed.format) == (
        "My Example Feed", "https://example.org/", "json11")
    second, first = feed.entries
    assert (second.key, second.guid, second.link) == ("2", "2", "https://example.org/second-item")
    assert (second.content, second.content_type) == ("This is a second item.", "text")
    assert (first.content, first.content_type) == ("<p>Hello, world!</p>", "html")
    # JSON Feed items may be untitled: an empty title, as for an RSS item without <title>
    assert first.title == second.title == ""
    assert first.published is None and feed.warning is None


def test_spec_1_0_podcast_example() -> None:
    feed = parse_feed(_fixture("spec-1.0-podcast.json"), "http://therecord.co/feed.json")
    assert (feed.title, feed.site_url, feed.format) == (
        "The Record", "http://therecord.co/", "json1")
    (e,) = feed.entries
    assert e.key == e.guid == e.link == "http://therecord.co/chris-parrish"
    assert e.title == "Special #1 - Chris Parrish"
    assert e.content_type == "html" and 'href="http://adobe.com/"' in e.content  # html wins
    assert e.summary.endswith("Aged &amp; Distilled.")  # plain text kept as HTML
    assert e.published == datetime(2014, 5, 9, 21, 4, tzinfo=UTC)
    assert e.enclosures == (Enclosure(
        "http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a", "audio/x-m4a",
        89970236),)


def test_every_mapped_field() -> None:
    feed = parse_feed(_fixture("kabar-1.1.json"), URL)
    assert feed.title == "Kabar Kota — Ekonomi"
    assert feed.description == "Berita ekonomi terbaru"
    cabai, untitled, external, podcast = feed.entries
    assert cabai.key == cabai.guid == "1042"  # a number id, coerced to text
    assert cabai.link == "https://kabar.example/ekonomi/2026/11/harga-cabai"
    assert cabai.base_url == cabai.link  # relative links in the HTML resolve against it
    assert cabai.title == "Harga cabai naik <em>lagi</em>"  # titles are plain text
    assert cabai.author == "Sari Wulandari, Budi Santoso"
    assert cabai.categories == ("Ekonomi", "Pangan")
    assert cabai.summary == "Harga cabai &lt;naik&gt; &amp; turun"
    assert cabai.published == datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    assert cabai.updated == datetime(2026, 11, 29, 10, 5, 10, tzinfo=UTC)

    assert untitled.title == "" and untitled.author == "Redaksi Kabar"  # the feed's authors
    assert untitled.content_type == "text" and "<b>bukan HTML</b>" in untitled.content
    assert untitled.published == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)

    assert external.link == "https://lain.example/laporan-bi"  # external_url when no url
    # only a summary: it becomes the (plain text) body, as an RSS description does
    assert (external.content, external.content_type, external.summary) == (
        "Hanya ringkasan, tanpa isi.", "text", "")
    assert external.published == external.updated == datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

    assert podcast.published is None  # "kemarin sore": unreadable, never a guess
    assert podcast.enclosures == (
        Enclosure("https://cdn.kabar.example/siniar-7.mp3", "audio/mpeg", 31415926),
        Enclosure("https://kabar.example/ekonomi/siniar-7.ogg", "audio/ogg", None))


def test_identity_follows_the_rss_rules() -> None:
    feed = parse_feed(_fixture("duplicate-ids.json"), URL)
    keys = [e.key for e in feed.entries]
    assert keys[:3] == ["same\x1fhttps://d.example/a", "same\x1fhttps://d.example/b",
                        "https://d.example/c"]
    assert keys[3].startswith("sha1:")  # no id, no url: a hash of title and content
    assert keys[4:] == ["7\x1f#4", "7\x1f#5"]  # 7 and "7" are the same id
    assert len(feed.entries) == 6  # the empty item {} has nothing to show
    assert parse_feed(_fixture("duplicate-ids.json"), URL) == feed  # stable


def test_detection() -> None:
    body = _fixture("spec-1.1-minimal.json")
    assert is_json_feed(body, None)
    assert is_json_feed(b"\xef\xbb\xbf \n" + body, "text/plain")
    assert is_json_feed(b"[]", "application/feed+json; charset=utf-8")
    assert not is_json_feed(b"<rss version='2.0'/>", "application/json")  # mislabelled XML
    assert not is_json_feed(b"<rss version='2.0'/>", None)
    rss = (b"<rss version='2.0'><channel><title>X</title><item><title>i</title>"
           b"<guid>g</guid></item></channel></rss>")
    assert parse_feed(rss, URL, "application/json").format == "rss20"


def test_rfc3339_dates() -> None:
    assert parse_rfc3339("2010-02-07T14:04:00-05:00") == datetime(2010, 2, 7, 19, 4, tzinfo=UTC)
    assert parse_rfc3339("2010-02-07t14:04:00.5z") == datetime(2010, 2, 7, 14, 4, 0, 500000,
                                                               tzinfo=UTC)
    assert parse_rfc3339("2016-12-31T23:59:60Z") == datetime(2016, 12, 31, 23, 59, 59,
                                                             tzinfo=UTC)
    assert parse_rfc3339("2024-03-01 10:00") == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert parse_rfc3339("2024-03-01") == datetime(2024, 3, 1, tzinfo=UTC)
    assert parse_rfc3339("Fri, 01 Mar 2024 10:00:00 +0700") == datetime(2024, 3, 1, 3, 0,
                                                                       tzinfo=UTC)
    for bad in ("2024-02-30T10:00:00Z", "2024-03-01T10:00:00+25:00", "9999-12-31T23:00:00-10:00",
                "yesterday", "", "2024-03-01T10:00:00Z" * 10, "03/04/2024"):
        assert parse_rfc3339(bad) is None, bad


def test_wrong_types_are_ignored_and_bad_items_skipped() -> None:
    feed = parse_feed(_fixture("hostile-types.json"), URL)
    assert (feed.title, feed.site_url, feed.description) == ("", None, "")
    assert feed.warning is not None and feed.warning.key == "parse.json_skipped"
    assert feed.warning.args["count"] == 4
    first, second, third = feed.entries
    assert first.guid is None and first.link is None and first.title == ""
    assert first.author is None and first.categories == () and first.enclosures == ()
    assert first.published is None and first.updated is None
    assert first.content_type == "text" and "\x1b" not in first.content
    assert "\ud800" not in first.content
    assert second.guid is None and second.title == "Second good item"  # id true: no id
    assert second.published is None  # +25:00 is no offset
    # NaN and 1e400 are no size; 2048.0 is a whole number
    assert [x.length for x in second.enclosures] == [None, None, 2048]
    assert third.guid == "3.5" and third.enclosures[0].length is None
    assert third.enclosures[0].mime_type == ""


@pytest.mark.parametrize(("name", "body", "key"), [
    ("not json", b"{version: 1}", "parse.json_error"),
    ("truncated", b'{' + V11.encode() + b', "items": [{"id": "1"', "parse.json_error"),
    ("array", b"[1, 2]", "parse.not_a_feed"),
    ("other json", b'{"data": [1, 2]}', "parse.not_a_feed"),
    ("other version", b'{"version": "2.0", "items": []}', "parse.not_a_feed"),
    ("version a list", b'{"version": ["https://jsonfeed.org/version/1"], "items": []}',
     "parse.not_a_feed"),
    ("items an object", b'{' + V11.encode() + b', "items": {"id": "1"}}', "parse.broken"),
    ("huge integer", b'{' + V11.encode() + b', "items": [{"id": ' + b"9" * 5000 + b"}]}",
     "parse.json_error"),
    ("latin-1", b'{' + V11.encode() + b', "title": "' + "éè".encode("latin-1") * 500
     + b'", "items": []}', "parse.json_error"),
])
def test_unreadable_documents_are_clear_errors(name: str, body: bytes, key: str) -> None:
    problem = _error(body, "application/feed+json")
    assert problem.key == key, (name, problem)
    assert problem.text("id") != str(problem)  # localized


def test_deep_nesting_is_an_error_not_a_recursion_crash() -> None:
    for opener, closer in ((b"[", b"]"), (b'{"a":', b"}")):
        body = b'{' + V11.encode() + b', "items": ' + opener * 200_000 + b"1" + closer * 200_000
        problem = _error(body + b"}")
        assert problem.key == "parse.json_error"
        assert problem.args["detail"] == Problem("parse.json_too_deep")


def test_huge_strings_are_capped() -> None:
    huge = "A" * 50_000_000
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": huge,
           "items": [{"id": huge, "url": "https://x.example/" + huge, "title": huge,
                      "content_html": huge, "summary": huge, "tags": [huge],
                      "authors": [{"name": huge}]}]}
    feed = parse_feed(json.dumps(doc).encode(), URL)
    (e,) = feed.entries
    assert len(feed.title) == len(e.title) == MAX_TITLE
    assert len(e.content) == MAX_CONTENT and e.guid is not None and len(e.guid) == 2000
    assert e.link is not None and len(e.link) <= 4000
    assert e.author is not None and len(e.author) <= 300
    assert len(e.categories[0]) <= 100


def test_bom_nan_and_a_few_bad_bytes() -> None:
    body = (b"\xef\xbb\xbf\n{" + V11.encode() + b', "title": "caf\xe9 & co", "home_page_url": NaN,'
            b' "items": [{"id": Infinity, "title": "t", "content_text": "x"}]}')
    feed = parse_feed(body, URL)
    assert feed.title == "caf\ufffd & co" and feed.site_url is None
    assert feed.warning is not None and feed.warning.key == "parse.json_bad_bytes"
    assert feed.entries[0].guid is None


def test_hostile_text_is_cleaned() -> None:
    items = [{"id": key, "title": trick, "content_text": trick, "summary": trick,
              "authors": [{"name": trick}], "tags": [trick]} for key, trick in TRICKS]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": TRICKS[0][1], "items": items}
    feed = parse_feed(json.dumps(doc).encode(), URL)
    assert len(feed.entries) == len(TRICKS)
    for e in feed.entries:
        for text in (e.title, e.content, e.author or "", *e.categories):
            assert not any(c in text for c in "\x1b\x07\x9b\x9d\u202e"), (e.key, text)
        assert "\n" not in e.title


def test_parsed_in_the_refresh_worker_job() -> None:
    job = _parse_job(_fixture("kabar-1.1.json"), URL, "application/feed+json", URL)
    assert isinstance(job, PreparedFeed) and len(job.entries) == 4
    failed = _parse_job(b"{}", URL, "application/json", URL)
    assert isinstance(failed, Problem) and failed.key == "parse.not_a_feed"
    assert pickle.loads(pickle.dumps(failed)) == failed


def test_fixtures_are_valid_json_except_the_hostile_one() -> None:
    for path in sorted(Path(FIXTURES).glob("*.json")):
        if path.name != "hostile-types.json":  # it has NaN and Infinity on purpose
            json.loads(path.read_bytes())
