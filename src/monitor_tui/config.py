"""Settings from a TOML file (read with tomllib, written with tomlkit to keep comments).

The file::

    locale = "id"                    # or "en"; default: from LANG / LC_ALL / LC_MESSAGES
    refresh_on_start = true
    refresh_minutes = 30             # the TUI's periodic refresh; 0 turns it off
    keep_days = 0                    # expire articles older than this (0 = keep all)
    keep_per_feed = 0                # keep the newest N per feed (0 = keep all)
    theme = "textual-dark"           # any Textual theme; changes in the app are remembered
    density = "normal"               # or "compact"

    [keys]                           # remap keys by binding id (see the help screen, ?)
    "monitor.refresh" = "f5"

    [[feeds]]
    url = "https://monitor.example/category/pemerintahan/feed/"
    title = "Pemerintahan"           # optional
    category = "Pemerintahan"        # optional sidebar group
    full_text = false                # true: keep each article's web page text offline

With no config file, the bundled sample feeds are the subscriptions (the
embedded default, readable offline).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from monitor_tui.model import Subscription
from monitor_tui.paths import sample_feeds_dir
from monitor_tui.problem import Problem
from monitor_tui.timefmt import resolve_locale

DENSITIES = ("normal", "compact")


class ConfigError(Exception):
    """The config file cannot be read; its Problem names the file and the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app and the CLI read from the config.

    ``refresh_minutes`` is the TUI's refresh period in minutes (0 = never).
    ``using_samples`` is True when no config file exists and the bundled
    sample feeds stand in for the subscriptions.
    """

    feeds: tuple[Subscription, ...]
    locale: str
    refresh_on_start: bool = True
    refresh_minutes: int = 30
    keep_days: int = 0
    keep_per_feed: int = 0
    using_samples: bool = False
    path: Path | None = None
    theme: str | None = None
    density: str = "normal"
    keymap: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def locale_from_env(environ: dict[str, str] | None = None) -> str:
    """The UI locale from ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (POSIX order); "en" if unset."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var):
            return resolve_locale(env[var])
    return resolve_locale(None)


def sample_subscriptions() -> tuple[Subscription, ...]:
    """The bundled sample feeds as ``file://`` subscriptions (sample_feeds/subscriptions.toml)."""
    folder = sample_feeds_dir()
    index = folder / "subscriptions.toml"
    try:
        data = tomllib.loads(index.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return ()
    subs = []
    for item in data.get("feeds", []):
        path = folder / str(item["file"])
        subs.append(Subscription(url=path.resolve().as_uri(), title=item.get("title"),
                                 category=item.get("category")))
    return tuple(subs)


def load(path: Path, environ: dict[str, str] | None = None) -> Settings:
    """Read the settings at ``path``; a missing file gives the sample-feed defaults.

    Raises ConfigError for unreadable TOML or a key of the wrong type, naming
    the file, the key and (for TOML syntax errors) the line.
    """
    default_locale = locale_from_env(environ)
    if not path.exists():
        return Settings(feeds=sample_subscriptions(), locale=default_locale,
                        using_samples=True, path=path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem("config.invalid_toml", path=str(path), detail=str(exc))) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem("config.unreadable", path=str(path), detail=str(exc))) from exc
    return _settings_from(data, path, default_locale)


