"""Untitled feeds show their address in the sidebar, cut at the front, so that feeds of one
host stay apart in a narrow sidebar (a new user saw rows of identical "http://127.0.0.…")."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from monitor_tui.render.text import short_url as _short_url
from monitor_tui.ui.widgets.sidebar import EntryLabel, entry_label


def _row(label: EntryLabel, width: int) -> str:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as cap:
        console.print(label, end="")
    return cap.get().rstrip("\n")


def test_untitled_feeds_of_one_host_stay_apart() -> None:
    rows = [_row(entry_label(Text(_short_url(f"http://127.0.0.1:8872/feeds/{name}.xml")), 12,
                             icon="·", indent=2, keep_end=True), 24)
            for name in ("alpha", "beta")]
    assert rows == ["  · …/feeds/alpha.xml 12", "  · …2/feeds/beta.xml 12"]


def test_titles_are_still_cut_at_the_end() -> None:
    row = _row(entry_label(Text("Pemerintahan dan Politik Daerah"), 3, icon="·"), 20)
    assert row.startswith("· Pemerintahan") and row.endswith("… 3")


def test_short_url() -> None:
    assert _short_url("https://www.monitor.example/feed/") == "monitor.example/feed"
    assert _short_url("http://127.0.0.1:8872/a.xml") == "127.0.0.1:8872/a.xml"
    assert _short_url("file:///home/u/feeds/x.xml") == "/home/u/feeds/x.xml"


def test_the_post_list_shows_untitled_feeds_by_the_end_of_their_address() -> None:
    from datetime import UTC, datetime

    from rich.style import Style

    from monitor_tui.model import ArticleRow
    from monitor_tui.ui.widgets.rows import row_text

    def feed_column(feed_title: str) -> str:
        row = ArticleRow(1, "Judul", feed_title, datetime(2026, 11, 29, tzinfo=UTC), True,
                         False, False, False)
        return row_text(row, 100, 12, "2 jam", False, lambda _: Style()).plain

    alpha = feed_column("http://127.0.0.1:8872/feeds/alpha.xml")
    beta = feed_column("http://127.0.0.1:8872/feeds/beta.xml")
    assert "…872/feeds/alpha.xml" in alpha and "…8872/feeds/beta.xml" in beta
    assert "http" not in alpha + beta
    assert "Kabar Kota" in feed_column("Kabar Kota")


def test_fit_end_counts_cells() -> None:
    from monitor_tui.render.text import fit_end

    assert fit_end("abc", 5) == "abc"
    assert fit_end("abcdef", 4) == "…def"
    assert fit_end("ab漢字", 4) == "…字"  # wide characters take two cells
    assert fit_end("abc", 0) == ""


def test_counts_are_blank_until_first_counted() -> None:
    """Before the first count the fixed entries show no number (not "All 0" beside a
    list of 100 000 posts); after it, every entry has its count, zeros included."""
    from monitor_tui.ui.widgets.sidebar import Sidebar

    sidebar = Sidebar("en")
    rows = [_row(sidebar.get_option_at_index(n).prompt, 30)  # type: ignore[arg-type]
            for n in range(4)]
    assert [r.split()[-1] for r in rows] == ["All", "Unread", "Today", "Bookmarks"]
    sidebar.update_counts(100000, 7, 0, 2, [], [])
    rows = [_row(sidebar.get_option_at_index(n).prompt, 30)  # type: ignore[arg-type]
            for n in range(4)]
    assert [r.split()[-1] for r in rows] == ["100000", "7", "0", "2"]
