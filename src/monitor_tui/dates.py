"""Date strings feedparser's own handlers misread, read right or not at all.

RFC 822 / RFC 2822 dates with named zones (MEST, EDT, WIB), long or foreign month
and day names (Italian, Spanish, Portuguese, German, French, Dutch, Indonesian),
" - " or "at" between date and time, 12-hour clocks, and unambiguous slash
dates. The rule (ARCHITECTURE.md): a date we cannot read with certainty is
``None`` (the store uses the first-seen time), never a plausible wrong date.
ISO 8601 / RFC 3339 strings are left to feedparser in RSS and Atom; JSON Feed dates
(RFC 3339) are read by :func:`parse_rfc3339`.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone

import feedparser

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate([
    "january jan januar janvier gennaio gen enero ene janeiro januari",
    "february feb februar février fevrier febbraio febrero fevereiro fev februari pebruari",
    "march mar märz maerz mär mars marzo março marco maart maret",
    "april apr avril aprile abril abr",
    "may mai maggio mag mayo maio mei",
    "june jun juni juin giugno giu junio junho",
    "july jul juli juillet luglio lug julio julho",
    "august aug août aout agosto ago augustus agu agt",
    "september sep sept septembre settembre set septiembre setembro",
    "october oct oktober okt octobre ottobre ott octubre outubro out",
    "november nov novembre noviembre novembro nop",
    "december dec dezember dez décembre decembre dicembre dic diciembre dezembro desember des",
], start=1):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _n)

_WEEKDAYS = frozenset(" ".join([
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday",
    "saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do",
    "fr sa so lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì",
    "venerdi sabato domenica lun mer gio ven sab dom lunes martes miércoles miercoles jueves",
    "viernes sábado domingo segunda-feira terça-feira quarta-feira quinta-feira sexta-feira",
    "seg ter qua qui sex lundi mardi mercredi jeudi vendredi samedi dimanche maandag dinsdag",
    "woensdag donderdag vrijdag zaterdag zondag senin selasa rabu kamis jumat jum'at sabtu",
    "minggu",
]).split())

# hours east of UTC; only unambiguous names (IST and CST have several meanings: CST is
# kept as US Central because RSS feeds use it that way almost always)
_ZONES: dict[str, float] = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "met": 1,
    "cest": 2, "mest": 2, "mesz": 2, "eet": 2, "eest": 3, "msk": 3, "est": -5, "edt": -4,
    "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8,
    "hst": -10, "ast": -4, "adt": -3, "nst": -3.5, "ndt": -2.5, "wib": 7, "wita": 8, "wit": 9,
    "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "acst": 9.5, "aest": 10, "aedt": 11,
    "nzst": 12, "nzdt": 13,
}
_FILLER = {"-", "at", "um", "à", "a", "as", "às", "alle", "ore", "de", "del", "pukul", "jam",
           "h", "le", "el", "den", "om"}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?$")
_OFFSET = re.compile(r"^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$")
_SLASH = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")
_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?([T ]|$)")


def parse_date(raw: str) -> datetime | None:
    """Read ``raw`` into an aware UTC datetime, or None when it is not certain.

    No zone given → UTC (case B01). Ambiguous slash dates such as 03/04/2025
    give None. Raises nothing.
    """
    text = raw.strip().lower()
    if not text or len(text) > 80 or _ISO.match(text):
        return None
    tokens = [t for t in re.split(r"[\s,]+", text.replace("(", " ").replace(")", " ")) if t]
    day = month = year = None
    hour = minute = second = 0
    have_time = False
    ampm = None
    offset: float | None = None
    for tok in tokens:
        tok = tok.rstrip(".") if tok not in ("a.m.", "p.m.") else tok
        if tok in _FILLER or tok in _WEEKDAYS or tok.rstrip(".") in _WEEKDAYS:
            continue
        if tok in _MONTHS and month is None:
            month = _MONTHS[tok]
        elif (m := _TIME.match(tok)) and not have_time:
            hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
            have_time = True
        elif tok in ("am", "pm", "a.m.", "p.m."):
            ampm = tok[0]
        elif (m := _OFFSET.match(tok)) and offset is None and (have_time or tok[0] != "-"):
            sign = 1 if m[1] == "+" else -1
            offset = sign * (int(m[2]) + int(m[3] or 0) / 60)
        elif tok in _ZONES and offset is None:
            offset = _ZONES[tok]
        elif (m := _SLASH.match(tok)) and day is None and month is None:
            ymd = _slash(int(m[1]), int(m[2]), int(m[3]), len(m[1]))
            if ymd is None:
                return None
            year, month, day = ymd
        elif tok.isdigit() and len(tok) == 4 and year is None:
            year = int(tok)
        elif tok.isdigit() and len(tok) <= 2 and day is None:
            day = int(tok)
        elif tok.isdigit() and len(tok) == 2 and year is None:
            year = 2000 + int(tok) if int(tok) < 70 else 1900 + int(tok)
        elif re.fullmatch(r"\d{1,2}(st|nd|rd|th|er|º|°)", tok) and day is None:
            day = int(re.match(r"\d+", tok)[0])  # type: ignore[index]
        else:
            return None  # an unknown word: do not guess
    if day is None or month is None or year is None:
        return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        zone = timezone(timedelta(hours=offset or 0.0))
        return datetime(year, month, day, hour, minute, second, tzinfo=zone).astimezone(UTC)
    except ValueError:
        return None


# RFC 3339 §5.6 date-time, plus what feeds write instead: a space or lower-case "t"/"z",
# a comma before the fraction, no zone, or the date alone
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"\s*(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?")


def parse_rfc3339(raw: str) -> datetime | None:
    """Read an RFC 3339 timestamp (JSON Feed's ``date_published``) into aware UTC.

    ``2025-01-02T03:04:05.678+07:00`` and ``...Z`` as the standard says; also a space
    or lower-case ``t``/``z``, no seconds, a comma fraction, and ``+0700``. No zone
    means UTC (case B01); a date alone means its midnight UTC, as feedparser reads
    W3C-DTF dates in RSS and Atom. A leap second (``:60``) is read as ``:59``.
    Anything else goes through :func:`parse_date` (feeds that write RFC 822 dates
    where RFC 3339 is due); unreadable or impossible dates give None. Raises nothing.
    """
    text = raw.strip()
    if len(text) > 80:
        return None
    m = _RFC3339.fullmatch(text)
    if m is None:
        return parse_date(text)
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    hour, minute = int(m[4] or 0), int(m[5] or 0)
    second = min(int(m[6] or 0), 59)
    micro = int((m[7] or "0")[:6].ljust(6, "0"))
    offset = 0
    if m[8]:
        if int(m[9]) > 23 or int(m[10]) > 59:
            return None
        offset = (1 if m[8] == "+" else -1) * (int(m[9]) * 60 + int(m[10]))
    try:
        zone = timezone(timedelta(minutes=offset))
        return datetime(year, month, day, hour, minute, second, micro,
                        tzinfo=zone).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _slash(a: int, b: int, c: int, first_len: int) -> tuple[int, int, int] | None:
    """(year, month, day) from a slash date, or None when day and month could swap."""
    if first_len == 4:
        return a, b, c
    year = c if c > 99 else 2000 + c
    if a > 12 >= b:
        return year, b, a
    if b > 12 >= a:
        return year, a, b
    if a == b:
        return year, a, b
    return None


def _feedparser_handler(raw: str) -> time.struct_time | None:
    parsed = parse_date(raw)
    return parsed.utctimetuple() if parsed is not None else None


_registered = False


def register_with_feedparser() -> None:
    """Put ``parse_date`` first in feedparser's date handlers (idempotent).

    It returns None for what it does not read with certainty, and feedparser's
    own handlers (W3C-DTF, RFC 822, ...) then try.
    """
    global _registered
    if not _registered:
        feedparser.registerDateHandler(_feedparser_handler)
        _registered = True
