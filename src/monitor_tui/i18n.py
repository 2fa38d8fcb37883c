"""The UI's string catalog: English and Indonesian, plain Python (no gettext files).

Every string the TUI shows comes from :func:`t`. Feed-provided text is passed in
through ``**kw`` and is never part of a template, so ``{`` in a feed title is safe.
Unknown locales fall back to English by their language part ("id_ID" → "id").
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CATALOG", "LOCALES", "language", "t", "tn"]

_EN: dict[str, str] = {
    # app
    "app.subtitle": "news reader",
    # sidebar
    "sidebar.title": "Feeds",
    "sidebar.all": "All",
    "sidebar.unread": "Unread",
    "sidebar.bookmarks": "Bookmarks",
    "sidebar.uncategorized": "Uncategorized",
    "sidebar.categories": "Categories",
    "sidebar.error_marker": "feeds with errors",
    # list
    "list.title": "Articles",
    "list.empty": "No articles here. Press r to refresh.",
    "list.empty_bookmarks": "No bookmarks yet. Press b on an article to keep it here.",
    "list.no_feeds": "No feeds yet. Add some to the config file, then press r.",
    "list.loading": "Loading…",
    "date_unknown": "date unknown",
    "future_date": "future date",
    # article pane
    "article.title": "Article",
    "article.hint": "Select an article and press Enter to read it.",
    "article.gone": "This article is no longer in the cache.",
    "article.by": "by {author}",
    "article.published": "Published",
    "article.first_seen": "first seen {when}",
    "article.categories": "Categories",
    "article.link": "Link",
    "article.enclosures": "Attachments",
    "article.bookmarked": "★ Bookmarked",
    "article.render_error": "This article could not be displayed: {error}",
    "article.version_feed": "Showing the feed's text (f: full text from the web page)",
    "article.version_full": "Showing the full text from the web page (f: the feed's text)",
    "article.full_text_failed": "full text unavailable: {error}",
    "Links": "Links",
    # status line
    "status.ready": "{unread} unread of {total}",
    "status.loading": "Loading the cache…",
    "status.refreshing": "Refreshing {done}/{total}: {title}",
    "status.refreshing_start": "Refreshing {total} feeds…",
    "status.refreshing_start.one": "Refreshing 1 feed…",
    "status.refreshed": "Refreshed {total} feeds, {new} new",
    "status.refreshed.one": "Refreshed 1 feed, {new} new",
    "status.refreshed_partial": (
        "Refreshed {ok} of {total} feeds, {new} new; {failed} failed ({error})"
    ),
    "status.refresh_failed": "Refresh failed: {failed} of {total} feeds failed ({error})",
    "status.refresh_failed.one": "Refresh failed: 1 of 1 feed failed ({error})",
    "status.refresh_crashed": "Refresh failed: {error}",
    "status.refresh_busy": "A refresh is already running.",
    "status.refresh_unavailable": "Refresh is not available in this build.",
    "status.no_feeds": "No feeds to refresh: add one with `monitor-tui add URL`.",
    "status.refresh_other": "Another refresh of this cache is running; try again later.",
    "status.nothing_due": "No feed was due for a refresh.",
    "status.bookmarked": "Bookmarked: {title}",
    "status.unbookmarked": "Bookmark removed: {title}",
    "status.marked_read": "Marked read: {title}",
    "status.marked_unread": "Marked unread: {title}",
    "status.opening": "Opening {url}",
    "status.open_failed": "Could not open a browser for {url}",
    "status.no_link": "This article has no web link.",
    "status.bad_link": "Not opening a non-web link: {url}",
    "status.no_article": "No article selected.",
    "status.store_error": "Cache error: {error}",
    # help
    "help.title": "Keys",
    "help.close": "Press Escape or q to close this help.",
    "help.key": "Key",
    "help.action": "Action",
    "help.group.main": "Everywhere",
    "help.group.list": "Article list (and sidebar)",
    "help.group.article": "Article pane",
    "help.intro": "monitor-tui reads the local cache at once and refreshes in the background.",
    # binding descriptions
    "key.quit": "Quit",
    "key.help": "Help",
    "key.refresh": "Refresh",
    "key.bookmark": "Bookmark",
    "key.toggle_read": "Read/unread",
    "key.open_browser": "Open in browser",
    "key.full_text": "Full text",
    "status.fetching_full_text": "Fetching the full text from the web page…",
    "key.focus_next": "Next pane",
    "key.focus_previous": "Previous pane",
    "key.page_article": "Page down article",
    "key.page_article_up": "Page up article",
    "key.cursor_down": "Next item",
    "key.cursor_up": "Previous item",
    "key.first": "First item",
    "key.last": "Last item",
    "key.top": "Top of the article",
    "key.bottom": "End of the article",
    "key.page_down": "Page down",
    "key.page_up": "Page up",
    "key.open": "Open",
    "key.scroll_down": "Scroll down",
    "key.scroll_up": "Scroll up",
    "key.close": "Close",
}

_ID: dict[str, str] = {
    "app.subtitle": "pembaca berita",
    "sidebar.title": "Umpan",
    "sidebar.all": "Semua",
    "sidebar.unread": "Belum dibaca",
    "sidebar.bookmarks": "Markah",
    "sidebar.uncategorized": "Tanpa kategori",
    "sidebar.categories": "Kategori",
    "sidebar.error_marker": "umpan bermasalah",
    "list.title": "Artikel",
    "list.empty": "Belum ada artikel di sini. Tekan r untuk menyegarkan.",
    "list.empty_bookmarks": "Belum ada markah. Tekan b pada artikel untuk menyimpannya di sini.",
    "list.no_feeds": "Belum ada umpan. Tambahkan di berkas konfigurasi, lalu tekan r.",
    "list.loading": "Memuat…",
    "date_unknown": "tanggal tidak diketahui",
    "future_date": "tanggal di masa depan",
    "article.title": "Artikel",
    "article.hint": "Pilih artikel lalu tekan Enter untuk membacanya.",
    "article.gone": "Artikel ini sudah tidak ada di cache.",
    "article.by": "oleh {author}",
    "article.published": "Terbit",
    "article.first_seen": "pertama terlihat {when}",
    "article.categories": "Kategori",
    "article.link": "Tautan",
    "article.enclosures": "Lampiran",
    "article.bookmarked": "★ Dimarkahi",
    "article.render_error": "Artikel ini tidak dapat ditampilkan: {error}",
    "article.version_feed": "Menampilkan teks dari umpan (f: teks lengkap dari halaman web)",
    "article.version_full": "Menampilkan teks lengkap dari halaman web (f: teks dari umpan)",
    "article.full_text_failed": "teks lengkap tidak tersedia: {error}",
    "Links": "Tautan",
    "status.ready": "{unread} belum dibaca dari {total}",
    "status.loading": "Memuat cache…",
    "status.refreshing": "Menyegarkan {done}/{total}: {title}",
    "status.refreshing_start": "Menyegarkan {total} umpan…",
    "status.refreshed": "{total} umpan disegarkan, {new} baru",
    "status.refreshed_partial": (
        "{ok} dari {total} umpan disegarkan, {new} baru; {failed} gagal ({error})"
    ),
    "status.refresh_failed": "Penyegaran gagal: {failed} dari {total} umpan gagal ({error})",
    "status.refresh_crashed": "Penyegaran gagal: {error}",
    "status.refresh_busy": "Penyegaran sedang berjalan.",
    "status.refresh_unavailable": "Penyegaran tidak tersedia di versi ini.",
    "status.no_feeds": "Tidak ada umpan untuk disegarkan: tambahkan dengan `monitor-tui add URL`.",
    "status.refresh_other": "Penyegaran lain sedang berjalan pada cache ini; coba lagi nanti.",
    "status.nothing_due": "Belum ada umpan yang perlu disegarkan.",
    "status.bookmarked": "Dimarkahi: {title}",
    "status.unbookmarked": "Markah dihapus: {title}",
    "status.marked_read": "Ditandai sudah dibaca: {title}",
    "status.marked_unread": "Ditandai belum dibaca: {title}",
    "status.opening": "Membuka {url}",
    "status.open_failed": "Tidak dapat membuka peramban untuk {url}",
    "status.no_link": "Artikel ini tidak punya tautan web.",
    "status.bad_link": "Tautan bukan web tidak dibuka: {url}",
    "status.no_article": "Belum ada artikel yang dipilih.",
    "status.store_error": "Galat cache: {error}",
    "help.title": "Tombol",
    "help.close": "Tekan Escape atau q untuk menutup bantuan ini.",
    "help.key": "Tombol",
    "help.action": "Aksi",
    "help.group.main": "Di mana saja",
    "help.group.list": "Daftar artikel (dan bilah samping)",
    "help.group.article": "Panel artikel",
    "help.intro": "monitor-tui langsung membaca cache lokal dan menyegarkan di latar belakang.",
    "key.quit": "Keluar",
    "key.help": "Bantuan",
    "key.refresh": "Segarkan",
    "key.bookmark": "Markah",
    "key.toggle_read": "Dibaca/belum",
    "key.open_browser": "Buka di peramban",
    "key.full_text": "Teks lengkap",
    "status.fetching_full_text": "Mengambil teks lengkap dari halaman web…",
    "key.focus_next": "Panel berikutnya",
    "key.focus_previous": "Panel sebelumnya",
    "key.page_article": "Gulir artikel ke bawah",
    "key.page_article_up": "Gulir artikel ke atas",
    "key.cursor_down": "Butir berikutnya",
    "key.cursor_up": "Butir sebelumnya",
    "key.first": "Butir pertama",
    "key.last": "Butir terakhir",
    "key.top": "Awal artikel",
    "key.bottom": "Akhir artikel",
    "key.page_down": "Halaman berikutnya",
    "key.page_up": "Halaman sebelumnya",
    "key.open": "Buka",
    "key.scroll_down": "Gulir ke bawah",
    "key.scroll_up": "Gulir ke atas",
    "key.close": "Tutup",
}

CATALOG: Mapping[str, Mapping[str, str]] = {"en": _EN, "id": _ID}
"""Locale → key → template (``str.format`` fields)."""

LOCALES = tuple(CATALOG)
"""The locales with a UI translation."""


def language(locale: str) -> str:
    """The catalog language for a Babel/POSIX locale name: "id_ID" → "id"; unknown → "en"."""
    base = locale.replace("-", "_").split("_", 1)[0].lower()
    return base if base in CATALOG else "en"


def t(key: str, locale: str, **kw: object) -> str:
    """The UI string ``key`` in ``locale``, with ``kw`` filled into its ``{fields}``.

    Falls back to English, then to the key itself, so a missing translation never
    crashes the UI. Values in ``kw`` are inserted verbatim (untrusted text stays
    data: it is never re-parsed as a template or as markup).
    """
    template = CATALOG[language(locale)].get(key)
    if template is None:
        template = _EN.get(key, key)
    if not kw:
        return template
    try:
        return template.format_map(kw)
    except (KeyError, IndexError, ValueError):
        return template


def tn(key: str, count: int, locale: str, **kw: object) -> str:
    """Like :func:`t`, choosing ``key + ".one"`` when ``count`` is 1 and that form exists.

    Indonesian has no plural forms, so only English defines ``.one`` variants.
    """
    catalog = CATALOG[language(locale)]
    if count == 1 and f"{key}.one" in catalog:
        key = f"{key}.one"
    return t(key, locale, **kw)
