"""Pilot and snapshot tests of the Textual UI, plus their shared helpers.

``build_cache`` writes a small, deterministic cache (hand-made ``ParsedFeed``
objects through the real Store); ``settle`` waits until every worker is done and
every message handled, instead of sleeping.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from monitor_tui.config import Settings
from monitor_tui.model import Enclosure, ParsedEntry, ParsedFeed, Subscription, View, ViewKind
from monitor_tui.store import Store
from tests.conftest import FROZEN_NOW

if TYPE_CHECKING:
    from monitor_tui.ui.app import MonitorApp

SIZE = (160, 48)

LONG_BODY = "".join(
    f"<p>Paragraf {i}: pemerintah kota mengumumkan rencana perbaikan jalan, saluran air "
    f"dan trotoar di kecamatan ke-{i}, dengan anggaran yang dibahas bersama DPRD.</p>"
    for i in range(1, 61)
)

RICH_BODY = (
    "<p>Warga <b>Kelurahan Sukamaju</b> menggelar kerja bakti pada Minggu pagi. "
    "Rinciannya ada di <a href='/agenda'>agenda kota</a> dan "
    "<a href='https://example.org/peta'>peta lokasi</a>.</p>"
    "<p><img src='/foto.jpg' alt='Warga membersihkan selokan'></p>"
    "<ul><li>Pukul 06.00: berkumpul</li><li>Pukul 09.00: selesai</li></ul>"
)


def entry(key: str, title: str, hours_ago: float | None, *, body: str = "",
          author: str | None = None, categories: tuple[str, ...] = (),
          link: str | None = None, enclosures: tuple[Enclosure, ...] = ()) -> ParsedEntry:
    """One hand-made entry dated ``hours_ago`` before FROZEN_NOW (None: no date)."""
    published = None if hours_ago is None else FROZEN_NOW - timedelta(hours=hours_ago)
    return ParsedEntry(
        key=key, guid=key, link=link if link is not None else f"https://example.org/{key}",
        title=title, author=author, published=published, updated=None,
        summary=body or f"<p>{title}</p>", content=body, content_type="html",
        base_url="https://example.org/", categories=categories, enclosures=enclosures)


def demo_feeds() -> list[tuple[Subscription, ParsedFeed]]:
    """Three categories, five feeds, 28 articles, among them an undated and a future one."""
    def feed(title: str, entries: Sequence[ParsedEntry]) -> ParsedFeed:
        return ParsedFeed(title=title, site_url="https://example.org/", description="",
                          format="rss20", entries=tuple(entries))

    kota = feed("Berita Kota", [
        entry("kota-1", "Kerja bakti warga Sukamaju bersihkan saluran air", 1.0,
              body=RICH_BODY, author="Redaksi Kota", categories=("Lingkungan", "Warga")),
        entry("kota-2", "Rencana perbaikan jalan di 12 kecamatan dibahas DPRD", 3.0,
              body=LONG_BODY, author="Siti Rahma"),
        entry("kota-3", "Jadwal pemadaman listrik bergilir pekan depan", 26.0),
        entry("kota-4", "Pasar malam kembali dibuka di alun-alun", 50.0),
        entry("kota-5", "Taman kota baru diresmikan wali kota", 24 * 9),
    ])
    ekonomi = feed("Ekonomi Harian", [
        entry("eko-1", "Harga cabai turun menjelang akhir tahun", 2.5, author="Budi"),
        entry("eko-2", "UMKM lokal ramaikan pameran kerajinan", 7.0),
        entry("eko-3", "Inflasi bulanan tercatat 0,3 persen", 30.0),
        entry("eko-4", "Bank daerah luncurkan kredit usaha mikro", 24 * 40),
    ])
    teknologi = feed("Tech Notes", [
        entry("tech-1", "Release notes: version 2.4 of the city open-data portal", 0.25,
              author="Open Data Team", categories=("Open Data",)),
        entry("tech-2", "How the transit API handles timetable changes", 5.0),
        entry("tech-3", "Podcast: episode 41, mapping the river", 12.0,
              enclosures=(Enclosure("https://example.org/ep41.mp3", "audio/mpeg", 31_457_280),)),
        entry("tech-4", "An entry whose feed gave no date at all", None),
        entry("tech-5", "A post dated next year by a broken clock", -24 * 200),
    ])
    olahraga = feed("Olahraga", [
        entry(f"ola-{i}", f"Hasil liga kota pekan ke-{i}", 4.0 + 20 * i) for i in range(1, 9)
    ])
    umum = feed("Pengumuman", [
        entry("umum-1", "Layanan KTP elektronik buka hari Sabtu", 8.0),
        entry("umum-2", "Pendaftaran sekolah dibuka bulan depan", 100.0),
    ])
    return [
        (Subscription("https://kota.example/feed", None, "Pemerintahan"), kota),
        (Subscription("https://ekonomi.example/feed", None, "Ekonomi"), ekonomi),
        (Subscription("https://tech.example/feed", None, "Teknologi"), teknologi),
        (Subscription("https://olahraga.example/feed", None, "Olahraga"), olahraga),
        (Subscription("https://umum.example/feed", None, None), umum),
    ]


def build_cache(db_path: Path, feeds: Sequence[tuple[Subscription, ParsedFeed]] | None = None,
                *, errors: dict[str, str] | None = None) -> list[Subscription]:
    """Write ``feeds`` (default :func:`demo_feeds`) into a new cache at ``db_path``."""
    feeds = demo_feeds() if feeds is None else feeds
    subs = [s for s, _ in feeds]
    store = Store.open(db_path)
    try:
        store.sync_subscriptions(subs)
        ids = {f.url: f.id for f in store.feeds()}
        for sub, parsed in feeds:
            store.apply_update(ids[sub.url], parsed, FROZEN_NOW)
        for url, message in (errors or {}).items():
            store.record_error(ids[url], message, FROZEN_NOW)
    finally:
        store.close()
    return subs


def bulk_cache(db_path: Path, n: int, *, first_hours: float = 0.5,
               step_hours: float = 1.0, key: str = "bulk-") -> list[Subscription]:
    """A new cache of one feed of ``n`` entries "Bulk article 0…n-1", the first
    ``first_hours`` before FROZEN_NOW and each next one ``step_hours`` older."""
    feed = ParsedFeed("Bulk", None, "", "rss20", tuple(
        entry(f"{key}{i}", f"Bulk article {i}", first_hours + i * step_hours)
        for i in range(n)))
    return build_cache(db_path, [(Subscription("http://127.0.0.1:1/bulk.xml"), feed)])


def settings_for(subs: Sequence[Subscription], locale: str = "en") -> Settings:
    """Settings with these subscriptions, no automatic refresh."""
    return Settings(feeds=tuple(subs), locale=locale, refresh_on_start=False, refresh_minutes=0)


async def settle(pilot: Pilot[Any], rounds: int = 60) -> None:
    """Wait until no worker is pending or running and the message queues are drained.

    Handlers may start new workers (or schedule them with ``call_later``), so the
    app must look idle for three consecutive pauses before this returns. No sleeps.
    """
    from textual.worker import WorkerCancelled

    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        # an exclusive worker replaced by a newer one (a layout, a load) is normal
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        # a PENDING worker is not "running" yet: wait until every worker is finished
        quiet = quiet + 1 if all(w.is_finished for w in app.workers) else 0
        if quiet >= 3:
            return
    raise AssertionError("workers did not settle")


def screen_text(app: object) -> str:
    """Every line of the current screen as plain text (the compositor's strips)."""
    from textual.app import App

    assert isinstance(app, App)
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def make_app(db: Path, subs: Sequence[Subscription], locale: str = "en", *,
             tz: tzinfo = UTC, clock: Callable[[], datetime] | None = None,
             **settings: Any) -> MonitorApp:
    """An app on ``db`` with the frozen clock, dates in ``tz`` and no refresh at start;
    ``settings`` overrides Settings fields (theme, density, keymap…)."""
    from monitor_tui.ui.app import MonitorApp

    return MonitorApp(replace(settings_for(subs, locale), **settings), db,
                      clock=clock or (lambda: FROZEN_NOW), refresh_on_start=False, tz=tz)


def ticking_clock(step: timedelta = timedelta(seconds=1)) -> Callable[[], datetime]:
    """A clock starting at FROZEN_NOW that moves ``step`` on every reading."""
    readings = itertools.count()
    return lambda: FROZEN_NOW + step * next(readings)


def article_id(db: Path, index: int, view: View | None = None) -> int:
    """The id of the article at ``index`` in ``view`` (default All), read with a fresh Store."""
    store = Store.open(db)
    try:
        return store.list_articles(view or View(ViewKind.ALL), index, 1)[0].id
    finally:
        store.close()


def flags(db: Path, aid: int) -> tuple[bool, bool]:
    """(read, bookmarked) of an article, read with a fresh Store."""
    store = Store.open(db)
    try:
        article = store.article(aid)
        assert article is not None
        return article.read, article.bookmarked
    finally:
        store.close()


def pane_text(app: object) -> str:
    """The plain text of the article pane as rendered."""
    from textual.app import App

    from monitor_tui.ui.widgets.article_view import ArticleView

    assert isinstance(app, App)
    view = app.screen.query_one(ArticleView)
    region = view.content_region
    lines = app.screen._compositor.render_strips()
    return "\n".join(
        strip.crop(region.x, region.right).text
        for strip in lines[region.y:region.bottom]
    )
