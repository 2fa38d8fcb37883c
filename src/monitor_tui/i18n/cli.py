"""The CLI's output (``monitor-tui refresh``, ``add``, ...), English and Indonesian.

Also the problems only the CLI reports: a URL typed to ``add`` (its reasons, ``url.*``,
are in ``errors.py``: fetch gives them too), the data directory,
the config's warnings (``config.warn_*``, ``Settings.warnings``) and write errors.
argparse's ``--help`` text is not here: it stays English.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "cli.refreshing": "Refreshing",
    "cli.refresh_busy": "{error}; nothing done.",
    "cli.feed_failed": "FAILED {name}: {error}",
    "cli.refreshed": "Refreshed {ok} of {total} feeds: {articles}, {failed} failed.",
    "cli.refreshed.one": "Refreshed {ok} of 1 feed: {articles}, {failed} failed.",
    "cli.new_articles": "{n} new articles",
    "cli.new_articles.one": "1 new article",
    "cli.not_web_url": "neither a web address nor a feed file on this computer: {url}",
    "cli.added": "Added {url} to {path}. Run `monitor-tui refresh` to fetch it.",
    "cli.already_subscribed": "Already subscribed: {url}",
    "cli.removed": "Removed {url} from {path}. Its cached articles and bookmarks stay.",
    "cli.not_subscribed": "no subscription {feed} in {path} (give its URL or title)",
    "cli.import_skipped": "skipped {url}: not an http(s) URL",
    "cli.remove_ambiguous": "several feeds are called {feed}: remove one by its URL "
                            "({urls})",
    "cli.import_skipped_local": "skipped {url}: a local file, named by a list from the web",
    "cli.import_skipped_invalid": "skipped {url}: {reason}",
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
    "cli.no_item": "no item {item} (the feed has {count}); items are numbered from 1",
    "url.invalid": "not a valid feed URL: {url} ({reason})",
    "datadir.unusable": "cannot use the data directory {path}: {detail}",
    "config.unwritable": "cannot write the config file {path}: {detail}",
    "config.warn_unknown_ids": (
        "warning: {path}: unknown binding id(s) in [keys] ignored: {ids} "
        "(the help screen, ?, lists the ids)"
    ),
    "config.warn_bad_key": (
        'warning: {path}: keys."{id}" = "{key}" is not a key name (key names are lower '
        'case, such as "f5", "ctrl+r", "space", "question_mark"); the default key stays'
    ),
    "config.warn_key_typed": (
        'warning: {path}: keys."{id}" = "{key}" would be typed into the text field it '
        "works in, and never act; the default key stays"
    ),
    "config.warn_key_alias": (
        'warning: {path}: keys."{id}" = "{key}": terminals send {key} as {same}, so it '
        "would act as {same}; the default key stays"
    ),
    "config.warn_key_clash": (
        'warning: {path}: keys."{id}" takes "{key}", the key of {other}; the default key '
        "stays"
    ),
    "config.warn_locale": "warning: {path}: unknown locale {locale}; using {used}",
    "cli.warn_theme": "warning: {path}: no theme named {theme}; the default is used ({themes})",
    "config.warn_feed_keys": "warning: {path}: feeds[{index}]: unknown setting(s) ignored: {names}",
    "config.warn_duplicate_feed": (
        "warning: {path}: {url} is listed more than once; its first entry is used"
    ),
    "config.warn_cli_locale": "warning: unknown locale {locale}; using {used} (known: en, id)",
}

ID: dict[str, str] = {
    "cli.refreshing": "Menyegarkan",
    "cli.refresh_busy": "{error}; tidak ada yang dikerjakan.",
    "cli.feed_failed": "GAGAL {name}: {error}",
    "cli.refreshed": "{ok} dari {total} umpan disegarkan: {articles}, {failed} gagal.",
    "cli.new_articles": "{n} artikel baru",
    "cli.not_web_url": "bukan alamat web dan bukan berkas umpan di komputer ini: {url}",
    "cli.added": "{url} ditambahkan ke {path}. Jalankan `monitor-tui refresh` untuk mengambilnya.",
    "cli.already_subscribed": "Sudah berlangganan: {url}",
    "cli.removed": "{url} dihapus dari {path}. Artikel tersimpan dan markahnya tetap ada.",
    "cli.not_subscribed": "tidak ada langganan {feed} di {path} (sebutkan URL atau judulnya)",
    "cli.import_skipped": "{url} dilewati: bukan URL http(s)",
    "cli.remove_ambiguous": "beberapa umpan bernama {feed}: hapus salah satunya dengan "
                            "URL-nya ({urls})",
    "cli.import_skipped_local": "{url} dilewati: berkas lokal, disebut oleh daftar dari web",
    "cli.import_skipped_invalid": "{url} dilewati: {reason}",
    "cli.imported": "{n} umpan diimpor ke {path}.",
    "cli.imported_some_known": "{n} umpan diimpor ke {path} ({known} sudah berlangganan).",
    "cli.exported": "{n} umpan ditulis ke {path}",
    "cli.bookmarks_written": "{n} markah ditulis ke {path}",
    "cli.warn_no_config": "peringatan: {path} tidak ada; memakai contoh umpan bawaan",
    "cli.warn_unknown_settings": "peringatan: pengaturan tak dikenal di {path} diabaikan: {names}",
    "cli.no_item": "tidak ada butir ke-{item} (umpan ini berisi {count}); butir dinomori "
                   "mulai dari 1",
    "url.invalid": "bukan URL umpan yang valid: {url} ({reason})",
    "datadir.unusable": "direktori data {path} tidak dapat dipakai: {detail}",
    "config.unwritable": "berkas konfigurasi {path} tidak dapat ditulis: {detail}",
    "config.warn_unknown_ids": (
        "peringatan: {path}: id binding tak dikenal di [keys] diabaikan: {ids} "
        "(layar bantuan, ?, mencantumkan id-nya)"
    ),
    "config.warn_bad_key": (
        'peringatan: {path}: keys."{id}" = "{key}" bukan nama tombol (nama tombol ditulis '
        'dengan huruf kecil, misalnya "f5", "ctrl+r", "space", "question_mark"); tombol '
        "bawaan tetap dipakai"
    ),
    "config.warn_key_typed": (
        'peringatan: {path}: keys."{id}" = "{key}" akan terketik ke kolom teks tempatnya '
        "bekerja dan tidak pernah bertindak; tombol bawaan tetap dipakai"
    ),
    "config.warn_key_alias": (
        'peringatan: {path}: keys."{id}" = "{key}": terminal mengirim {key} sebagai {same}, '
        "jadi tombol itu bertindak sebagai {same}; tombol bawaan tetap dipakai"
    ),
    "config.warn_key_clash": (
        'peringatan: {path}: keys."{id}" memakai "{key}", tombol milik {other}; tombol '
        "bawaan tetap dipakai"
    ),
    "config.warn_locale": "peringatan: {path}: locale {locale} tidak dikenal; memakai {used}",
    "cli.warn_theme": (
        "peringatan: {path}: tidak ada tema bernama {theme}; tema bawaan dipakai ({themes})"
    ),
    "config.warn_feed_keys": (
        "peringatan: {path}: feeds[{index}]: pengaturan tak dikenal diabaikan: {names}"
    ),
    "config.warn_duplicate_feed": (
        "peringatan: {path}: {url} tercantum lebih dari sekali; entri pertamanya dipakai"
    ),
    "config.warn_cli_locale": (
        "peringatan: locale {locale} tidak dikenal; memakai {used} (tersedia: en, id)"
    ),
}
