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

import contextlib
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from monitor_tui.keyspecs import (
    BINDING_IDS,
    key_clashes,
    terminal_alias,
    typed_key,
    valid_key_list,
)
from monitor_tui.model import Subscription
from monitor_tui.paths import sample_feeds_dir
from monitor_tui.problem import Problem
from monitor_tui.timefmt import resolve_locale
from monitor_tui.url_checks import host_fault

if TYPE_CHECKING:
    import tomlkit

DENSITIES = ("normal", "compact")


class ConfigError(Exception):
    """The config file cannot be read; its Problem names the file and the key."""


class ConfigWriteError(ConfigError):
    """The config file cannot be written (a read-only disk, a file in the way): the
    command failed, the file's content is not at fault."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app and the CLI read from the config.

    ``refresh_minutes`` is the TUI's refresh period in minutes (0 = never).
    ``using_samples`` is True when no config file exists and the bundled
    sample feeds stand in for the subscriptions. ``warnings`` say what was
    ignored (a ``[keys]`` entry, an unknown locale), for the CLI to print.
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
    warnings: tuple[Problem, ...] = ()


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


_FEED_KEYS = frozenset({"url", "title", "category", "full_text"})


def _settings_from(data: dict[str, Any], path: Path, default_locale: str) -> Settings:
    feeds: list[Subscription] = []
    warnings: list[Problem] = []
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
        if unknown := sorted(str(k) for k in item if k not in _FEED_KEYS):
            warnings.append(Problem("config.warn_feed_keys", path=str(path), index=i,
                                    names=", ".join(unknown)))
        feeds.append(Subscription(url=url, title=title or None, category=category or None,
                                  full_text=full))
    locale = default_locale
    if "locale" in data:
        asked = _expect(data, "locale", str, path)
        locale = resolve_locale(asked)
        if unknown_locale(asked):
            warnings.append(Problem("config.warn_locale", path=str(path), locale=asked,
                                    used=locale))
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
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(Problem("config.keys_table", path=str(path)))
    keymap = _keymap(keys, path, warnings)
    known = {"feeds", "locale", "refresh_on_start", "theme", "density", "keys", *numbers}
    unique = _dedupe(feeds, path, warnings)
    # no feeds in the file (only [keys], say): the samples, until feeds are added;
    # "feeds = []" (what removing the last one writes) means none
    samples = "feeds" not in data
    return Settings(feeds=sample_subscriptions() if samples else unique, using_samples=samples,
                    locale=locale, refresh_on_start=refresh_on_start,
                    refresh_minutes=numbers["refresh_minutes"], keep_days=numbers["keep_days"],
                    keep_per_feed=numbers["keep_per_feed"], path=path, theme=theme,
                    density=density, keymap=keymap,
                    extra={k: v for k, v in data.items() if k not in known},
                    warnings=tuple(warnings))


def _keymap(keys: dict[str, Any], path: Path, warnings: list[Problem]) -> dict[str, str]:
    """The ``[keys]`` entries Textual can use. Textual would ignore an unknown binding id
    and bind a key name no key event has (the footer showing it): both are dropped here,
    with a warning, and the default key stays."""
    keymap: dict[str, str] = {}
    unknown = []
    for binding_id, key in keys.items():
        if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 9:
            key = str(key)  # a digit key written without quotes
        if binding_id not in BINDING_IDS:
            unknown.append(str(binding_id))
        elif not isinstance(key, str) or not valid_key_list(key.strip()):
            # a warning, not an error: a typo in [keys] must not stop a cron refresh
            shown = key.strip() if isinstance(key, str) else str(key)
            warnings.append(Problem("config.warn_bad_key", path=str(path), id=binding_id,
                                    key=shown))
        elif typed := typed_key(binding_id, key.strip()):
            warnings.append(Problem("config.warn_key_typed", path=str(path), id=binding_id,
                                    key=typed))
        elif alias := terminal_alias(key):
            warnings.append(Problem("config.warn_key_alias", path=str(path), id=binding_id,
                                    key=alias[0], same=alias[1]))
        else:
            keymap[binding_id] = key.strip()
    if unknown:
        warnings.insert(0, Problem("config.warn_unknown_ids", path=str(path),
                                   ids=", ".join(unknown)))
    # a key another live binding has would hide one of the two: that remap is dropped
    # (again after each drop: the binding's default key may clash in turn)
    while clashes := key_clashes(keymap):
        binding_id, (key, other) = next(iter(clashes.items()))
        warnings.append(Problem("config.warn_key_clash", path=str(path), id=binding_id,
                                key=key, other=other))
        del keymap[binding_id]
    return keymap


def _dedupe(feeds: Sequence[Subscription], path: Path,
            warnings: list[Problem]) -> tuple[Subscription, ...]:
    """The feeds, each URL once (its first entry), with a warning for each repeated URL."""
    seen: set[str] = set()
    out = []
    for sub in feeds:
        key = normal_url(sub.url)
        if key not in seen:
            seen.add(key)
            out.append(sub)
        else:
            warnings.append(Problem("config.warn_duplicate_feed", path=str(path),
                                    url=sub.url))
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
    return normal_url(url)


_SCHEME_AND_AUTHORITY = re.compile(r"[^:/?#]*:(?://[^/?#]*)?")


def normal_url(url: str) -> str:
    """``url`` with its scheme and host in lower case (RFC 3986 §6.2.2.1), the form
    subscriptions are stored and compared in: "HTTP://Host/a" is "http://host/a".

    Nothing else changes (a trailing slash may matter to the server); a URL that
    cannot be split is returned as it is.
    """
    if ":" not in url:
        return url
    match = _SCHEME_AND_AUTHORITY.match(url)
    head = match.group() if match else ""
    if head == head.lower():
        return url  # the usual case, checked cheaply (every config load)
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return url
    scheme, rest = url.split(":", 1)
    if netloc and scheme.lower() in ("http", "https") and rest.startswith("//" + netloc):
        user, at, hostport = netloc.rpartition("@")
        rest = "//" + user + at + _lower_host(hostport) + rest[2 + len(netloc):]
    return scheme.lower() + ":" + rest


def _lower_host(hostport: str) -> str:
    if hostport.startswith("["):  # an IPv6 literal
        host, close, port = hostport.partition("]")
        return host.lower() + close + port
    host, colon, port = hostport.partition(":")
    return host.lower() + colon + port


def url_problem(url: str) -> Problem | None:
    """Why an http(s) ``url`` cannot be fetched (no host, a broken IPv6 address or port,
    spaces in the host), or None. Other schemes are left to :func:`acceptable_url`."""
    reason = host_fault(url)
    return None if reason is None else Problem("url.invalid", url=url, reason=reason)


def unknown_locale(name: str) -> bool:
    """Whether a locale asked for by name (``--locale``, ``locale =``) has no translation,
    so English is used: "xx", "fr". "C", "POSIX", "en_GB" and "id-ID" are known."""
    base = name.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if base in ("C", "POSIX", ""):
        return False
    return resolve_locale(name).split("_")[0] != base.split("_")[0].lower()


def add_feeds(path: Path, subs: Sequence[Subscription]) -> list[Subscription]:
    """Append subscriptions to the config file at ``path``, keeping its comments.

    Creates the file (and its folder) when missing. URLs already present (scheme and
    host compared in any case, :func:`normal_url`) are skipped; returns the
    subscriptions actually added. Raises ConfigError when the existing file is not
    valid TOML, ConfigWriteError when the file cannot be written.
    """
    import tomlkit  # only for writing; reading uses the stdlib

    if path.exists():
        current, doc = _load_for_edit(path)
    else:
        current = Settings(feeds=(), locale="en", path=path)
        doc = tomlkit.document()
        doc.add(tomlkit.comment("monitor-tui subscriptions; see README.md"))
    known = set() if current.using_samples else {normal_url(s.url) for s in current.feeds}
    added = []
    array = doc.get("feeds")
    if array is None:
        array = tomlkit.aot()
        doc.append("feeds", array)
    elif not len(array):  # "feeds = []": an inline array would take inline tables
        array = tomlkit.aot()
        doc["feeds"] = array
    for sub in subs:
        if normal_url(sub.url) in known:
            continue
        known.add(normal_url(sub.url))
        table = tomlkit.table()
        table.add("url", sub.url)
        if sub.title:
            table.add("title", sub.title)
        if sub.category:
            table.add("category", sub.category)
        array.append(table)
        added.append(sub)
    _write(path, tomlkit.dumps(doc))
    return added


def _load_for_edit(path: Path) -> tuple[Settings, tomlkit.TOMLDocument]:
    """The settings of the config file at ``path`` and its tomlkit document (comments
    and layout kept for rewriting). Raises ConfigError when it is not valid TOML."""
    import tomlkit  # only for writing; reading uses the stdlib

    current = load(path)
    try:
        doc = tomlkit.parse(path.read_text("utf-8"))
    except Exception as exc:  # tomlkit raises its own ParseError subclasses
        raise ConfigError(Problem("config.invalid_toml", path=str(path),
                                  detail=str(exc))) from exc
    return current, doc


def _write(path: Path, text: str) -> None:
    """Replace the config file atomically (a crash never leaves half a config)."""
    tmp = path.with_suffix(".toml.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, "utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only disk, a folder in the way: said with the path
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ConfigWriteError(Problem("config.unwritable", path=str(path),
                                  detail=exc.strerror or str(exc))) from exc


def remove_feeds(path: Path, wanted: str) -> list[Subscription]:
    """Remove the subscriptions whose URL is ``wanted``, or whose title is (ignoring case),
    from the config file at ``path``, keeping its comments; returns those removed.

    Their cached articles stay (hidden from the views until they expire; bookmarks are
    kept for good). Raises ConfigError when the file is not valid TOML, ConfigWriteError
    when it cannot be written; a missing file has no subscriptions to remove.
    """
    import tomlkit

    if not path.exists():
        return []
    current, doc = _load_for_edit(path)
    key = wanted.strip()
    mine = () if current.using_samples else current.feeds
    doomed = [s for s in mine
              if normal_url(s.url) == normal_url(key)
              or (s.title is not None and s.title.casefold() == key.casefold())]
    array = doc.get("feeds")
    if not doomed or array is None:
        return []
    urls = {normal_url(s.url) for s in doomed}
    for i in reversed(range(len(array))):  # hand-written duplicates ("HTTP://...") go too
        if normal_url(str(array[i].get("url", "")).strip()) in urls:
            del array[i]
    # the last one gone, an empty array is written: "feeds = []", none (without it, the
    # sample feeds would come back)
    _write(path, tomlkit.dumps(doc))
    return doomed


def current_feeds(settings: Settings) -> tuple[Subscription, ...]:
    """The subscriptions in ``settings.path`` as the file is now (``monitor-tui add`` may
    have changed it since ``settings`` were read); ``settings.feeds`` when the file cannot
    be read now. Reads a file: not for the UI thread."""
    if settings.path is None:
        return settings.feeds
    try:
        return load(settings.path).feeds
    except (ConfigError, OSError):
        return settings.feeds


def with_locale(settings: Settings, locale: str | None) -> Settings:
    """A copy of ``settings`` with the locale overridden (``--locale``); a locale with no
    translation adds a warning (English is used)."""
    if not locale:
        return settings
    used = resolve_locale(locale)
    warnings = settings.warnings
    if unknown_locale(locale):
        warnings = (*warnings, Problem("config.warn_cli_locale", locale=locale, used=used))
    return replace(settings, locale=used, warnings=warnings)
