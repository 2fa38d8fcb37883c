"""Problems: the core's error messages as a catalog key and arguments, not as English text.

The core (fetch, parse, refresh, full text, store, config, OPML) says what went wrong
with a :class:`Problem`; the TUI and the CLI render it in the user's language when they
show it (:func:`localize`). A Problem *is* a ``str``, its English text, so code, logs
and tests that treat errors as text keep working. Arguments are details from outside
(a reason phrase, the OS's error text, a URL) and are inserted as they come; an
argument may itself be a Problem (rendered in the same language).

In the cache's TEXT columns (``feeds.last_error``, ``articles.full_text_error``) a
Problem is kept as a small JSON object (:func:`to_stored`); a value that is not one,
such as a row written before problems existed, reads back as the text it is
(:func:`from_stored`), so no schema change is needed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from monitor_tui.i18n import CATALOG, t

__all__ = ["Problem", "from_stored", "localize", "problem_of", "to_stored"]

_MARK = '{"problem":'  # what a stored Problem starts with; no plain message does


class Problem(str):
    """An error message: ``key`` in the catalog (``i18n/errors.py``) and its ``args``.

    ``str(problem)`` and the value itself are the English text; :meth:`text` renders
    another locale. Build it as ``Problem("fetch.refused")`` or
    ``Problem("fetch.http_status", code=404, reason=...)``.
    """

    key: str
    args: Mapping[str, str | int]

    def __new__(cls, key: str, /, **args: str | int) -> Problem:
        """A Problem for catalog ``key`` with its ``{fields}`` in ``args``."""
        self = super().__new__(cls, _render(key, args, "en"))
        self.key = key
        self.args = MappingProxyType(dict(args))
        return self

    def text(self, locale: str) -> str:
        """The message in ``locale`` (English for unknown locales)."""
        return _render(self.key, self.args, locale)

    def as_json(self) -> dict[str, Any]:
        """The JSON-ready form: key, arguments (nested problems as objects) and English text."""
        args = {k: v.as_json() if isinstance(v, Problem) else v for k, v in self.args.items()}
        return {"problem": self.key, "args": args, "text": str(self)}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.key, dict(self.args)))

    def __repr__(self) -> str:
        return f"Problem({self.key!r}, {dict(self.args)!r})"


def _restore(key: str, args: dict[str, str | int]) -> Problem:
    return Problem(key, **args)


def _render(key: str, args: Mapping[str, str | int], locale: str) -> str:
    values = {k: v.text(locale) if isinstance(v, Problem) else v for k, v in args.items()}
    return t(key, locale, **values)


def _from_json(data: object) -> str | None:
    """A Problem from :meth:`Problem.as_json` output; its English text if the key is unknown."""
    if not isinstance(data, dict) or not isinstance(data.get("problem"), str):
        return None
    raw_args = data.get("args")
    text = data.get("text")
    fallback = text if isinstance(text, str) else None
    if data["problem"] not in CATALOG["en"] or not isinstance(raw_args, dict):
        return fallback  # a key from another version of monitor-tui
    args: dict[str, str | int] = {}
    for name, value in raw_args.items():
        if isinstance(value, dict):
            nested = _from_json(value)
            if nested is None:
                return fallback
            args[str(name)] = nested
        elif isinstance(value, int) and not isinstance(value, bool):
            args[str(name)] = value
        else:
            args[str(name)] = str(value)
    return Problem(data["problem"], **args)


def to_stored(value: str | None) -> str | None:
    """The form kept in a TEXT column: JSON for a Problem, other text unchanged."""
    if isinstance(value, Problem):
        return json.dumps(value.as_json(), ensure_ascii=False, separators=(",", ":"))
    return value


def from_stored(value: str | None) -> str | None:
    """Undo :func:`to_stored`: a Problem again, or the stored text as it is (old rows)."""
    if value is None or not value.startswith(_MARK):
        return value
    try:
        restored = _from_json(json.loads(value))
    except (ValueError, RecursionError):
        return value
    return value if restored is None else restored


def problem_of(exc: BaseException) -> Problem | None:
    """The Problem an exception was raised with (``raise ConfigError(Problem(...))``)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Problem):
        return exc.args[0]
    return None


def localize(value: object, locale: str) -> str:
    """Any error value as text in ``locale``: a Problem (also stored, or inside an
    exception) is rendered; other text is returned as it is; None gives ""."""
    if value is None:
        return ""
    if isinstance(value, BaseException):
        value = problem_of(value) or str(value)
    if isinstance(value, str) and not isinstance(value, Problem):
        value = from_stored(value)
    if isinstance(value, Problem):
        return value.text(locale)
    return str(value)
