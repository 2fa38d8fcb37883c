"""The generated hostile feed through Pilot: every screen strip is free of control
characters, markup stays literal, and opening each article works."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from monitor_tui.model import Subscription
from monitor_tui.parse import parse_feed
from monitor_tui.ui.app import MonitorApp
from tests.hostile import TRICKS, hostile_feed

from . import FROZEN_NOW, build_cache, screen_text, settings_for, settle

CONTROLS = {chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


async def test_hostile_feed_every_article(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    feed = parse_feed(hostile_feed(), "https://ok.example/feed")
    subs = build_cache(db, [(Subscription("https://ok.example/feed", None, "Hostile"), feed)])
    app = MonitorApp(settings_for(subs), db, clock=lambda: FROZEN_NOW, refresh_on_start=False,
                     tz=UTC)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        seen = screen_text(app)
        for _ in TRICKS:
            await pilot.press("enter")
            await settle(pilot)
            text = screen_text(app)
            seen += text
            assert not CONTROLS & set(text)
            await pilot.press("j")
        assert app.is_running
    assert "[@click=app.quit]Quit action[/]" in seen  # literal, and the app did not quit
    assert "[bold red]Rich markup[/]" in seen
    assert "Real looking link here" in seen  # the OSC 8 target is gone, its text stays
    for payload in ("PWNED-TITLE", "PWNED-ST", "PWNED-FEED", "8;;https", "UFdORUQt"):
        assert payload not in seen
