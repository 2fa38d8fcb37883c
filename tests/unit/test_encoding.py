"""Charset detection and recovery on the corpus' encoding traps (RFC 3023 order, then sanity)."""

from __future__ import annotations

import pytest

from monitor_tui.parse import parse_feed
from tests.conftest import shared_dir


def _parse(name: str, content_type: str | None = None):  # type: ignore[no-untyped-def]
    data = (shared_dir("corpus") / "feeds" / name).read_bytes()
    return parse_feed(data, f"https://example.com/{name}", content_type)


def test_valid_utf8_declared_windows_1252_is_read_as_utf8() -> None:
    assert _parse("miniflux__windows-1252-incorrect-prolog.xml").title == "Euro €"


def test_bom_then_invalid_bytes_keeps_the_valid_part() -> None:
    title = _parse("feedparser__bozo_invalid-bytes-with-bom.xml").title
    assert title.startswith("Valid UTF8: Ѩ") and "Espa\ufffda" in title


@pytest.mark.parametrize(("name", "title", "first"), [
    ("miniflux__koi8r.xml", "Пример RSS ленты", "Первая новость"),
    ("miniflux__encoding_WINDOWS-1251.xml", "iBash.Org.Ru", "Цитата #17703"),
    ("miniflux__no_encoding_ISO-8859-1.xml",
     "Flux RSS du magazine de psychologie Le Cercle Psy",
     "Perturbateurs endocriniens : quels effets sur le cerveau ?"),
    ("miniflux__invalid-prolog.xml", "테스트 피드", "Café"),
])
def test_declared_and_sniffed_charsets(name: str, title: str, first: str) -> None:
    feed = _parse(name)
    assert feed.title == title and feed.entries[0].title == first


def test_undeclared_big5_is_detected() -> None:
    assert "我希望" in _parse("feedparser__big5.xml").title


def test_http_charset_wins_over_prolog_for_application_xml() -> None:
    # RFC 3023: the HTTP charset parameter is authoritative for application/*+xml
    feed = _parse("miniflux__koi8r.xml", "application/rss+xml; charset=koi8-r")
    assert feed.entries[0].title == "Первая новость"
