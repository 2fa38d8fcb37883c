"""The refresh's pipeline of feed bodies (refresh.PIPELINE): unchanged feeds asked with
their validators are not held to it (a warm refresh runs at the connection limits), and
changed bodies never exceed it, whichever way they come."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor_tui import refresh as refresh_module
from monitor_tui.fetch import FetchLimits
from monitor_tui.model import FetchResult, Subscription
from monitor_tui.refresh import FeedOutcome, refresh
from monitor_tui.store import FeedState
from tests.e2e.test_refresh_faults import GOOD
from tests.httpserver import LoopbackServer

FEEDS = 8
PIPELINE = 2
DELAY = 0.5  # seconds before each answer
# every feed at once on the one loopback host
LIMITS = FetchLimits(timeout=5.0, connect_timeout=2.0, per_host=FEEDS, total=FEEDS)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


def _serve(server: LoopbackServer, version: str, delay: float = 0.0) -> list[Subscription]:
    for n in range(FEEDS):
        body = GOOD.replace(b"<guid>g", f"<guid>{version}-f{n}-".encode())
        server.add(f"/f{n}.xml", body, etag=f'"{version}{n}"', delay=delay)
    return [Subscription(server.url(f"/f{n}.xml")) for n in range(FEEDS)]


def _bodies_at_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Patch the refresh to record how many fetched bodies it holds at once (from the
    fetch's return to the end of their storing)."""
    held = [0, 0]  # now, most
    fetch, store = refresh_module.fetch_feed, refresh_module._Runner._store

    async def fetching(*args: Any, **kwargs: Any) -> FetchResult:
        result = await fetch(*args, **kwargs)
        if result.body is not None:
            held[0] += 1
            held[1] = max(held)
        return result

    async def storing(self: refresh_module._Runner, state: FeedState, title: str,
                      result: FetchResult) -> FeedOutcome:
        try:
            return await store(self, state, title, result)
        finally:
            if result.body is not None:
                held[0] -= 1

    monkeypatch.setattr(refresh_module, "fetch_feed", fetching)
    monkeypatch.setattr(refresh_module._Runner, "_store", storing)
    return held


def test_unchanged_feeds_are_asked_all_at_once(server: LoopbackServer, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cache.sqlite3"
    subs = _serve(server, "a")
    refresh(db, subs, limits=LIMITS)
    monkeypatch.setattr(refresh_module, "PIPELINE", PIPELINE)
    _serve(server, "a", delay=DELAY)  # unchanged: 304 after a pause
    server.clear_requests()
    summary = refresh(db, subs, limits=LIMITS)
    assert all(o.not_modified for o in summary.outcomes) and len(summary.outcomes) == FEEDS
    arrived = sorted(r.time for r in server.requests)
    # held to PIPELINE, they came in FEEDS / PIPELINE waves DELAY apart
    assert len(arrived) == FEEDS and arrived[-1] - arrived[0] < DELAY * 0.8


def test_changed_bodies_never_exceed_the_pipeline(server: LoopbackServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cache.sqlite3"
    monkeypatch.setattr(refresh_module, "PIPELINE", PIPELINE)
    held = _bodies_at_once(monkeypatch)
    subs = _serve(server, "a")
    first = refresh(db, subs, limits=LIMITS)  # no validators yet: places taken up front
    assert sum(o.new for o in first.outcomes) == 3 * FEEDS
    assert 1 <= held[1] <= PIPELINE
    held[1] = 0
    _serve(server, "b")  # every feed changed: a body answers each conditional GET
    second = refresh(db, subs, limits=LIMITS)
    assert sum(o.new for o in second.outcomes) == 3 * FEEDS
    assert 1 <= held[1] <= PIPELINE
