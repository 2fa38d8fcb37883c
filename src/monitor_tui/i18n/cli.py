"""The CLI's output (``monitor-tui refresh``, ``add``, ...), English and Indonesian.

argparse's ``--help`` text is not here: it stays English.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "cli.refreshing": "Refreshing",
    "cli.refresh_busy": "{error}; nothing done.",
    "cli.feed_failed": "FAILED {name}: {error}",
    "cli.refreshed": "Refreshed {ok} of {total} feeds: {new} new articles, {failed} failed.",
    "cli.refreshed.one": "Refreshed {ok} of 1 feed: {new} new articles, {failed} failed.",
    "cli.not_web_url": "not an http(s) or file URL: {url}",
    "cli.added": "Added {url} to {path}. Run `monitor-tui refresh` to fetch it.",
    "cli.already_subscribed": "Already subscribed: {url}",
    "cli.removed": "Removed {url} from {path}. Its cached articles and bookmarks stay.",
    "cli.not_subscribed": "no subscription {feed} in {path} (give its URL or title)",
    "cli.import_skipped": "skipped {url}: not an http(s) URL",
    "cli.imported": "Imported {n} feeds into {path}.",
    "cli.imported.one": "Imported 1 feed into {path}.",
    "cli.imported_some_known": "Imported {n} feeds into {path} ({known} already subscribed).",
    "cli.imported_some_known.one": (
        "Imported 1 feed into {path} ({known} already subscribed)."
    ),
    "cli.exported": "Wrote {n} feeds to {path}",
    "cli.exported.one": "Wrote 1 feed to {path}",
    "cli.bookmarks_written": "Wrote {n} bookmarks to {path}",
    "cli.bookmarks_written.one": "Wrote 1 bookmark to {path}",
    "cli.warn_no_config": "warning: {path} does not exist; using the bundled sample feeds",
    "cli.warn_unknown_settings": "warning: unknown setting(s) in {path} ignored: {names}",
    "cli.no_item": "no item {item} (the feed has {count})",
}

ID: dict[str, str] = {
    "cli.refreshing": "Menyegarkan",
    "cli.refresh_busy": "{error}; tidak ada yang dikerjakan.",
    "cli.feed_failed": "GAGAL {name}: {error}",
    "cli.refreshed": "{ok} dari {total} umpan disegarkan: {new} artikel baru, {failed} gagal.",
    "cli.not_web_url": "bukan URL http(s) atau file: {url}",
    "cli.added": "{url} ditambahkan ke {path}. Jalankan `monitor-tui refresh` untuk mengambilnya.",
    "cli.already_subscribed": "Sudah berlangganan: {url}",
    "cli.removed": "{url} dihapus dari {path}. Artikel tersimpan dan markahnya tetap ada.",
    "cli.not_subscribed": "tidak ada langganan {feed} di {path} (sebutkan URL atau judulnya)",
    "cli.import_skipped": "{url} dilewati: bukan URL http(s)",
    "cli.imported": "{n} umpan diimpor ke {path}.",
    "cli.imported_some_known": "{n} umpan diimpor ke {path} ({known} sudah berlangganan).",
    "cli.exported": "{n} umpan ditulis ke {path}",
    "cli.bookmarks_written": "{n} markah ditulis ke {path}",
    "cli.warn_no_config": "peringatan: {path} tidak ada; memakai contoh umpan bawaan",
    "cli.warn_unknown_settings": "peringatan: pengaturan tak dikenal di {path} diabaikan: {names}",
    "cli.no_item": "tidak ada butir ke-{item} (umpan ini berisi {count})",
}
