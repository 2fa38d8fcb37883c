"""Relative and absolute times in the user's locale, via Babel (CLDR data).

Every function takes ``now`` as an argument so tests freeze the clock.

The labels of the post list ("3 jam yang lalu", "Kemarin") are memoized by what they
say (locale, unit and count, or the day), and the memo can be saved between runs
(``time_labels``): the first screen then needs no Babel at all, whose import and
locale data cost a tenth of the start-up. Babel still makes every label; a memo made
by another Babel version is not used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

DEFAULT_LOCALE = "en"
UI_LANGUAGES = ("id", "en")
JUST_NOW_SECONDS = 45
_PLAIN_LOCALES = frozenset({"en", "id", "en_US", "id_ID"})
"""Names :func:`resolve_locale` returns as they are (Babel parses each to itself)."""
MEMO_LIMIT = 4000
"""Labels kept at most (a few per unit and locale, plus one per dated separator)."""

_memo: dict[str, str] = {}
_memo_learned = False


def use_memo(labels: Mapping[str, str]) -> None:
    """Start from ``labels`` (as saved by :func:`memo`): they are used instead of Babel."""
    global _memo_learned
    _memo.clear()
    _memo.update(labels)
    _memo_learned = False


def memo() -> tuple[dict[str, str], bool]:
    """A copy of the memoized labels, and whether any were made since :func:`use_memo`."""
    return dict(_memo), _memo_learned


def take_learned() -> dict[str, str] | None:
    """A copy of the memo if labels were made since it was loaded or last taken (then
    none are counted as new any more), else None: what is worth saving."""
    global _memo_learned
    if not _memo_learned:
        return None
    _memo_learned = False
    return dict(_memo)


def _memoized(key: str, make: Callable[[], str]) -> str:
    global _memo_learned
    label = _memo.get(key)
    if label is None:
        label = make()
        if len(_memo) < MEMO_LIMIT:
            _memo[key] = label
            _memo_learned = True
    return label


@lru_cache(maxsize=16)
def resolve_locale(name: str | None) -> str:
    """Normalise a locale name such as ``id_ID.UTF-8``, ``id-ID`` or ``C`` to a Babel one.

    Unknown or empty names (``C``, ``POSIX``) and languages the UI is not translated
    into (only Indonesian and English are) fall back to ``en``, so labels and times
    never mix two languages.
    """
    if not name:
        return DEFAULT_LOCALE
    base = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if base in ("C", "POSIX", ""):
        return DEFAULT_LOCALE
    if base in _PLAIN_LOCALES:
        return base  # what Babel would answer, without loading Babel at start-up
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LOCALE
    return str(parsed) if parsed.language in UI_LANGUAGES else DEFAULT_LOCALE


def relative(when: datetime, now: datetime, locale: str = DEFAULT_LOCALE,
             tz: tzinfo | None = None) -> str:
    """"2 jam yang lalu" / "2 hours ago"; future times read "dalam 3 jam" / "in 3 hours".

    ``when`` and ``now`` are aware datetimes (any zone). Under 45 seconds either
    way reads as CLDR's "now" ("sekarang"), never "0 seconds" or "-3 jam yang lalu".
    Hours are counted whole, not rounded. From a day on, with ``tz`` (the zone the
    list's day lines are cut in) days are calendar days there: a post under the
    "Yesterday" line says "1 day ago" and one under the line of the day before says
    "2 days ago", even when only 36 hours have passed. Without ``tz``, whole 24-hour days.
    """
    delta = when - now
    seconds = delta.total_seconds()
    if abs(seconds) < JUST_NOW_SECONDS:
        return _memoized(f"{locale}|now", lambda: _just_now(locale))
    if abs(seconds) < 3600:
        # Babel says round(minutes), at least 1: that number is the whole label
        key = f"{locale}|{'-' if seconds < 0 else ''}{round(max(1.0, abs(seconds) / 60))}m"
    else:
        if abs(seconds) >= 86400 and tz is not None:
            days = (when.astimezone(tz).date() - now.astimezone(tz).date()).days
            delta = timedelta(days=days)
        else:
            unit = 86400 if abs(seconds) >= 86400 else 3600
            whole = int(abs(seconds) // unit) * unit
            delta = timedelta(seconds=whole if seconds > 0 else -whole)
        key = f"{locale}|{int(delta.total_seconds())}s"

    def make() -> str:
        from babel.dates import format_timedelta  # loaded on first use: the CLI needs none

        return str(format_timedelta(delta, granularity="minute", threshold=1.0,
                                    add_direction=True, format="long", locale=locale))

    return _memoized(key, make)


def _just_now(locale: str) -> str:
    # CLDR has "now" under the relative-second field (id: "sekarang", en: "now")
    from babel.dates import format_timedelta

    return relative_day_word("second", 0, locale) or str(
        format_timedelta(timedelta(seconds=0), locale=locale))


def relative_day_word(field: str, offset: int, locale: str = DEFAULT_LOCALE) -> str | None:
    """CLDR's word for a relative ``field`` ("day", "second") at ``offset``.

    ``("day", 0)`` is "hari ini"/"today", ``("day", -1)`` "kemarin"/"yesterday".
    Babel has no public accessor for these, so read its locale data.
    """
    from babel import Locale, UnknownLocaleError

    try:
        data = Locale.parse(locale)._data["date_fields"][field]["relative"]
        return str(data[offset])
    except (KeyError, UnknownLocaleError, ValueError):
        return None


def day_label(day: date, today: date, locale: str = DEFAULT_LOCALE) -> str:
    """A date separator's label: "Hari ini"/"Today", "Kemarin"/"Yesterday", else the full
    localized date ("Jumat, 27 November 2026" / "Friday, November 27, 2026")."""
    offset = (day - today).days
    if offset in (0, -1):
        word = _memoized(f"{locale}|day{offset}",
                         lambda: relative_day_word("day", offset, locale) or "")
        if word:
            return word[:1].upper() + word[1:]

    def make() -> str:
        from babel.dates import format_date

        return str(format_date(day, "full", locale=locale))

    return _memoized(f"{locale}|{day.isoformat()}", make)


def absolute(when: datetime, locale: str = DEFAULT_LOCALE, tz: tzinfo | None = None) -> str:
    """Date and time in the local zone (or ``tz``), e.g. "29 Nov 2026 17.05" in ``id``."""
    from babel.dates import format_datetime

    local = when.astimezone(tz) if tz is not None else when.astimezone()
    return str(format_datetime(local, "medium", tzinfo=local.tzinfo, locale=locale))


def utcnow() -> datetime:
    """The current time, aware UTC: the default clock."""
    return datetime.now(UTC)