def _expect(data: dict[str, Any], key: str, kind: type, path: Path, where: str = "") -> Any:
    value = data[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        name = Problem(f"config.kind.{kind.__name__}")
        raise ConfigError(Problem("config.wrong_type", path=str(path), key=f"{where}{key}",
                                  kind=name, value=repr(value)))
    return value


def _settings_from(data: dict[str, Any], path: Path, default_locale: str) -> Settings:
    feeds: list[Subscription] = []
    raw_feeds = data.get("feeds", [])
    if not isinstance(raw_feeds, list):
        raise ConfigError(Problem("config.feeds_array", path=str(path)))
    for i, item in enumerate(raw_feeds):
        where = f"feeds[{i}]."
        if not isinstance(item, dict) or "url" not in item:
            raise ConfigError(Problem("config.missing", path=str(path), key=f"{where}url"))
        url = _expect(item, "url", str, path, where).strip()
        title = _expect(item, "title", str, path, where) if "title" in item else None
        category = _expect(item, "category", str, path, where) if "category" in item else None
        full = bool(_expect(item, "full_text", bool, path, where)) if "full_text" in item else False
        feeds.append(Subscription(url=url, title=title or None, category=category or None,
                                  full_text=full))
    locale = default_locale
    if "locale" in data:
        locale = resolve_locale(_expect(data, "locale", str, path))
    refresh_on_start = (_expect(data, "refresh_on_start", bool, path)
                        if "refresh_on_start" in data else True)
    numbers = {"refresh_minutes": 30, "keep_days": 0, "keep_per_feed": 0}
    for key in numbers:
        if key in data:
            numbers[key] = _expect(data, key, int, path)
            if numbers[key] < 0:
                raise ConfigError(Problem("config.negative", path=str(path), key=key,
                                          value=numbers[key]))
    theme = _expect(data, "theme", str, path) if "theme" in data else None
    density = _expect(data, "density", str, path) if "density" in data else "normal"
    if density not in DENSITIES:
        raise ConfigError(Problem("config.choice", path=str(path), key="density",
                                  choices=", ".join(DENSITIES), value=repr(density)))
    keymap: dict[str, str] = {}
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(Problem("config.keys_table", path=str(path)))
    for binding_id, key in keys.items():
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(Problem("config.key_name", path=str(path), id=str(binding_id)))
        keymap[str(binding_id)] = key.strip()
    known = {"feeds", "locale", "refresh_on_start", "theme", "density", "keys", *numbers}
    return Settings(feeds=_dedupe(feeds), locale=locale, refresh_on_start=refresh_on_start,
                    refresh_minutes=numbers["refresh_minutes"], keep_days=numbers["keep_days"],
                    keep_per_feed=numbers["keep_per_feed"], path=path, theme=theme,
                    density=density, keymap=keymap,
                    extra={k: v for k, v in data.items() if k not in known})


def _dedupe(feeds: Sequence[Subscription]) -> tuple[Subscription, ...]:
    seen: set[str] = set()
    out = []
    for sub in feeds:
        if sub.url not in seen:
            seen.add(sub.url)
            out.append(sub)
    return tuple(out)


def acceptable_url(url: str) -> bool:
    """Whether ``url`` can be a subscription: http(s) (any letter case) or file."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return scheme in ("http", "https", "file") and len(url) <= 4000


def typed_url(text: str) -> str:
    """A feed URL as a user types it, made whole: "kota.example/feed" gets "https://",
    and a "#fragment" (never sent to the server, RFC 3986 §3.5) is dropped so the same
    feed is not subscribed twice. Anything else is returned stripped, unchanged."""
    url = text.strip()
    head = url.split("/", 1)[0]
    if "://" not in url and not url.lower().startswith("file:") and "." in head \
            and " " not in url and not head.startswith("."):
        url = "https://" + url
    if "#" in url and url.lower().startswith(("http://", "https://")):
        url = url.split("#", 1)[0]
    return url


def add_feeds(path: Path, subs: Sequence[Subscription]) -> list[Subscription]:
    """Append subscriptions to the config file at ``path``, keeping its comments.

    Creates the file (and its folder) when missing. URLs already present are
    skipped; returns the subscriptions actually added. Raises ConfigError when
    the existing file is not valid TOML.
    """
    import tomlkit  # only for writing; reading uses the stdlib

    if path.exists():
        current = load(path)
        try:
            doc = tomlkit.parse(path.read_text("utf-8"))
        except Exception as exc:  # tomlkit raises its own ParseError subclasses
            raise ConfigError(Problem("config.invalid_toml", path=str(path),
                                      detail=str(exc))) from exc
    else:
        current = Settings(feeds=(), locale="en", path=path)
        doc = tomlkit.document()
        doc.add(tomlkit.comment("monitor-tui subscriptions; see README.md"))
    known = {s.url for s in current.feeds}
    added = []
    array = doc.get("feeds")
    if array is None:
        array = tomlkit.aot()
        doc.append("feeds", array)
    for sub in subs:
        if sub.url in known:
            continue
        known.add(sub.url)
        table = tomlkit.table()
        table.add("url", sub.url)
        if sub.title:
            table.add("title", sub.title)
        if sub.category:
            table.add("category", sub.category)
        array.append(table)
        added.append(sub)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(doc), "utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a config
    return added


def remove_feeds(path: Path, wanted: str) -> list[Subscription]:
    """Remove the subscriptions whose URL is ``wanted``, or whose title is (ignoring case),
    from the config file at ``path``, keeping its comments; returns those removed.

    Their cached articles stay (hidden from the views until they expire; bookmarks are
    kept for good). Raises ConfigError when the file is not valid TOML; a missing file
    has no subscriptions to remove.
    """
    import tomlkit

    if not path.exists():
        return []
    current = load(path)
    try:
        doc = tomlkit.parse(path.read_text("utf-8"))
    except Exception as exc:  # tomlkit raises its own ParseError subclasses
        raise ConfigError(Problem("config.invalid_toml", path=str(path),
                                  detail=str(exc))) from exc
    key = wanted.strip()
    doomed = [s for s in current.feeds
              if s.url == key or (s.title is not None and s.title.casefold() == key.casefold())]
    array = doc.get("feeds")
    if not doomed or array is None:
        return []
    urls = {s.url for s in doomed}
    for i in reversed(range(len(array))):
        if str(array[i].get("url", "")).strip() in urls:
            del array[i]
    if not len(array):
        del doc["feeds"]  # an empty array of tables would be written as "feeds = []"
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(doc), "utf-8")
    tmp.replace(path)  # atomic, as in add_feeds
    return doomed


def with_locale(settings: Settings, locale: str | None) -> Settings:
    """A copy of ``settings`` with the locale overridden (``--locale``)."""
    return settings if not locale else replace(settings, locale=resolve_locale(locale))
