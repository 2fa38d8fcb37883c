"""OPML import/export over the whole corpus, and the TOML config."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor_tui import config
from monitor_tui.model import Subscription
from monitor_tui.subscriptions import OPMLError, export_opml, parse_opml, read_opml_file
from tests.conftest import shared_dir


def _opml(name: str) -> list[Subscription]:
    return read_opml_file(shared_dir("corpus") / "opml" / name)


def test_every_corpus_opml() -> None:
    counts = {}
    for path in sorted((shared_dir("corpus") / "opml").iterdir()):
        if path.name == "newsboat__body-element-missing.opml":
            with pytest.raises(OPMLError, match="body"):
                read_opml_file(path)
            continue
        subs = read_opml_file(path)
        counts[path.name] = len(subs)
        assert all(s.url for s in subs)
    assert counts["nnwrsparser__Subs.opml"] > 150
    assert counts["newsraft__convert_opml_to_feeds.xml"] == 13
    assert counts["newsboat__example.opml"] == 7
    assert counts["ozzyczech__subscriptions.opml"] == 96


def test_nested_folders_become_categories() -> None:
    by_title = {s.title: s for s in _opml("newsboat__example.opml")}
    assert by_title["John's musings"].category == "Blogs"
    assert by_title["Notes by Mike"].category == "Blogs/friends"
    assert by_title["Fred on everything"].category == "eloquent"


def test_nom_missing_first_byte_and_titles_from_text() -> None:
    subs = _opml("nom__test.opml")
    assert len(subs) == 20
    by_title = {s.title: s for s in subs}
    assert by_title["Coding Horror"].url == "http://feeds.feedburner.com/codinghorror/"
    assert {s.category for s in subs} == {"News", "Sports", "Leisure", "Tech"}
    no_titles = _opml("nnwrsparser__SubsNoTitleAttributes.opml")
    assert no_titles and all(s.title for s in no_titles)


def test_newsraft_entities_decoded() -> None:
    subs = _opml("newsraft__convert_opml_to_feeds.xml")
    assert subs[0].url == "http://news.com.com/2547-1_3-0-5.xml"
    assert subs[0].title == "CNET News.com"
    assert any(s.title == "NYT > Business" for s in subs)


def test_b38_top_level_feeds_and_category_attribute() -> None:
    subs = read_opml_file(shared_dir("cases") / "B38.opml")
    cats = {s.title: s.category for s in subs}
    assert cats == {"Top-level blog A": None, "Top-level blog B": None, "Comic one": "comedy",
                    "Comic two": "comedy", "Science news": "Wetenschap"}


def test_entities_and_dtd_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-B31")
    evil = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/"/>'
            "</body></opml>").encode()
    with pytest.raises(OPMLError, match="refused"):
        parse_opml(evil)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body/></opml>')
    with pytest.raises(OPMLError):
        parse_opml(laughs)


def test_export_round_trip() -> None:
    subs = [Subscription("https://a.example/feed", "A & B <x>", "Ekonomi"),
            Subscription("https://b.example/feed", None, None)]
    assert parse_opml(export_opml(subs)) == [
        Subscription("https://a.example/feed", "A & B <x>", "Ekonomi"),
        Subscription("https://b.example/feed", "https://b.example/feed", None)]


def test_config_defaults_to_samples(tmp_path: Path) -> None:
    settings = config.load(tmp_path / "none.toml", {"LANG": "id_ID.UTF-8"})
    assert settings.using_samples and settings.locale == "id_ID"
    assert len(settings.feeds) >= 7
    assert all(s.url.startswith("file:") and s.category for s in settings.feeds)


def test_config_add_keeps_comments_and_skips_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my feeds\nlocale = "id"\n')
    added = config.add_feeds(path, [Subscription("https://a.example/feed", None, "Ekonomi")])
    assert len(added) == 1
    assert config.add_feeds(path, [Subscription("https://a.example/feed")]) == []
    text = path.read_text()
    assert "# my feeds" in text
    settings = config.load(path)
    assert settings.locale == "id" and settings.feeds == (
        Subscription("https://a.example/feed", None, "Ekonomi"),)


@pytest.mark.parametrize(("typed", "url"), [
    ("kota.example/feed", "https://kota.example/feed"),
    ("  www.example.org/rss.xml ", "https://www.example.org/rss.xml"),
    ("https://kota.example/feed#top", "https://kota.example/feed"),
    ("HTTP://kota.example/feed", "http://kota.example/feed"),
    ("HTTPS://User@Kota.EXAMPLE:8443/Feed/", "https://User@kota.example:8443/Feed/"),
    ("http://[2001:DB8::1]:80/Rss", "http://[2001:db8::1]:80/Rss"),
    ("http://[::1", "http://[::1"),  # left for url_problem to refuse
    ("file:///tmp/f.xml", "file:///tmp/f.xml"),
    ("javascript:alert(1)", "javascript:alert(1)"),  # refused later, not "fixed"
    ("feed", "feed"),
    ("./local.xml", "./local.xml"),
])
def test_typed_urls_are_made_whole(typed: str, url: str) -> None:
    assert config.typed_url(typed) == url


def test_config_remove_by_url_or_title_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my feeds\nlocale = "id"\n\n[[feeds]]\nurl = "https://a.example/feed"\n'
                    'title = "Kota"\n\n[[feeds]]\nurl = "https://b.example/feed"\n'
                    '# keep me\ncategory = "Ekonomi"\n')
    assert config.remove_feeds(path, "https://nope.example/") == []
    assert [s.url for s in config.remove_feeds(path, "kota")] == ["https://a.example/feed"]
    settings = config.load(path)
    assert settings.locale == "id" and settings.feeds == (
        Subscription("https://b.example/feed", None, "Ekonomi"),)
    assert "# my feeds" in path.read_text() and "# keep me" in path.read_text()
    assert [s.url for s in config.remove_feeds(path, " https://b.example/feed ")] == [
        "https://b.example/feed"]
    assert config.load(path).feeds == ()  # "feeds = []": none, not the samples
    assert "feeds = []" in path.read_text()
    assert config.remove_feeds(tmp_path / "missing.toml", "x") == []
    # feeds added again are tables, as before
    config.add_feeds(path, [Subscription("https://c.example/feed", "C", None)])
    assert "[[feeds]]" in path.read_text()
    assert config.load(path).feeds == (Subscription("https://c.example/feed", "C", None),)


def test_a_config_without_feeds_keeps_the_sample_feeds(tmp_path: Path) -> None:
    # e.g. only [keys]: the README's "once you add your own feeds, the config takes over"
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.refresh" = "f5"\n')
    settings = config.load(path)
    assert settings.using_samples and settings.feeds == config.sample_subscriptions()
    assert settings.keymap == {"monitor.refresh": "f5"} and len(settings.feeds) >= 6
    assert config.remove_feeds(path, settings.feeds[0].url) == []  # not in the file
    config.add_feeds(path, [Subscription("https://c.example/feed")])
    settings = config.load(path)
    assert not settings.using_samples
    assert settings.feeds == (Subscription("https://c.example/feed"),)


@pytest.mark.parametrize(("body", "message"), [
    ("locale = 3", "locale must be a string"),
    ("[[feeds]]\ntitle = 'x'", r"feeds\[0\].url is missing"),
    ("refresh_minutes = -1", "refresh_minutes"),
    ("feeds = [", "not valid TOML"),
])
def test_config_errors_name_the_key(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(body)
    with pytest.raises(config.ConfigError, match=message):
        config.load(path)


def test_config_keys_theme_density(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\ndensity = "compact"\n[keys]\n"monitor.refresh" = "f5"\n')
    settings = config.load(path)
    assert (settings.theme, settings.density) == ("nord", "compact")
    assert settings.keymap == {"monitor.refresh": "f5"}
    path.write_text('density = "tiny"\n')
    with pytest.raises(config.ConfigError, match="density must be one of normal, compact"):
        config.load(path)


def test_ui_state_round_trip_and_damage(tmp_path: Path) -> None:
    from monitor_tui.state import load_state, save_state

    assert load_state(tmp_path) == {}
    save_state(tmp_path, theme="nord")
    save_state(tmp_path, density="compact")
    assert load_state(tmp_path) == {"theme": "nord", "density": "compact"}
    (tmp_path / "ui-state.json").write_text("{not json")
    assert load_state(tmp_path) == {}


@pytest.mark.parametrize(("url", "reason"), [
    ("http://", "no host name"),
    ("https:///feed", "no host name"),
    ("http://user@/x", "no host name"),
    ("http://[::1", "invalid IPv6 address"),
    ("http://[zz]/feed", "invalid IPv6 address"),
    ("http://host:99999/feed", "invalid port"),
    ("http://host:abc/feed", "invalid port"),
    ("http://ho st/feed", 'invalid host name "ho st"'),
    ("http://kota.example/feed", None),
    ("http://[::1]:8080/feed", None),
    ("http://host:/feed", None),
    ("file:///tmp/feed.xml", None),
])
def test_url_problems(url: str, reason: str | None) -> None:
    problem = config.url_problem(url)
    if reason is None:
        assert problem is None
    else:
        assert problem == f"not a valid feed URL: {url} ({reason})"
        assert problem is not None and problem.text("id").startswith("bukan URL umpan yang valid")


def test_add_compares_scheme_and_host_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert config.add_feeds(path, [Subscription("http://host.example/many.xml")])
    assert config.add_feeds(path, [Subscription(config.typed_url("HTTP://HOST.example/many.xml"))]
                            ) == []
    # the path's case and a trailing slash are the server's business: another feed
    assert config.add_feeds(path, [Subscription("http://host.example/Many.xml"),
                                   Subscription("http://host.example/many.xml/")])
    assert len(config.load(path).feeds) == 3
    path.write_text(path.read_text() + '[[feeds]]\nurl = "HTTP://Host.Example/many.xml"\n')
    assert len(config.load(path).feeds) == 3  # a hand-written duplicate counts once
    assert [s.url for s in config.remove_feeds(path, "HTTP://HOST.EXAMPLE/many.xml")] == [
        "http://host.example/many.xml"]
    text = path.read_text()
    assert 'url = "http://host.example/many.xml"\n' not in text and "HTTP://Host" not in text
    assert len(config.load(path).feeds) == 2


def test_unwritable_config_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    path = tmp_path / "file" / "config.toml"
    with pytest.raises(config.ConfigError,
                       match=f"cannot write the config file {path}: "):
        config.add_feeds(path, [Subscription("https://a.example/feed")])


def test_keys_with_unknown_ids_or_bad_key_names_are_dropped_with_warnings(
        tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.nonexistent" = "f5"\n"monitor.refresh" = "notakey!!"\n'
                    '"monitor.bookmark" = "f2"\n"monitor.search" = "ctrl+f, f3"\n'
                    '"monitor.help" = "?"\n"monitor.list.last" = "G"\n"nope" = "x"\n'
                    '"monitor.quit" = "Enter"\n')
    settings = config.load(path)
    assert settings.keymap == {"monitor.bookmark": "f2", "monitor.search": "ctrl+f, f3",
                               "monitor.help": "?", "monitor.list.last": "G"}
    assert [w.key for w in settings.warnings] == [
        "config.warn_unknown_ids", "config.warn_bad_key", "config.warn_bad_key"]
    assert "ignored: monitor.nonexistent, nope" in settings.warnings[0]
    assert 'keys."monitor.refresh" = "notakey!!" is not a key name' in settings.warnings[1]
    assert "the default key stays" in settings.warnings[1]
    assert "tombol bawaan tetap dipakai" in settings.warnings[2].text("id")


def test_key_names_agree_with_textual() -> None:
    from textual.keys import Keys, _character_to_key

    from monitor_tui.keyspecs import ALL_SPECS, BINDING_IDS, valid_key, valid_key_list
    from monitor_tui.ui.bindings import ALL_SPECS as UI_SPECS

    assert UI_SPECS is ALL_SPECS and {s.id for s in ALL_SPECS} == BINDING_IDS
    assert all(valid_key_list(spec.key) for spec in ALL_SPECS)
    for key in Keys:
        if not key.value.startswith("<") and key.value != "ctrl-at":
            assert valid_key(key.value), key.value
    for code in range(0x21, 0x3000):  # what Textual names a typed character
        char = chr(code)
        if char.isprintable():
            assert valid_key(char) and valid_key(_character_to_key(char)), char
    for bad in ("notakey!!", "F5", "Enter", "ctrl+", "ctrl+ctrl+a", "hyper+?", "f99",
                "question mark", "", "ctrl+latin_small_letter_e_with_acute"):
        assert not valid_key(bad), bad
    assert not valid_key_list("f5,") and valid_key_list("f5, r")


def test_unknown_locale_warns(tmp_path: Path) -> None:
    for name in ("id", "en", "id_ID.UTF-8", "id-ID", "en_GB", "C", "C.UTF-8", "POSIX"):
        assert not config.unknown_locale(name), name
    for name in ("xx", "fr", "fr_FR.UTF-8"):
        assert config.unknown_locale(name), name
    path = tmp_path / "config.toml"
    path.write_text('locale = "xx"\n')
    settings = config.load(path, environ={"LANG": "id_ID.UTF-8"})
    assert settings.locale == "en"
    assert settings.warnings == (f"warning: {path}: unknown locale xx; using en",)
    assert config.with_locale(settings, "id").warnings == settings.warnings
    assert config.with_locale(settings, "zz").warnings[-1] == (
        "warning: unknown locale zz; using en (known: en, id)")
    assert config.load(path, environ={"LANG": "C.UTF-8"}).locale == "en"
    path.write_text("")
    assert config.load(path, environ={"LANG": "xx_YY.UTF-8"}).warnings == ()


def test_export_names_feeds_and_nests_folders() -> None:
    subs = [Subscription("https://a.example/atom", None, "Good/Sub"),
            Subscription("https://b.example/rss", "Mine", "Good"),
            Subscription("https://c.example/rss", None, None)]
    data = export_opml(subs, feed_titles={"https://a.example/atom": "My Atom",
                                          "https://b.example/rss": "Theirs"})
    assert b'text="My Atom" title="My Atom" xmlUrl="https://a.example/atom"' in data
    assert b'text="Mine"' in data and b"Theirs" not in data
    assert b'text="https://c.example/rss"' in data
    assert data.count(b'<outline text="Good"') == 1 and data.count(b'<outline text="Sub"') == 1
    again = parse_opml(data)
    assert [(s.url, s.category) for s in again] == [(s.url, s.category) for s in subs]
    assert [s.title for s in again] == ["My Atom", "Mine", "https://c.example/rss"]


def test_data_dir_errors_name_the_folder(tmp_path: Path) -> None:
    from monitor_tui import paths

    (tmp_path / "file").write_text("")
    with pytest.raises(paths.DataDirError,
                       match=f"cannot use the data directory {tmp_path / 'file'}: "):
        paths.prepare_data_dir(tmp_path / "file")
    assert paths.prepare_data_dir(tmp_path / "new" / "dir").is_dir()


def test_a_key_value_that_is_not_a_key_name_is_only_a_warning(tmp_path: Path) -> None:
    """A typo in [keys] must not stop every command (a cron refresh among them)."""
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.help" = ""\n"monitor.bookmark" = 55\n'
                    '"monitor.search" = "f3"\n"monitor.open_browser" = "F6"\n'
                    '"monitor.open_link_5" = 7\n')
    settings = config.load(path)
    assert settings.keymap == {"monitor.search": "f3"}
    assert [w.key for w in settings.warnings] == ["config.warn_bad_key"] * 3 + [
        "config.warn_key_clash"]  # 7 without quotes is the key 7: link 7's
    assert 'keys."monitor.bookmark" = "55" is not a key name' in settings.warnings[1]
    assert "key names are lower case" in settings.warnings[2]


def test_a_key_the_search_box_would_type_is_a_warning(tmp_path: Path) -> None:
    # in a text field a character is typed: "x" would never cancel the search
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.search.cancel_search" = "x"\n'
                    '"monitor.search.history_older" = "ctrl+k"\n'
                    '"monitor.link_prompt.cancel_link" = "f9,5"\n"monitor.refresh" = "x"\n')
    settings = config.load(path)
    assert settings.keymap == {"monitor.search.history_older": "ctrl+k",
                               "monitor.refresh": "x"}
    typed = [w for w in settings.warnings if w.key == "config.warn_key_typed"]
    assert [(w.args["id"], w.args["key"]) for w in typed] == [
        ("monitor.search.cancel_search", "x"), ("monitor.link_prompt.cancel_link", "5")]


def test_a_key_already_taken_keeps_the_default_with_a_warning(tmp_path: Path) -> None:
    """A remap onto the key of another binding live at the same time would hide one of
    them ("q" = "j": the list's j wins, and nothing quits); swapping two keys is fine."""
    from monitor_tui.keyspecs import ALL_SPECS, key_clashes

    assert key_clashes({spec.id: spec.key for spec in ALL_SPECS}) == {}  # the defaults
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.quit" = "j"\n"monitor.bookmark" = "r"\n'
                    '"monitor.refresh" = "f5"\n"monitor.undo" = "?"\n'
                    '"monitor.toggle_read" = "x"\n"monitor.list.first" = "m,home"\n'
                    '"monitor.article.top" = "q"\n')
    settings = config.load(path)
    # r is free once refresh moved to f5; m is free once toggle_read moved to x; the
    # article pane's q is live only with the pane, where it hides the screen's q
    assert settings.keymap == {"monitor.bookmark": "r", "monitor.refresh": "f5",
                               "monitor.toggle_read": "x", "monitor.list.first": "m,home"}
    clash = [w for w in settings.warnings if w.key == "config.warn_key_clash"]
    assert [(w.args["id"], w.args["key"], w.args["other"]) for w in clash] == [
        ("monitor.quit", "j", "monitor.list.cursor_down"),
        ("monitor.undo", "question_mark", "monitor.help"),
        ("monitor.article.top", "q", "monitor.quit")]
    assert 'keys."monitor.quit" takes "j", the key of monitor.list.cursor_down' in clash[0]
    assert "tombol bawaan tetap dipakai" in clash[0].text("id")


