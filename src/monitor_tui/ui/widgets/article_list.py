"""The post list: a virtual Line-API scroll view fed page by page from SQLite.

Only ``count`` and a small cache of 200-row pages live in memory; a page missing
from the cache renders as a dim placeholder and is read by a thread worker, which
posts :class:`~monitor_tui.ui.messages.PageLoaded`. One list of 100 000 articles
costs the same to open as a list of 10.

A date separator ("Hari ini", "Kemarin", "Jumat, 27 November 2026") sits above the
first row of each day. The cursor is a *row* offset; :class:`~.days.DayIndex` maps
rows to list lines and back, so separators are never selectable and a repaint stays
O(visible rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from monitor_tui.i18n import t
from monitor_tui.model import ArticleRow, View
from monitor_tui.startup import PAGE_SIZE
from monitor_tui.timefmt import day_label, relative
from monitor_tui.ui.bindings import LIST, make_bindings
from monitor_tui.ui.messages import PageLoaded, StoreFailed
from monitor_tui.ui.widgets.days import DayIndex
from monitor_tui.ui.widgets.rows import row_text, separator_text, to_strip

CURSOR_PLAIN_PARTS = frozenset({"article-list--read", "article-list--unread",
                                "article-list--feed", "article-list--time",
                                "article-list--warning"})
"""Row parts drawn in the cursor's foreground colour on the cursor row."""
MAX_PAGES = 24
"""Pages kept in memory; the ones farthest from the viewport are dropped first."""
MAX_STRIPS = 600
"""Rendered lines kept for reuse (a repaint or a scroll redraws only what changed)."""
POSITION_DELAY = 0.08
"""The "123/100000" border subtitle follows the cursor after this pause: redrawing the
border repaints the whole list, which must not happen on every key of a fast j/k."""

PageFetcher = Callable[[View, int, int, int | None], list[ArticleRow]]
"""Reads rows ``offset .. offset+limit`` of a view (given its total row count, or None);
runs in a worker thread."""

