"""FTS5 search: diacritics folded, prefixes, hostile input, kept in step with updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor_tui.model import ParsedEntry, ParsedFeed, Subscription, View, ViewKind
from monitor_tui.store import Store
from monitor_tui.store.search import match_expression

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)


def _entry(key: str, title: str, body: str, author: str | None = None,
           hours: float = 1) -> ParsedEntry:
    return ParsedEntry(key=key, guid=key, link=f"https://s.example/{key}", title=title,
                       author=author, published=NOW - timedelta(hours=hours), updated=None,
                       summary="", content=body, content_type="html", base_url=None)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cache.sqlite3")
    s.sync_subscriptions([Subscription("https://s.example/feed", category="Ekonomi")])
    s.apply_update(s.feeds()[0].id, ParsedFeed("S", None, "", "rss20", (
        _entry("1", "Inflasi November terkendali", "<p>Bank Indonesia menahan <b>suku</b> "
               "bunga.</p>", "Rina Kusumawardani", 1),
        _entry("2", "Café culture in Jakarta", "<p>Crème brûlée and kopi susu.</p>", None, 2),
        _entry("3", "Müller wins the final", "<p>The Straße was packed.</p>", "Jürgen", 3),
    )), NOW)
    return s


def _titles(store: Store, query: str, **kw: object) -> list[str]:
    view = View(ViewKind.SEARCH, query=query, **kw)  # type: ignore[arg-type]
    assert store.count_articles(view) == len(store.list_articles(view, 0, 50))
    return [r.title for r in store.list_articles(view, 0, 50)]


def test_words_prefixes_and_author(store: Store) -> None:
    assert _titles(store, "inflasi") == ["Inflasi November terkendali"]
    assert _titles(store, "infl") == ["Inflasi November terkendali"]
    assert _titles(store, "suku bunga") == ["Inflasi November terkendali"]  # body, across tags
    assert _titles(store, "kusumawardani") == ["Inflasi November terkendali"]
    assert _titles(store, "bunga jakarta") == []  # every word is required


def test_diacritics_are_folded(store: Store) -> None:
    assert _titles(store, "cafe") == ["Café culture in Jakarta"]
    assert _titles(store, "creme brulee") == ["Café culture in Jakarta"]
    assert _titles(store, "muller") == ["Müller wins the final"]
    assert _titles(store, "jurgen") == ["Müller wins the final"]


@pytest.mark.parametrize("hostile", ['"', "AND OR NOT", "title:x", "*", "(((", "NEAR(a b)",
                                     "'; DROP TABLE articles; --", "\x00\x1b[2J", ""])
def test_hostile_queries_never_raise(store: Store, hostile: str) -> None:
    _titles(store, hostile)
    assert store.count_articles(View(ViewKind.ALL)) == 3


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('a "b" OR c*') == '("a"* "b") OR ("c"*)'
    assert match_expression("title:x NEAR(y)") == '"title"* "x"* "NEAR"* "y"*'
    assert match_expression("  ,;  ") is None
    assert match_expression("-kota") is None  # exclusions alone find nothing


def test_phrases_or_and_exclusions(store: Store) -> None:
    assert _titles(store, '"suku bunga"') == ["Inflasi November terkendali"]
    assert _titles(store, '"bunga suku"') == []  # a phrase keeps its order
    assert _titles(store, "cafe OR muller") == ["Café culture in Jakarta",
                                                "Müller wins the final"]
    assert _titles(store, "cafe AND muller") == []
    assert _titles(store, "final -muller") == []
    assert _titles(store, "final NOT jakarta") == ["Müller wins the final"]
    assert _titles(store, "inflasi OR cafe -kopi") == ["Inflasi November terkendali"]
    assert _titles(store, "or and") == []  # lower case: plain words


def test_index_follows_updates_and_expiry(store: Store) -> None:
    feed_id = store.feeds()[0].id
    edited = replace(_entry("1", "Inflasi Desember", "<p>Harga beras turun.</p>"), key="1")
    store.apply_update(feed_id, ParsedFeed("S", None, "", "rss20", (edited,)), NOW)
    assert _titles(store, "november") == []
    assert _titles(store, "beras") == ["Inflasi Desember"]
    assert store.expire(NOW + timedelta(days=30), max_age_days=7) == 3
    assert _titles(store, "beras") == [] and _titles(store, "cafe") == []


def test_unread_filter_and_history(store: Store) -> None:
    hit = store.list_articles(View(ViewKind.SEARCH, query="cafe"), 0, 1)[0]
    store.set_read([hit.id], True)
    assert _titles(store, "cafe", unread_only=True) == []
    for minute, q in enumerate(("inflasi", "cafe", "inflasi", "  muller  ")):
        store.remember_search(q, NOW + timedelta(minutes=minute))
    assert store.search_history() == ["muller", "inflasi", "cafe"]


def _many(prefix: str, n: int, word: str) -> tuple[ParsedEntry, ...]:
    return tuple(_entry(f"{prefix}{i}", f"{word} {prefix} nomor {i}", "<p>isi</p>",
                        hours=1 + i * 0.5) for i in range(n))


@pytest.mark.parametrize("walk_from", [1, 10_000])  # date-index walk / sort every match
def test_search_page_bounds_the_count_and_matches_list_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walk_from: int) -> None:
    from monitor_tui.store import search

    monkeypatch.setattr(search, "DATE_WALK_MIN_HITS", walk_from)
    s = Store.open(tmp_path / "cache.sqlite3")
    subs = [Subscription("https://a.example/feed"), Subscription("https://b.example/feed")]
    s.sync_subscriptions(subs)
    ids = {f.url: f.id for f in s.feeds()}
    s.apply_update(ids[subs[0].url], ParsedFeed("A", None, "", "rss20",
                                                _many("a", 40, "banjir")), NOW)
    s.apply_update(ids[subs[1].url], ParsedFeed("B", None, "", "rss20",
                                                _many("b", 15, "banjir")), NOW)
    s.sync_subscriptions(subs[:1])  # b's articles stay cached but leave the views
    s.set_read([r.id for r in s.list_articles(View(ViewKind.ALL), 0, 5)], True)
    for view in (View(ViewKind.SEARCH, query="banjir"),
                 View(ViewKind.SEARCH, query="banjir", unread_only=True),
                 View(ViewKind.SEARCH, query="nomor 1"),
                 View(ViewKind.SEARCH, query="tidakada")):
        rows, hits = s.search_page(view, 20)
        assert rows == s.list_articles(view, 0, 20), view
        assert hits >= s.count_articles(view), view
    rows, hits = s.search_page(View(ViewKind.SEARCH, query="banjir"), 20)
    assert hits == 55 and s.count_articles(View(ViewKind.SEARCH, query="banjir")) == 40


def test_bodies_indexed_collapsed_are_still_removed_by_an_edit(store: Store) -> None:
    """Caches indexed when every body was whitespace-collapsed: an edit (delete with the
    uncollapsed text, which gives the same tokens) leaves no stale word behind."""
    from monitor_tui.store import search

    html = "<p>Harga\n\n\tcabai\u00a0naik\u2003lagi</p>  <p> di  pasar </p>"
    title, author, body = search.article_text("Cabai", None, html)
    assert " ".join(body.split()) == "Harga cabai naik lagi di pasar"
    feed_id = store.feeds()[0].id
    old = _entry("9", "Cabai", html)
    store.apply_update(feed_id, ParsedFeed("S", None, "", "rss20", (old,)), NOW)
    article_id = store.list_articles(View(ViewKind.SEARCH, query="cabai"), 0, 5)[0].id
    # the index as an older monitor-tui wrote it: the collapsed text
    search.unindex(store.conn, article_id, "Cabai", None, html)
    search.index(store.conn, article_id, "Cabai", None, html,
                 (title, author, " ".join(body.split())))
    edited = replace(old, title="Bawang", content="<p>Harga bawang turun</p>")
    assert store.apply_update(feed_id, ParsedFeed("S", None, "", "rss20", (edited,)),
                              NOW).updated == 1
    assert _titles(store, "pasar") == [] and _titles(store, "cabai") == []
    assert _titles(store, "bawang") == ["Bawang"]
    long_text = search.article_text("T", None, "<p>" + "kata  " * 5000 + "</p>")[2]
    assert len(long_text) == search.MAX_BODY_CHARS and "  " not in long_text
