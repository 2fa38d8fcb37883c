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
                                     "'; DROP TABLE articles; --", "\x00\x1b[2J", "",
                                     '"北京', "北京* OR", "-北京 NOT 東京", "(北京) AND",
                                     'NOT "開 学" 大学 OR -iphone発売'])
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


@pytest.fixture
def cjk(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "cjk.sqlite3")
    s.sync_subscriptions([Subscription("https://cjk.example/feed")])
    s.apply_update(s.feeds()[0].id, ParsedFeed("C", None, "", "rss20", (
        _entry("1", "北京大学举行开学典礼", "<p>新学期从九月开始。</p>", "王小明", 1),
        _entry("2", "東京都の天気", "<p>明日は晴れです。新しいコンピュータを買った。</p>",
               None, 2),
        _entry("3", "iPhone15発売", "<p>Apple の新製品</p>", None, 3),
        _entry("4", "Harga cabai naik", "<p>Pasar induk ramai.</p>", None, 4),
        _entry("5", "全角ＡＢＣ１２３の記事", "<p>ﾊﾝｶｸｶﾀｶﾅ ｉＰｈｏｎｅ</p>", None, 5),
    )), NOW)
    return s


@pytest.mark.parametrize(("query", "titles"), [
    ("大学", ["北京大学举行开学典礼"]),  # a word inside a run of Han characters
    ("开学", ["北京大学举行开学典礼"]),
    ("北京", ["北京大学举行开学典礼"]),
    ("大学 典礼", ["北京大学举行开学典礼"]),  # every word required
    ('"开学典礼"', ["北京大学举行开学典礼"]),
    ("九月", ["北京大学举行开学典礼"]),  # in the body
    ("小明", ["北京大学举行开学典礼"]),  # in the author
    ("天気", ["東京都の天気"]),
    ("晴れ", ["東京都の天気"]),  # Han and Hiragana together
    ("コンピュータ", ["東京都の天気"]),  # Katakana
    ("発売", ["iPhone15発売"]),
    ("iphone15", ["iPhone15発売"]),  # Latin letters beside them stay one word
    ("製品", ["iPhone15発売"]),
    ("上海", []),
    ("学大", []),  # the characters' order counts
    ("大学 -典礼", []),
    ("cabai", ["Harga cabai naik"]),
    # full-width and half-width forms fold (NFKC) either way
    ("ABC", ["全角ＡＢＣ１２３の記事"]),
    ("ＡＢＣ１２３", ["全角ＡＢＣ１２３の記事"]),
    ("abc1", ["全角ＡＢＣ１２３の記事"]),  # ABC123 is one word: a prefix of it
    ("カタカナ", ["全角ＡＢＣ１２３の記事"]),
    ("ｶﾀｶﾅ", ["全角ＡＢＣ１２３の記事"]),
    ("iphone", ["iPhone15発売", "全角ＡＢＣ１２３の記事"]),
    ("ｉＰｈｏｎｅ", ["iPhone15発売", "全角ＡＢＣ１２３の記事"]),
])
def test_chinese_and_japanese_words_are_found_inside_runs(
        cjk: Store, query: str, titles: list[str]) -> None:
    assert _titles(cjk, query) == titles


def test_segmenting_leaves_other_scripts_alone() -> None:
    from monitor_tui.store.search import match_expression, segment

    for text in ("plain ascii", "Crème brûlée — “kopi” ✓ 😀", "서울에서 만나요", "สวัสดี"):
        assert segment(text) == text
    assert segment("東京abc") == " 東  京 abc"
    assert match_expression("東京") == '("東 京" OR "東京"*)'
    assert match_expression('"東京 abc"') == '("東 京 abc" OR "東京 abc")'


def test_rows_indexed_before_segmenting_are_found_and_removed_cleanly(tmp_path: Path) -> None:
    """A cache from before (schema 4) indexed a run of Han characters as one token: its
    rows are still found as before (a prefix of the run) and, once edited or expired,
    leave no token behind (a contentless index deletes only with the values it indexed)."""
    import sqlite3

    from monitor_tui.store.db import MIGRATIONS

    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:3]:
        step(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO feeds (url, title, category) VALUES ('https://cjk.example/feed', "
                 "'C', 'X')")
    for n, (title, body) in enumerate((("北京大学举行开学典礼", "<p>新学期从九月开始。</p>"),
                                       ("上海天气晴朗", "<p>气温回升。</p>")), 1):
        conn.execute(
            "INSERT INTO articles (id, story_key, feed_id, title, content, first_seen, "
            "sort_time, date_known) VALUES (?, ?, 1, ?, ?, 1, ?, 0)", (n, f"k{n}", title, body, n))
        conn.execute("INSERT INTO entries VALUES (1, ?, ?)", (str(n), n))
    conn.close()
    store = Store.open(path)  # version 4 indexes them unsegmented, version 5 marks them so
    assert [r[0] for r in store.conn.execute(
        "SELECT search_segmented FROM articles ORDER BY id")] == [0, 0]
    assert _titles(store, "北京") == ["北京大学举行开学典礼"]  # the old way: a prefix
    assert _titles(store, "大学") == []  # inside an old row's run: not yet
    edited = _entry("1", "北京大学举行毕业典礼", "<p>毕业生三千人。</p>")
    assert store.apply_update(1, ParsedFeed("C", None, "", "rss20", (edited,)), NOW).updated == 1
    assert _titles(store, "开学") == [] and _titles(store, "九月") == []
    assert _titles(store, "北京大学举行开学") == []  # no stale token of the old row
    assert _titles(store, "毕业") == ["北京大学举行毕业典礼"]  # re-indexed segmented
    assert _titles(store, "上海") == ["上海天气晴朗"]
    assert store.expire(NOW + timedelta(days=3650), max_age_days=1) == 2
    assert _titles(store, "上海") == [] and _titles(store, "北京") == []
    assert store.conn.execute(  # the index holds no row at all
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'a* OR 上* OR 北*'"
    ).fetchone()[0] == 0


def test_every_mix_of_words_scripts_and_operators_is_valid_fts5(cjk: Store) -> None:
    """Queries of one to three tokens from a vocabulary of Latin, digits, CJK, punctuation
    inside words, quotes, minus signs and operators: every one is valid FTS5 syntax (a
    Latin-then-CJK word such as "U-18日本" before a second word was a syntax error)."""
    import itertools

    vocab = ["a", "2024", "東京", "x-東京", "U-18日本代表", "a.b東", "iPhone15発売", '"大学',
             '"开学 典礼"', "-典礼", "OR", "NOT", "AND", "NEAR(東京", "桜)", "*", "🍣", "ｶﾀｶﾅ"]
    for n in (1, 2, 3):
        for words in itertools.product(vocab, repeat=n):
            _titles(cjk, " ".join(words))  # raises on an FTS5 syntax error
    assert _titles(cjk, "U-18日本代表 2024") == []
    assert _titles(cjk, "iPhone15発売 製品") == ["iPhone15発売"]
    assert _titles(cjk, "x-大学 北京") == []
