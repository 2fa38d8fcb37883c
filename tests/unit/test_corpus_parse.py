"""Every real-world corpus feed parses; the values MANIFEST.tsv states are met."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from monitor_tui.parse import ParseError, _html_to_text, parse_feed
from tests.conftest import SHARED, shared_dir

# files that are not feeds at all, or broken beyond recovery (MANIFEST says so)
NOT_FEEDS = {
    "feedparser__rss_empty_document.xml", "gofeed__empty_feed.xml", "gofeed__unknown_feed.xml",
    "newsboat__empty.xml", "nnwrsparser__DaringFireball.html", "rssparserjs__unrecognized.rss",
    "feedparser__undeclared_namespace.xml", "gofeed__issue_309_namespace_whitespace.xml",
}


def _manifest() -> list[dict[str, str]]:
    path = SHARED / "corpus" / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["local_file"].startswith("feeds/")]


def _expected(text: str) -> dict[str, str]:
    """title / entries / first entry title from the 'expected_per_source_tests' column."""
    out: dict[str, str] = {}
    m = re.search(r"(?<!entry )(?<!item )\btitle='(.*?)'(?=; )", text)
    if m:
        out["title"] = m[1]
    m = re.search(r"\b(?:entries|items)=(\d+)", text)
    if m:
        out["entries"] = m[1]
    m = re.search(r"first (?:entry|item) title='(.*?)'(?=; |$)", text)
    if m:
        out["first"] = m[1]
    return out


ROWS = _manifest()


def test_corpus_present() -> None:
    shared_dir("corpus")
    assert len(ROWS) > 50


@pytest.mark.parametrize("row", ROWS, ids=[r["local_file"] for r in ROWS])
def test_corpus_feed(row: dict[str, str]) -> None:
    path: Path = shared_dir("corpus") / row["local_file"]
    name = path.name
    data = path.read_bytes()
    if name in NOT_FEEDS:
        with pytest.raises(ParseError):
            parse_feed(data, f"https://example.com/{name}")
        return
    try:
        feed = parse_feed(data, f"https://example.com/{name}")
    except ParseError:
        if "must FAIL" in row["expected_per_source_tests"]:
            return
        raise
    for entry in feed.entries:
        assert entry.key and "\x1b" not in entry.title
    expected = _expected(row["expected_per_source_tests"])
    if "title" in expected and expected["title"] != "None":
        assert feed.title == " ".join(expected["title"].split())
    if "entries" in expected:
        assert len(feed.entries) == int(expected["entries"])
    if "first" in expected and expected["first"] != "None" and feed.entries:
        first = expected["first"]
        if "<" in first:  # the source keeps HTML in titles; we show its text
            first = _html_to_text(first)
        assert feed.entries[0].title == " ".join(first.split())


def _expected_first_date(text: str) -> str | None:
    """The first entry's date the source's tests state (published, else updated, else isoDate)."""
    published = re.search(r"\bpublished=(\S+?)(?:;|$)", text)
    updated = re.search(r"\bupdated=(\S+?)(?:;|$)", text)
    iso = re.search(r"isoDate='([^']+)'", text)
    for m in (published, updated, iso):
        if m and m[1] != "None":
            return m[1].replace(".000Z", "Z")
    return None


# "Sat, Dec 16 2023 02:02:33 PM" has no zone: read as UTC, as case B01 asks (the source's
# default parser gives None, its custom one assumes US Eastern).
DATE_EXCEPTIONS = {"feedrs__rss_2.0_nbcny.xml": "2023-12-16T14:02:33Z"}


def test_corpus_first_dates() -> None:
    shared_dir("corpus")
    checked = 0
    for row in ROWS:
        expected = _expected_first_date(row["expected_per_source_tests"])
        path = shared_dir("corpus") / row["local_file"]
        if expected is None or path.name in NOT_FEEDS:
            continue
        expected = DATE_EXCEPTIONS.get(path.name, expected)
        feed = parse_feed(path.read_bytes(), "https://example.com/feed")
        got = feed.entries[0].published
        assert got is not None and got.strftime("%Y-%m-%dT%H:%M:%SZ") == expected, path.name
        checked += 1
    assert checked >= 25
