"""The string catalog: English and Indonesian, plain Python (no gettext files).

Every string a user reads comes from :func:`t`: the TUI's labels (``ui.py``), the
core's error messages (``errors.py``, rendered through :mod:`monitor_tui.problem`)
and the CLI's output (``cli.py``). Feed-provided text is passed in through ``**kw``
and is never part of a template, so ``{`` in a feed title is safe. Unknown locales
fall back to English by their language part ("id_ID" → "id").
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor_tui.i18n import cli, errors, ui

__all__ = ["CATALOG", "LOCALES", "PARTS", "language", "t", "tn"]

PARTS: Mapping[str, tuple[Mapping[str, str], Mapping[str, str]]] = {
    "ui": (ui.EN, ui.ID), "errors": (errors.EN, errors.ID), "cli": (cli.EN, cli.ID)}
"""The catalog files: name → (English, Indonesian); no key is in two of them (tested)."""

_EN: dict[str, str] = {k: v for en, _ in PARTS.values() for k, v in en.items()}
_ID: dict[str, str] = {k: v for _, id_ in PARTS.values() for k, v in id_.items()}

CATALOG: Mapping[str, Mapping[str, str]] = {"en": _EN, "id": _ID}
"""Locale → key → template (``str.format`` fields)."""

LOCALES = tuple(CATALOG)
"""The locales with a translation."""


def language(locale: str) -> str:
    """The catalog language for a Babel/POSIX locale name: "id_ID" → "id"; unknown → "en"."""
    base = locale.replace("-", "_").split("_", 1)[0].lower()
    return base if base in CATALOG else "en"


def t(key: str, locale: str, /, **kw: object) -> str:
    """The string ``key`` in ``locale``, with ``kw`` filled into its ``{fields}``.

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


def tn(key: str, count: int, locale: str, /, **kw: object) -> str:
    """Like :func:`t`, choosing ``key + ".one"`` when ``count`` is 1 and that form exists.

    Indonesian has no plural forms, so only English defines ``.one`` variants.
    """
    catalog = CATALOG[language(locale)]
    if count == 1 and f"{key}.one" in catalog:
        key = f"{key}.one"
    return t(key, locale, **kw)