TICK_SECONDS = 60.0
"""How often the relative times ("5 minutes ago") are worked out again."""


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """The middle pane: one line per article, newest first, with a cursor row."""

    BINDINGS: ClassVar[list[BindingType]] = list(make_bindings(LIST, "en"))

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--mark",
        "article-list--bookmark",
        "article-list--feed",
        "article-list--time",
        "article-list--warning",
        "article-list--placeholder",
        "article-list--hint",
        "article-list--separator",
        "article-list--separator-rule",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .article-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--mark { color: $accent; }
        & > .article-list--bookmark { color: $warning; }
        & > .article-list--feed { color: $text-muted; text-style: not bold; }
        & > .article-list--time { color: $text-muted; text-style: not bold; }
        & > .article-list--warning { color: $warning; text-style: italic not bold; }
        & > .article-list--placeholder { color: $text-disabled; }
        & > .article-list--hint { color: $text-muted; text-style: italic; }
        & > .article-list--separator { color: $text-accent; text-style: bold; }
        & > .article-list--separator-rule { color: $panel-lighten-2; }
    }
    """

    class Opened(Message):
        """The user asked to read the article on ``row`` (enter or click)."""

        def __init__(self, row: ArticleRow, index: int) -> None:
            super().__init__()
            self.row = row
            self.index = index

    def __init__(self, fetch: PageFetcher, *, locale: str, clock: Callable[[], datetime],
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self.locale = locale
        self.clock = clock
        self.view: View | None = None
        self.generation = -1
        self.count = 0
        self.count_exact = True
        """False while ``count`` is an upper bound (see :meth:`reset`)."""
        self.cursor = 0
        self.hint = t("list.loading", locale)
        self._pages: dict[int, list[ArticleRow]] = {}
        self._pending: set[int] = set()
        self._labels: dict[tuple[float, bool, float | None], tuple[str, bool]] = {}
        self._day_labels: dict[date, str] = {}
        self._paint_time_w: int | None = None
        self._paint_base: Style | None = None
        self._time_w: int | None = None
        self._time_w_key: tuple[int, ...] = ()
        self._loads = 0
        """Pages loaded so far (the time column is re-measured after each)."""
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._position_timer: Timer | None = None
        self.days = DayIndex.empty()
        self.utc_offset = 0
        """Seconds east of UTC of the zone the days are cut in (fixed per list load)."""
        self.paints = 0
        """How many times lines were rendered (the latency benchmark watches it)."""
        self.painted_rows = False
        """Whether an article row (not a placeholder) has been drawn since the last reset."""

    def on_mount(self) -> None:
        """Re-render relative times once a minute."""
        self.set_interval(TICK_SECONDS, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        """A smaller pane (terminal resized, layout switched) keeps the cursor row shown."""
        if self.count:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def tick(self) -> None:
        """Forget cached relative-time and day labels and repaint (the clock moved on)."""
        self._labels.clear()
        self._day_labels.clear()
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        """The CSS or the theme changed: rendered lines are stale."""
        self._strips.clear()
        super().notify_style_update()

    # -- data ----------------------------------------------------------------------

    def reset(self, generation: int, view: View, count: int, first_page: list[ArticleRow],
              keep_id: int | None = None,
              keep_page: tuple[int, list[ArticleRow]] | None = None, *,
              days: DayIndex | None = None, utc_offset: int = 0,
              count_provisional: bool = False, keep_index: int | None = None) -> None:
        """Show a freshly counted view; keep the cursor on ``keep_id`` when it was found,
        else put it on row ``keep_index`` (default: where it was, if the view is the same).

        ``days`` places the date separators (default: from ``first_page``, exact when
        the first page holds every row); :meth:`set_days` replaces it later.
        ``count_provisional``: ``count`` is an upper bound (a big search's index hits)
        until :meth:`set_days` brings the exact one.
        """
        same_view = view == self.view
        old_cursor = self.cursor
        self.generation = generation
        self.view = view
        self.count = count
        self.count_exact = not count_provisional
        self.utc_offset = utc_offset
        self.days = days if days is not None else DayIndex.from_rows(first_page, utc_offset)
        self.painted_rows = False
        self._pages = {0: list(first_page)} if count else {}
        if keep_page is not None and count:
            self._pages[keep_page[0]] = list(keep_page[1])
        self._pending.clear()
        self.cursor = 0
        found = self.index_of(keep_id) if keep_id is not None else None
        if found is not None:
            self.cursor = found
        else:
            if keep_index is None and keep_id is not None and same_view:
                keep_index = old_cursor  # the article left the list: the row that took its place
            if keep_index is not None:
                self.cursor = max(0, min(keep_index, count - 1))
        self.virtual_size = Size(1, self.days.lines(count))
        if not same_view or (keep_id is None and keep_index is None):
            self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        # a list that grew: the new height bounds scrolling only after the next refresh
        self.call_after_refresh(self._scroll_cursor_into_view)
        self._update_position()
        self.refresh()

    def set_days(self, generation: int, days: DayIndex) -> None:
        """The exact date separators of the current list arrived (after its first page)."""
        if generation != self.generation:
            return
        if days.total is not None and days.total != self.count:
            # the exact count of a provisionally counted list: pages read with the old
            # count are still right (read forwards), but none may lie past the end
            self.count = days.total
            last_page = (self.count - 1) // PAGE_SIZE
            self._pages = {n: rows for n, rows in self._pages.items() if n <= last_page}
            self.cursor = min(self.cursor, max(self.count - 1, 0))
            self._update_position()
        if days.total is not None:
            self.count_exact = True
        self.days = days
        self.virtual_size = Size(1, days.lines(self.count))
        self._scroll_cursor_into_view()
        self.call_after_refresh(self._scroll_cursor_into_view)
        self.refresh()

    def set_hint(self, hint: str) -> None:
        """The line shown when the view has no articles."""
        self.hint = hint
        if not self.count:
            self.refresh()

    def row_at(self, index: int) -> ArticleRow | None:
        """The row at list position ``index`` if its page is loaded."""
        page = self._pages.get(index // PAGE_SIZE)
        if page is None:
            return None
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> ArticleRow | None:
        """The row under the cursor, or None (empty list, page not loaded yet)."""
        return self.row_at(self.cursor) if self.count else None

    def index_of(self, article_id: int) -> int | None:
        """The list position of ``article_id`` among the cached pages, or None."""
        for page_no, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == article_id:
                    return page_no * PAGE_SIZE + i
        return None

    def update_row(self, article_id: int, *, read: bool | None = None,
                   bookmarked: bool | None = None) -> None:
        """Change one cached row's flags and repaint just that line."""
        for page_no, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == article_id:
                    rows[i] = replace(
                        row, read=row.read if read is None else read,
                        bookmarked=row.bookmarked if bookmarked is None else bookmarked)
                    self.refresh_line(self.days.line_of(page_no * PAGE_SIZE + i))

    def _request_page(self, page_no: int) -> None:
        if page_no in self._pages or page_no in self._pending or self.view is None:
            return
        if page_no < 0 or page_no * PAGE_SIZE >= self.count:
            return
        self._pending.add(page_no)
        self.call_later(self._start_page_worker, self.generation, self.view, page_no)

    def _start_page_worker(self, generation: int, view: View, page_no: int) -> None:
        if generation != self.generation:
            return
        fetch = self._fetch
        # an exact count lets the store read far pages from the other end
        total = self.count if self.count_exact else None

        def work() -> None:
            try:
                rows = fetch(view, page_no * PAGE_SIZE, PAGE_SIZE, total)
            except Exception as exc:  # the screen shows it; the page stays a placeholder
                self.post_message(StoreFailed(f"{type(exc).__name__}: {exc}"))
                return
            if not get_current_worker().is_cancelled:
                self.post_message(PageLoaded(generation, page_no, rows))

        self.run_worker(work, thread=True, group="pages", exit_on_error=False,
                        name=f"page {page_no}")

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self._pending.discard(message.page_no)
        self._pages[message.page_no] = list(message.rows)
        self._loads += 1
        self._evict()
        self.refresh()

    def _evict(self) -> None:
        if len(self._pages) <= MAX_PAGES:
            return
        here = self.top_row() // PAGE_SIZE
        for page_no in sorted(self._pages, key=lambda p: abs(p - here), reverse=True):
            if len(self._pages) <= MAX_PAGES:
                break
            if abs(page_no - here) > 1 and page_no != self.cursor // PAGE_SIZE:
                del self._pages[page_no]

    # -- cursor --------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped) and scroll it into view."""
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        self.refresh_line(self.days.line_of(old))
        self.refresh_line(self.days.line_of(index))
        self._scroll_cursor_into_view()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_DELAY, self._update_position)

    def top_row(self) -> int:
        """The row offset at (or just below) the top line of the viewport."""
        line = int(self.scroll_offset.y)
        day, row = self.days.at_line(line)
        if row is not None:
            return row
        return self.days.starts[day] if day is not None else 0

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = int(self.scroll_offset.y)
        line = self.days.line_of(self.cursor)
        # scrolling up onto the first row of a day shows that day's separator too
        first = line - 1 if self.days.starts_day(self.cursor) else line
        if top <= first and line < top + height:
            return
        # Stepping off an edge scrolls half a page, so a held j redraws the whole list
        # once every half page instead of on every key; a jump centres the cursor.
        half = max(1, height // 2)
        if first < top:
            target = first - half + 1 if top - first <= 2 else line - height // 2
        elif line - (top + height) <= 1:
            target = line - height + half
        else:
            target = line - height // 2
        target = max(0, min(target, first, self.days.lines(self.count) - height))
        self.scroll_to(y=max(target, line - height + 1), animate=False, immediate=True)

    def _update_position(self) -> None:
        self._position_timer = None
        self.border_subtitle = f"{self.cursor + 1}/{self.count}" if self.count else ""

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        """Next article."""
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Previous article."""
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        """Newest article."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Oldest article."""
        self.move_cursor(self.count - 1)

    def action_page_down(self) -> None:
        """One screen further down."""
        self.move_cursor(self.cursor + self._page_height())

    def action_page_up(self) -> None:
        """One screen further up."""
        self.move_cursor(self.cursor - self._page_height())

    def action_open(self) -> None:
        """Open the article under the cursor."""
        row = self.current_row
        if row is not None:
            self.post_message(self.Opened(row, self.cursor))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to the row and opens it."""
        offset = event.get_content_offset(self)
        if offset is None or not self.count:
            return
        _, index = self.days.at_line(int(self.scroll_offset.y) + offset.y)
        if index is not None and 0 <= index < self.count:  # a separator does nothing
            self.move_cursor(index)
            self.action_open()

    def on_focus(self) -> None:
        """Repaint the cursor in its focused colours."""
        self.refresh()

    def on_blur(self) -> None:
        """Repaint the cursor in its unfocused colours."""
        self.refresh()

    # -- rendering -----------------------------------------------------------------

    def time_label(self, row: ArticleRow) -> tuple[str, bool]:
        """The right-hand label of a row and whether it is a warning (unknown/future date)."""
        published = row.published.timestamp() if row.future and row.published else None
        key = (row.sort_time.timestamp(), row.date_known, published)
        cached = self._labels.get(key)
        if cached is not None:
            return cached
        if not row.date_known:
            label = (t("date_unknown", self.locale), True)
        elif row.future and row.published is not None:
            # sorted where it was first seen, labelled by its own date: "in 3 hours" (a
            # warning) until that time comes, then "5 minutes ago" like any other
            now = self.clock()
            label = (relative(row.published, now, self.locale, self._day_zone()),
                     row.published > now)
        elif row.future:
            label = (t("future_date", self.locale), True)
        else:
            label = (relative(row.sort_time, self.clock(), self.locale, self._day_zone()),
                     False)
        self._labels[key] = label
        return label

    def _day_zone(self) -> timezone:
        """The zone the day lines are cut in: "2 days ago" agrees with them."""
        return timezone(timedelta(seconds=self.utc_offset))

    def _time_width(self, width: int) -> int:
        top = self.top_row()
        height = self.scrollable_content_region.height
        key = (top, height, width, self.generation, self._loads, len(self._labels))
        if key == self._time_w_key and self._time_w is not None:
            return self._time_w
        widest = 0
        for index in range(top, min(top + height, self.count)):
            row = self.row_at(index)
            if row is not None:
                label, warning = self.time_label(row)
                if not warning:  # long warnings borrow room from the feed column
                    widest = max(widest, cell_len(label))
        self._time_w = min(widest or 8, max(8, width // 3))
        self._time_w_key = key
        return self._time_w

    def render_lines(self, crop: Region) -> list[Strip]:
        """Measure the time column once per paint, then render line by line."""
        self.paints += 1
        self._paint_time_w = self._time_width(self.scrollable_content_region.width)
        self._paint_base = self.rich_style
        if len(self._strips) > MAX_STRIPS:
            self._strips.clear()
        try:
            return super().render_lines(crop)
        finally:
            self._paint_base = None

    def render_line(self, y: int) -> Strip:
        """One line of the list (Line API): a date separator, or a row with its marks,
        title, feed and relative time."""
        width = self.scrollable_content_region.width
        base = self._paint_base if self._paint_base is not None else self.rich_style
        if self.view is None or not self.count:
            lines = self._hint_lines(width)
            if y >= len(lines):
                return Strip.blank(width, base)
            style = self._part("article-list--hint")
            return self._strip(Text(" " + lines[y], style=style), width, base)
        day, index = self.days.at_line(int(self.scroll_offset.y) + y)
        if day is not None:
            key: tuple[object, ...] = (self.days.days[day], width)
            strip = self._strips.get(key)
            if strip is None:
                strip = self._strip(self._separator_text(day, width), width, base)
                self._strips[key] = strip
            return strip
        if index is None or index >= self.count:
            return Strip.blank(width, base)
        page_no = index // PAGE_SIZE
        self._request_page(page_no)
        if index % PAGE_SIZE > PAGE_SIZE - 40:
            self._request_page(page_no + 1)
        row = self.row_at(index)
        cursor = index == self.cursor
        if cursor:
            focused = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
            base = base + self._part(focused)
        if row is None:
            style = self._part("article-list--placeholder")
            return self._strip(Text("    …", style=style), width, base)
        self.painted_rows = True
        key = (row, cursor, cursor and self.has_focus, width, self._paint_time_w)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strip(self._row_text(row, width, cursor), width, base)
            self._strips[key] = strip
        return strip

    def _hint_lines(self, width: int) -> list[str]:
        """The hint word-wrapped to ``width`` (less a one-cell margin each side)."""
        text = Text(self.hint)
        lines = text.wrap(self.app.console, max(1, width - 2), overflow="fold")
        return [line.plain.rstrip() for line in lines] or [""]

    def day_label(self, day: int) -> str:
        """The label of separator ``day``: "Today"/"Hari ini", "Yesterday", or the date."""
        when = self.days.days[day]
        label = self._day_labels.get(when)
        if label is None:
            today = (self.clock() + timedelta(seconds=self.utc_offset)).date()
            label = day_label(when, today, self.locale)
            self._day_labels[when] = label
        return label

    def _separator_text(self, day: int, width: int) -> Text:
        return separator_text(self.day_label(day), width, self._part)

    def _row_text(self, row: ArticleRow, width: int, cursor: bool = False) -> Text:
        time_w = self._paint_time_w if self._paint_time_w is not None else self._time_width(width)
        label, warning = self.time_label(row)
        return row_text(row, width, time_w, label, warning,
                        self._cursor_part if cursor else self._part)

    def _cursor_part(self, name: str) -> Style:
        # On the cursor's background the muted colours of read rows, feeds and times can
        # vanish (grey on a light theme's blue): the cursor row keeps its own foreground.
        style = self._part(name)
        if name in CURSOR_PLAIN_PARTS:
            return Style(bold=style.bold, italic=style.italic, dim=style.dim)
        return style

    def _part(self, name: str) -> Style:
        # The partial style keeps the row's own background (the cursor's), but leaves
        # a theme's "auto 60%" text colour resolved against no background (white on a
        # light theme): take the colour from the full style, resolved on ours.
        partial = self.get_component_rich_style(name, partial=True)
        if partial.color is None:
            return partial
        return partial + Style(color=self.get_component_rich_style(name).color)

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        return to_strip(text, width, base, self.app.console)
