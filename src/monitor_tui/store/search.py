"""Full-text search over cached articles with SQLite FTS5 (title, author, body text).

The index is contentless (``content=''``): it keeps only the token index, not a second
copy of every article, so the cache stays small. Tokens are folded by FTS5's
``unicode61`` tokenizer with ``remove_diacritics 2`` ("é" matches "e", "Müller"
matches "muller"). A contentless index forgets rows only when given the exact values
it indexed, so :func:`article_text` is deterministic and recomputed for deletes.

Chinese and Japanese are written without spaces between words, and ``unicode61`` keeps
a whole run of such characters as one token: a word inside a sentence was never found.
Each Han, Hiragana and Katakana character is indexed as a token of its own
(:func:`segment`) and a query's runs become phrases of them, so any part of a run
matches (the unigram approach of Lucene's CJK analyzers). Rows indexed before that
(``articles.search_segmented = 0``) are removed with their old, unsegmented values,
and a query also matches them the old way (as a prefix of a run).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from datetime import datetime

MAX_BODY_CHARS = 20_000
HISTORY_SIZE = 50
DATE_WALK_MIN_HITS = 2000
"""From this many hits on, a search's newest matches are found sooner by walking the
date index (a common word fills a page within a few hundred articles) than by sorting
every match; below it, sorting the few matches is cheaper than walking the index."""

CREATE_SQL = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, author, body, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TABLE search_history (query TEXT PRIMARY KEY, used_at REAL NOT NULL)",
)

_WORD = re.compile(r"\w+", re.UNICODE)
# Han (with extension A, compatibility ideographs and the planes of extensions B+),
# Hiragana, Katakana (with phonetic extensions and half-width forms), and 々 〆 〇
_CJK = re.compile("[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]")
# the UTF-8 lead bytes of those blocks (and of a few others): text with none of them
# is passed by with memchr-speed scans instead of the regex (a cold refresh indexes
# thousands of articles)
_CJK_LEADS = tuple(bytes([b]) for b in (0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF, 0xF0))
_TOKEN = re.compile(r'(?P<minus>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))', re.UNICODE)


def segment(text: str) -> str:
    """``text`` with a space either side of every Han, Hiragana and Katakana character,
    so that FTS5's ``unicode61`` tokenizer makes each one a token. Text with such
    characters, or with full-width and half-width forms (their UTF-8 starts alike), is
    NFKC-normalized first, so "ＡＢＣ" finds "ABC" and "ｶﾀｶﾅ" finds "カタカナ"; other
    text is returned unchanged."""
    if text.isascii():
        return text
    raw = text.encode("utf-8", "surrogatepass")
    if not any(lead in raw for lead in _CJK_LEADS):
        return text
    return _CJK.sub(r" \g<0> ", unicodedata.normalize("NFKC", text))


def article_text(title: str, author: str | None, html: str, *,
                 segmented: bool = True) -> tuple[str, str, str]:
    """The (title, author, body) an article is indexed with; body is the HTML's text.

    The body is cut at MAX_BODY_CHARS characters of whitespace-collapsed text. Text
    shorter than that is given as it is: FTS5 splits tokens at every whitespace
    character, so collapsing would give the same tokens (and a delete, which
    re-tokenizes these values, still matches) at a quarter of the cost.
    ``segmented``: Chinese and Japanese characters one token each (see :func:`segment`);
    False gives the values of rows indexed before that (``search_segmented = 0``).
    """
    from selectolax.lexbor import LexborHTMLParser

    body = ""
    if html:
        try:
            body = LexborHTMLParser(html[: MAX_BODY_CHARS * 4]).text(separator=" ")
        except Exception:
            body = ""
    if len(body) > MAX_BODY_CHARS:
        body = " ".join(body.split())[:MAX_BODY_CHARS]
    if not segmented:
        return title, author or "", body
    return segment(title), segment(author or ""), segment(body)


def index(conn: sqlite3.Connection, article_id: int, title: str, author: str | None,
          html: str, text: tuple[str, str, str] | None = None) -> None:
    """Add an article to the index (call inside the caller's transaction).

    ``text`` is ``article_text(title, author, html)`` when the caller computed it
    already (the refresh service does, in its parser processes).
    """
    conn.execute("INSERT INTO articles_fts (rowid, title, author, body) VALUES (?, ?, ?, ?)",
                 (article_id, *(text or article_text(title, author, html))))


def index_many(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Add articles given as (id, title, author, body) with body from :func:`article_text`."""
    conn.executemany("INSERT INTO articles_fts (rowid, title, author, body) VALUES (?, ?, ?, ?)",
                     rows)


def unindex(conn: sqlite3.Connection, article_id: int, title: str, author: str | None,
            html: str, *, segmented: bool = True) -> None:
    """Remove an article, given the values it was indexed with (FTS5 'delete' command);
    ``segmented``: its ``articles.search_segmented``."""
    conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, author, body) "
                 "VALUES ('delete', ?, ?, ?, ?)",
                 (article_id, *article_text(title, author, html, segmented=segmented)))