def test_unknown_feed_settings_and_repeated_feeds_are_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[feeds]]\nurl = "https://a.example/feed"\ntitel = "A"\n'
                    'category = "Berita"\n\n'
                    '[[feeds]]\nurl = "HTTPS://A.example/feed"\ncategory = "Lain"\n')
    settings = config.load(path)
    assert [(s.url, s.category) for s in settings.feeds] == [("https://a.example/feed",
                                                             "Berita")]
    assert [w.key for w in settings.warnings] == ["config.warn_feed_keys",
                                                  "config.warn_duplicate_feed"]
    assert "feeds[0]: unknown setting(s) ignored: titel" in settings.warnings[0]
    assert ("HTTPS://A.example/feed is listed more than once; its first entry is used"
            in settings.warnings[1])


def test_keys_a_terminal_sends_as_other_keys_are_warned(tmp_path: Path) -> None:
    # ctrl+i arrives as tab: bound to full text, it would move the focus instead
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"monitor.full_text" = "ctrl+i"\n"monitor.refresh" = "f5,ctrl+m"\n'
                    '"monitor.bookmark" = "ctrl+b"\n')
    settings = config.load(path)
    assert settings.keymap == {"monitor.bookmark": "ctrl+b"}
    alias = [(w.args["key"], w.args["same"]) for w in settings.warnings
             if w.key == "config.warn_key_alias"]
    assert alias == [("ctrl+i", "tab"), ("ctrl+m", "enter")]
    assert "terminals send ctrl+i as tab" in settings.warnings[0]
