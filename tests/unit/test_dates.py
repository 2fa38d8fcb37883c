"""Date strings feedparser misreads: read right, or None (never a plausible wrong date)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor_tui.dates import parse_date


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(("raw", "expected"), [
    ("5 November 2025 - 09:01", _utc(2025, 11, 5, 9, 1)),
    ("Thu, 30 Apr 2015 08:57:00 MEST", _utc(2015, 4, 30, 6, 57)),
    ("Sun, 06 Sep 2009 16:18:00 EST", _utc(2009, 9, 6, 21, 18)),
    ("Wed, 05 Nov 2025 09:01:00 +0000", _utc(2025, 11, 5, 9, 1)),
    ("Wed, 05 Nov 25 09:01:00 +0100", _utc(2025, 11, 5, 8, 1)),
    ("Sat, Dec 16 2023 02:02:33 PM", _utc(2023, 12, 16, 14, 2, 33)),
    ("Mercoledì, 12 marzo 2025 10:00:00 +0100", _utc(2025, 3, 12, 9, 0)),
    ("miércoles, 5 de noviembre de 2025 09:01", _utc(2025, 11, 5, 9, 1)),
    ("Quarta-feira, 5 Novembro 2025 09:01:00 -0300", _utc(2025, 11, 5, 12, 1)),
    ("Mittwoch, 5. Dezember 2025 09:01:00 +0100", _utc(2025, 12, 5, 8, 1)),
    ("Rabu, 5 Nov 2025 16:01:00 WIB", _utc(2025, 11, 5, 9, 1)),
    ("2025/11/05 09:01", _utc(2025, 11, 5, 9, 1)),
    ("25/11/2025", _utc(2025, 11, 25)),
    ("November 5th, 2025 at 9:01 am", _utc(2025, 11, 5, 9, 1)),
])
def test_readable(raw: str, expected: datetime) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [
    "03/04/2025",            # day and month could swap
    "2025-11-05T09:01:00Z",  # ISO: feedparser's job
    "sometime last week",
    "5 Nonember 2025",
    "31 February 2025",
    "13:00 PM 5 Nov 2025",
    "",
])
def test_unreadable_is_none(raw: str) -> None:
    assert parse_date(raw) is None
