"""Date separators of the post list: which list lines are separators, which are rows.

The list is ``count`` rows, newest first, with one separator line above the first row
of each day. :class:`DayIndex` maps list lines to row offsets and back in O(log days)
from the per-day counts (``Store.day_counts``), so a repaint costs O(visible rows)
whatever the length of the list.

Until the per-day counts of a big view arrive, a *provisional* index built from the
first page of rows places the separators of that page (the rows on screen at first);
rows further down are assumed to belong to the last day seen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from monitor_tui.model import ArticleRow


class DayIndex:
    """Separator positions: ``starts[i]`` is the row offset of day ``days[i]``'s first row."""

    __slots__ = ("days", "provisional", "separator_lines", "starts", "total")

    def __init__(self, days: Sequence[date], starts: Sequence[int], *,
                 provisional: bool = False, total: int | None = None) -> None:
        self.days = list(days)
        self.starts = list(starts)
        self.provisional = provisional
        self.total = total
        """The rows counted per day, summed (the view's exact count), when known."""
        # the line of day i's separator: its first row, pushed down by the i separators above
        self.separator_lines = [start + i for i, start in enumerate(self.starts)]

    @classmethod
    def empty(cls) -> DayIndex:
        """No separators (an empty list, or before anything was counted)."""
        return cls([], [])

    @classmethod
    def from_counts(cls, counts: Sequence[tuple[str, int]]) -> DayIndex:
        """From ``Store.day_counts``: (ISO date, articles) per day, newest day first."""
        days, starts, row = [], [], 0
        for iso, n in counts:
            if n <= 0:
                continue
            days.append(date.fromisoformat(iso))
            starts.append(row)
            row += n
        return cls(days, starts, total=row)

    @classmethod
    def from_rows(cls, rows: Sequence[ArticleRow], utc_offset_seconds: int) -> DayIndex:
        """A provisional index from the first page of rows (same day rule as the store)."""
        shift = timedelta(seconds=utc_offset_seconds)
        days: list[date] = []
        starts: list[int] = []
        for i, row in enumerate(rows):
            day = (row.sort_time + shift).date()
            if not days or days[-1] != day:
                days.append(day)
                starts.append(i)
        return cls(days, starts, provisional=True)

    def __len__(self) -> int:
        return len(self.starts)

    def lines(self, count: int) -> int:
        """How many list lines ``count`` rows take with their separators."""
        return count + len(self.starts) if count else 0

    def line_of(self, row: int) -> int:
        """The list line showing row offset ``row``."""
        return row + bisect_right(self.starts, row)

    def at_line(self, line: int) -> tuple[int | None, int | None]:
        """``(day, None)`` when ``line`` is day ``day``'s separator, else ``(None, row)``."""
        i = bisect_right(self.separator_lines, line) - 1
        if i < 0:
            return None, line
        if self.separator_lines[i] == line:
            return i, None
        return None, line - (i + 1)

    def starts_day(self, row: int) -> bool:
        """Whether ``row`` is the first row of its day (a separator sits right above it)."""
        i = bisect_right(self.starts, row) - 1
        return i >= 0 and self.starts[i] == row