def backfill(conn: sqlite3.Connection) -> None:
    """Index every article (the schema migration that adds search: version 4, before
    Chinese and Japanese were segmented, so as that version did)."""
    rows = conn.execute("SELECT id, title, author, CASE WHEN content != '' THEN content "
                        "ELSE summary END FROM articles").fetchall()
    for article_id, title, author, html in rows:
        index(conn, article_id, title, author, html,
              article_text(title, author, html, segmented=False))


def match_expression(query: str) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None when it has no words.

    The syntax of web search engines: every word is required and matches as a prefix
    ("infla" finds "inflasi"); ``"two words"`` is a phrase; ``OR`` (capitals) between
    terms matches either; ``-word`` excludes (also ``NOT word``; ``AND`` is implied).
    Only words (letters and digits) reach FTS5, each quoted, so no input is ever read as FTS5
    syntax (columns, NEAR, ``*``, parentheses). Returns None when nothing positive is
    left (a query of exclusions alone).
    """
    groups: list[list[str]] = [[]]  # OR of ANDs
    excluded: list[str] = []
    negate = False
    terms = 0
    for match in _TOKEN.finditer(query):
        phrase, word = match.group("phrase"), match.group("word")
        if word in ("OR", "AND", "NOT") and not match.group("minus"):
            if word == "OR" and groups[-1]:
                groups.append([])
            negate = negate or word == "NOT"
            continue
        words = _WORD.findall(phrase if phrase is not None else word or "")
        if not words or terms >= 16:
            continue
        terms += 1
        term = (_phrase_term(words) if phrase is not None
                else _all_of([_word_term(w) for w in words]))
        if match.group("minus") or negate:
            excluded.append(term)
        else:
            groups[-1].append(term)
        negate = False
    ands = [_all_of(group) for group in groups if group]
    if not ands:
        return None
    positive = " OR ".join(f"({a})" if len(ands) > 1 else a for a in ands)
    if not excluded:
        return positive
    return f"({positive}) NOT ({' OR '.join(excluded)})"


def _all_of(terms: list[str]) -> str:
    """Terms that must all match: side by side, or with AND when one holds a group or an
    AND of its own (FTS5 reads juxtaposition as AND between phrases only). Quoted words
    never hold "(": they are letters and digits."""
    return (" AND " if any("(" in term for term in terms) else " ").join(terms)


def _word_term(word: str) -> str:
    """A word as a prefix; with Chinese or Japanese in it, the phrase of its tokens (rows
    indexed segmented), or else the word as a prefix (rows indexed before that)."""
    tokens = _WORD.findall(segment(word))  # letters and digits only: safe inside quotes
    if tokens == [word]:
        return f'"{word}"*'
    new = f'"{tokens[0]}"*' if len(tokens) == 1 else f'"{" ".join(tokens)}"'
    return f'({new} OR "{word}"*)' if tokens else f'"{word}"*'


def _phrase_term(words: list[str]) -> str:
    """A quoted phrase, matched in segmented rows and in rows indexed before that."""
    plain = " ".join(words)
    tokens = " ".join(_WORD.findall(segment(plain)))
    return f'"{plain}"' if tokens in (plain, "") else f'("{tokens}" OR "{plain}")'


def hits(conn: sqlite3.Connection, expression: str) -> int:
    """How many indexed articles match the FTS5 ``expression`` (see match_expression)."""
    return int(conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                            [expression]).fetchone()[0])


def remember(conn: sqlite3.Connection, query: str, now: datetime) -> None:
    """Put ``query`` at the top of the search history (kept to HISTORY_SIZE entries)."""
    query = " ".join(query.split())[:200]
    if not query:
        return
    conn.execute("INSERT INTO search_history (query, used_at) VALUES (?, ?) "
                 "ON CONFLICT(query) DO UPDATE SET used_at = excluded.used_at",
                 (query, now.timestamp()))
    conn.execute("DELETE FROM search_history WHERE query NOT IN (SELECT query FROM "
                 "search_history ORDER BY used_at DESC LIMIT ?)", (HISTORY_SIZE,))


def history(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    """Recent searches, newest first."""
    return [r[0] for r in conn.execute(
        "SELECT query FROM search_history ORDER BY used_at DESC LIMIT ?", (limit,))]
