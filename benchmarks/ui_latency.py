#!/usr/bin/env python3
"""UI latency at scale: first screen and key-to-repaint in a list of 100 000 articles.

    PYTHONPATH=src python benchmarks/ui_latency.py [--articles 100000] [--db PATH] [--keep]

Builds (or reuses with ``--db``) a cache of ``--feeds`` feeds (default 200) with
``--articles`` articles in all, written through ``Store.apply_update`` with generated
``ParsedFeed`` objects, then runs ``MonitorApp`` headless (``run_test``, 160x48) and
prints:

- start: seconds from creating the app until the first page of rows is drawn (median
  of ``--starts`` runs in this process; Python's own imports are not counted);
- j: median, p95 and max of key-to-repaint for j in the All list, over ``--presses``
  keys ``--pace`` seconds apart (default 30 ms, a held key's auto-repeat). Each key goes
  in as the terminal driver sends it, and the clock stops when the list has rendered
  lines again (``ArticleList.paints``). ``Pilot.press`` is not used: its idle waits
  (tens of ms) would swamp the figure. Keys closer than 1/60 s wait for Textual's next
  frame, so ``--pace 0.002`` shows the frame cap rather than the app;
- search: seconds from "/" + the query + enter until the results are drawn;
- open: seconds from enter until the article pane shows the article;
- FTS in SQLite: a common and a selective search's first page and exact count.

It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from monitor_tui.config import Settings  # noqa: E402
from monitor_tui.model import ParsedEntry, ParsedFeed, Subscription, View, ViewKind  # noqa: E402
from monitor_tui.store import Store  # noqa: E402

NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
WORDS = [
    "pemerintah", "kota", "warga", "jalan", "banjir", "pasar", "harga", "beras", "listrik",
    "sekolah", "rumah", "sakit", "pajak", "anggaran", "dewan", "rapat", "festival", "budaya",
    "liga", "final", "pelatih", "bank", "kredit", "ekspor", "impor", "pelabuhan", "bandara",
    "kereta", "bus", "terminal", "data", "digital", "aplikasi", "layanan", "publik", "hukum",
    "sidang", "hakim", "jaksa", "polisi", "desa", "petani", "nelayan", "cuaca", "hujan",
]
CATEGORIES = ("Pemerintahan", "Parlemen", "Ekonomi", "Hukum", "Olahraga", "Teknologi",
              "Pendidikan", "Kesehatan", "Budaya", "Daerah")
COMMON_WORD = "pemerintah"
RARE_WORD = "nelayan petani"
"""Two words together: a selective search (about 1 in 50 articles)."""


def generated_feed(index: int, per_feed: int, rng: random.Random) -> ParsedFeed:
    """One feed of ``per_feed`` entries spread over the last ~90 days."""
    entries = []
    for n in range(per_feed):
        words = rng.sample(WORDS, 6)
        if rng.random() < 0.3:
            words[0] = COMMON_WORD
        title = " ".join(words).capitalize() + f" ({index}-{n})"
        when = NOW - timedelta(minutes=rng.randint(5, 90 * 24 * 60))
        key = f"f{index}-e{n}"
        entries.append(ParsedEntry(
            key=key, guid=key, link=f"https://feed{index}.example/{n}", title=title,
            author=None, published=when, updated=None, summary=f"<p>{title}.</p>",
            content="", content_type="html", base_url=None))
    return ParsedFeed(title=f"Umpan {index}", site_url=None, description="",
                      format="rss20", entries=tuple(entries))


def build_cache(db: Path, feeds: int, articles: int) -> list[Subscription]:
    """Write ``feeds`` generated feeds with ``articles`` entries in all; return the subs."""
    rng = random.Random(5)
    subs = [Subscription(f"https://feed{i}.example/rss", f"Umpan {i}",
                         CATEGORIES[i % len(CATEGORIES)]) for i in range(feeds)]
    store = Store.open(db)
    try:
        store.sync_subscriptions(subs)
        ids = {f.url: f.id for f in store.feeds()}
        per_feed = max(1, articles // feeds)
        for i, sub in enumerate(subs):
            store.apply_update(ids[sub.url], generated_feed(i, per_feed, rng), NOW)
        # most of the old news has been read
        store.conn.execute("UPDATE articles SET read = 1 WHERE sort_time < ?",
                           ((NOW - timedelta(days=3)).timestamp(),))
        store.conn.commit()
    finally:
        store.close()
    return subs


def subscriptions_in(db: Path) -> list[Subscription]:
    """The subscriptions stored in an existing cache."""
    store = Store.open(db)
    try:
        return [Subscription(f.url, f.title, f.category) for f in store.feeds()]
    finally:
        store.close()


async def _key_to_repaint(app: Any, lst: Any, key: str, pace: float) -> float:
    """Seconds from a key event entering the app until the list repainted a line.

    The key goes in the way the terminal driver sends it (not through ``Pilot.press``,
    whose idle waits would dominate the figure). ``pace`` is the pause before the next
    key: 0.03 s is a fast keyboard auto-repeat (held j). Textual paints at most 60
    frames a second, so keys closer together than a frame wait for the next frame.
    """
    from textual import events

    before = lst.paints
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    while lst.paints == before:
        await asyncio.sleep(0.0002)
    elapsed = time.perf_counter() - t0
    await asyncio.sleep(pace)
    return elapsed


async def _key_to_repaint_any(app: Any, key: str) -> None:
    """Send one key as the driver would and give the app a moment to handle it."""
    from textual import events

    char = {"slash": "/", "enter": "\r"}.get(key, key if len(key) == 1 else None)
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)
    await asyncio.sleep(0.01)


async def measure_start(db: Path, subs: list[Subscription]) -> float:
    """Seconds from creating the app until the first page of rows is drawn."""
    from monitor_tui.ui.app import MonitorApp
    from monitor_tui.ui.widgets.article_list import ArticleList

    settings = Settings(feeds=tuple(subs), locale="en", refresh_on_start=False,
                        refresh_minutes=0)
    started = time.perf_counter()
    app = MonitorApp(settings, db, clock=lambda: NOW, refresh_on_start=False, tz=UTC)
    async with app.run_test(size=(160, 48)):
        lst = app.screen.query_one(ArticleList)
        while not (lst.count and lst.painted_rows):
            await asyncio.sleep(0.001)
        return time.perf_counter() - started


async def measure(db: Path, subs: list[Subscription], presses: int,
                  pace: float) -> dict[str, float]:
    """Run the app headless and time j, search and open."""
    from monitor_tui.ui.app import MonitorApp
    from monitor_tui.ui.widgets.article_list import ArticleList
    from monitor_tui.ui.widgets.article_view import ArticleView

    settings = Settings(feeds=tuple(subs), locale="en", refresh_on_start=False,
                        refresh_minutes=0)
    figures: dict[str, float] = {}
    app = MonitorApp(settings, db, clock=lambda: NOW, refresh_on_start=False, tz=UTC)
    async with app.run_test(size=(160, 48)) as pilot:
        lst = app.screen.query_one(ArticleList)
        while not (lst.count and lst.painted_rows):
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.5)  # let the sidebar counts (a worker) finish
        times = []
        for _ in range(presses):
            times.append(await _key_to_repaint(app, lst, "j", pace))
        times.sort()
        figures["j_median_ms"] = statistics.median(times) * 1000
        figures["j_p95_ms"] = times[int(len(times) * 0.95) - 1] * 1000
        figures["j_max_ms"] = times[-1] * 1000
        await pilot.press("g")
        await pilot.pause()
        for key in ("slash", *COMMON_WORD):
            await _key_to_repaint_any(app, key)
        t0 = time.perf_counter()
        await _key_to_repaint_any(app, "enter")
        while not (lst.view is not None and lst.view.query == COMMON_WORD and lst.painted_rows):
            await asyncio.sleep(0.001)
        figures["search_s"] = time.perf_counter() - t0
        figures["search_hits"] = lst.count
        view = app.screen.query_one(ArticleView)
        t0 = time.perf_counter()
        await _key_to_repaint_any(app, "enter")
        while view.article is None or not view.laid_out:  # laid out on a worker
            await asyncio.sleep(0.001)
        figures["open_s"] = time.perf_counter() - t0
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--presses", type=int, default=300)
    ap.add_argument("--pace", type=float, default=0.03,
                    help="seconds between j presses (0.03: a held key's auto-repeat)")
    ap.add_argument("--starts", type=int, default=5, help="start-up runs (median shown)")
    ap.add_argument("--db", type=Path, help="an existing cache (built there when missing)")
    ap.add_argument("--keep", action="store_true", help="keep the generated cache")
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="mt-ui-")) / "cache.sqlite3"
    try:
        return run(args, db)
    finally:
        if args.db is None and not args.keep:
            shutil.rmtree(db.parent, ignore_errors=True)


def run(args: argparse.Namespace, db: Path) -> int:
    """Build the cache if needed, measure, print."""
    if db.exists():
        subs = subscriptions_in(db)
    else:
        t0 = time.perf_counter()
        subs = build_cache(db, args.feeds, args.articles)
        print(f"built {db} ({args.articles} articles, {args.feeds} feeds) "
              f"in {time.perf_counter() - t0:.1f} s")
    import monitor_tui.ui.app  # noqa: F401  (imports are not part of the start-up figure)

    starts = sorted(asyncio.run(measure_start(db, subs)) for _ in range(args.starts))
    figures = asyncio.run(measure(db, subs, args.presses, args.pace))
    print(f"first screen:      median {statistics.median(starts):.3f} s, "
          f"max {starts[-1]:.3f} s ({args.starts} starts)")
    print(f"j key to repaint:  median {figures['j_median_ms']:.1f} ms, "
          f"p95 {figures['j_p95_ms']:.1f} ms, max {figures['j_max_ms']:.1f} ms "
          f"({args.presses} presses, {args.pace * 1000:.0f} ms apart)")
    print(f"search '{COMMON_WORD}': {figures['search_s']:.3f} s "
          f"({int(figures['search_hits'])} hits)")
    print(f"open article:      {figures['open_s']:.3f} s")
    for word in (COMMON_WORD, RARE_WORD):
        page, exact, hits = fts_in_sqlite(db, word)
        print(f"FTS '{word}' in SQLite: first page {page * 1000:.1f} ms, exact count "
              f"(day counts) {exact * 1000:.1f} ms, {hits} hits (median of 7)")
    return 0


def fts_in_sqlite(db: Path, word: str, runs: int = 7) -> tuple[float, float, int]:
    """Seconds for a search's first page (``Store.search_page``) and for its exact count
    (``Store.day_counts``, what the list gets next), medians; and the hit count."""
    store = Store.open(db)
    try:
        view = View(ViewKind.SEARCH, query=word)
        pages, counts = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            store.search_page(view, 200)
            t1 = time.perf_counter()
            days = store.day_counts(view)
            t2 = time.perf_counter()
            pages.append(t1 - t0)
            counts.append(t2 - t1)
        return statistics.median(pages), statistics.median(counts), sum(n for _, n in days)
    finally:
        store.close()


if __name__ == "__main__":
    raise SystemExit(main())
